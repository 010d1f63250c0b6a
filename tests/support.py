"""Helpers shared by the tests (importable as ``support``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import ResponseEnvelope

from skill.speech import ssml_problems

TESTS = Path(__file__).resolve().parent
REQUESTS = TESTS / "requests"
TODAY = date(2026, 11, 25)


def load_request(name: str) -> dict[str, Any]:
    return json.loads((REQUESTS / name).read_text())


def response_problems(response: dict[str, Any]) -> list[str]:
    """What Alexa would reject in a response envelope; empty when it is valid."""
    problems: list[str] = []
    try:
        envelope = DefaultSerializer().deserialize(json.dumps(response), ResponseEnvelope)
    except Exception as exc:  # noqa: BLE001 - report any failure to round-trip
        return [f"does not round-trip through ask-sdk-model: {exc}"]
    if envelope is None or envelope.response is None or response.get("version") != "1.0":
        return ["no version 1.0 response"]
    body = response["response"]
    for key in ("outputSpeech", "reprompt"):
        speech = body.get(key, {})
        speech = speech.get("outputSpeech", {}) if key == "reprompt" else speech
        if speech:
            if speech.get("type") != "SSML":
                problems.append(f"{key} is not SSML")
            problems.extend(f"{key}: {p}" for p in ssml_problems(speech.get("ssml", "")))
    if body.get("shouldEndSession") is False and "reprompt" not in body:
        problems.append("open session without a reprompt")
    return problems


