"""Request envelopes shaped as Alexa sends them to a custom skill.

Only the standard library: these are plain dicts, ready for ``json.dumps`` or for the
skill's ``invoke``. The shapes follow Amazon's "Request and Response JSON Reference":
``version``, ``session`` (absent outside a session), ``context.System`` and ``request``.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any, Literal

SKILL_ID = "amzn1.ask.skill.back-routine-local"
DEFAULT_USER_ID = "amzn1.ask.account.local-user"
DEVICE_ID = "amzn1.ask.device.local-simulator"
API_ENDPOINT = "https://api.amazonalexa.com"
API_ACCESS_TOKEN = "local-simulator-token"  # not a secret: nothing checks it

EndReason = Literal["USER_INITIATED", "EXCEEDED_MAX_REPROMPTS", "ERROR"]
END_REASONS: tuple[str, ...] = ("USER_INITIATED", "EXCEEDED_MAX_REPROMPTS", "ERROR")

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def timestamp(now: datetime | None = None) -> str:
    """ISO 8601 in UTC with a Z and whole seconds, as Alexa writes it."""
    moment = (now or utc_now()).astimezone(timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def new_request_id() -> str:
    return f"amzn1.echo-api.request.{uuid.uuid4()}"


def new_session_id() -> str:
    return f"amzn1.echo-api.session.{uuid.uuid4()}"


def authority(slot_type: str, skill_id: str = SKILL_ID) -> str:
    """The entity-resolution authority of a custom slot type."""
    return f"amzn1.er-authority.echo-sdk.{skill_id}.{slot_type}"


@dataclass(frozen=True)
class SlotFill:
    """What the person said for one slot, and what it resolved to (if anything)."""

    name: str
    type: str
    value: str
    resolved_id: str | None = None
    resolved_name: str | None = None
    builtin: bool = False  # an AMAZON.* type: no entity resolution is sent

    @property
    def matched(self) -> bool:
        return self.resolved_id is not None


@dataclass
class Session:
    """An open Alexa session as the simulator carries it from turn to turn."""

    session_id: str = field(default_factory=new_session_id)
    new: bool = True
    attributes: dict[str, Any] = field(default_factory=dict)


def _resolutions(fill: SlotFill, skill_id: str) -> dict[str, Any]:
    entry: dict[str, Any] = {"authority": authority(fill.type, skill_id)}
    if fill.matched:
        entry["status"] = {"code": "ER_SUCCESS_MATCH"}
        entry["values"] = [{"value": {"name": fill.resolved_name or fill.value,
                                      "id": fill.resolved_id}}]
    else:
        entry["status"] = {"code": "ER_SUCCESS_NO_MATCH"}
    return {"resolutionsPerAuthority": [entry]}


def slot_json(name: str, fill: SlotFill | None, skill_id: str = SKILL_ID) -> dict[str, Any]:
    """One entry of ``intent.slots``: empty (name only) when the person did not fill it."""
    if fill is None:
        return {"name": name, "confirmationStatus": "NONE"}
    if fill.builtin:
        return {
            "name": name,
            "value": fill.value,
            "confirmationStatus": "NONE",
            "source": "USER",
            "slotValue": {"type": "Simple", "value": fill.value},
        }
    resolutions = _resolutions(fill, skill_id)
    return {
        "name": name,
        "value": fill.value,
        "confirmationStatus": "NONE",
        "source": "USER",
        "resolutions": resolutions,
        "slotValue": {"type": "Simple", "value": fill.value, "resolutions": resolutions},
    }


def launch_request(locale: str, now: datetime | None = None) -> dict[str, Any]:
    return {
        "type": "LaunchRequest",
        "requestId": new_request_id(),
        "timestamp": timestamp(now),
        "locale": locale,
        "shouldLinkResultBeReturned": False,
    }


def intent_request(
    intent_name: str,
    locale: str,
    *,
    slot_names: Mapping[str, str] | None = None,
    fills: Mapping[str, SlotFill] | None = None,
    skill_id: str = SKILL_ID,
    now: datetime | None = None,
) -> dict[str, Any]:
    """An IntentRequest. ``slot_names`` (slot name -> type) lists every slot the intent
    has; the ones the person did not fill are sent empty, as Alexa does."""
    fills = dict(fills or {})
    names = list(slot_names or {})
    names += [name for name in fills if name not in names]
    intent: dict[str, Any] = {"name": intent_name, "confirmationStatus": "NONE"}
    if names:
        intent["slots"] = {name: slot_json(name, fills.get(name), skill_id) for name in names}
    return {
        "type": "IntentRequest",
        "requestId": new_request_id(),
        "timestamp": timestamp(now),
        "locale": locale,
        "intent": intent,
    }


def session_ended_request(
    reason: EndReason | str, locale: str, *, error_message: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    if reason not in END_REASONS:
        raise ValueError(f"unknown SessionEndedRequest reason {reason!r}; use one of {END_REASONS}")
    request: dict[str, Any] = {
        "type": "SessionEndedRequest",
        "requestId": new_request_id(),
        "timestamp": timestamp(now),
        "locale": locale,
        "reason": reason,
    }
    if reason == "ERROR":
        request["error"] = {"type": "INTERNAL_SERVICE_ERROR",
                            "message": error_message or "an error occurred"}
    return request


def user_event_request(
    arguments: list[Any], locale: str, *, token: str | None = None, source_id: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """An ``Alexa.Presentation.APL.UserEvent``: a touch on a component of the rendered
    document (``token``) whose ``SendEvent`` has these ``arguments``."""
    request: dict[str, Any] = {
        "type": "Alexa.Presentation.APL.UserEvent",
        "requestId": new_request_id(),
        "timestamp": timestamp(now),
        "locale": locale,
        "arguments": list(arguments),
        "source": {"type": "TouchWrapper", "handler": "Press", "id": source_id or ""},
    }
    if token is not None:
        request["token"] = token
    return request


def envelope(
    request: Mapping[str, Any],
    *,
    user_id: str = DEFAULT_USER_ID,
    session: Session | None = None,
    skill_id: str = SKILL_ID,
    device_id: str = DEVICE_ID,
    api_endpoint: str | None = None,
    screen: bool = False,
    consent_token: str | None = None,
) -> dict[str, Any]:
    """Wrap a ``request`` in the full envelope: ``session`` only when one is given;
    ``screen`` says the device supports APL; ``consent_token`` that the user granted
    the skill's permissions."""
    application = {"applicationId": skill_id}
    user: dict[str, Any] = {"userId": user_id}
    if consent_token:
        user["permissions"] = {"consentToken": consent_token}
    interfaces: dict[str, Any] = {}
    if screen:
        interfaces["Alexa.Presentation.APL"] = {"runtime": {"maxVersion": "2023.3"}}
    body: dict[str, Any] = {"version": "1.0"}
    if session is not None:
        body["session"] = {
            "new": session.new,
            "sessionId": session.session_id,
            "application": dict(application),
            "attributes": dict(session.attributes),
            "user": dict(user),
        }
    body["context"] = {
        "System": {
            "application": dict(application),
            "user": dict(user),
            "device": {"deviceId": device_id, "supportedInterfaces": interfaces},
            "apiEndpoint": api_endpoint or API_ENDPOINT,
            "apiAccessToken": API_ACCESS_TOKEN,
        }
    }
    body["request"] = dict(request)
    return body
