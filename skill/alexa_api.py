"""The Alexa APIs the skill calls: the user's time zone (Settings API) and daily
reminders (Reminders API), through ask-sdk's service clients. :func:`daily_reminder`
is the whole reminder service a handler needs: the permission check, the reminder's
words (prompt ``reminder_text``), the call, and its errors mapped to an outcome that
the engine words.

The HTTP client is ours, on the standard library: it has a timeout (Alexa gives a
skill 8 seconds in all), and it is imported only when a turn needs the API. It speaks
HTTPS only, except to a loopback address, where the tests run a stand-in for the API.
"""

from __future__ import annotations

import json
import logging
import urllib.error
import urllib.request
from datetime import date, datetime, timedelta, timezone
from ipaddress import ip_address
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from ask_sdk_model.services.api_client import ApiClient
from ask_sdk_model.services.api_client_request import ApiClientRequest
from ask_sdk_model.services.api_client_response import ApiClientResponse

from skill.engine.events import ReminderStatus
from skill.engine.reply import say, text

log = logging.getLogger("skill.alexa_api")
TIMEOUT_S = 2.0


class ApiError(Exception):
    """The Alexa API could not be reached or refused the call."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def _loopback(host: str | None) -> bool:
    if host == "localhost":
        return True
    try:
        return host is not None and ip_address(host).is_loopback
    except ValueError:
        return False


class UrllibApiClient(ApiClient):
    """ask-sdk's ApiClient on urllib, with a timeout."""

    def __init__(self, timeout: float = TIMEOUT_S) -> None:
        self.timeout = timeout

    def invoke(self, request: ApiClientRequest) -> ApiClientResponse:
        url = request.url or ""
        parts = urlsplit(url)
        if parts.scheme != "https" and not (parts.scheme == "http" and _loopback(parts.hostname)):
            raise ApiError(f"refusing a non-HTTPS API endpoint: {url[:80]}")
        headers = dict(request.headers or [])
        body = request.body
        data: bytes | None = None
        if isinstance(body, bytes):
            data = body
        elif isinstance(body, str):
            data = body.encode()
        elif body is not None:
            data = json.dumps(body).encode()
        call = urllib.request.Request(url, data=data, headers=headers, method=request.method or "GET")
        try:
            with urllib.request.urlopen(call, timeout=self.timeout) as answer:  # noqa: S310 - scheme checked
                return ApiClientResponse(list(answer.headers.items()), answer.read().decode(), answer.status)
        except urllib.error.HTTPError as error:
            return ApiClientResponse(list(error.headers.items()), error.read().decode(errors="replace"), error.code)
        except OSError as error:  # timeouts, refused connections, DNS failures
            raise ApiError(f"the Alexa API did not answer: {error}") from error


class AlexaApi:
    """The calls one request may make, with that request's token and endpoint."""

    def __init__(self, endpoint: str | None, token: str | None, device_id: str | None,
                 client: ApiClient | None = None) -> None:
        self.endpoint, self.token, self.device_id = endpoint, token, device_id
        self.client = client or UrllibApiClient()

    @classmethod
    def from_envelope(cls, envelope: Any) -> AlexaApi:
        system = getattr(getattr(envelope, "context", None), "system", None)
        device = getattr(system, "device", None)
        return cls(getattr(system, "api_endpoint", None), getattr(system, "api_access_token", None),
                   getattr(device, "device_id", None))

    def _factory(self) -> Any:
        from ask_sdk_core.serialize import DefaultSerializer
        from ask_sdk_model.services.api_configuration import ApiConfiguration
        from ask_sdk_model.services.service_client_factory import ServiceClientFactory

        if not (isinstance(self.endpoint, str) and isinstance(self.token, str)):
            raise ApiError("the request carries no API endpoint or token")
        return ServiceClientFactory(ApiConfiguration(DefaultSerializer(), self.client, self.token, self.endpoint))

    def time_zone(self) -> ZoneInfo:
        """The device's time zone, from the Settings API."""
        from ask_sdk_model.services.service_exception import ServiceException

        if not isinstance(self.device_id, str):
            raise ApiError("the request names no device")
        try:
            name = self._factory().get_ups_service().get_system_time_zone(self.device_id)
            return ZoneInfo(str(name))
        except ServiceException as error:
            raise ApiError(f"Settings API: {error}", error.status_code) from error
        except (ValueError, KeyError) as error:  # an unknown zone name
            raise ApiError(f"Settings API gave an unusable time zone: {error}") from error

    def today(self) -> date:
        """The user's date: in the device's time zone, or UTC when that cannot be had."""
        try:
            return datetime.now(self.time_zone()).date()
        except ApiError as error:
            log.info("using UTC for the date: %s", error)
            return datetime.now(timezone.utc).date()

    def create_daily_reminder(self, hour: int, minute: int, text: str, locale: str) -> None:
        """A reminder every day at hour:minute, device time. Raises ApiError (status 401 or
        403 when the user has not granted the reminders permission)."""
        from ask_sdk_model.services.reminder_management import (
            AlertInfo,
            PushNotification,
            PushNotificationStatus,
            Recurrence,
            ReminderRequest,
            SpokenInfo,
            SpokenText,
            Trigger,
            TriggerType,
        )
        from ask_sdk_model.services.service_exception import ServiceException

        try:
            zone: ZoneInfo | None = self.time_zone()
        except ApiError:
            zone = None  # Alexa then uses the device's own time zone
        now = datetime.now(zone or timezone.utc)
        first = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
        if first <= now:
            first += timedelta(days=1)
        rule = f"FREQ=DAILY;BYHOUR={hour};BYMINUTE={minute};BYSECOND=0;INTERVAL=1"
        request = ReminderRequest(
            request_time=datetime.now(timezone.utc).replace(tzinfo=None),
            trigger=Trigger(
                object_type=TriggerType.SCHEDULED_ABSOLUTE,
                time_zone_id=zone.key if zone else None,
                recurrence=Recurrence(start_date_time=first.replace(tzinfo=None), recurrence_rules=[rule]),
            ),
            alert_info=AlertInfo(spoken_info=SpokenInfo(content=[SpokenText(locale=locale, text=text)])),
            push_notification=PushNotification(status=PushNotificationStatus.ENABLED),
        )
        try:
            self._factory().get_reminder_management_service().create_reminder(request)
        except ServiceException as error:
            raise ApiError(f"Reminders API: {error}", error.status_code) from error


def daily_reminder(envelope: Any, hour: int, minute: int, prompts: Any) -> ReminderStatus:
    """Ask the Reminders API for a reminder every day at hour:minute, spoken in the
    request's locale: "created", "no_permission" (no consent token, or the API said 401
    or 403) or "failed" (anything else, logged)."""
    user = getattr(getattr(getattr(envelope, "context", None), "system", None), "user", None)
    if not getattr(getattr(user, "permissions", None), "consent_token", None):
        return "no_permission"
    locale = getattr(getattr(envelope, "request", None), "locale", None) or "en-US"
    words = text(prompts, say("reminder_text"))
    try:
        AlexaApi.from_envelope(envelope).create_daily_reminder(hour, minute, words, locale)
    except ApiError as error:
        if error.status in (401, 403):
            return "no_permission"
        log.warning("reminder not created: %s", error)
        return "failed"
    return "created"
