"""Envelopes and sessions, with a fake skill that records what Alexa would send it."""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.sim import Simulator
from skill.sim.envelope import (
    DEFAULT_USER_ID,
    SKILL_ID,
    Session,
    SlotFill,
    authority,
    envelope,
    intent_request,
    launch_request,
    session_ended_request,
)

TIMESTAMP = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


class FakeSkill:
    """Counts turns in a session attribute; ends the session on Stop."""

    def __init__(self, keep_open: bool | None = False) -> None:
        self.events: list[dict[str, Any]] = []
        self.keep_open = keep_open

    def __call__(self, event: dict[str, Any]) -> dict[str, Any]:
        self.events.append(json.loads(json.dumps(event)))  # what went over the wire
        request = event["request"]
        if request["type"] == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}
        count = event.get("session", {}).get("attributes", {}).get("count", 0) + 1
        name = request.get("intent", {}).get("name", request["type"])
        body: dict[str, Any] = {
            "outputSpeech": {"type": "SSML", "ssml": f"<speak>{name} {count}</speak>"},
        }
        if name in ("AMAZON.StopIntent", "AMAZON.CancelIntent"):
            body["shouldEndSession"] = True
        elif self.keep_open is not None:
            body["shouldEndSession"] = not self.keep_open
            reprompt = {"type": "SSML", "ssml": "<speak>Say next.</speak>"}
            body["reprompt"] = {"outputSpeech": reprompt}
        return {"version": "1.0", "sessionAttributes": {"count": count}, "response": body}


@pytest.fixture
def fake():
    return FakeSkill(keep_open=True)


@pytest.fixture
def sim(fake):
    return Simulator(invoke=fake, user_id="amzn1.ask.account.TEST")


def test_a_launch_opens_a_new_session_shaped_as_alexa_sends_it(sim, fake):
    turn = sim.say("Alexa, start my back routine")
    event = turn.request
    assert event == fake.events[-1]
    assert event["version"] == "1.0"
    session = event["session"]
    assert session["new"] is True
    assert session["sessionId"].startswith("amzn1.echo-api.session.")
    assert session["application"] == {"applicationId": SKILL_ID}
    assert session["user"] == {"userId": "amzn1.ask.account.TEST"}
    assert session["attributes"] == {}
    system = event["context"]["System"]
    assert system["application"]["applicationId"] == SKILL_ID
    assert system["user"]["userId"] == "amzn1.ask.account.TEST"
    assert system["device"]["deviceId"] and system["device"]["supportedInterfaces"] == {}
    assert system["apiEndpoint"] == "https://api.amazonalexa.com"
    assert system["apiAccessToken"]
    request = event["request"]
    assert request["type"] == "LaunchRequest"
    assert request["requestId"].startswith("amzn1.echo-api.request.")
    assert TIMESTAMP.match(request["timestamp"])
    assert request["locale"] == "en-US"
    assert turn.speech == "LaunchRequest 1"


def test_session_carries_attributes_and_id(sim, fake):
    first = sim.say("alexa, open my back routine").request
    second = sim.say("next").request
    third = sim.say("repeat that").request
    assert second["session"]["sessionId"] == first["session"]["sessionId"]
    assert third["session"]["sessionId"] == first["session"]["sessionId"]
    assert (second["session"]["new"], third["session"]["new"]) == (False, False)
    assert second["session"]["attributes"] == {"count": 1}
    assert third["session"]["attributes"] == {"count": 2}
    assert third["request"]["intent"] == {
        "name": "AMAZON.RepeatIntent", "confirmationStatus": "NONE"}
    assert sim.attributes == {"count": 3}


def test_a_slot_carries_its_value_and_entity_resolution(sim):
    sim.say("alexa, start my back routine")
    intent = sim.say("how do I do kid's pose").request["request"]["intent"]
    assert intent["name"] == "HowToIntent" and intent["confirmationStatus"] == "NONE"
    slot = intent["slots"]["exercise"]
    assert slot["name"] == "exercise" and slot["value"] == "kid's pose"
    assert slot["confirmationStatus"] == "NONE"
    (auth,) = slot["resolutions"]["resolutionsPerAuthority"]
    assert auth["authority"] == f"amzn1.er-authority.echo-sdk.{SKILL_ID}.EXERCISE"
    assert auth["status"] == {"code": "ER_SUCCESS_MATCH"}
    assert auth["values"] == [{"value": {"name": "child's pose", "id": "childs_pose"}}]

    slot = sim.say("how do I do jumping jacks").request["request"]["intent"]["slots"]["exercise"]
    (auth,) = slot["resolutions"]["resolutionsPerAuthority"]
    assert slot["value"] == "jumping jacks"
    assert auth["status"] == {"code": "ER_SUCCESS_NO_MATCH"} and "values" not in auth


def test_number_slots_have_no_entity_resolution(sim):
    sim.say("alexa, start my back routine")
    slot = sim.say("about a four").request["request"]["intent"]["slots"]["rating"]
    assert slot["value"] == "4" and "resolutions" not in slot
    parsed = DefaultSerializer().deserialize(json.dumps(sim.say("5").request), RequestEnvelope)
    assert parsed.request.intent.slots["rating"].value == "5"


def test_unfilled_slots_are_sent_empty(sim):
    sim.say("alexa, start my back routine")
    intent = sim.say("how do I do this").request["request"]["intent"]
    assert intent["slots"] == {"exercise": {"name": "exercise", "confirmationStatus": "NONE"}}
    fallback = sim.say("what's the weather like on mars").request["request"]["intent"]
    assert fallback == {"name": "AMAZON.FallbackIntent", "confirmationStatus": "NONE"}


def test_closed_session_sends_nothing_until_the_skill_is_named(sim, fake):
    sim.say("alexa, start my back routine")
    first_id = fake.events[-1]["session"]["sessionId"]
    stop = sim.say("stop")
    assert stop.intent == "AMAZON.StopIntent" and not sim.session_open
    sent = len(fake.events)
    quiet = sim.say("next")
    assert not quiet.sent
    assert quiet.note == "(the session is closed: say 'Alexa, open my back routine')"
    assert sim.say("Alexa, next").note and len(fake.events) == sent
    assert sim.end() is None and len(fake.events) == sent  # nothing open: nothing to end
    again = sim.say("Alexa, open my back routine").request
    assert again["request"]["type"] == "LaunchRequest"
    assert again["session"]["new"] is True and again["session"]["attributes"] == {}
    assert again["session"]["sessionId"] != first_id


def test_one_shot_and_resume_open_new_sessions(sim):
    one_shot = sim.say("Alexa, ask my back routine how do I do child's pose").request
    assert one_shot["session"]["new"] is True
    assert one_shot["request"]["type"] == "IntentRequest"
    assert one_shot["request"]["intent"]["name"] == "HowToIntent"
    assert one_shot["request"]["intent"]["slots"]["exercise"]["value"] == "child's pose"
    sim.say("stop")
    resume = sim.say("Alexa, resume my back routine").request
    assert resume["session"]["new"] is True
    assert resume["request"]["intent"]["name"] == "AMAZON.ResumeIntent"


def test_naming_the_skill_inside_a_session(sim, fake):
    sim.say("alexa, start my back routine")
    inside = sim.say("start my back routine")  # no wake word: the open session hears it
    assert inside.intent == "StartRoutineIntent"
    assert inside.request["request"]["intent"]["slots"]["routine"]["value"] == "my back routine"
    old_id = inside.request["session"]["sessionId"]
    relaunch = sim.say("Alexa, open my back routine")
    ended, launched = relaunch.exchanges
    assert ended.request["request"]["type"] == "SessionEndedRequest"
    assert ended.request["request"]["reason"] == "USER_INITIATED"
    assert ended.request["session"]["sessionId"] == old_id
    assert launched.request["request"]["type"] == "LaunchRequest"
    assert launched.request["session"]["sessionId"] != old_id


def test_end_sends_session_ended_with_the_attributes(sim, fake):
    sim.say("alexa, start my back routine")
    sim.say("next")
    turn = sim.end()
    assert turn is not None and not sim.session_open
    event = turn.request
    assert event["request"]["type"] == "SessionEndedRequest"
    assert event["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert event["session"]["new"] is False and event["session"]["attributes"] == {"count": 2}
    assert fake.events[-1]["request"]["type"] == "SessionEndedRequest"
    assert sim.end() is None


def test_absent_should_end_session_closes_the_session():
    fake = FakeSkill(keep_open=None)
    sim = Simulator(invoke=fake)
    sim.say("alexa, start my back routine")
    assert not sim.session_open


def test_empty_lines_send_nothing(sim, fake):
    assert not sim.say("   ").sent and not sim.say("").sent and fake.events == []


def test_a_simulator_needs_a_skill_or_an_invoke_function():
    with pytest.raises(TypeError):
        Simulator()


def test_the_envelope_builders_write_what_ask_sdk_reads():
    now = datetime(2026, 11, 25, 4, 0, 0, tzinfo=timezone.utc)
    session = Session(attributes={"v": 1})
    fills = {"exercise": SlotFill("exercise", "EXERCISE", "bird dogs", "bird_dog", "bird dog")}
    event = envelope(
        intent_request("HowToIntent", "en-US", slot_names={"exercise": "EXERCISE"}, fills=fills,
                       now=now),
        session=session,
    )
    assert event["request"]["timestamp"] == "2026-11-25T04:00:00Z"
    parsed = DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)
    assert parsed.session.new is True and parsed.session.attributes == {"v": 1}
    assert parsed.context.system.user.user_id == DEFAULT_USER_ID
    slot = parsed.request.intent.slots["exercise"]
    assert slot.value == "bird dogs"
    resolution = slot.resolutions.resolutions_per_authority[0]
    assert resolution.authority == authority("EXERCISE")
    assert resolution.status.code.value == "ER_SUCCESS_MATCH"
    assert resolution.values[0].value.id == "bird_dog"

    ended = session_ended_request("ERROR", "en-US", error_message="boom")
    assert ended["reason"] == "ERROR" and ended["error"]["message"] == "boom"
    with pytest.raises(ValueError):
        session_ended_request("BORED", "en-US")
    outside = envelope(launch_request("en-US"))
    assert "session" not in outside
    parsed = DefaultSerializer().deserialize(json.dumps(outside), RequestEnvelope)
    assert parsed.request.locale == "en-US"
