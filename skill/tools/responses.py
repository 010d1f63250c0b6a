"""What counts as a valid Alexa response, and valid SSML: the checks used by the load
script and the tests (never by a turn)."""

from __future__ import annotations

import json
import re
from typing import Any

from skill.speech import MAX_BREAK_S, MAX_SSML_CHARS


def response_problems(response: Any) -> list[str]:
    """What Alexa would reject in a response envelope; empty when it is valid: a round
    trip through ask-sdk-model, valid SSML, and a reprompt whenever the session stays open."""
    from ask_sdk_core.serialize import DefaultSerializer
    from ask_sdk_model import ResponseEnvelope

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


# --------------------------------------------------------------------------------------
# Checking SSML as Alexa would

ALLOWED_TAGS = {
    "speak", "break", "p", "s", "emphasis", "prosody", "say-as", "sub", "phoneme", "lang",
    "voice", "w", "audio", "amazon:effect", "amazon:emotion", "amazon:domain", "mark",
}
_TIME = r"^(\d+(?:\.\d+)?)(ms|s)$"  # compiled on first use: only the checks need it


def ssml_problems(ssml: str) -> list[str]:
    """Everything Alexa would reject in this SSML; an empty list means it is valid."""
    from xml.etree import ElementTree

    problems: list[str] = []
    if len(ssml) > MAX_SSML_CHARS:
        problems.append(f"{len(ssml)} characters, over {MAX_SSML_CHARS}")
    wrapped = ssml.replace("amazon:", "amazon_")  # namespaced tags without a declaration
    try:
        root = ElementTree.fromstring(wrapped)
    except (ElementTree.ParseError, UnicodeEncodeError) as exc:
        return [*problems, f"not well-formed XML: {exc}"]
    if root.tag != "speak":
        problems.append(f"root element is <{root.tag}>, not <speak>")
    for element in root.iter():
        tag = element.tag.replace("amazon_", "amazon:")
        if tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}> is not an Alexa SSML tag")
        if tag == "speak" and element is not root:
            problems.append("nested <speak>")
        if tag == "break":
            time = element.get("time")
            if time is not None:
                match = re.match(_TIME, time)
                if not match:
                    problems.append(f'break time "{time}" is malformed')
                else:
                    value = float(match.group(1)) / (1000 if match.group(2) == "ms" else 1)
                    if value > MAX_BREAK_S:
                        problems.append(f'break time "{time}" is over {MAX_BREAK_S} s')
    return problems
