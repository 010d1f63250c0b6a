"""The routine engine: where the person is, and what each thing they say does to that.

Plain Python, no ask_sdk, flask or AWS: the session in a frozen dataclass; the position,
the profile and what is said in named tuples; the events in read-only Records. The
tuples and Records cost a cold start far less to define (a frozen dataclass ~0.4 ms
each) and a turn less to make and copy. ``Coach.handle`` takes
the session, the user's profile and an event, and returns the new session, the new
profile and a :class:`Reply`: what to say as prompt ids and values, never SSML.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, NamedTuple, TypeVar

from skill.content import Content, Exercise, Routine, find_exercise, find_routine, normalize
from skill.progress import Completion, PainRating, before_today, streak, this_week, today_before, trend
from skill.records import Record

# --------------------------------------------------------------------------------------
# What to say

Value = str | int


class Say(NamedTuple):
    """A prompt id and the values that fill its placeholders."""

    id: str
    values: tuple[tuple[str, Value], ...] = ()
    variant: int = 0  # which phrasing of the prompt's pool

    def value(self, key: str) -> Value | None:
        return dict(self.values).get(key)


class Pause(NamedTuple):
    seconds: int


Part = Say | Pause


def say(prompt_id: str, **values: Value) -> Say:
    return Say(prompt_id, tuple(sorted(values.items())))


class Screen(NamedTuple):
    """What a device with a screen shows with a reply: plain data, drawn by skill.display."""

    kind: Literal["step", "explain"]
    routine: str  # display names
    exercise: str
    number: int  # exercise number in the routine (0 for an explanation outside one)
    total: int
    step: int  # turn within the exercise, from 1
    steps: int
    parts: tuple[Part, ...]  # the words on the screen: the step just spoken, or all the steps
    equipment: str | None = None


class Card(NamedTuple):
    """A card for the Alexa app: a title and plain words."""

    title: str
    parts: tuple[Part, ...]


REMINDERS_PERMISSION = "alexa::alerts:reminders:skill:readwrite"


class Reply(NamedTuple):
    speech: tuple[Part, ...]
    reprompt: tuple[Part, ...] = ()
    end_session: bool = False
    # Spoken instead of ``speech`` when the user's profile could not be saved, so the
    # skill never claims to have saved a place it did not save.
    unsaved_speech: tuple[Part, ...] | None = None
    repeatable: bool = True  # False for replies that "repeat" must not replace
    varied: bool = False  # True once phrasings are chosen (a repeat keeps them)
    screen: Screen | None = None
    card: Card | None = None
    consent: tuple[str, ...] = ()  # permissions to ask for with a consent card


# --------------------------------------------------------------------------------------
# State


class Position(NamedTuple):
    """Where a person is: a routine, an exercise in it, and the turn within that exercise."""

    routine_id: str
    exercise_id: str
    beat: int  # the turn within the exercise: see beats()
    compact: bool = False  # the short form, for an exercise the person already knows


Question = Literal["resume", "skip", "start", "pain_before", "pain_after", "pick"]
Topic = Literal["how", "why", "equipment"]


@dataclass(frozen=True)
class Session:
    """What lives in the session attributes."""

    position: Position | None = None
    question: Question | None = None
    last: Reply | None = None  # what was last said, for "repeat"
    taught_next: bool = False  # "say next when you're ready" has been said this session
    turn: int = 0  # turns taken this session
    pending_routine: str | None = None  # a routine waiting for the pain check-in
    pain_asked: bool = False  # the pain check-in is asked once a session
    options: tuple[str, ...] = ()  # "did you mean ... or ...?": exercise ids
    topic: Topic = "how"  # what the person asked about those options


PACE_LIMIT = 2  # pace steps either way
PACE_STEP_S = 5  # seconds a pace step adds to or takes from a hold
LEVEL_LIMIT = 2  # -1/+1: the easier/harder form; -2/+2: that form and the edge of the dose range
MAX_COMPLETIONS = 500
MAX_PAINS = 500


class Profile(NamedTuple):
    """What is kept for a user between sessions."""

    disclaimer_heard: bool = False
    saved: Position | None = None  # where to resume
    completions: tuple[Completion, ...] = ()
    known: frozenset[str] = frozenset()  # exercises done to the end at least once
    pace: int = 0  # -PACE_LIMIT (shorter holds) .. +PACE_LIMIT (longer holds)
    levels: tuple[tuple[str, int], ...] = ()  # exercise id -> difficulty level, sorted
    pains: tuple[PainRating, ...] = ()
    phrases: tuple[tuple[str, int], ...] = ()  # prompt id -> the phrasing last used, sorted

    def level(self, exercise_id: str) -> int:
        return dict(self.levels).get(exercise_id, 0)

    def with_level(self, exercise_id: str, level: int) -> "Profile":
        levels = {**dict(self.levels), exercise_id: level}
        return replace(self, levels=tuple(sorted((k, v) for k, v in levels.items() if v != 0)))


State = TypeVar("State", Position, Session, Profile)


def replace(state: State, **changes: Any) -> State:
    """A copy of a Position, Session or Profile with some fields changed. Position and
    Profile are named tuples (their ``_replace``); Session is a frozen dataclass, which
    tools copy with dataclasses.replace, and gets what that gives (it has no __post_init__
    and no InitVar) without its walk over the fields' metadata on every call (~3 us, and a
    turn makes several copies). An unknown field is an error."""
    if isinstance(state, Position | Profile):
        return state._replace(**changes)
    fields = vars(state)
    if not changes.keys() <= fields.keys():
        raise TypeError(f"{type(state).__name__} has no field(s) {sorted(changes.keys() - fields.keys())}")
    copy = object.__new__(type(state))
    vars(copy).update(fields, **changes)
    return copy


# --------------------------------------------------------------------------------------
# Events
#
# What the person did, as the handlers read it: Records (skill.records), not
# dataclasses, which cost every cold start ~10 ms for thirty events.


class Launch(Record):
    __slots__ = ()


class Start(Record):
    __slots__ = ("routine", "heard")
    routine: str | None  # an id, a name, or None for the default
    heard: str | None  # what the person said, for an answer when it matches nothing

    def __init__(self, routine: str | None = None, heard: str | None = None) -> None:
        super().__init__(routine, heard)


class Next(Record):
    __slots__ = ()


class Previous(Record):
    __slots__ = ()


class Repeat(Record):
    __slots__ = ()


class Skip(Record):
    __slots__ = ()


class StartOver(Record):
    __slots__ = ()


class Resume(Record):
    __slots__ = ()


class PauseRoutine(Record):
    __slots__ = ()


class WhereAmI(Record):
    __slots__ = ()


class HowManyLeft(Record):
    __slots__ = ()


class Yes(Record):
    __slots__ = ()


class No(Record):
    __slots__ = ()


class Explain(Record):
    __slots__ = ("topic", "exercise", "heard")
    topic: Topic
    exercise: str | None  # an id or a name; None means the current exercise
    heard: str | None

    def __init__(self, topic: Topic, exercise: str | None = None, heard: str | None = None) -> None:
        super().__init__(topic, exercise, heard)


class ListExercises(Record):
    __slots__ = ()


class ListRoutines(Record):
    __slots__ = ()


class Hurt(Record):
    __slots__ = ()


class ReadDisclaimer(Record):
    __slots__ = ()


class Help(Record):
    __slots__ = ()


class Stop(Record):
    __slots__ = ()


class Fallback(Record):
    __slots__ = ()


class SessionEnded(Record):
    __slots__ = ()


class Rate(Record):
    """A pain rating from 0 to 10; None when the number was not understood."""

    __slots__ = ("value",)
    value: int | None

    def __init__(self, value: int | None) -> None:
        super().__init__(value)


class TooEasy(Record):
    __slots__ = ()


class TooHard(Record):
    __slots__ = ()


class Slower(Record):
    __slots__ = ()


class Faster(Record):
    __slots__ = ()


class NormalPace(Record):
    __slots__ = ()


class HowAmIDoing(Record):
    __slots__ = ()


class Reminder(Record):
    """The outcome of "remind me every day at 8 am", after the handler asked the Alexa API."""

    __slots__ = ("status", "hour", "minute")
    status: Literal["created", "no_permission", "failed", "no_time"]
    hour: int
    minute: int

    def __init__(self, status: Literal["created", "no_permission", "failed", "no_time"], hour: int = 8,
                 minute: int = 0) -> None:
        super().__init__(status, hour, minute)


Event = (
    Launch | Start | Next | Previous | Repeat | Skip | StartOver | Resume | PauseRoutine
    | WhereAmI | HowManyLeft | Yes | No | Explain | ListExercises | ListRoutines | Hurt
    | ReadDisclaimer | Help | Stop | Fallback | SessionEnded | Rate | TooEasy | TooHard | Slower
    | Faster | NormalPace | HowAmIDoing | Reminder
)


class Outcome(NamedTuple):
    session: Session
    profile: Profile
    reply: Reply


# --------------------------------------------------------------------------------------
# The shape of an exercise, turn by turn


class Beat(NamedTuple):
    kind: Literal["intro", "start", "step", "cue"]
    step: int = 0
    side: str | None = None
    side_index: int = 0


def beats(exercise: Exercise, compact: bool = False) -> tuple[Beat, ...]:
    """The turns of an exercise.

    In full: the introduction, the starting position, then each step, side by side.
    Compact, for a person who knows it: a short introduction, then one cue per side.
    """
    sides: Sequence[str | None] = exercise.sides.order if exercise.sides else (None,)
    if compact:
        return (Beat("intro"), *(Beat("cue", 0, side, i) for i, side in enumerate(sides)))
    out = [Beat("intro"), Beat("start")]
    for side_index, side in enumerate(sides):
        out.extend(Beat("step", i, side, side_index) for i in range(len(exercise.steps)))
    return tuple(out)


def hold_parts(seconds: int) -> tuple[Part, ...]:
    """A counted hold: "Hold for 20 seconds." [10 s] "10 more." [10 s] "And release."."""
    parts: list[Part] = [say("hold_start", seconds=seconds)]
    left = seconds
    while left > 0:
        chunk = min(10, left)
        parts.append(Pause(chunk))
        left -= chunk
        if left > 0:
            parts.append(say("hold_more", seconds=left))
    parts.append(say("hold_release"))
    return tuple(parts)


def side_text(text: str, side: str | None) -> str:
    if side is None:
        return text
    other = "left" if side == "right" else "right"
    return text.replace("{side}", side).replace("{other_side}", other)


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def hold_seconds(exercise: Exercise, profile: Profile) -> int | None:
    """This person's hold: the dose, moved by their level and pace, inside the dose range."""
    dose = exercise.dose
    if dose.hold_seconds is None:
        return None
    low, high = (dose.hold_range.low, dose.hold_range.high) if dose.hold_range else (dose.hold_seconds,) * 2
    level = profile.level(exercise.id)
    base = high if level >= LEVEL_LIMIT else low if level <= -LEVEL_LIMIT else dose.hold_seconds
    return clamp(base + profile.pace * PACE_STEP_S, low, high)


def reps(exercise: Exercise, profile: Profile) -> int | None:
    """This person's reps: the dose, or the edge of its range at the outer levels."""
    dose = exercise.dose
    if dose.reps is None:
        return None
    level = profile.level(exercise.id)
    if dose.reps_range and level >= LEVEL_LIMIT:
        return dose.reps_range.high
    if dose.reps_range and level <= -LEVEL_LIMIT:
        return dose.reps_range.low
    return dose.reps


def spoken_list(items: Sequence[str], conjunction: str = "and") -> str:
    """"a", "a and b", "a, b, and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    return ", ".join(items[:-1]) + f", {conjunction} {items[-1]}"


# --------------------------------------------------------------------------------------
# The engine

Today = Callable[[], date]


def _once(today: date | Today) -> Today:
    """A function giving today's date, worked out at most once."""
    if isinstance(today, date):
        day = today
        return lambda: day
    found: list[date] = []

    def once() -> date:
        if not found:
            found.append(today())
        return found[0]

    return once


NAVIGATION = Yes | No | Next | Skip  # the answers that move a question on


class Coach:
    """The engine for one content: it keeps nothing between turns but the content and
    each exercise's beats."""

    def __init__(self, content: Content) -> None:
        self.content = content
        self._beats: dict[tuple[str, bool], tuple[Beat, ...]] = {
            (exercise.id, compact): beats(exercise, compact)
            for exercise in self.content.exercises.values() for compact in (False, True)
        }

    def __repr__(self) -> str:
        return f"Coach(content version {self.content.version})"

    # ---- lookups -------------------------------------------------------------------

    def routine(self, position: Position) -> Routine:
        return self.content.routines[position.routine_id]

    def exercise(self, position: Position) -> Exercise:
        return self.content.exercises[position.exercise_id]

    def number(self, position: Position) -> int:
        return self.routine(position).exercises.index(position.exercise_id) + 1

    def beat_count(self, exercise_id: str, compact: bool = False) -> int:
        return len(self._beats[exercise_id, compact])

    def entry(self, routine: Routine, exercise_id: str, profile: Profile) -> Position:
        """The start of an exercise: compact when the person already knows it."""
        return Position(routine.id, exercise_id, 0, exercise_id in profile.known)

    def first(self, routine: Routine, profile: Profile | None = None) -> Position:
        return self.entry(routine, routine.exercises[0], profile or Profile())

    def settle(self, position: Position | None) -> tuple[Position | None, bool]:
        """A position checked against today's content: (usable position, was it changed?).

        A routine that no longer exists gives None. An exercise no longer in its
        routine restarts the routine. A step past the end of a shortened exercise goes
        back to that exercise's introduction.
        """
        if position is None:
            return None, False
        routine = self.content.routines.get(position.routine_id)
        if routine is None:
            return None, True
        if position.exercise_id not in routine.exercises:
            return self.first(routine), True
        if not 0 <= position.beat < self.beat_count(position.exercise_id, position.compact):
            return replace(position, beat=0), True
        return position, False

    # ---- what a beat sounds like ------------------------------------------------------

    def beat_parts(self, position: Position, session: Session, profile: Profile) -> tuple[Part, ...]:
        routine, exercise = self.routine(position), self.exercise(position)
        all_beats = self._beats[exercise.id, position.compact]
        beat = all_beats[position.beat]
        number, total = self.number(position), len(routine.exercises)
        if beat.kind == "intro":
            parts: list[Part] = [say("exercise_intro", number=number, total=total, name=exercise.spoken_name)]
            if exercise.equipment:
                parts.append(say("equipment_needed", equipment=exercise.equipment))
            elif not position.compact:
                parts.append(say("equipment_none"))
            if position.compact:
                parts.append(say("known_cue"))
                parts.extend(self._variation_parts(exercise, profile))
            else:
                parts.append(say("text", text=exercise.why))
            if not session.taught_next:
                parts.append(say("teach_next"))
            return tuple(parts)
        if beat.kind == "start":
            return (say("text", text=exercise.start), *self._variation_parts(exercise, profile))
        step = exercise.cue if beat.kind == "cue" else exercise.steps[beat.step]
        parts = []
        if beat.step == 0 and beat.side_index > 0 and exercise.sides is not None:
            parts.append(say("side_switch", side=beat.side or "", part=exercise.sides.part))
        parts.append(say("text", text=side_text(step.say, beat.side)))
        seconds = hold_seconds(exercise, profile)
        if step.hold and seconds:
            parts.extend(hold_parts(seconds))
        is_last = position.beat == len(all_beats) - 1
        if beat.kind == "cue" or beat.step == len(exercise.steps) - 1:
            parts.extend(self._dose_parts(exercise, profile, is_last))
        if is_last:
            parts.append(self._next_up(position))
        return tuple(parts)

    def _variation_parts(self, exercise: Exercise, profile: Profile) -> tuple[Part, ...]:
        level = profile.level(exercise.id)
        if level == 0:
            return ()
        variation = exercise.easier if level < 0 else exercise.harder
        key = "variation_easier" if level < 0 else "variation_harder"
        return (say(key, label=variation.label, text=variation.say),)

    def _dose_parts(self, exercise: Exercise, profile: Profile, is_last: bool) -> tuple[Part, ...]:
        dose, count, seconds = exercise.dose, reps(exercise, profile), hold_seconds(exercise, profile)
        if count and dose.per_side and seconds:
            return (say("dose_alternate", reps=count, seconds=seconds),) if is_last else ()
        if count and dose.per_side:
            return (say("dose_reps_side", reps=count),)
        if count:
            return (say("dose_reps", reps=count),)
        if seconds and is_last:
            return (say("dose_hold_sides" if dose.per_side else "dose_hold", seconds=seconds),)
        return ()

    def _next_up(self, position: Position) -> Say:
        routine = self.routine(position)
        index = routine.exercises.index(position.exercise_id)
        if index + 1 < len(routine.exercises):
            upcoming = self.content.exercises[routine.exercises[index + 1]]
            return say("next_up", name=upcoming.spoken_name)
        return say("last_one")

    def reprompt_for(self, position: Position | None, question: Question | None = None) -> tuple[Part, ...]:
        if question == "resume" and position is not None:
            return (say("reprompt_resume", name=self.exercise(position).spoken_name),)
        if question in ("pain_before", "pain_after"):
            return (say("reprompt_pain"),)
        if question is not None:
            return (say(f"reprompt_{question}"),)
        if position is None:
            return (say("reprompt_idle"),)
        return (say("reprompt_routine"),)

    # ---- the turn ----------------------------------------------------------------------

    def handle(self, session: Session, profile: Profile, event: Event, today: date | Today) -> Outcome:
        """One turn. ``today`` is a date, or a function giving it, called only if the turn
        needs the date (a completion, a rating, progress): finding the person's time zone
        may cost a call to the Alexa API."""
        today = _once(today)
        position, changed = self.settle(session.position)
        pending = session.pending_routine if session.pending_routine in self.content.routines else None
        if changed or pending != session.pending_routine:
            session = replace(session, position=position, pending_routine=pending)
        saved, saved_changed = self.settle(profile.saved)
        if saved_changed:
            profile = replace(profile, saved=saved)
        notes: list[Part] = []
        if changed and position is not None:
            notes.append(say("content_changed", name=self.routine(position).spoken_name))

        if isinstance(event, SessionEnded):
            return Outcome(session, self._keep_place(profile, position), Reply(()))

        outcome = self._dispatch(session, profile, event, today, saved_changed)
        greeting: list[Part] = []
        if not profile.disclaimer_heard and not isinstance(event, Stop):
            greeting = [say("welcome_first"), *(say("text", text=t) for t in self.content.safety.disclaimer)]
            if isinstance(event, Launch):
                greeting.append(say("lets_begin"))
            outcome = outcome._replace(profile=replace(outcome.profile, disclaimer_heard=True))
        reply, profile_out = outcome.reply, outcome.profile
        if greeting or notes:
            prefix = (*greeting, *notes)
            reply = reply._replace(
                speech=(*prefix, *reply.speech),
                unsaved_speech=None if reply.unsaved_speech is None else (*prefix, *reply.unsaved_speech),
            )
        if not reply.varied:
            reply, profile_out = self._vary(reply, profile_out)
        changes: dict[str, Any] = {"turn": min(session.turn + 1, 10_000)}
        if reply.repeatable and reply.speech:
            changes["last"] = reply
        if any(isinstance(p, Say) and p.id == "teach_next" for p in reply.speech):
            changes["taught_next"] = True
        new_session = replace(outcome.session, **changes)
        if not reply.end_session and new_session.position is not None:
            profile_out = self._keep_place(profile_out, new_session.position)
        return Outcome(new_session, profile_out, reply)

    def _vary(self, reply: Reply, profile: Profile) -> tuple[Reply, Profile]:
        """Choose a phrasing for every prompt that has a pool: never the one this person
        heard last time."""
        prompts = self.content.prompts
        heard = dict(profile.phrases)  # prompt id -> the phrasing this person heard last
        last = dict(heard)

        def pick(parts: tuple[Part, ...]) -> tuple[Part, ...]:
            out: list[Part] = []
            for part in parts:
                if isinstance(part, Say) and len(pool := prompts.get(part.id, ())) > 1:
                    variant = (last.get(part.id, -1) + 1) % len(pool)
                    last[part.id] = variant
                    part = Say(part.id, part.values, variant)
                out.append(part)
            return tuple(out)

        speech, reprompt = pick(reply.speech), pick(reply.reprompt)
        chosen, unsaved = last, None
        if reply.unsaved_speech is not None:
            # The fallback speech is said instead of the speech, so it picks from the same start.
            last = dict(heard)
            unsaved = pick(reply.unsaved_speech)
        screen, card = reply.screen, reply.card
        if (screen is not None or card is not None) and speech != reply.speech:
            # The screen and the card show the words as spoken.
            spoken = {(p.id, p.values): p.variant for p in speech if isinstance(p, Say)}

            def as_spoken(parts: tuple[Part, ...]) -> tuple[Part, ...]:
                return tuple(Say(p.id, p.values, spoken[p.id, p.values])
                             if isinstance(p, Say) and spoken.get((p.id, p.values), p.variant) != p.variant else p
                             for p in parts)

            screen = screen._replace(parts=as_spoken(screen.parts)) if screen else None
            card = card._replace(parts=as_spoken(card.parts)) if card else None
        reply = reply._replace(speech=speech, reprompt=reprompt, unsaved_speech=unsaved, varied=True,
                               screen=screen, card=card)
        if chosen != heard:
            profile = replace(profile, phrases=tuple(sorted(chosen.items())))
        return reply, profile

    def _keep_place(self, profile: Profile, position: Position | None) -> Profile:
        if position is None or profile.saved == position:
            return profile
        return replace(profile, saved=position)

    def _dispatch(
        self, session: Session, profile: Profile, event: Event, today: Today, saved_changed: bool
    ) -> Outcome:
        question = session.question
        if question is not None:
            session = replace(session, question=None)
        if session.pending_routine is not None and isinstance(event, Rate | Help | Fallback | NAVIGATION):
            return self._pain_before(session, profile, event, today)
        if question is not None and isinstance(event, Rate | Help | NAVIGATION | Stop):
            answered = self._answer(question, session, profile, event, today)
            if answered is not None:
                return answered
        match event:
            case Launch():
                return self._launch(session, profile, saved_changed)
            case Start(routine=name, heard=heard):
                return self._start(session, profile, name, heard)
            case Next() | Yes():
                return self._next(session, profile, today)
            case Previous():
                return self._previous(session, profile)
            case Repeat():
                return self._repeat(session, profile)
            case Skip():
                return self._skip(session, profile, today)
            case StartOver():
                return self._start_over(session, profile)
            case Resume():
                return self._resume(session, profile)
            case PauseRoutine():
                return self._pause(session, profile)
            case WhereAmI():
                return self._where(session, profile)
            case HowManyLeft():
                return self._left(session, profile)
            case No():
                return self._no(session, profile)
            case Explain():
                return self._explain(session, profile, event)
            case ListExercises():
                names = [e.spoken_name for e in self.content.exercises.values()]
                listed = say("list_exercises", count=len(names), names=spoken_list(names))
                return self._aside(session, profile, (listed,))
            case ListRoutines():
                names = [r.spoken_name for r in self.content.routines.values()]
                listed = say("list_routines", count=len(names), names=spoken_list(names))
                return self._aside(session, profile, (listed,))
            case Hurt():
                return self._hurt(session, profile)
            case ReadDisclaimer():
                parts = tuple(say("text", text=t) for t in self.content.safety.disclaimer)
                return self._aside(session, profile, parts)
            case Help():
                key = "help_routine" if session.position else "help_idle"
                return self._aside(session, profile, (say(key),))
            case Stop():
                return self._stop(session, profile)
            case Fallback():
                key = "fallback_routine" if session.position else "fallback_idle"
                return self._aside(session, profile, (say(key),), repeatable=False)
            case Rate(value=value):
                return self._rate_any(session, profile, value, today)
            case TooEasy():
                return self._adjust(session, profile, +1)
            case TooHard():
                return self._adjust(session, profile, -1)
            case Slower():
                return self._pace(session, profile, +1)
            case Faster():
                return self._pace(session, profile, -1)
            case NormalPace():
                return self._pace(session, profile, 0)
            case HowAmIDoing():
                return self._how_am_i_doing(session, profile, today)
            case Reminder():
                return self._reminder(session, profile, event)
        raise AssertionError(f"unhandled event {event!r}")  # pragma: no cover

    # ---- replies that keep the place ---------------------------------------------------

    def _aside(
        self, session: Session, profile: Profile, parts: tuple[Part, ...], *, repeatable: bool = True
    ) -> Outcome:
        """An answer that leaves the place in the routine as it was."""
        position = session.position
        question: Question | None = None
        if position is not None:
            tail: tuple[Part, ...] = (say("carry_on", name=self.exercise(position).spoken_name),)
        elif session.pending_routine is not None:
            question, tail = "pain_before", (say("pain_ask_short"),)
        else:
            question = "start"
            tail = (say("offer_start", name=self.content.default_routine.spoken_name),)
        reply = Reply((*parts, *tail), self.reprompt_for(position, question), repeatable=repeatable)
        return Outcome(replace(session, question=question), profile, reply)

    def _at(
        self, session: Session, profile: Profile, position: Position, prefix: tuple[Part, ...] = ()
    ) -> Outcome:
        """Move to a position and say its beat."""
        session = replace(session, position=position, pending_routine=None)
        beat = self.beat_parts(position, session, profile)
        routine, exercise = self.routine(position), self.exercise(position)
        screen = Screen("step", routine.name, exercise.name, self.number(position), len(routine.exercises),
                        position.beat + 1, self.beat_count(exercise.id, position.compact), beat, exercise.equipment)
        return Outcome(session, profile, Reply((*prefix, *beat), self.reprompt_for(position), screen=screen))

    # ---- navigation ----------------------------------------------------------------------

    def _launch(self, session: Session, profile: Profile, saved_changed: bool) -> Outcome:
        if profile.saved is not None and profile.disclaimer_heard:
            position = profile.saved
            routine = self.routine(position)
            speech: list[Part] = [say("welcome_back")]
            if saved_changed:
                speech.append(say("content_changed", name=routine.spoken_name))
            speech.append(say("offer_resume", name=self.exercise(position).spoken_name,
                              number=self.number(position), total=len(routine.exercises)))
            reply = Reply(tuple(speech), self.reprompt_for(position, "resume"))
            return Outcome(replace(session, position=None, question="resume"), profile, reply)
        prefix: tuple[Part, ...] = (say("welcome_back"),) if profile.disclaimer_heard else ()
        return self._begin(session, profile, self.content.default_routine, prefix, announce=False)

    def _begin(
        self, session: Session, profile: Profile, routine: Routine, prefix: tuple[Part, ...] = (),
        *, announce: bool = True,
    ) -> Outcome:
        """Start a routine: the pain check-in first (once a session), then exercise one."""
        if announce:
            prefix = (*prefix, say("routine_start", name=routine.spoken_name))
        if session.pain_asked:
            return self._at(session, profile, self.first(routine, profile), prefix)
        session = replace(session, position=None, pending_routine=routine.id, pain_asked=True,
                          question="pain_before")
        reply = Reply((*prefix, say("pain_ask_before")), self.reprompt_for(None, "pain_before"))
        return Outcome(session, profile, reply)

    def _start(self, session: Session, profile: Profile, name: str | None, heard: str | None) -> Outcome:
        routine = find_routine(self.content, name) if name else None
        if routine is None and (name or heard):
            names = spoken_list([r.spoken_name for r in self.content.routines.values()])
            parts = (say("unknown_routine", heard=heard or name or "", names=names),)
            return self._aside(session, profile, parts, repeatable=False)
        return self._begin(session, profile, routine or self.content.default_routine)

    def _next(self, session: Session, profile: Profile, today: Today) -> Outcome:
        position = session.position
        if position is None:
            return self._resume(session, profile)
        if position.beat + 1 < self.beat_count(position.exercise_id, position.compact):
            return self._at(session, profile, replace(position, beat=position.beat + 1))
        profile = replace(profile, known=profile.known | {position.exercise_id})
        return self._next_exercise(session, profile, position, today, (say("encourage"),))

    def _next_exercise(
        self, session: Session, profile: Profile, position: Position, today: Today,
        prefix: tuple[Part, ...] = (),
    ) -> Outcome:
        routine = self.routine(position)
        index = routine.exercises.index(position.exercise_id)
        if index + 1 < len(routine.exercises):
            upcoming = self.entry(routine, routine.exercises[index + 1], profile)
            return self._at(session, profile, upcoming, prefix)
        return self._finish(session, profile, routine, today)

    def _finish(self, session: Session, profile: Profile, routine: Routine, today: Today) -> Outcome:
        completions = (*profile.completions, Completion(today(), routine.id))[-MAX_COMPLETIONS:]
        profile = replace(profile, saved=None, completions=completions)
        days = streak(completions, today())
        done = sum(1 for c in completions if c.routine_id == routine.id)
        if days >= 2:
            tally = say("streak", days=days)
        elif done == 1:
            tally = say("completions_first", name=routine.spoken_name)
        else:
            tally = say("completions", name=routine.spoken_name, times=done)
        finished = say("routine_done", count=len(routine.exercises), name=routine.spoken_name)
        ask = say("pain_ask_after")
        card = Card(f"{routine.name} finished",
                    (say("card_summary", name=routine.spoken_name, count=len(routine.exercises)), tally))
        reply = Reply((finished, tally, ask), self.reprompt_for(None, "pain_after"),
                      unsaved_speech=(finished, ask), card=card)
        return Outcome(replace(session, position=None, question="pain_after"), profile, reply)

    def _previous(self, session: Session, profile: Profile) -> Outcome:
        position = session.position
        if position is None:
            return self._resume(session, profile)
        if position.beat > 0:
            return self._at(session, profile, replace(position, beat=position.beat - 1))
        routine = self.routine(position)
        index = routine.exercises.index(position.exercise_id)
        if index == 0:
            return self._at(session, profile, position, (say("at_start"),))
        earlier = self.entry(routine, routine.exercises[index - 1], profile)
        earlier = replace(earlier, beat=self.beat_count(earlier.exercise_id, earlier.compact) - 1)
        return self._at(session, profile, earlier,
                        (say("going_back", name=self.exercise(earlier).spoken_name),))

    def _repeat(self, session: Session, profile: Profile) -> Outcome:
        if session.last is not None:
            last = session.last
            reprompt = last.reprompt or self.reprompt_for(session.position)
            session = replace(session, question=self._question_of(last))
            return Outcome(session, profile, Reply(last.speech, reprompt, repeatable=False, varied=True))
        if session.position is not None:
            return self._at(session, profile, session.position)
        return self._aside(session, profile, (say("nothing_to_repeat"),), repeatable=False)

    def _question_of(self, reply: Reply) -> Question | None:
        """The question a repeated reply asks again, read from its reprompt."""
        ids = {p.id for p in reply.reprompt if isinstance(p, Say)}
        questions: tuple[tuple[Question, str], ...] = (
            ("resume", "reprompt_resume"), ("skip", "reprompt_skip"), ("start", "reprompt_start"),
            ("pick", "reprompt_pick"),
        )
        for question, prompt_id in questions:
            if prompt_id in ids:
                return question
        if "reprompt_pain" in ids:
            return "pain_after" if any(isinstance(p, Say) and p.id == "pain_ask_after" for p in reply.speech) \
                else "pain_before"
        return None

    def _skip(self, session: Session, profile: Profile, today: Today) -> Outcome:
        position = session.position
        if position is None:
            return self._aside(session, profile, (say("nothing_to_skip"),), repeatable=False)
        prefix = (say("skipping", name=self.exercise(position).spoken_name),)
        return self._next_exercise(session, profile, position, today, prefix)

    def _start_over(self, session: Session, profile: Profile) -> Outcome:
        position = session.position or profile.saved
        routine = self.routine(position) if position else self.content.default_routine
        return self._begin(session, profile, routine, (say("starting_over", name=routine.spoken_name),),
                           announce=False)

    def _resume(self, session: Session, profile: Profile) -> Outcome:
        position = session.position or profile.saved
        if position is None:
            return self._begin(session, profile, self.content.default_routine,
                               (say("nothing_to_resume"),), announce=False)
        exercise = self.exercise(position)
        orient = say("you_were_on", name=exercise.spoken_name, step=position.beat + 1,
                     steps=self.beat_count(exercise.id, position.compact))
        return self._at(session, profile, position, (orient,))

    def _pause(self, session: Session, profile: Profile) -> Outcome:
        position = session.position
        if position is None:
            return self._stop(session, profile)
        profile = replace(profile, saved=position)
        speech = (say("paused", name=self.exercise(position).spoken_name),)
        return Outcome(session, profile, Reply(speech, end_session=True, unsaved_speech=(say("paused_unsaved"),)))

    def _stop(self, session: Session, profile: Profile) -> Outcome:
        position = session.position
        if position is None:
            return Outcome(session, profile, Reply((say("goodbye"),), end_session=True))
        profile = replace(profile, saved=position)
        speech = (say("goodbye_saved", name=self.exercise(position).spoken_name),)
        return Outcome(session, profile, Reply(speech, end_session=True, unsaved_speech=(say("goodbye"),)))

    def _where(self, session: Session, profile: Profile) -> Outcome:
        position = session.position
        if position is None:
            return self._aside(session, profile, (say("where_idle"),), repeatable=False)
        exercise = self.exercise(position)
        part = say("where_am_i", number=self.number(position), total=len(self.routine(position).exercises),
                   name=exercise.spoken_name, step=position.beat + 1,
                   steps=self.beat_count(exercise.id, position.compact))
        return self._aside(session, profile, (part,))

    def _left(self, session: Session, profile: Profile) -> Outcome:
        position = session.position
        if position is None:
            return self._aside(session, profile, (say("where_idle"),), repeatable=False)
        left = len(self.routine(position).exercises) - self.number(position)
        part = say("left_none") if left == 0 else say("left_some", count=left)
        return self._aside(session, profile, (part,))

    def _no(self, session: Session, profile: Profile) -> Outcome:
        if session.position is None:
            return self._stop(session, profile)
        return Outcome(session, profile, Reply((say("no_worries"),), self.reprompt_for(session.position)))

    def _answer(
        self, question: Question, session: Session, profile: Profile, event: Event, today: Today
    ) -> Outcome | None:
        """The answer to the question just asked, or None to handle the event as usual."""
        if isinstance(event, Help):
            position = profile.saved if question == "resume" else session.position
            reply = Reply((say(f"help_{question}"),), self.reprompt_for(position, question), repeatable=False)
            return Outcome(replace(session, question=question), profile, reply)
        yes = isinstance(event, Yes)
        if question == "pain_after":
            if isinstance(event, Rate):
                return self._pain_after(session, profile, event.value, today)
            return Outcome(session, profile, Reply((say("goodbye"),), end_session=True))
        if isinstance(event, Rate):
            return None
        if question == "resume" and isinstance(event, Yes | No):
            if yes and profile.saved is not None:
                return self._resume(session, profile)
            saved = profile.saved
            routine = self.routine(saved) if saved else self.content.default_routine
            return self._begin(session, profile, routine, (say("fresh_start"),), announce=False)
        if question == "skip" and isinstance(event, Yes | No):
            return self._skip(session, profile, today) if yes else self._stop(session, profile)
        if question == "start" and isinstance(event, Yes | No):
            if not yes:
                return self._stop(session, profile)
            return self._resume(session, profile)
        if question == "pick" and isinstance(event, Yes | No):
            if yes and session.options:
                return self._explain(session, profile, Explain(session.topic, session.options[0]))
            return self._aside(replace(session, options=()), profile, (say("okay"),), repeatable=False)
        return None

    # ---- explanations and safety ---------------------------------------------------------

    def _explain(self, session: Session, profile: Profile, event: Explain) -> Outcome:
        session = replace(session, options=())
        exercise = find_exercise(self.content, event.exercise) if event.exercise else None
        if exercise is None and (event.exercise or event.heard):
            return self._did_you_mean(session, profile, event)
        if exercise is None and session.position is not None:
            exercise = self.exercise(session.position)
        if event.topic == "equipment" and exercise is None:
            routine = self.routine(session.position) if session.position else self.content.default_routine
            return self._aside(session, profile, (self._routine_equipment(routine),))
        if exercise is None:
            return self._aside(session, profile, (say("explain_which"),), repeatable=False)
        if event.topic == "why":
            parts: tuple[Part, ...] = (say("why_intro", name=exercise.spoken_name), say("text", text=exercise.why))
        elif event.topic == "equipment":
            parts = (say("equipment_for", name=exercise.spoken_name, equipment=exercise.equipment)
                     if exercise.equipment else say("equipment_for_none", name=exercise.spoken_name),)
        else:
            parts = self._how_to(exercise, profile)
            outcome = self._aside(session, profile, parts)
            screen, card = self._explain_display(exercise, parts[1:], session.position)
            return outcome._replace(reply=outcome.reply._replace(screen=screen, card=card))
        return self._aside(session, profile, parts)

    def _explain_display(self, exercise: Exercise, steps: tuple[Part, ...], position: Position | None
                         ) -> tuple[Screen, Card]:
        """The screen and the app card for an explanation: every step, and the tip."""
        current = self.routine(position) if position else None
        number = current.exercises.index(exercise.id) + 1 if current and exercise.id in current.exercises else 0
        screen = Screen("explain", current.name if current else "", exercise.name, number,
                        len(current.exercises) if current else 0, 1, 1, steps, exercise.equipment)
        return screen, Card(exercise.name, steps)

    def _did_you_mean(self, session: Session, profile: Profile, event: Explain) -> Outcome:
        heard = event.heard or event.exercise or ""
        closest = self.closest_exercises(heard)
        names = [self.content.exercises[i].spoken_name for i in closest]
        parts = (say("unknown_exercise", heard=heard), say("did_you_mean", first=names[0], second=names[1]))
        session = replace(session, question="pick", options=closest, topic=event.topic)
        return Outcome(session, profile, Reply(parts, self.reprompt_for(session.position, "pick"), repeatable=False))

    def closest_exercises(self, heard: str, count: int = 2) -> tuple[str, ...]:
        """The exercises whose names sound most like what was heard, best first."""
        from difflib import SequenceMatcher  # only for a name heard that matches nothing

        key = normalize(heard)

        def score(exercise: Exercise) -> float:
            return max(SequenceMatcher(None, key, normalize(name)).ratio() for name in exercise.names)

        ranked = sorted(self.content.exercises.values(), key=lambda e: -score(e))
        return tuple(e.id for e in ranked[:count])

    def _how_to(self, exercise: Exercise, profile: Profile) -> tuple[Part, ...]:
        side = exercise.sides.first if exercise.sides else None
        parts: list[Part] = [say("how_intro", name=exercise.spoken_name), say("text", text=exercise.start)]
        seconds = hold_seconds(exercise, profile)
        for step in exercise.steps:
            parts.append(say("text", text=side_text(step.say, side)))
            if step.hold and seconds:
                parts.append(say("how_hold", seconds=seconds))
        if exercise.sides:
            parts.append(say("how_switch"))
        parts.extend(self._dose_parts(exercise, profile, is_last=True))
        parts.extend(self._variation_parts(exercise, profile))
        parts.extend(say("tip", text=tip) for tip in exercise.tips[:1])
        return tuple(parts)

    def _routine_equipment(self, routine: Routine) -> Say:
        needs: list[str] = []
        for ex_id in routine.exercises:
            equipment = self.content.exercises[ex_id].equipment
            if equipment and equipment not in needs:
                needs.append(equipment)
        if not needs:
            return say("routine_equipment_none", name=routine.spoken_name)
        return say("routine_equipment", name=routine.spoken_name, equipment=spoken_list(needs))

    def _red_flags(self) -> Say:
        return say("red_flags", flags=spoken_list(list(self.content.safety.red_flags), "or"))

    def _hurt(self, session: Session, profile: Profile) -> Outcome:
        parts: list[Part] = [say("hurt_stop"), self._red_flags()]
        if session.position is None:
            parts.append(say("hurt_idle"))
            return Outcome(session, profile, Reply(tuple(parts), end_session=True))
        parts.append(say("offer_skip"))
        reply = Reply(tuple(parts), self.reprompt_for(session.position, "skip"))
        return Outcome(replace(session, question="skip"), profile, reply)

    # ---- pain check-ins -------------------------------------------------------------------

    def _record(self, profile: Profile, today: Today, moment: str, value: int) -> Profile:
        rating = PainRating(today(), moment, value)  # type: ignore[arg-type]
        return replace(profile, pains=(*profile.pains, rating)[-MAX_PAINS:])

    def _pain_before(self, session: Session, profile: Profile, event: Event, today: Today) -> Outcome:
        routine = self.content.routines[session.pending_routine or self.content.default_routine.id]
        if isinstance(event, Help | Fallback) or (isinstance(event, Rate) and event.value is None):
            key = "help_pain" if isinstance(event, Help) else "pain_range"
            session = replace(session, question="pain_before")
            return Outcome(session, profile, Reply((say(key),), self.reprompt_for(None, "pain_before"),
                                                   repeatable=False))
        if not isinstance(event, Rate) or event.value is None:
            return self._at(session, profile, self.first(routine, profile), (say("pain_skipped"),))
        previous = before_today(profile.pains, today())
        profile = self._record(profile, today, "before", event.value)
        if event.value >= 8:
            return self._pain_stop(session, profile, "pain_high")
        if previous is not None and event.value - previous.rating >= 3:
            return self._pain_stop(session, profile, "pain_jump", before=previous.rating)
        return self._at(session, profile, self.first(routine, profile), (say("pain_thanks", rating=event.value),))

    def _pain_after(self, session: Session, profile: Profile, value: int | None, today: Today) -> Outcome:
        if value is None:
            reply = Reply((say("pain_range"),), self.reprompt_for(None, "pain_after"), repeatable=False)
            return Outcome(replace(session, question="pain_after"), profile, reply)
        before = today_before(profile.pains, today())
        profile = self._record(profile, today, "after", value)
        if value >= 8:
            return self._pain_stop(session, profile, "pain_high")
        if before is not None and value - before.rating >= 3:
            return self._pain_stop(session, profile, "pain_worse", before=before.rating)
        parts: list[Part] = [say("pain_thanks_after", rating=value)]
        if before is not None and value < before.rating:
            parts.append(say("pain_lower", before=before.rating, after=value))
        parts.append(say("goodbye"))
        return Outcome(session, profile, Reply(tuple(parts), end_session=True))

    def _pain_stop(self, session: Session, profile: Profile, key: str, **values: Value) -> Outcome:
        """A high rating or a big jump: safety first, and no nudge to go on."""
        parts = (say(key, **values), self._red_flags(), say("pain_rest"))
        session = replace(session, position=None, pending_routine=None)
        return Outcome(session, profile, Reply(parts, end_session=True))

    def _rate_any(self, session: Session, profile: Profile, value: int | None, today: Today) -> Outcome:
        """A rating given outside the check-ins: noted, with safety guidance when high."""
        if value is None:
            return self._aside(session, profile, (say("pain_range"),), repeatable=False)
        profile = self._record(profile, today, "check", value)
        if value >= 8:
            parts: tuple[Part, ...] = (say("pain_high"), self._red_flags(), say("pain_rest"))
            if session.position is not None:
                return Outcome(replace(session, question="skip"), profile,
                               Reply((*parts, say("offer_skip")), self.reprompt_for(session.position, "skip")))
            return Outcome(session, profile, Reply(parts, end_session=True))
        return self._aside(session, profile, (say("pain_noted", rating=value),))

    # ---- adapting to the person -----------------------------------------------------------

    def _just_done(self, session: Session) -> Exercise | None:
        """The exercise "that was too easy" is about: the one just finished, or this one."""
        position = session.position
        if position is None:
            return None
        routine = self.routine(position)
        index = routine.exercises.index(position.exercise_id)
        if position.beat == 0 and index > 0:
            return self.content.exercises[routine.exercises[index - 1]]
        return self.exercise(position)

    def _adjust(self, session: Session, profile: Profile, direction: int) -> Outcome:
        exercise = self._just_done(session)
        if exercise is None:
            return self._aside(session, profile, (say("adjust_when"),), repeatable=False)
        old = profile.level(exercise.id)
        new = clamp(old + direction, -LEVEL_LIMIT, LEVEL_LIMIT)
        changed = profile.with_level(exercise.id, new)
        name = exercise.spoken_name
        dose_moves = (reps(exercise, changed), hold_seconds(exercise, changed)) != (
            reps(exercise, profile), hold_seconds(exercise, profile))
        if new == old or (abs(new) == LEVEL_LIMIT and not dose_moves):
            key = "adjust_easiest" if direction < 0 else "adjust_hardest"
            return self._aside(session, profile, (say(key, name=name),))
        if new == 0:
            part = say("adjust_usual", name=name)
        elif abs(new) == 1:
            variation = exercise.easier if new < 0 else exercise.harder
            part = say("adjust_easier" if new < 0 else "adjust_harder", name=name, label=variation.label)
        else:
            part = say("adjust_easier" if new < 0 else "adjust_harder", name=name,
                       label=self._dose_words(exercise, changed))
        return self._aside(session, changed, (part,))

    def _dose_words(self, exercise: Exercise, profile: Profile) -> str:
        words = []
        count, seconds = reps(exercise, profile), hold_seconds(exercise, profile)
        if count:
            words.append(f"{count} reps")
        if seconds:
            words.append(f"{seconds} second holds")
        return " and ".join(words)

    def _pace(self, session: Session, profile: Profile, direction: int) -> Outcome:
        new = 0 if direction == 0 else clamp(profile.pace + direction, -PACE_LIMIT, PACE_LIMIT)
        if direction != 0 and new == profile.pace:
            key = "pace_longest" if direction > 0 else "pace_shortest"
            return self._aside(session, profile, (say(key),))
        profile = replace(profile, pace=new)
        parts: list[Part] = [say({1: "pace_slower", -1: "pace_faster", 0: "pace_normal"}[direction])]
        if session.position is not None:
            exercise = self.exercise(session.position)
            seconds = hold_seconds(exercise, profile)
            if seconds:
                parts.append(say("pace_now", name=exercise.spoken_name, seconds=seconds))
        return self._aside(session, profile, tuple(parts))

    def _how_am_i_doing(self, session: Session, profile: Profile, today: Today) -> Outcome:
        day = today()
        week, days = this_week(profile.completions, day), streak(profile.completions, day)
        parts: list[Part] = [say("progress_week_none") if week == 0 else
                             say("progress_week_one") if week == 1 else say("progress_week", count=week)]
        if days >= 2:
            parts.append(say("progress_streak", days=days))
        shape = trend(profile.pains, day)
        if shape.early is not None and shape.late is not None:
            key = "progress_trend_same" if shape.early == shape.late else "progress_trend"
            parts.append(say(key, early=shape.early, late=shape.late))
        elif shape.last is not None:
            parts.append(say("progress_last_rating", rating=shape.last))
        return self._aside(session, profile, tuple(parts))

    # ---- reminders ---------------------------------------------------------------------------

    def _reminder(self, session: Session, profile: Profile, event: Reminder) -> Outcome:
        if event.status == "no_time":
            return self._aside(session, profile, (say("reminder_which_time"),), repeatable=False)
        if event.status == "failed":
            return self._aside(session, profile, (say("reminder_failed"),), repeatable=False)
        if event.status == "no_permission":
            outcome = self._aside(session, profile, (say("reminder_permission"),), repeatable=False)
            return outcome._replace(reply=outcome.reply._replace(consent=(REMINDERS_PERMISSION,)))
        return self._aside(session, profile, (say("reminder_set", time=clock_words(event.hour, event.minute)),))


def clock_words(hour: int, minute: int) -> str:
    """8, 0 -> "8 am"; 18, 30 -> "6:30 pm"; 0, 0 -> "midnight"; 12, 0 -> "noon"."""
    if (hour, minute) == (0, 0):
        return "midnight"
    if (hour, minute) == (12, 0):
        return "noon"
    suffix = "am" if hour < 12 else "pm"
    shown = hour % 12 or 12
    return f"{shown} {suffix}" if minute == 0 else f"{shown}:{minute:02d} {suffix}"
