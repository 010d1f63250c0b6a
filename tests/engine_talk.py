"""A person talking to the engine directly, with a request clock that follows the
conversation: each event comes after the last answer has been heard in full, unless
it is a barge-in ("Alexa, next" while Alexa is still leading a set)."""

from __future__ import annotations

from datetime import date

from skill.content import default_content
from skill.engine import events as ev
from skill.engine.reply import Reply, Say, plain_text, seconds
from skill.engine.state import Outcome, Profile, Session
from skill.engine.turn import handle

CONTENT = default_content()
PROMPTS = CONTENT.prompts
DAY = date(2026, 11, 25)  # a Wednesday
START = 1_800_000_000.0


class Talk:
    def __init__(self, profile: Profile | None = None, session: Session | None = None, today: date = DAY) -> None:
        self.session = session or Session()
        self.profile = profile or Profile()
        self.today = today
        self.sent = START
        self.heard_until = START
        self.outcome: Outcome | None = None

    def __call__(self, event: ev.Event, *, barge_in: bool = False) -> Outcome:
        now = min(self.sent + 2, self.heard_until) if barge_in else self.heard_until + 1
        outcome = handle(CONTENT, self.session, self.profile, event, self.today, now)
        self.session, self.profile, self.outcome = outcome.session, outcome.profile, outcome
        self.sent, self.heard_until = now, now + seconds(outcome.reply.speech, PROMPTS)
        return outcome

    def walk_away(self) -> Outcome:
        """Alexa closes the session: the answer was heard, then nothing was said."""
        now = self.heard_until + 16
        outcome = handle(CONTENT, self.session, self.profile, ev.SessionEnded("timeout"), self.today, now)
        self.session, self.profile = Session(), outcome.profile
        return outcome

    def new_session(self, today: date | None = None) -> None:
        self.session = Session()
        self.today = today or self.today

    @property
    def reply(self) -> Reply:
        assert self.outcome is not None
        return self.outcome.reply

    @property
    def words(self) -> str:
        return plain_text(self.reply.speech, PROMPTS)

    @property
    def ids(self) -> list[str]:
        return [p.id for p in self.reply.speech if isinstance(p, Say)]

    @property
    def place(self) -> tuple[str, int] | None:
        saved = self.profile.saved
        return None if saved is None else (saved.exercise_id, saved.part)


def started(profile: Profile | None = None) -> Talk:
    """Launched, the pain question answered with a 3: exercise 1 being led."""
    talk = Talk(profile)
    talk(ev.Act.LAUNCH)
    talk(ev.Rate(3))
    return talk
