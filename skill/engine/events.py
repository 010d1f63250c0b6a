"""What the person did, as the handlers read it from a request.

Named tuples, told apart by their type (the dispatcher in :mod:`skill.engine.turn`
looks them up by type; two events with no fields are equal tuples, so never compare
events with ``==``).
"""

from typing import Literal, NamedTuple

from skill.engine.state import Topic

Place = Literal["first", "previous", "current", "next", "last"]
EndReason = Literal["timeout", "user", "error"]
ReminderStatus = Literal["created", "no_permission", "failed", "no_time"]
PersistenceStatus = Literal["PERSISTED", "NOT_PERSISTED"]


class Launch(NamedTuple):
    pass


class Start(NamedTuple):
    routine: str | None = None  # an id, a name, or None for the default
    heard: str | None = None  # what the person said, for an answer when it matches nothing


class Next(NamedTuple):
    pass


class Previous(NamedTuple):
    pass


class Repeat(NamedTuple):
    pass


class Skip(NamedTuple):
    pass


class JumpTo(NamedTuple):
    exercise: str | None = None  # an id or a name
    heard: str | None = None


class StartOver(NamedTuple):
    pass


class Resume(NamedTuple):
    pass


class PauseRoutine(NamedTuple):
    pass


class Stop(NamedTuple):
    pass


class Yes(NamedTuple):
    pass


class No(NamedTuple):
    pass


class Wait(NamedTuple):
    pass


class Thanks(NamedTuple):
    pass


class Tired(NamedTuple):
    pass


class WhereAmI(NamedTuple):
    pass


class HowManyLeft(NamedTuple):
    pass


class HowManyReps(NamedTuple):
    exercise: str | None = None  # an id or a name; None means the current exercise
    heard: str | None = None


class HowLongHold(NamedTuple):
    exercise: str | None = None
    heard: str | None = None


class WhichSide(NamedTuple):
    pass


class WhichExercise(NamedTuple):
    place: Place | None = None


class Explain(NamedTuple):
    topic: Topic
    exercise: str | None = None  # an id or a name; None means the current exercise
    heard: str | None = None


class NoEquipment(NamedTuple):
    equipment: str | None = None  # an id or a name
    heard: str | None = None


class HaveEquipment(NamedTuple):
    """"I have a band now": a piece said missing before is there again."""

    equipment: str | None = None  # an id or a name
    heard: str | None = None


class InBed(NamedTuple):
    pass


class ListExercises(NamedTuple):
    routine: str | None = None  # an id or a name; None means the current routine
    heard: str | None = None


class ListRoutines(NamedTuple):
    pass


class Hurt(NamedTuple):
    pass


class RedFlag(NamedTuple):
    pass


class Dizzy(NamedTuple):
    pass


class WarningSigns(NamedTuple):
    pass


class More(NamedTuple):
    pass


class ReadDisclaimer(NamedTuple):
    pass


class Help(NamedTuple):
    pass


class Fallback(NamedTuple):
    pass


class SessionEnded(NamedTuple):
    reason: EndReason = "user"


class Rate(NamedTuple):
    """A pain rating from 0 to 10; None when the number was not understood."""

    value: int | None


class TooEasy(NamedTuple):
    pass


class TooHard(NamedTuple):
    pass


class Slower(NamedTuple):
    pass


class Faster(NamedTuple):
    pass


class NormalPace(NamedTuple):
    pass


class HowAmIDoing(NamedTuple):
    pass


class Reminder(NamedTuple):
    """The outcome of "remind me every day at 8 am", after the handler asked the Alexa API."""

    status: ReminderStatus
    hour: int = 8
    minute: int = 0


class DeleteData(NamedTuple):
    """"Delete my data", "forget me": asked to confirm first."""


class SkillDisabled(NamedTuple):
    """The person disabled the skill (an AlexaSkillEvent). ``status`` is Alexa's
    userInformationPersistenceStatus: NOT_PERSISTED when that user id never comes back;
    None when it is missing or not one Alexa defines."""

    status: PersistenceStatus | None = None


Event = (
    Launch | Start | Next | Previous | Repeat | Skip | JumpTo | StartOver | Resume | PauseRoutine | Stop
    | Yes | No | Wait | Thanks | Tired | WhereAmI | HowManyLeft | HowManyReps | HowLongHold | WhichSide
    | WhichExercise | Explain | NoEquipment | HaveEquipment | InBed | ListExercises | ListRoutines | Hurt
    | RedFlag | Dizzy | WarningSigns | More | ReadDisclaimer | Help | Fallback | SessionEnded | Rate | TooEasy | TooHard
    | Slower | Faster | NormalPace | HowAmIDoing | Reminder | DeleteData | SkillDisabled
)
