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
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_core.skill import CustomSkill
from ask_sdk_core.skill_builder import CustomSkillBuilder
from ask_sdk_model import RequestEnvelope

from skill.content import Content, default_content
from skill.handlers import ErrorHandler, Turns, handlers
from skill.logs import request_context
from skill.routine import Coach, say
from skill.serializer import RequestSerializer
from skill.speech import render

log = logging.getLogger("skill.factory")
MAX_RESPONSE_BYTES = 24 * 1024  # Alexa's limit on a whole response (as JSON, \u-escaped)


def utc_today() -> date:
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
    for handler in handlers(Turns(Coach(content), today)):
        builder.add_request_handler(handler)
    builder.add_exception_handler(ErrorHandler(content.prompts))
    skill = builder.create()
    skill.serializer = RequestSerializer()  # reads Alexa's timestamps without dateutil
    skill.content = content  # type: ignore[attr-defined]  # for error replies outside a turn
    return skill


class RequestSerializer(DefaultSerializer):
    """ask-sdk's serializer, without one hazard when it reads a request.

    For a field a model does not declare, ``DefaultSerializer`` calls
    ``setattr(model, field, value)``. A request carrying ``"__dict__": {}`` therefore wipes
    the model, and one carrying ``"object_type": [1]``, ``"user_id"`` or ``"to_dict"``
    replaces the model's own attribute or method. Fields that would do that (a leading
    underscore, or a name the model already has on the Python side) are dropped before the
    model is built; other undeclared fields are kept, as ask-sdk keeps them.
    """

    def _DefaultSerializer__deserialize_model(self, payload: Any, obj_type: Any) -> Any:  # noqa: N802
        if isinstance(payload, dict) and hasattr(obj_type, "deserialized_types"):
            model = obj_type
            if hasattr(model, "get_real_child_model"):
                model = self._DefaultSerializer__get_obj_by_discriminator(payload, model)  # type: ignore[attr-defined]
            declared = set(getattr(model, "attribute_map", {}).values())
            payload = {
                key: value
                for key, value in payload.items()
                if key in declared
                or not (key.startswith("_") or key in model.deserialized_types or hasattr(model, key))
            }
        return super()._DefaultSerializer__deserialize_model(payload, obj_type)  # type: ignore[misc]


_REQUEST_SERIALIZER = RequestSerializer()


def error_envelope(skill: CustomSkill) -> dict[str, Any]:
    """A valid response for a request the skill could not even read."""
    prompts = getattr(skill, "content", None) or default_content()
    ssml = render((say("error"),), prompts.prompts)
    return {
        "version": "1.0",
        "response": {"outputSpeech": {"type": "SSML", "ssml": ssml}, "shouldEndSession": True},
    }


def invoke(skill: CustomSkill, event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    """Run one request envelope, as the Lambda runtime would, and return the response."""
    with request_context(event):
        return _invoke(skill, event, context)


def _invoke(skill: CustomSkill, event: dict[str, Any], context: Any) -> dict[str, Any]:
    try:
        envelope = _REQUEST_SERIALIZER.deserialize(json.dumps(event), RequestEnvelope)
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
