"""Request envelopes shaped as Alexa sends them, through the whole skill."""

from __future__ import annotations

import copy
import html

import pytest
from support import REQUESTS, load_request, response_problems

from skill.factory import invoke
from skill.stores.keys import StoreError
from skill.stores.memory import MemoryStore

USER = "amzn1.ask.account.TESTUSER"


def speech(response):
    return html.unescape(response["response"].get("outputSpeech", {}).get("ssml", ""))


@pytest.mark.parametrize("name", sorted(p.name for p in REQUESTS.glob("*.json")))
def test_every_request_gets_a_valid_response(make_skill, name):
    response = invoke(make_skill(), load_request(name))
    assert response_problems(response) == []


def test_launch_on_first_use_reads_the_disclaimer(make_skill, memory_store):
    response = invoke(make_skill(), load_request("launch.json"))
    assert "not medical advice" in speech(response)
    assert "How's your back today, from zero to ten?" in speech(response)
    assert response["response"]["shouldEndSession"] is False
    assert response["sessionAttributes"]["pending_routine"] == "back_routine"
    assert memory_store.peek(USER)["disclaimer_heard"] is True


def test_a_one_shot_answer_follows_the_disclaimer(make_skill):
    text = speech(invoke(make_skill(), load_request("one_shot_how_to.json")))
    assert text.index("not medical advice") < text.index("Here's child's pose")


def test_next_leads_the_set_after_the_session_position(make_skill, memory_store):
    response = invoke(make_skill(), load_request("next_in_session.json"))
    assert response["sessionAttributes"]["position"] == {"routine": "back_routine", "exercise": "band_pull_apart"}
    assert "Exercise 3 of 10: band pull aparts." in speech(response)
    assert memory_store.peek(USER)["saved"] == {"routine": "back_routine", "exercise": "band_pull_apart"}
    led_until = response["sessionAttributes"]["led_until"]
    assert 1795579200 + 60 < led_until < 1795579200 + 240  # the request's clock, and the set's length


def test_an_unmatched_exercise_gets_a_helpful_answer(make_skill):
    response = invoke(make_skill(), load_request("how_to_no_match.json"))
    assert "jumping jacks" in speech(response) and "Did you mean" in speech(response)
    assert "what exercises are there" in response["response"]["reprompt"]["outputSpeech"]["ssml"]


def test_an_empty_slot_explains_the_current_exercise(make_skill):
    text = speech(invoke(make_skill(), load_request("how_to_empty_slot.json")))
    assert "bird dog" in text and "Come onto all fours" in text


def test_a_timeout_saves_the_first_set_not_finished_without_speech(make_skill, memory_store):
    response = invoke(make_skill(), load_request("session_ended.json"))
    assert "outputSpeech" not in response["response"]
    assert memory_store.peek(USER)["saved"] == {"routine": "floor_routine", "exercise": "diaphragmatic_breathing"}


def test_a_rating_said_as_a_word_is_heard():
    from skill.request_events import rating

    assert [rating(w) for w in ("nine", "Seven", "0", "10", "11", "²", "lots", None)] == [9, 7, 0, 10, None, None,
                                                                                        None, None]


def test_tampered_attributes_start_cleanly(make_skill):
    response = invoke(make_skill(), load_request("tampered_attributes.json"))
    assert response_problems(response) == []
    assert "position" not in response.get("sessionAttributes", {})


def test_unused_request_types_get_an_empty_valid_response(make_skill):
    for name in ("audio_player_event.json", "skill_enabled_event.json", "can_fulfill.json"):
        response = invoke(make_skill(), load_request(name))
        assert response_problems(response) == []
        assert "outputSpeech" not in response["response"]


def test_an_unknown_intent_is_a_fallback(make_skill):
    text = speech(invoke(make_skill(), load_request("unknown_intent.json")))
    assert "didn't catch that" in text


@pytest.mark.parametrize("broken", [{}, {"version": "1.0"}, {"request": "nope"}, {"request": {"type": 5}}])
def test_an_unreadable_envelope_still_gets_a_valid_response(make_skill, broken):
    assert response_problems(invoke(make_skill(), broken)) == []


class BrokenStore(MemoryStore):
    def __init__(self, read=True, write=True):
        super().__init__()
        self.read, self.write = read, write

    def get_attributes(self, request_envelope):
        if not self.read:
            raise StoreError("disk on fire")
        return super().get_attributes(request_envelope)

    def save_attributes(self, request_envelope, attributes):
        if not self.write:
            raise StoreError("disk on fire")
        super().save_attributes(request_envelope, attributes)


def stop_request():
    request = copy.deepcopy(load_request("next_in_session.json"))
    request["request"]["intent"]["name"] = "AMAZON.StopIntent"
    return request


def test_stop_says_the_place_is_saved_only_when_it_was(make_skill):
    saved = speech(invoke(make_skill(BrokenStore()), stop_request()))
    assert "saved your place at band pull aparts" in saved
    unsaved = speech(invoke(make_skill(BrokenStore(write=False)), stop_request()))
    assert "saved" not in unsaved and "See you next time" in unsaved


def test_an_unreadable_store_still_answers_and_overwrites_nothing(make_skill):
    store = BrokenStore(read=False)
    response = invoke(make_skill(store), load_request("next_in_session.json"))
    assert response_problems(response) == []
    assert "Exercise 3 of 10: band pull aparts." in speech(response)  # the turn itself still happens
    assert store.peek(USER) == {}


def test_every_intent_in_the_model_has_a_handler(make_skill):
    import json

    from skill.content import default_content
    from skill.handlers import IntentHandler, Turns
    from skill.resources import interaction_models_dir

    model = json.loads((interaction_models_dir() / "en-US.json").read_text())
    names = [intent["name"] for intent in model["interactionModel"]["languageModel"]["intents"]]
    handled = IntentHandler(Turns(default_content())).events
    assert set(names) <= set(handled), set(names) - set(handled)
    skill = make_skill()
    for name in names:
        request = copy.deepcopy(load_request("next_in_session.json"))
        request["request"]["intent"] = {"name": name, "confirmationStatus": "NONE"}
        response = invoke(skill, request)
        assert response_problems(response) == [], name
        assert "something went wrong" not in speech(response), name


@pytest.mark.parametrize("name", ["launch.json", "one_shot_how_to.json", "next_in_session.json"])
def test_a_request_without_a_session_is_answered(make_skill, name):
    event = copy.deepcopy(load_request(name))
    del event["session"]
    response = invoke(make_skill(), event)
    assert response_problems(response) == []
    assert "something went wrong" not in speech(response)
    assert "sessionAttributes" not in response or response["sessionAttributes"] in (None, {})


def test_a_failed_turn_and_an_unreadable_envelope_say_the_same_sorry(make_skill, monkeypatch):
    import skill.handlers
    from skill.sorry import sorry_envelope

    def broken(*args, **kwargs):
        raise RuntimeError("engine exploded")

    unreadable = invoke(make_skill(), {"request": "nope"})
    monkeypatch.setattr(skill.handlers, "handle", broken)
    failed = invoke(make_skill(), load_request("launch.json"))
    assert "something went wrong" in speech(failed)
    assert speech(failed) == speech(unreadable) == speech(sorry_envelope())
    assert failed["response"]["shouldEndSession"] is False and "reprompt" in failed["response"]
    assert unreadable == sorry_envelope()
