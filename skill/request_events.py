"""What the person did, read from a request: an intent and its slots, a request type, a
touch on the screen, a skill event, each as an engine event (:mod:`skill.engine.events`).

Everything read is checked: a slot value is made speakable and cut short, a resolved id
must look like one of ours, a rating must be a number from 0 to 10.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from ask_sdk_core.handler_input import HandlerInput

from skill import intents
from skill.engine import events as ev
from skill.engine.events import Event
from skill.text import ID, speakable

MAX_HEARD = 100


TIME_WORDS = {"MO": (8, 0), "AF": (13, 0), "EV": (19, 0), "NI": (21, 0)}


def parse_time(heard: str | None) -> tuple[int, int] | None:
    """An AMAZON.TIME value ("08:00", "20:30", "MO"...) as (hour, minute)."""
    if not heard:
        return None
    if heard in TIME_WORDS:
        return TIME_WORDS[heard]
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", heard.strip())
    if not match:
        return None
    hour, minute = int(match.group(1)), int(match.group(2))
    return (hour, minute) if hour < 24 and minute < 60 else None


def slot(handler_input: HandlerInput, name: str) -> tuple[str | None, str | None]:
    """(the resolved content id, what the person said) for one slot; either may be None."""
    request = handler_input.request_envelope.request
    slots = getattr(getattr(request, "intent", None), "slots", None) or {}
    found = slots.get(name) if isinstance(slots, dict) else None
    if found is None:
        return None, None
    heard = found.value if isinstance(found.value, str) and found.value.strip() else None
    if heard is not None:
        heard = " ".join(speakable(heard).split())[:MAX_HEARD] or None
    resolved = None
    authorities = getattr(getattr(found, "resolutions", None), "resolutions_per_authority", None) or []
    if not authorities:
        return None, heard
    from ask_sdk_model.slu.entityresolution import StatusCode  # loaded by then: the slot's resolutions use it
    for authority in authorities:
        code = getattr(getattr(authority, "status", None), "code", None)
        if code == StatusCode.ER_SUCCESS_MATCH and authority.values:
            candidate = getattr(getattr(authority.values[0], "value", None), "id", None)
            if isinstance(candidate, str) and ID.match(candidate):
                resolved = candidate
                break
    return resolved, heard


def _explain(topic: Any) -> Callable[[HandlerInput], Event]:
    def build(handler_input: HandlerInput) -> Event:
        resolved, heard = slot(handler_input, "exercise")
        return ev.Explain(topic, resolved or heard, heard)

    return build


# The events about something named: a routine, an exercise or a piece of equipment.
Named = (type[ev.Start] | type[ev.JumpTo] | type[ev.NoEquipment] | type[ev.HaveEquipment] | type[ev.HowManyReps]
         | type[ev.HowLongHold] | type[ev.ListExercises])


def _naming(event: Named, slot_name: str) -> Callable[[HandlerInput], Event]:
    """An event about what one slot names: its resolved id, or else the words heard."""

    def build(handler_input: HandlerInput) -> Event:
        resolved, heard = slot(handler_input, slot_name)
        return event(resolved or heard, heard)

    return build


def _which(handler_input: HandlerInput) -> Event:
    """"What's next", "what was the first one": a place heard but not one of ours ("what
    is the weather") was not understood."""
    resolved, heard = slot(handler_input, "place")
    place = resolved or (heard or "").lower() or None
    if place is not None and place not in intents.PLACE_VALUES:
        return ev.Act.FALLBACK
    return ev.WhichExercise(place)  # type: ignore[arg-type]


NUMBER_WORDS = ("zero one two three four five six seven eight nine ten").split()


def rating(heard: str | None) -> int | None:
    """A pain rating from 0 to 10: Alexa sends digits ("9"); some clients send the word
    ("nine"). ASCII digits only: "²".isdigit() is true, but int("²") raises."""
    if heard is None:
        return None
    word = heard.strip().lower()
    if word in NUMBER_WORDS:
        return NUMBER_WORDS.index(word)
    if word.isascii() and word.isdigit() and len(word) <= 2 and int(word) <= 10:
        return int(word)
    return None


def _rating(handler_input: HandlerInput) -> Event:
    return ev.Rate(rating(slot(handler_input, "rating")[1]))


def _fixed(event: Event) -> Callable[[HandlerInput], Event]:
    return lambda _handler_input: event


INTENT_EVENTS: dict[str, Callable[[HandlerInput], Event]] = {
    intents.START_ROUTINE: _naming(ev.Start, "routine"),
    intents.SKIP_EXERCISE: _fixed(ev.Act.SKIP),
    intents.JUMP_TO: _naming(ev.JumpTo, "exercise"),
    intents.HOW_TO: _explain("how"),
    intents.WHY: _explain("why"),
    intents.EQUIPMENT: _explain("equipment"),
    intents.NO_EQUIPMENT: _naming(ev.NoEquipment, "equipment"),
    intents.HAVE_EQUIPMENT: _naming(ev.HaveEquipment, "equipment"),
    intents.IN_BED: _fixed(ev.Act.IN_BED),
    intents.HOW_MANY_REPS: _naming(ev.HowManyReps, "exercise"),
    intents.HOW_LONG_HOLD: _naming(ev.HowLongHold, "exercise"),
    intents.WHICH_SIDE: _fixed(ev.Act.WHICH_SIDE),
    intents.WHICH_EXERCISE: _which,
    intents.LIST_EXERCISES: _naming(ev.ListExercises, "routine"),
    intents.LIST_ROUTINES: _fixed(ev.Act.LIST_ROUTINES),
    intents.WHERE_AM_I: _fixed(ev.Act.WHERE_AM_I),
    intents.HOW_MANY_LEFT: _fixed(ev.Act.HOW_MANY_LEFT),
    intents.HURT: _fixed(ev.Act.HURT),
    intents.RED_FLAG: _fixed(ev.Act.RED_FLAG),
    intents.DIZZY: _fixed(ev.Act.DIZZY),
    intents.WARNING_SIGNS: _fixed(ev.Act.WARNING_SIGNS),
    intents.MORE: _fixed(ev.Act.MORE),
    intents.DISCLAIMER: _fixed(ev.Act.READ_DISCLAIMER),
    intents.THANKS: _fixed(ev.Act.THANKS),
    intents.WAIT: _fixed(ev.Act.WAIT),
    intents.TIRED: _fixed(ev.Act.TIRED),
    intents.NEXT: _fixed(ev.Act.NEXT),
    intents.PREVIOUS: _fixed(ev.Act.PREVIOUS),
    intents.START_OVER: _fixed(ev.Act.START_OVER),
    intents.REPEAT: _fixed(ev.Act.REPEAT),
    intents.PAUSE: _fixed(ev.Act.PAUSE_ROUTINE),
    intents.RESUME: _fixed(ev.Act.RESUME),
    intents.YES: _fixed(ev.Act.YES),
    intents.NO: _fixed(ev.Act.NO),
    intents.HELP: _fixed(ev.Act.HELP),
    intents.STOP: _fixed(ev.Act.STOP),
    intents.CANCEL: _fixed(ev.Act.CANCEL),
    intents.NAVIGATE_HOME: _fixed(ev.Act.STOP),
    intents.FALLBACK: _fixed(ev.Act.FALLBACK),
    intents.PAIN_RATING: _rating,
    intents.TOO_EASY: _fixed(ev.Act.TOO_EASY),
    intents.TOO_HARD: _fixed(ev.Act.TOO_HARD),
    intents.SLOWER: _fixed(ev.Act.SLOWER),
    intents.FASTER: _fixed(ev.Act.FASTER),
    intents.NORMAL_PACE: _fixed(ev.Act.NORMAL_PACE),
    intents.HOW_AM_I_DOING: _fixed(ev.Act.HOW_AM_I_DOING),
    intents.DELETE_DATA: _fixed(ev.Act.DELETE_DATA),
}

def _button(handler_input: HandlerInput) -> Event:
    """A touch on the screen: the same event as the voice intent."""
    arguments = getattr(handler_input.request_envelope.request, "arguments", None) or []
    pressed = arguments[0] if arguments and isinstance(arguments[0], str) else None
    events: dict[str, Event] = {"next": ev.Act.NEXT, "repeat": ev.Act.REPEAT, "back": ev.Act.PREVIOUS}
    return events.get(pressed or "", ev.Act.FALLBACK)


END_REASONS: dict[str, Any] = {"EXCEEDED_MAX_REPROMPTS": "timeout", "USER_INITIATED": "user", "ERROR": "error"}


def _ended(handler_input: HandlerInput) -> Event:
    """Why the session ended: a timeout (the person heard it all and said nothing), the
    person leaving, or an error."""
    reason = getattr(getattr(handler_input.request_envelope.request, "reason", None), "value", None)
    return ev.SessionEnded(END_REASONS.get(str(reason), "user"))


def _disabled(handler_input: HandlerInput) -> Event:
    """The skill was disabled: whether Alexa keeps that user id (the engine decides what
    to delete)."""
    body = getattr(handler_input.request_envelope.request, "body", None)  # undeclared in ask-sdk-model
    status = body.get("userInformationPersistenceStatus") if isinstance(body, dict) else None
    return ev.SkillDisabled(status if status in ("PERSISTED", "NOT_PERSISTED") else None)


REQUEST_EVENTS: dict[str, Callable[[HandlerInput], Event]] = {
    "LaunchRequest": _fixed(ev.Act.LAUNCH),
    "SessionEndedRequest": _ended,
    "Alexa.Presentation.APL.UserEvent": _button,
    "AlexaSkillEvent.SkillDisabled": _disabled,
}
