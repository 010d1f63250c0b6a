"""Fuzzing the Lambda door: whatever arrives, ``skill.lambda_function.handler`` answers with
a valid Alexa response (it round-trips through ask-sdk-model, its SSML is valid, it is strict
JSON under 24 KB) and no handler raises (the skill logs no error).

Examples per test: ``--fuzz-examples N`` or ``$FUZZ_EXAMPLES`` (see tests/conftest.py). The
examples after the fuzzers are regressions they found, kept as plain (unit) tests.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import fuzz_test
from support import alexa_problems, load_request, no_errors_logged, put_profile, with_user

from skill import lambda_function


@pytest.fixture(scope="module")
def lambda_store() -> Iterator[Any]:
    """The Lambda handler's skill, built as on Lambda but with ``BACK_ROUTINE_STORE=memory:``;
    yields its store (kept for the whole module, so users accumulate state)."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("BACK_ROUTINE_STORE", "memory:")
        lambda_function.reset()
        try:
            yield lambda_function.get_skill().persistence_adapter
        finally:
            lambda_function.reset()


def call(event: dict[str, Any]) -> dict[str, Any]:
    """Run one event as the Lambda runtime does (the event arrives as JSON text) and check
    the answer."""
    event = json.loads(json.dumps(event))
    with no_errors_logged():
        response = lambda_function.handler(event, None)
    problems = alexa_problems(response)
    assert problems == [], problems
    return response


@fuzz_test
@given(data=st.data())
def test_mutated_envelopes_get_valid_responses(fuzz, lambda_store, data) -> None:
    call(data.draw(fuzz.mutated_envelopes, label="envelope"))


@fuzz_test
@given(data=st.data())
def test_every_request_type_gets_a_valid_response(fuzz, lambda_store, data) -> None:
    call(data.draw(fuzz.typed_envelopes, label="envelope"))


@fuzz_test
@given(data=st.data())
def test_tampered_session_attributes_get_a_valid_response_and_small_state(fuzz, lambda_store, data) -> None:
    response = call(data.draw(fuzz.attribute_envelopes, label="envelope"))
    # Whatever came in, what goes out is the skill's own, small, state.
    assert len(json.dumps(response.get("sessionAttributes", {}))) < 10_000  # two replies of 4,000 at most


@fuzz_test
@given(data=st.data())
def test_garbage_stored_attributes_get_a_valid_response(fuzz, lambda_store, data) -> None:
    user = data.draw(fuzz.user_ids, label="user")
    put_profile(lambda_store, user, data.draw(fuzz.persistent_attributes, label="stored"))
    envelopes = st.one_of(fuzz.attribute_envelopes, fuzz.slot_envelopes, fuzz.typed_envelopes)
    event = data.draw(envelopes, label="envelope")
    call(with_user(event, user))


@fuzz_test
@given(data=st.data())
def test_odd_slot_values_unknown_intents_and_locales_get_valid_responses(fuzz, lambda_store, data) -> None:
    call(data.draw(fuzz.slot_envelopes, label="envelope"))


@fuzz_test
@given(data=st.data())
def test_any_envelope_mixed_and_mutated_again_gets_a_valid_response(fuzz, lambda_store, data) -> None:
    """All of the above mixed, and mutated again."""
    call(data.draw(fuzz.any_envelope, label="envelope"))


# --------------------------------------------------------------------------------------
# Regressions: what the fuzzers found, kept as plain examples.


def _how_to(value: str) -> dict[str, Any]:
    event = load_request("how_to_no_match.json")
    event["request"]["intent"]["slots"]["exercise"]["value"] = value
    return event


@pytest.mark.parametrize("value", ["abc\x00def", "x\ud800y", "\udfff", "a\ufffeb", "\x1b[31mred", "\x00"])
def test_characters_xml_cannot_carry_are_not_spoken(lambda_store, value) -> None:
    """A slot value with NUL, a lone surrogate or another character XML 1.0 cannot carry
    was echoed into the SSML ("I don't know an exercise called ..."): malformed SSML that
    Alexa refuses, and a UnicodeEncodeError in the SSML check."""
    response = call(_how_to(value))
    text = json.dumps(response, ensure_ascii=False)
    assert "\x00" not in text and "\ufffe" not in text and "\x1b" not in text
    text.encode("utf-8")  # no lone surrogate anywhere, session attributes included


def test_tampered_reply_values_are_not_replayed(lambda_store) -> None:
    event = load_request("next_in_session.json")
    event["request"]["intent"] = {"name": "AMAZON.RepeatIntent", "confirmationStatus": "NONE"}
    event["session"]["attributes"] = {
        "v": 1,
        "turn": 3,
        "last": {"speech": [{"say": "text", "values": {"text": "bad \x00 \ud800"}, "variant": 0}], "reprompt": []},
    }
    response = call(event)
    assert "bad" not in response["response"]["outputSpeech"]["ssml"]


@pytest.mark.parametrize(
    "extra",
    [{"__dict__": {}}, {"__dict__": 1}, {"__class__": 1}, {"object_type": [1]}, {"object_type": "LaunchRequest"},
     {"to_dict": 0}, {"attribute_map": None}],
)
def test_fields_named_like_model_attributes_are_ignored(lambda_store, extra) -> None:
    """ask-sdk's deserializer set undeclared fields as attributes of the model, so
    ``"__dict__": {}`` wiped the request and ``"object_type": [1]`` broke its routing."""
    for name in ("audio_player_event.json", "launch.json", "one_shot_how_to.json"):
        event = load_request(name)
        event["request"].update(extra)
        event["context"]["System"]["user"].update(extra)
        response = call(event)
        assert "went wrong" not in json.dumps(response), name


def test_tampered_attributes_are_not_echoed_by_requests_the_skill_ignores(fuzz, lambda_store) -> None:
    """An AudioPlayer, APL or CanFulfill request in a session used to send the session
    attributes back as they came: garbage, lone surrogates, or past Alexa's 24 KB."""
    event = load_request("can_fulfill.json")
    real = fuzz.real_sessions[-1]
    for attributes in ({"junk": ["x" * 100] * 300}, {"a": ["\ud800"]}, {**real, "junk": list(range(10_000))}):
        event["session"] = {**load_request("next_in_session.json")["session"], "attributes": attributes}
        response = call(event)
        assert "junk" not in response.get("sessionAttributes", {})
        assert "a" not in response.get("sessionAttributes", {})
    event["session"]["attributes"] = real
    assert call(event)["sessionAttributes"] == real  # the skill's own state is kept


def test_a_response_over_alexas_limit_loses_its_session_attributes_first(lambda_store) -> None:
    from skill.factory import MAX_RESPONSE_BYTES, _within_limit
    from skill.lambda_function import get_skill

    speech = {"outputSpeech": {"type": "SSML", "ssml": "<speak>Hi.</speak>"}, "shouldEndSession": False}
    big = {"version": "1.0", "sessionAttributes": {"x": "y" * MAX_RESPONSE_BYTES}, "response": speech}
    assert _within_limit(get_skill(), big) == {"version": "1.0", "response": speech}
    huge = {"version": "1.0", "response": {**speech, "card": {"type": "Simple", "content": "z" * MAX_RESPONSE_BYTES}}}
    assert "went wrong" in json.dumps(_within_limit(get_skill(), huge))


def test_a_stored_reply_past_the_size_budget_is_dropped(fuzz) -> None:
    """A tampered ``last`` reply of many small values passed every per-value check and was
    carried from turn to turn (577 values: 8 KB of session attributes)."""
    from skill.state import MAX_REPLY_CHARS, session_from_attributes

    real = fuzz.real_sessions[0]
    many = {f"k{i}": i for i in range(577)}
    tampered = {**real, "last": {"speech": [{"say": "text", "values": many, "variant": 0}], "reprompt": []}}
    assert session_from_attributes(tampered).last is None
    assert session_from_attributes(real) == session_from_attributes(json.loads(json.dumps(real)))
    assert len(json.dumps(real.get("last"))) < MAX_REPLY_CHARS / 2  # the skill's own fit with room to spare


@pytest.mark.parametrize("value", ["²", "³", "٣", "①", "4", "10", "11"])
def test_a_rating_in_odd_digits_is_not_an_error(lambda_store, value) -> None:
    """Found by the 10,000-example run: "²".isdigit() is true but int("²") raises, so a
    pain rating heard as a superscript two was a ValueError (the apology, not a question)."""
    event = load_request("next_in_session.json")
    event["request"]["intent"] = {
        "name": "PainRatingIntent",
        "confirmationStatus": "NONE",
        "slots": {"rating": {"name": "rating", "value": value}},
    }
    assert "went wrong" not in json.dumps(call(event))
