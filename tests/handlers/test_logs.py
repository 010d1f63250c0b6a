"""Logs: structured, with the request id and type, a hashed user, and no speech at INFO."""

from __future__ import annotations

import io
import json
import logging

import pytest
from support import load_request

import skill.handlers
from skill.factory import build_skill, invoke
from skill.logs import ContextFilter, JsonFormatter, user_hash
from skill.sim import Simulator
from skill.stores.memory import MemoryStore

USER = "amzn1.ask.account.SECRET-USER-ID-123"


@pytest.fixture
def captured():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(ContextFilter())
    logger = logging.getLogger("skill")
    old_level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    logger.removeHandler(handler)
    logger.setLevel(old_level)


def test_every_record_names_the_request_and_hides_the_user(captured):
    simulator = Simulator(build_skill(MemoryStore()), user_id=USER)
    spoken = []
    for line in ["alexa, start my back routine", "skip", "next", "how do I do bird dog", "stop"]:
        spoken.append(simulator.say(line).speech)
    records = captured()
    assert records, "a conversation logs its turns"
    for record in records:
        assert record["request_id"] not in ("", "-")
        assert record["request_type"] in {"LaunchRequest", "IntentRequest", "SessionEndedRequest"}
        assert record["user"] == user_hash(USER) and len(record["user"]) == 10
    text = "\n".join(json.dumps(r) for r in records)
    assert USER not in text and "SECRET-USER-ID" not in text
    info_and_up = "\n".join(json.dumps(r) for r in records if r["level"] != "DEBUG")
    for said in spoken:
        for sentence in said.split(". "):
            if len(sentence) > 12:
                assert sentence not in info_and_up
    assert any(r.get("intent") == "HowToIntent" for r in records)


def test_an_error_carries_what_it_takes_to_reproduce(captured, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("engine exploded")

    monkeypatch.setattr(skill.handlers, "handle", broken)
    request = load_request("how_to_no_match.json")
    response = invoke(build_skill(MemoryStore()), request)
    assert "something went wrong" in response["response"]["outputSpeech"]["ssml"]
    (error,) = [r for r in captured() if r["level"] == "ERROR"]
    assert error["intent"] == "HowToIntent"
    assert error["slots"] == {"exercise": "jumping jacks"}
    assert error["session_attributes"] == {"v": 2, "turn": 1}
    assert "engine exploded" in error["error"] and "Traceback" in error["error"]
    assert error["request_type"] == "IntentRequest" and error["request_id"] == request["request"]["requestId"]


def test_the_user_hash_is_sha256():
    import hashlib

    assert user_hash(USER) == hashlib.sha256(USER.encode()).hexdigest()[:10]
    assert user_hash("") == user_hash(None) == "-"
