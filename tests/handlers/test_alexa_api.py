"""Reminders and the user's time zone, over real HTTP, against a local stand-in for the
Alexa API at the request's ``apiEndpoint``."""

from __future__ import annotations

import json
import threading
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from support import response_problems

from skill.alexa_api import AlexaApi
from skill.factory import build_skill
from skill.sim import Simulator
from skill.sim.envelope import API_ACCESS_TOKEN, DEVICE_ID
from skill.stores.keys import HISTORY_SUFFIX
from skill.stores.memory import MemoryStore

pytestmark = pytest.mark.integration

ZONE = "Pacific/Kiritimati"  # UTC+14: its date differs from UTC's for most of the day


class StandIn(ThreadingHTTPServer):
    """Answers as the Alexa Settings and Reminders APIs do; records what it was sent."""

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.calls: list[dict[str, Any]] = []
        self.reminders_status = 201

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class Handler(BaseHTTPRequestHandler):
    server: StandIn

    def log_message(self, *args: Any) -> None:
        pass

    def _answer(self, status: int, body: Any) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:  # noqa: N802
        self.server.calls.append({"method": "GET", "path": self.path, "auth": self.headers.get("Authorization")})
        if self.path == f"/v2/devices/{DEVICE_ID}/settings/System.timeZone":
            self._answer(200, ZONE)
        else:
            self._answer(404, {"code": "NOT_FOUND", "message": "no such setting"})

    def do_POST(self) -> None:  # noqa: N802
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.server.calls.append({"method": "POST", "path": self.path, "auth": self.headers.get("Authorization"),
                                  "body": body})
        if self.path != "/v1/alerts/reminders":
            self._answer(404, {"code": "NOT_FOUND", "message": "no such API"})
        elif self.server.reminders_status == 201:
            self._answer(201, {"alertToken": "token-1", "status": "ON", "version": "1",
                               "createdTime": "2026-11-25T04:00:00.000Z", "updatedTime": "2026-11-25T04:00:00.000Z"})
        else:
            self._answer(self.server.reminders_status, {"code": "UNAUTHORIZED", "message": "no permission"})


@pytest.fixture
def api():
    server = StandIn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def simulator(api_url: str, consent: bool = True, store: MemoryStore | None = None) -> Simulator:
    # No fixed clock: the skill asks the Settings API for the user's date.
    return Simulator(build_skill(store or MemoryStore()), api_endpoint=api_url,
                     consent_token="consent-token" if consent else None, user_id="amzn1.ask.account.api")


def test_a_daily_reminder_is_created_through_the_reminders_api(api):
    sim = simulator(api.url)
    sim.say("alexa, open my back routine")
    turn = sim.say("remind me every day at 8 am")
    assert response_problems(turn.response) == []
    assert "I'll remind you every day at 8 am" in turn.speech
    (post,) = [c for c in api.calls if c["method"] == "POST"]
    assert post["auth"] == f"Bearer {API_ACCESS_TOKEN}"
    trigger = post["body"]["trigger"]
    assert trigger["type"] == "SCHEDULED_ABSOLUTE" and trigger["timeZoneId"] == ZONE
    assert trigger["recurrence"]["recurrenceRules"] == ["FREQ=DAILY;BYHOUR=8;BYMINUTE=0;BYSECOND=0;INTERVAL=1"]
    assert "back routine" in post["body"]["alertInfo"]["spokenInfo"]["content"][0]["text"]


def test_without_permission_the_skill_says_so_and_sends_the_consent_card(api):
    sim = simulator(api.url, consent=False)
    sim.say("alexa, open my back routine")
    turn = sim.say("remind me every day at 7 pm")
    assert "I need your permission to set reminders" in turn.speech
    card = turn.response["response"]["card"]
    assert card == {"type": "AskForPermissionsConsent", "permissions": ["alexa::alerts:reminders:skill:readwrite"]}
    assert not [c for c in api.calls if c["method"] == "POST"]


def test_a_refusal_from_the_api_also_asks_for_consent(api):
    api.reminders_status = 401
    sim = simulator(api.url)
    sim.say("alexa, open my back routine")
    turn = sim.say("set a daily reminder for 6:30 pm")
    assert "I need your permission" in turn.speech
    assert turn.response["response"]["card"]["type"] == "AskForPermissionsConsent"


def test_an_api_that_is_down_gets_an_honest_answer(api):
    url = api.url
    api.shutdown()
    api.server_close()
    sim = simulator(url)
    sim.say("alexa, open my back routine")
    turn = sim.say("remind me every day at 8 am")
    assert "couldn't set that reminder" in turn.speech
    assert response_problems(turn.response) == []


def test_a_reminder_needs_a_time(api):
    sim = simulator(api.url)
    sim.say("alexa, open my back routine")
    turn = sim.say("set a reminder")
    assert "What time would you like your reminder?" in turn.speech
    assert not [c for c in api.calls if c["method"] == "POST"]


def test_today_is_the_users_own_date(api):
    assert AlexaApi(api.url, "t", DEVICE_ID).today() == datetime.now(ZoneInfo(ZONE)).date()


def test_without_the_settings_api_the_date_is_utc(api):
    assert AlexaApi(api.url, "t", "unknown-device").today() == datetime.now(timezone.utc).date()
    assert AlexaApi(None, None, None).today() == datetime.now(timezone.utc).date()


def test_completions_and_ratings_are_dated_in_the_users_time_zone(api):
    store = MemoryStore()
    sim = simulator(api.url, store=store)
    sim.say("alexa, ask my back routine to start the floor routine")
    sim.say("4")  # cat cow is led
    sim.say("skip this one")  # bird dog is skipped
    turn = sim.say("skip this one")  # and child's pose, the last: the routine is done
    assert "How's your back now" in turn.speech
    local = datetime.now(ZoneInfo(ZONE)).date().isoformat()
    saved = store.peek("amzn1.ask.account.api" + HISTORY_SUFFIX)  # the history record
    assert saved["completions"] == [{"day": local, "routine": "floor_routine"}]
    assert saved["pains"][0]["day"] == local
    assert store.peek("amzn1.ask.account.api")["progress"]["days"] == {"to": local, "n": [1]}
