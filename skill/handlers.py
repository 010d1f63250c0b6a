"""ask-sdk request handlers: a request in, an event to the engine, rendered speech out.

Each handler only translates (the events are read by :mod:`skill.request_events`).
:class:`Turns` is the one place that loads the state, asks the engine, renders the
reply, and saves (or erases): state-dependent choices live in :mod:`skill.engine`, not
in ``can_handle``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.dispatch_components import AbstractExceptionHandler, AbstractRequestHandler
from ask_sdk_core.handler_input import HandlerInput
from ask_sdk_core.utils import get_request_type
from ask_sdk_model import IntentRequest, Response

from skill import intents
from skill.content import Content
from skill.engine import events as ev
from skill.engine.events import Event
from skill.engine.reply import Reply
from skill.engine.state import Profile
from skill.engine.turn import handle
from skill.persisted import (
    History,
    history_from_attributes,
    history_is_new,
    history_to_attributes,
    newer_version,
    profile_from_attributes,
    profile_to_attributes,
)
from skill.request_events import INTENT_EVENTS, REQUEST_EVENTS, parse_time, slot
from skill.sorry import sorry_reprompt_ssml, sorry_ssml
from skill.speech import render
from skill.state import session_from_attributes, session_to_attributes
from skill.stores.keys import history_envelope

log = logging.getLogger("skill.turn")


class Turns:
    """Runs one turn: state in, engine, speech out, state saved.

    Every turn reads the profile, and writes it when it changed. The history record is
    read and written only on a turn that adds to it (a routine finished, a rating), and
    deleted with the profile; it goes through ``store`` (the skill's persistence
    adapter, given by :func:`skill.factory.build_skill`), under its own key."""

    def __init__(self, content: Content, today: Callable[[], date] | None = None,
                 store: AbstractPersistenceAdapter | None = None) -> None:
        self.content = content
        self.prompts = content.prompts
        self.today = today  # None: the user's own date, from the Alexa Settings API
        self.store = store

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
        profile, loaded, fresh = self._load(handler_input)
        outcome = handle(self.content, session, profile, event, self._today(handler_input),
                         request_clock(handler_input), stored=loaded)
        reply = outcome.reply
        saved = True
        if reply.erase:
            saved = self._erase(handler_input)
        elif outcome.profile != profile or reply.unsaved_speech is not None:
            saved = loaded and self._save(handler_input, outcome.profile, fresh)
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
        """"Remind me every day at 8 am": the time heard, and what the Reminders API
        service (skill.alexa_api, loaded only for this) made of it; the engine words it."""
        when = parse_time(slot(handler_input, "time")[1])
        if when is None:
            return ev.Reminder("no_time")
        from skill.alexa_api import daily_reminder

        hour, minute = when
        return ev.Reminder(daily_reminder(handler_input.request_envelope, hour, minute, self.prompts), hour, minute)

    def _store(self) -> AbstractPersistenceAdapter:
        if self.store is None:  # build_skill always gives one
            raise RuntimeError("the skill has no store")
        return self.store

    def _load(self, handler_input: HandlerInput) -> tuple[Profile, bool, bool]:
        """The profile; whether it may be written over; whether the history record is
        still to be made (no profile yet, or one of version 1: see skill.persisted)."""
        try:
            raw = handler_input.attributes_manager.persistent_attributes
        except Exception:  # the store is down: answer anyway, and write nothing over it
            log.warning("store read failed; answering without the saved profile", exc_info=True)
            return Profile(), False, False
        if newer_version(raw):  # a newer deployment's: answer anyway, and leave it as it is
            log.warning("stored profile of a newer version; answering without it, and not saving")
            return Profile(), False, False
        return profile_from_attributes(raw), True, history_is_new(raw)

    def _erase(self, handler_input: HandlerInput) -> bool:
        """Delete the person's stored records through the store, the history first (tried
        even when the read failed: deleting writes nothing over it)."""
        try:
            self._store().delete_attributes(history_envelope(handler_input.request_envelope))
            handler_input.attributes_manager.delete_persistent_attributes()
            return True
        except Exception:
            log.warning("store delete failed; the reply says nothing was deleted", exc_info=True)
            return False

    def _save(self, handler_input: HandlerInput, profile: Profile, fresh: bool) -> bool:
        """The history record first, if the turn added to it, then the profile."""
        manager = handler_input.attributes_manager
        try:
            if profile.logged and not self._add_history(handler_input, profile, fresh):
                return False
            manager.persistent_attributes = profile_to_attributes(profile)
            manager.save_persistent_attributes()
            return True
        except Exception:
            log.warning("store write failed; the reply says nothing was saved", exc_info=True)
            return False

    def _add_history(self, handler_input: HandlerInput, profile: Profile, fresh: bool) -> bool:
        """What the turn logged, added to the history record (which, when ``fresh``, is
        made from it alone: a version 1 profile's lists are logged whole)."""
        store, key = self._store(), history_envelope(handler_input.request_envelope)
        history = History() if fresh else history_from_attributes(store.get_attributes(key))
        if history is None:
            log.warning("stored history of a newer version; not saving")
            return False
        store.save_attributes(key, history_to_attributes(history.adding(profile.logged)))
        return True


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
        event = build(handler_input) if build else ev.Act.FALLBACK
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
        builder.speak(sorry_ssml(self.prompts))
        if handler_input.request_envelope.session is not None:
            builder.ask(sorry_reprompt_ssml(self.prompts))
            builder.set_should_end_session(False)
        return builder.response


def handlers(turns: Turns) -> list[AbstractRequestHandler]:
    """The request handlers in the order the dispatcher tries them."""
    return [IntentHandler(turns), RequestTypeHandler(turns), OtherRequestHandler()]
