"""Echo Show screens (APL) and Alexa app cards, through the whole skill."""

from __future__ import annotations

import html
import re

import pytest
from support import TODAY, response_problems

from skill.factory import build_skill
from skill.sim import Simulator
from skill.stores.memory import MemoryStore


@pytest.fixture
def show():
    return Simulator(build_skill(MemoryStore(), today=lambda: TODAY), screen=True, user_id="amzn1.ask.account.show")


def directives(turn):
    return turn.response["response"].get("directives", [])


def screen_of(turn):
    (directive,) = [d for d in directives(turn) if d["type"] == "Alexa.Presentation.APL.RenderDocument"]
    assert directive["document"]["type"] == "APL"
    return directive["datasources"]["payload"]["screen"]


def spoken(turn):
    return html.unescape(re.sub(r"<[^>]+>", " ", turn.ssml))


def test_every_exercise_shows_the_steps_being_led(show):
    show.say("alexa, open my back routine")
    for line in ("skip", "next", "next"):
        turn = show.say(line)
        assert response_problems(turn.response) == []
        screen = screen_of(turn)
        position = turn.response["sessionAttributes"]["position"]
        words = " ".join(spoken(turn).split())
        assert screen["text"] and screen["text"] in words  # the same steps on the screen as in the speech
        number = ["seated_cat_cow", "cat_cow", "band_pull_apart"].index(position["exercise"]) + 1
        assert screen["where"] == f"exercise {number} of 10"
        assert screen["progress"] == f"{number * 10}%" and screen["equipment"]


def test_explanations_show_all_the_steps_and_send_a_card(show):
    show.say("alexa, open my back routine")
    turn = show.say("how do I do bird dog")
    screen = screen_of(turn)
    assert screen["kind"] == "explain" and screen["exercise"] == "Bird Dog"
    assert "Come onto all fours" in screen["text"] and "Lower your arm and leg" in screen["text"]
    card = turn.response["response"]["card"]
    assert card["type"] == "Simple" and card["title"] == "Bird Dog"
    assert "Come onto all fours" in card["content"] and "Keep your hips level" in card["content"]
    assert "<" not in card["content"] and "&" not in card["content"]


def test_the_touch_buttons_act_like_the_voice_intents(show):
    show.say("alexa, open my back routine")
    show.say("skip")
    by_voice = show.say("next")
    show.say("alexa, go back")  # during cat cow: back to seated cat cow
    by_touch = show.send_request({"type": "Alexa.Presentation.APL.UserEvent", "requestId": "r", "locale": "en-US",
                                  "timestamp": "2026-11-25T04:00:00Z", "token": "back-routine",
                                  "arguments": ["next"], "source": {"type": "TouchWrapper", "id": "next"}})
    assert response_problems(by_touch.response) == []
    assert by_touch.response["sessionAttributes"]["position"] == by_voice.response["sessionAttributes"]["position"]
    assert "Exercise 2 of 10: cat cow." in by_touch.speech
    again = show.send_request({"type": "Alexa.Presentation.APL.UserEvent", "requestId": "r2", "locale": "en-US",
                               "timestamp": "2026-11-25T04:00:01Z", "arguments": ["repeat"]})
    assert again.speech.startswith("From the top of cat cow.")
    assert again.response["sessionAttributes"]["position"] == by_voice.response["sessionAttributes"]["position"]


def test_a_device_without_a_screen_gets_no_apl():
    voice_only = Simulator(build_skill(MemoryStore(), today=lambda: TODAY))
    voice_only.say("alexa, open my back routine")
    turn = voice_only.say("skip")
    assert "Exercise 1 of 10" in turn.speech
    assert directives(turn) == []


def test_a_finished_routine_sends_a_summary_card():
    sim = Simulator(build_skill(MemoryStore(), today=lambda: TODAY))
    sim.say("alexa, ask my back routine to start the floor routine")
    sim.say("skip")  # the pain check-in; cat cow is led
    sim.say("skip this one")  # bird dog, offered next, is skipped
    turn = sim.say("skip this one")  # so is child's pose, the last
    assert "How's your back now" in turn.speech
    card = turn.response["response"]["card"]
    assert card["title"] == "Floor Routine finished"
    assert "You finished the floor routine, all 4 exercises." in card["content"]
