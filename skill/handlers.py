"""ask-sdk request handlers: a request in, an event to the engine, rendered speech out.

Each handler only translates. :class:`Turns` is the one place that loads the state,
asks the engine, renders the reply, and saves: state-dependent choices live in
:mod:`skill.engine`, not in ``can_handle``.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from datetime import date
from typing import Any

from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import IntentRequest, Response

from skill import intents
from skill.content import Content
from skill.engine import events as ev
from skill.engine.events import Event
from skill.engine.reply import Reply, say, text
from skill.engine.state import Profile
from skill.engine.turn import handle
from skill.speech import render, speakable
from skill.state import (
    profile_from_attributes,
    profile_to_attributes,
    session_from_attributes,
    session_to_attributes,
)

log = logging.getLogger("skill.turn")
_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
MAX_HEARD = 100


class Turns:
    """Runs one turn: state in, engine, speech out, state saved."""

    def __init__(self, content: Content, today: Callable[[], date] | None = None) -> None:
        self.content = content
        self.prompts = content.prompts
        self.today = today  # None: the user's own date, from the Alexa Settings API

    def _today(self, handler_input: HandlerInput) -> Callable[[], date]:
        if self.today is not None:
            return self.today
        envelope = handler_input.request_envelope

        def today() -> date:  # skill.alexa_api (urllib, http, ssl) is loaded only if a turn needs the date
            from skill.alexa_api import AlexaApi

            return AlexaApi.from_envelope(envelope).today()

        return today

    def run(self, handler_input: HandlerInput, event: Event) -> Response:
        manager = handler_input.attributes_manager
        has_session = handler_input.request_envelope.session is not None
        session = session_from_attributes(manager.session_attributes if has_session else None)
        profile, loaded = self._load(handler_input)
        outcome = handle(self.content, session, profile, event, self._today(handler_input),
                         request_clock(handler_input))
        reply = outcome.reply
        saved = True
        if reply.erase:
            saved = self._erase(handler_input)
        elif outcome.profile != profile or reply.unsaved_speech is not None:
            saved = loaded and self._save(handler_input, profile_to_attributes(outcome.profile))
        speech = reply.speech if saved or reply.unsaved_speech is None else reply.unsaved_speech
        builder = handler_input.response_builder
        if has_session:
            manager.session_attributes = {} if reply.end_session else session_to_attributes(outcome.session)
        if speech:
            builder.speak(render(speech, self.prompts))
        if not reply.end_session and reply.reprompt:
            builder.ask(render(reply.reprompt, self.prompts))
        if speech:  # a SessionEndedRequest's reply must not set shouldEndSession
            builder.set_should_end_session(reply.end_session)
        present(handler_input, reply, self.prompts)
        return builder.response

    def reminder_event(self, handler_input: HandlerInput) -> Event:
        """Ask the Reminders API for a daily reminder; the engine words the outcome."""
        _, heard = slot(handler_input, "time")
        when = parse_time(heard)
        if when is None:
            return ev.Reminder("no_time")
        hour, minute = when
        user = getattr(getattr(getattr(handler_input.request_envelope, "context", None), "system", None), "user", None)
        if not getattr(getattr(user, "permissions", None), "consent_token", None):
            return ev.Reminder("no_permission", hour, minute)
        from skill.alexa_api import AlexaApi, ApiError

        locale = getattr(handler_input.request_envelope.request, "locale", None) or "en-US"
        words = text(self.prompts, say("reminder_text"))
        try:
            AlexaApi.from_envelope(handler_input.request_envelope).create_daily_reminder(hour, minute, words, locale)
        except ApiError as error:
            if error.status in (401, 403):
                return ev.Reminder("no_permission", hour, minute)
            log.warning("reminder not created: %s", error)
            return ev.Reminder("failed", hour, minute)
        return ev.Reminder("created", hour, minute)


    def _load(self, handler_input: HandlerInput) -> tuple[Profile, bool]:
        try:
            return profile_from_attributes(handler_input.attributes_manager.persistent_attributes), True
        except Exception:  # the store is down: answer anyway, and write nothing over it
            log.warning("store read failed; answering without the saved profile", exc_info=True)
            return Profile(), False

    def _erase(self, handler_input: HandlerInput) -> bool:
        """Delete the person's stored record through the store (tried even when the read
        failed: deleting writes nothing over it)."""
        try:
            handler_input.attributes_manager.delete_persistent_attributes()
            return True
        except Exception:
            log.warning("store delete failed; the reply says nothing was deleted", exc_info=True)
            return False

    def _save(self, handler_input: HandlerInput, attributes: dict[str, Any]) -> bool:
        manager = handler_input.attributes_manager
        try:
            manager.persistent_attributes = attributes
            manager.save_persistent_attributes()
            return True
        except Exception:
            log.warning("store write failed; the reply says nothing was saved", exc_info=True)
            return False


def request_clock(handler_input: HandlerInput) -> float | None:
    """The request's time in seconds since the epoch (Alexa's timestamp), or None."""
    stamp = getattr(handler_input.request_envelope.request, "timestamp", None)
    try:
        return float(stamp.timestamp()) if stamp is not None else None
    except (AttributeError, OverflowError, OSError, ValueError):
        return None


def present(handler_input: HandlerInput, reply: Reply, prompts: Any) -> None:
    """The screen (APL, only on devices that have one), the app card, a consent card."""
    builder = handler_input.response_builder
    if reply.screen is not None and supports_apl(handler_input):
        from ask_sdk_model.interfaces.alexa.presentation.apl import RenderDocumentDirective

        from skill.display import TOKEN, document, screen_data

        builder.add_directive(RenderDocumentDirective(
            token=TOKEN, document=document(), datasources=screen_data(reply.screen, prompts)))
    if reply.consent:
        from ask_sdk_model.ui import AskForPermissionsConsentCard

        builder.set_card(AskForPermissionsConsentCard(permissions=list(reply.consent)))
    elif reply.card is not None:
        from ask_sdk_model.ui import SimpleCard

        from skill.display import card_text

        title, content = card_text(reply.card, prompts)
        builder.set_card(SimpleCard(title=title, content=content))


def supports_apl(handler_input: HandlerInput) -> bool:
    context = handler_input.request_envelope.context
    device = getattr(getattr(context, "system", None), "device", None)
    interfaces = getattr(device, "supported_interfaces", None)
    return getattr(interfaces, "alexa_presentation_apl", None) is not None


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


# --------------------------------------------------------------------------------------
# Reading a request


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
            if isinstance(candidate, str) and _ID.match(candidate):
                resolved = candidate
                break
    return resolved, heard


def _explain(topic: Any) -> Callable[[HandlerInput], Event]:
    def build(handler_input: HandlerInput) -> Event:
        resolved, heard = slot(handler_input, "exercise")
        return ev.Explain(topic, resolved or heard, heard)

    return build


def _start(handler_input: HandlerInput) -> Event:
    resolved, heard = slot(handler_input, "routine")
    return ev.Start(resolved or heard, heard)


def _jump(handler_input: HandlerInput) -> Event:
    resolved, heard = slot(handler_input, "exercise")
    return ev.JumpTo(resolved or heard, heard)


def _no_equipment(handler_input: HandlerInput) -> Event:
    resolved, heard = slot(handler_input, "equipment")
    return ev.NoEquipment(resolved or heard, heard)


def _which(handler_input: HandlerInput) -> Event:
    """"What's next", "what was the first one": a place heard but not one of ours ("what
    is the weather") was not understood."""
    resolved, heard = slot(handler_input, "place")
    place = resolved or (heard or "").lower() or None
    if place is not None and place not in intents.PLACE_VALUES:
        return ev.Fallback()
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
    intents.START_ROUTINE: _start,
    intents.SKIP_EXERCISE: _fixed(ev.Skip()),
    intents.JUMP_TO: _jump,
    intents.HOW_TO: _explain("how"),
    intents.WHY: _explain("why"),
    intents.EQUIPMENT: _explain("equipment"),
    intents.NO_EQUIPMENT: _no_equipment,
    intents.IN_BED: _fixed(ev.InBed()),
    intents.HOW_MANY_REPS: _fixed(ev.HowManyReps()),
    intents.HOW_LONG_HOLD: _fixed(ev.HowLongHold()),
    intents.WHICH_SIDE: _fixed(ev.WhichSide()),
    intents.WHICH_EXERCISE: _which,
    intents.LIST_EXERCISES: _fixed(ev.ListExercises()),
    intents.LIST_ROUTINES: _fixed(ev.ListRoutines()),
    intents.WHERE_AM_I: _fixed(ev.WhereAmI()),
    intents.HOW_MANY_LEFT: _fixed(ev.HowManyLeft()),
    intents.HURT: _fixed(ev.Hurt()),
    intents.RED_FLAG: _fixed(ev.RedFlag()),
    intents.DIZZY: _fixed(ev.Dizzy()),
    intents.WARNING_SIGNS: _fixed(ev.WarningSigns()),
    intents.MORE: _fixed(ev.More()),
    intents.DISCLAIMER: _fixed(ev.ReadDisclaimer()),
    intents.THANKS: _fixed(ev.Thanks()),
    intents.WAIT: _fixed(ev.Wait()),
    intents.TIRED: _fixed(ev.Tired()),
    intents.NEXT: _fixed(ev.Next()),
    intents.PREVIOUS: _fixed(ev.Previous()),
    intents.START_OVER: _fixed(ev.StartOver()),
    intents.REPEAT: _fixed(ev.Repeat()),
    intents.PAUSE: _fixed(ev.PauseRoutine()),
    intents.RESUME: _fixed(ev.Resume()),
    intents.YES: _fixed(ev.Yes()),
    intents.NO: _fixed(ev.No()),
    intents.HELP: _fixed(ev.Help()),
    intents.STOP: _fixed(ev.Stop()),
    intents.CANCEL: _fixed(ev.Stop()),
    intents.NAVIGATE_HOME: _fixed(ev.Stop()),
    intents.FALLBACK: _fixed(ev.Fallback()),
    intents.PAIN_RATING: _rating,
    intents.TOO_EASY: _fixed(ev.TooEasy()),
    intents.TOO_HARD: _fixed(ev.TooHard()),
    intents.SLOWER: _fixed(ev.Slower()),
    intents.FASTER: _fixed(ev.Faster()),
    intents.NORMAL_PACE: _fixed(ev.NormalPace()),
    intents.HOW_AM_I_DOING: _fixed(ev.HowAmIDoing()),
    intents.DELETE_DATA: _fixed(ev.DeleteData()),
}

def _button(handler_input: HandlerInput) -> Event:
    """A touch on the screen: the same event as the voice intent."""
    arguments = getattr(handler_input.request_envelope.request, "arguments", None) or []
    pressed = arguments[0] if arguments and isinstance(arguments[0], str) else None
    events: dict[str, Event] = {"next": ev.Next(), "repeat": ev.Repeat(), "back": ev.Previous()}
    return events.get(pressed or "", ev.Fallback())


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
    "LaunchRequest": _fixed(ev.Launch()),
    "SessionEndedRequest": _ended,
    "Alexa.Presentation.APL.UserEvent": _button,
    "AlexaSkillEvent.SkillDisabled": _disabled,
}


# --------------------------------------------------------------------------------------
# The handlers


class IntentHandler(AbstractRequestHandler):
    """Every IntentRequest: known intents by the table, any other as a fallback."""

    def __init__(self, turns: Turns) -> None:
        self.turns = turns
        self.events = {**INTENT_EVENTS, intents.REMINDER: turns.reminder_event}

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return isinstance(handler_input.request_envelope.request, IntentRequest)

    def handle(self, handler_input: HandlerInput) -> Response:
        request = handler_input.request_envelope.request
        name = getattr(getattr(request, "intent", None), "name", None)
        build = self.events.get(name) if isinstance(name, str) else None
        event = build(handler_input) if build else ev.Fallback()
        log.info("turn", extra={"intent": name})
        return self.turns.run(handler_input, event)


class RequestTypeHandler(AbstractRequestHandler):
    """LaunchRequest, SessionEndedRequest, screen touches and SkillDisabled."""

    def __init__(self, turns: Turns) -> None:
        self.turns = turns

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) in REQUEST_EVENTS

    def handle(self, handler_input: HandlerInput) -> Response:
        request_type = str(get_request_type(handler_input))
        log.info("turn")
        return self.turns.run(handler_input, REQUEST_EVENTS[request_type](handler_input))


class OtherRequestHandler(AbstractRequestHandler):
    """Any request type the skill does not use (AudioPlayer, other skill events, ...):
    a valid, empty response."""

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return True

    def handle(self, handler_input: HandlerInput) -> Response:
        log.info("ignored: the skill does not use this request type")
        manager = handler_input.attributes_manager
        if handler_input.request_envelope.session is not None and manager.session_attributes:
            # Carried to the next turn, but only what the skill itself would have written:
            # tampered attributes are not echoed back (nor can they swell the response).
            manager.session_attributes = session_to_attributes(session_from_attributes(manager.session_attributes))
        return handler_input.response_builder.response


def _error_details(handler_input: HandlerInput) -> dict[str, Any]:
    """What it takes to reproduce a failed turn: the intent, its slot values, the session state."""
    request = handler_input.request_envelope.request
    intent = getattr(request, "intent", None)
    slots = getattr(intent, "slots", None) or {}
    return {
        "intent": getattr(intent, "name", None),
        "slots": {k: getattr(v, "value", None) for k, v in slots.items()} if isinstance(slots, dict) else None,
        "session_attributes": (handler_input.attributes_manager.session_attributes
                               if handler_input.request_envelope.session is not None else None),
    }


class ErrorHandler(AbstractExceptionHandler):
    """The last resort: say sorry, keep the session and its attributes as they came."""

    def __init__(self, prompts: Any) -> None:
        self.prompts = prompts

    def can_handle(self, handler_input: HandlerInput, exception: Exception) -> bool:
        return True

    def handle(self, handler_input: HandlerInput, exception: Exception) -> Response:
        log.error("turn failed", exc_info=exception, extra=_error_details(handler_input))
        builder = handler_input.response_builder
        builder.speak(render((say("error"),), self.prompts))
        if handler_input.request_envelope.session is not None:
            builder.ask(render((say("reprompt_error"),), self.prompts))
            builder.set_should_end_session(False)
        return builder.response


def handlers(turns: Turns) -> list[AbstractRequestHandler]:
    """The request handlers in the order the dispatcher tries them."""
    return [IntentHandler(turns), RequestTypeHandler(turns), OtherRequestHandler()]
