"""What counts as a valid Alexa response: one check, used by the load script and the tests."""

from __future__ import annotations

import json
from typing import Any


def response_problems(response: Any) -> list[str]:
    """What Alexa would reject in a response envelope; empty when it is valid: a round
    trip through ask-sdk-model, valid SSML, and a reprompt whenever the session stays open."""
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import ResponseEnvelope

    from skill.speech import ssml_problems

    if not isinstance(response, dict):
        return ["the body is not a JSON object"]
    try:
        envelope = DefaultSerializer().deserialize(json.dumps(response), ResponseEnvelope)
    except Exception as exc:  # noqa: BLE001 - report any failure to round-trip
        return [f"does not round-trip through ask-sdk-model: {exc}"]
    if envelope is None or envelope.response is None or response.get("version") != "1.0":
        return ["no version 1.0 response"]
    body = response["response"]
    problems: list[str] = []
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
