"""A touch on the screen: Simulator.press sends the APL UserEvent the button declares, in
the open session, as an Echo Show would (the voice console's buttons use it)."""

from __future__ import annotations

import json
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from ask_sdk_model.interfaces.alexa.presentation.apl import UserEvent

from skill.sim import Simulator
from skill.sim.envelope import user_event_request


def keep_open(event: dict[str, Any]) -> dict[str, Any]:
    count = event.get("session", {}).get("attributes", {}).get("count", 0) + 1
    return {"version": "1.0", "sessionAttributes": {"count": count},
            "response": {"outputSpeech": {"type": "PlainText", "text": "Okay."}, "shouldEndSession": False}}


def test_a_press_is_a_user_event_in_the_open_session() -> None:
    sim = Simulator(invoke=keep_open, screen=True)
    opened = sim.say("open my back routine")
    turn = sim.press(["next"], token="back-routine", source_id="next")
    event = turn.request
    assert event is not None and turn.line == ""
    assert event["session"]["sessionId"] == opened.request["session"]["sessionId"]  # type: ignore[index]
    assert event["session"]["new"] is False and event["session"]["attributes"] == {"count": 1}
    assert event["request"]["type"] == "Alexa.Presentation.APL.UserEvent"
    assert event["request"]["arguments"] == ["next"]
    assert event["request"]["token"] == "back-routine"
    assert event["request"]["source"] == {"type": "TouchWrapper", "handler": "Press", "id": "next"}
    parsed = DefaultSerializer().deserialize(json.dumps(event), RequestEnvelope)
    assert isinstance(parsed.request, UserEvent) and parsed.request.arguments == ["next"]
    assert sim.session_open


def test_a_user_event_without_a_token_has_none() -> None:
    request = user_event_request(["repeat"], "en-US")
    assert "token" not in request and request["source"]["id"] == ""
