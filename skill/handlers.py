"""ask-sdk request handlers: a request in, an event to the engine, rendered speech out.

Each handler only translates. :class:`Turns` is the one place that loads the state,
asks the engine, renders the reply, and saves: state-dependent choices live in
:mod:`skill.routine`, not in ``can_handle``.
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
from skill import routine as r
from skill.routine import Coach, Event
from skill.speech import prompt_text, render, speakable
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

    def __init__(self, coach: Coach, today: Callable[[], date] | None = None) -> None:
        self.coach = coach
        self.prompts = coach.content.prompts
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
        outcome = self.coach.handle(session, profile, event, self._today(handler_input))
        reply = outcome.reply
        saved = True
        if outcome.profile != profile or reply.unsaved_speech is not None:
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
            return r.Reminder("no_time")
        hour, minute = when
        user = getattr(getattr(getattr(handler_input.request_envelope, "context", None), "system", None), "user", None)
        if not getattr(getattr(user, "permissions", None), "consent_token", None):
            return r.Reminder("no_permission", hour, minute)
        from skill.alexa_api import AlexaApi, ApiError

        locale = getattr(handler_input.request_envelope.request, "locale", None) or "en-US"
        text = prompt_text(self.prompts, r.say("reminder_text"))
        try:
            AlexaApi.from_envelope(handler_input.request_envelope).create_daily_reminder(hour, minute, text, locale)
        except ApiError as error:
            if error.status in (401, 403):
                return r.Reminder("no_permission", hour, minute)
            log.warning("reminder not created: %s", error)
            return r.Reminder("failed", hour, minute)
        return r.Reminder("created", hour, minute)


    def _load(self, handler_input: HandlerInput) -> tuple[r.Profile, bool]:
        try:
            return profile_from_attributes(handler_input.attributes_manager.persistent_attributes), True
        except Exception:  # the store is down: answer anyway, and write nothing over it
            log.warning("store read failed; answering without the saved profile", exc_info=True)
            return r.Profile(), False

    def _save(self, handler_input: HandlerInput, attributes: dict[str, Any]) -> bool:
        manager = handler_input.attributes_manager
        try:
            manager.persistent_attributes = attributes
            manager.save_persistent_attributes()
            return True
        except Exception:
            log.warning("store write failed; the reply says nothing was saved", exc_info=True)
            return False


def present(handler_input: HandlerInput, reply: r.Reply, prompts: Any) -> None:
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
        return r.Explain(topic, resolved or heard, heard)

    return build


def _start(handler_input: HandlerInput) -> Event:
    resolved, heard = slot(handler_input, "routine")
    return r.Start(resolved or heard, heard)


def _rating(handler_input: HandlerInput) -> Event:
    _, heard = slot(handler_input, "rating")
    # ASCII digits only: "²".isdigit() is true, but int("²") raises.
    value = int(heard) if heard is not None and heard.isascii() and heard.isdigit() and len(heard) <= 2 else None
    return r.Rate(value if value is not None and 0 <= value <= 10 else None)


def _fixed(event: Event) -> Callable[[HandlerInput], Event]:
    return lambda _handler_input: event


INTENT_EVENTS: dict[str, Callable[[HandlerInput], Event]] = {
    intents.START_ROUTINE: _start,
    intents.SKIP_EXERCISE: _fixed(r.Skip()),
    intents.HOW_TO: _explain("how"),
    intents.WHY: _explain("why"),
    intents.EQUIPMENT: _explain("equipment"),
    intents.LIST_EXERCISES: _fixed(r.ListExercises()),
    intents.LIST_ROUTINES: _fixed(r.ListRoutines()),
    intents.WHERE_AM_I: _fixed(r.WhereAmI()),
    intents.HOW_MANY_LEFT: _fixed(r.HowManyLeft()),
    intents.HURT: _fixed(r.Hurt()),
    intents.DISCLAIMER: _fixed(r.ReadDisclaimer()),
    intents.NEXT: _fixed(r.Next()),
    intents.PREVIOUS: _fixed(r.Previous()),
    intents.START_OVER: _fixed(r.StartOver()),
    intents.REPEAT: _fixed(r.Repeat()),
    intents.PAUSE: _fixed(r.PauseRoutine()),
    intents.RESUME: _fixed(r.Resume()),
    intents.YES: _fixed(r.Yes()),
    intents.NO: _fixed(r.No()),
    intents.HELP: _fixed(r.Help()),
    intents.STOP: _fixed(r.Stop()),
    intents.CANCEL: _fixed(r.Stop()),
    intents.NAVIGATE_HOME: _fixed(r.Stop()),
    intents.FALLBACK: _fixed(r.Fallback()),
    intents.PAIN_RATING: _rating,
    intents.TOO_EASY: _fixed(r.TooEasy()),
    intents.TOO_HARD: _fixed(r.TooHard()),
    intents.SLOWER: _fixed(r.Slower()),
    intents.FASTER: _fixed(r.Faster()),
    intents.NORMAL_PACE: _fixed(r.NormalPace()),
    intents.HOW_AM_I_DOING: _fixed(r.HowAmIDoing()),
}

def _button(handler_input: HandlerInput) -> Event:
    """A touch on the screen: the same event as the voice intent."""
    arguments = getattr(handler_input.request_envelope.request, "arguments", None) or []
    pressed = arguments[0] if arguments and isinstance(arguments[0], str) else None
    events: dict[str, Event] = {"next": r.Next(), "repeat": r.Repeat(), "back": r.Previous()}
    return events.get(pressed or "", r.Fallback())


REQUEST_EVENTS: dict[str, Callable[[HandlerInput], Event]] = {
    "LaunchRequest": _fixed(r.Launch()),
    "SessionEndedRequest": _fixed(r.SessionEnded()),
    "Alexa.Presentation.APL.UserEvent": _button,
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
        event = build(handler_input) if build else r.Fallback()
        log.info("turn", extra={"intent": name})
        return self.turns.run(handler_input, event)


class RequestTypeHandler(AbstractRequestHandler):
    """LaunchRequest and SessionEndedRequest."""

    def __init__(self, turns: Turns) -> None:
        self.turns = turns

    def can_handle(self, handler_input: HandlerInput) -> bool:
        return get_request_type(handler_input) in REQUEST_EVENTS

    def handle(self, handler_input: HandlerInput) -> Response:
        request_type = str(get_request_type(handler_input))
        log.info("turn")
        return self.turns.run(handler_input, REQUEST_EVENTS[request_type](handler_input))


class OtherRequestHandler(AbstractRequestHandler):
    """Any request type the skill does not use (AudioPlayer, skill events, APL, ...):
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
        builder.speak(render((r.say("error"),), self.prompts))
        if handler_input.request_envelope.session is not None:
            builder.ask(render((r.say("reprompt_error"),), self.prompts))
            builder.set_should_end_session(False)
        return builder.response


def handlers(turns: Turns) -> list[AbstractRequestHandler]:
    """The request handlers in the order the dispatcher tries them."""
    return [IntentHandler(turns), RequestTypeHandler(turns), OtherRequestHandler()]
