"""The engine's state: where a person is (Position), what lives in the session
(Session), what is kept between sessions (Profile), and one turn's inputs (Turn).

All named tuples: read-only, copied with ``_replace``. Session and profile attributes
are read and written by :mod:`skill.state`, which validates everything it reads.
"""

from collections.abc import Callable
from datetime import date
from typing import Any, Literal, NamedTuple

from skill.content import Content
from skill.engine.reply import Reply
from skill.progress import Completion, PainRating, Progress

PACE_LIMIT = 2  # pace steps either way
PACE_STEP_S = 5  # seconds a pace step adds to or takes from a hold
TEMPO_STEP = 0.2  # the share of a rep's tempo a pace step adds or takes away
LEVEL_LIMIT = 2  # -1/+1: the easier/harder form; -2/+2: that form and the edge of the dose range
MAX_COMPLETIONS = 500  # finished routines kept in the history record
MAX_PAINS = 500  # pain ratings kept in the history record
MAX_MISSES = 3  # misunderstandings in a row, counted up to here

Question = Literal[
    "resume",  # Welcome back. Pick up at cat cow?
    "skip",  # That hurt: skip it and go on, or stop?
    "start",  # Want to start your back routine?
    "pain_before",  # How's your back today, from zero to ten?
    "pain_after",  # How's your back now?
    "pick",  # Did you mean bird dog, or cat cow?
    "ready",  # Ready for bird dog?
    "switch",  # Switch to the desk break? Your place is kept.
    "stop_offer",  # Your pain has gone up: shall we stop for today?
    "dizzy",  # Has the dizziness passed?
    "tired",  # Rest, an easier version, or stop?
    "delete",  # Deleting your data can't be undone. Should I delete it all?
]
QUESTIONS: tuple[Question, ...] = (
    "resume", "skip", "start", "pain_before", "pain_after", "pick", "ready", "switch", "stop_offer", "dizzy",
    "tired", "delete",
)
Topic = Literal["how", "why", "equipment", "jump"]
TOPICS: tuple[Topic, ...] = ("how", "why", "equipment", "jump")
Said = Literal["hurt", "warning", "explain", "back"]
SAIDS: tuple[Said, ...] = ("hurt", "warning", "explain", "back")
HaltReason = Literal["red_flag", "pain"]


class Position(NamedTuple):
    """A set in a routine: the exercise and, when one answer cannot hold all of it,
    which part (one side, or half the rounds)."""

    routine_id: str
    exercise_id: str
    part: int = 0


class Session(NamedTuple):
    """What lives in the session attributes."""

    position: Position | None = None  # the set last led (being led, or just finished)
    led_until: float | None = None  # when that set's last rep ends (request-clock seconds)
    set_done: bool = False  # that set has been counted as done (the saved place moved on)
    cut: bool = False  # that set was cut short: the person spoke during it, and got another answer
    parts: int = 1  # the answers that set takes (two when one side, or half, is a part)
    teach: bool = False  # that set was taught in full (first time), not cued
    gear: str | None = None  # equipment of the set last led ("" for none; None: not yet said)
    question: Question | None = None
    last: Reply | None = None  # the last answer that was not a set, for "repeat"
    said: Said | None = None  # what the last answer was about, for "tell me more"
    turn: int = 0  # turns taken this session
    pending_routine: str | None = None  # a routine waiting for the pain check-in
    pain_asked: bool = False  # the pain check-in is asked once a session
    options: tuple[str, ...] = ()  # "did you mean ... or ...?": exercise ids
    topic: Topic = "how"  # what the person asked about those options
    switch_to: str | None = None  # the routine offered by "switch to the desk break?"
    misses: int = 0  # misunderstandings in a row
    finished: str | None = None  # the routine recorded as finished this session (once only)
    disclaimer: bool = False  # read this session: never twice, even when the store cannot say it was


class Halt(NamedTuple):
    """The day the routine was stopped for safety, and why."""

    day: date
    reason: HaltReason


class Profile(NamedTuple):
    """What is kept for a user between sessions: what every turn reads and writes. The
    history itself (every finished routine and rating) is a record apart, written only
    on the turns that add to it (``logged``), never read to answer."""

    disclaimer_heard: bool = False
    saved: Position | None = None  # where to resume: the first set not yet finished
    progress: Progress = Progress()  # what is spoken from the history: streak, this week, pain trend
    known: frozenset[str] = frozenset()  # exercises taught once: cued from then on
    pace: int = 0  # -PACE_LIMIT (quicker) .. +PACE_LIMIT (slower, longer holds)
    levels: tuple[tuple[str, int], ...] = ()  # exercise id -> difficulty level, sorted
    phrases: tuple[tuple[str, int], ...] = ()  # prompt id -> the phrasing last used, sorted
    missing: frozenset[str] = frozenset()  # equipment ids the person does not have
    places: tuple[Position, ...] = ()  # kept places in other routines, one per routine
    halt: Halt | None = None
    logged: tuple[Completion | PainRating, ...] = ()  # added since the profile was read: for the history record

    def record(self, item: Completion | PainRating) -> "Profile":
        """A finished routine or a rating: counted in the progress, and logged for the history."""
        if isinstance(item, Completion):
            progress = self.progress.finish(item.day, item.routine_id)
        elif item.moment == "before":
            progress = self.progress.rate_before(item.day, item.rating)
        else:
            progress = self.progress
        return self._replace(progress=progress, logged=(*self.logged, item))

    def level(self, exercise_id: str) -> int:
        return dict(self.levels).get(exercise_id, 0)

    def with_level(self, exercise_id: str, level: int) -> "Profile":
        levels = {**dict(self.levels), exercise_id: level}
        return self._replace(levels=tuple(sorted((k, v) for k, v in levels.items() if v != 0)))


class Outcome(NamedTuple):
    session: Session
    profile: Profile
    reply: Reply


Today = Callable[[], date]


class Turn(NamedTuple):
    """One turn's inputs: the content, the state, and the request's clock."""

    content: Content
    session: Session
    profile: Profile
    today: Today  # called only when the turn needs the date (it may cost an API call)
    now: float | None = None  # the request's time, seconds since the epoch

    def with_session(self, **changes: Any) -> "Turn":
        return self._replace(session=self.session._replace(**changes))

    def with_profile(self, **changes: Any) -> "Turn":
        return self._replace(profile=self.profile._replace(**changes))

    def outcome(self, reply: Reply) -> Outcome:
        return Outcome(self.session, self.profile, reply)
