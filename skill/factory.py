"""One skill for every door: AWS Lambda, the Flask web service and the local chat.

``build_skill`` wires the engine, the handlers and a store into an ask-sdk
``CustomSkill``; ``invoke`` runs one request envelope (a JSON-decoded dict) through it
as the Lambda runtime does, and always returns a valid response envelope.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from datetime import date, datetime, timezone
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope

from skill.content import Content, default_content
from skill.handlers import ErrorHandler, Turns, handlers
from skill.logs import request_context
from skill.serializer import RequestSerializer
from skill.sorry import sorry_envelope

log = logging.getLogger("skill.factory")
MAX_RESPONSE_BYTES = 24 * 1024  # Alexa's limit on a whole response (as JSON, \u-escaped)


def utc_today() -> date:
    """Today in UTC: for callers that must not ask the Alexa Settings API (the bench)."""
    return datetime.now(timezone.utc).date()


def build_skill(
    store: AbstractPersistenceAdapter | None = None,
    content: Content | None = None,
    today: Callable[[], date] | None = None,
) -> CustomSkill:
    """The skill, with ``store`` (default: :func:`skill.stores.open_store`), ``content``
    (default: the packaged content) and ``today`` (default: the user's own date, from
    the Alexa Settings API, or UTC when that cannot be had)."""
    content = content if content is not None else default_content()
    if store is None:
        from skill.stores import open_store

        store = open_store()
    builder = CustomSkillBuilder(persistence_adapter=store)
    for handler in handlers(Turns(content, today, store)):
        builder.add_request_handler(handler)
    builder.add_exception_handler(ErrorHandler(content.prompts))
    skill = builder.create()
    skill.serializer = RequestSerializer()  # reads requests safely, and timestamps without dateutil
    skill.content = content  # type: ignore[attr-defined]  # for error replies outside a turn
    return skill


def error_envelope(skill: CustomSkill) -> dict[str, Any]:
    """A valid response for a request the skill could not even read."""
    return sorry_envelope((getattr(skill, "content", None) or default_content()).prompts)


def invoke(skill: CustomSkill, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Run one request envelope, as the Lambda runtime would, and return the response."""
    with request_context(event):
        return _invoke(skill, event, context)


def _invoke(skill: CustomSkill, event: dict[str, Any], context: Any) -> dict[str, Any]:
    try:
        serializer = skill.serializer
        if isinstance(serializer, RequestSerializer):  # every skill build_skill makes
            envelope = serializer.read_request(event)
        else:
            envelope = serializer.deserialize(json.dumps(event), RequestEnvelope)
        if envelope is None or envelope.request is None:
            raise ValueError("the envelope has no request")
    except Exception:
        log.warning("unreadable request envelope", exc_info=True)
        return error_envelope(skill)
    try:
        response = skill.invoke(envelope, context)
        result = skill.serializer.serialize(response)
    except Exception:
        log.exception("the skill failed outside a handler")
        return error_envelope(skill)
    return _within_limit(skill, result) if isinstance(result, dict) else error_envelope(skill)


def _within_limit(skill: CustomSkill, result: dict[str, Any]) -> dict[str, Any]:
    """``result``, kept under Alexa's 24 KB limit on a whole response. The skill's own
    replies are far smaller; only session attributes tampered with and echoed back by the
    error handler could grow one this far. They go first (the next turn starts cleanly),
    then, if that is not enough, the whole reply."""
    if len(json.dumps(result)) <= MAX_RESPONSE_BYTES:
        return result
    log.warning("response over Alexa's size limit: session attributes dropped")
    result.pop("sessionAttributes", None)
    return result if len(json.dumps(result)) <= MAX_RESPONSE_BYTES else error_envelope(skill)
