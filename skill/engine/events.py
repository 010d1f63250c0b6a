"""What the person did, as the handlers read it from a request.

An event that carries nothing but what it is ("next", "yes", "help") is a member of
:class:`Act`; an event with something more (a name heard, a rating, a reason) is a named
tuple of its own type. The dispatcher in :mod:`skill.engine.turn` looks an ``Act`` up by
member and any other event by its type.
"""

from enum import Enum
from typing import Literal, NamedTuple

from skill.engine.state import Topic

Place = Literal["first", "previous", "current", "next", "last"]
EndReason = Literal["timeout", "user", "error"]
ReminderStatus = Literal["created", "no_permission", "failed", "no_time"]
PersistenceStatus = Literal["PERSISTED", "NOT_PERSISTED"]


class Act(Enum):
    """The events without fields."""

    LAUNCH = "launch"
    NEXT = "next"
    PREVIOUS = "previous"
    REPEAT = "repeat"
    SKIP = "skip"
    START_OVER = "start_over"
    RESUME = "resume"
    PAUSE_ROUTINE = "pause_routine"
    STOP = "stop"
    CANCEL = "cancel"  # "cancel", "never mind": no to a question that offers a change, else stop
    YES = "yes"
    NO = "no"
    WAIT = "wait"
    THANKS = "thanks"
    TIRED = "tired"
    WHERE_AM_I = "where_am_i"
    HOW_MANY_LEFT = "how_many_left"
    WHICH_SIDE = "which_side"
    IN_BED = "in_bed"
    LIST_ROUTINES = "list_routines"
    HURT = "hurt"
    RED_FLAG = "red_flag"
    DIZZY = "dizzy"
    WARNING_SIGNS = "warning_signs"
    MORE = "more"
    READ_DISCLAIMER = "read_disclaimer"
    HELP = "help"
    FALLBACK = "fallback"
    TOO_EASY = "too_easy"
    TOO_HARD = "too_hard"
    SLOWER = "slower"
    FASTER = "faster"
    NORMAL_PACE = "normal_pace"
    HOW_AM_I_DOING = "how_am_i_doing"
    DELETE_DATA = "delete_data"  # "delete my data", "forget me": asked to confirm first


class Start(NamedTuple):
    routine: str | None = None  # an id, a name, or None for the default
    heard: str | None = None  # what the person said, for an answer when it matches nothing


class JumpTo(NamedTuple):
    exercise: str | None = None  # an id or a name
    heard: str | None = None


class HowManyReps(NamedTuple):
    exercise: str | None = None  # an id or a name; None means the current exercise
    heard: str | None = None


class HowLongHold(NamedTuple):
    exercise: str | None = None
    heard: str | None = None


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


class ListExercises(NamedTuple):
    routine: str | None = None  # an id or a name; None means the current routine
    heard: str | None = None


class SessionEnded(NamedTuple):
    reason: EndReason = "user"


class Rate(NamedTuple):
    """A pain rating from 0 to 10; None when the number was not understood."""

    value: int | None


class Reminder(NamedTuple):
    """The outcome of "remind me every day at 8 am", after the handler asked the Alexa API."""

    status: ReminderStatus
    hour: int = 8
    minute: int = 0


class SkillDisabled(NamedTuple):
    """The person disabled the skill (an AlexaSkillEvent). ``status`` is Alexa's
    userInformationPersistenceStatus: NOT_PERSISTED when that user id never comes back;
    None when it is missing or not one Alexa defines."""

    status: PersistenceStatus | None = None


Event = (
    Act | Start | JumpTo | HowManyReps | HowLongHold | WhichExercise | Explain | NoEquipment | HaveEquipment
    | ListExercises | SessionEnded | Rate | Reminder | SkillDisabled
)
