"""The skill through an independent client: virtual-alexa (npm) resolves what is said
against interaction_models/en-US.json and calls `back-routine serve` over HTTP.

Needs node and `npm ci --prefix tests/virtual_alexa`; those tests are skipped without.
How much of each phrase set is understood is asserted in test_understanding.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from support import free_port, response_problems, wait_until_up

from skill.intents import ALL_INTENTS
from skill.tools.understanding import (
    DEFAULT_PHRASES,
    VIRTUAL_ALEXA_SKILL_ID,
    Phrase,
    heard_from_virtual_alexa,
    load_phrases,
    phrase_problems,
    run_understand,
    understood,
    virtual_alexa_job,
    virtual_alexa_unavailable,
)

pytestmark = pytest.mark.integration

UNAVAILABLE = virtual_alexa_unavailable()
needs_virtual_alexa = pytest.mark.skipif(UNAVAILABLE is not None, reason=f"virtual-alexa cannot run: {UNAVAILABLE}")


@pytest.fixture(scope="module")
def url(tmp_path_factory: pytest.TempPathFactory):
    """`back-routine serve` on a free port: verification off, a memory store, and the
    skill id understand.js tells virtual-alexa to send."""
    folder = tmp_path_factory.mktemp("serve")
    port, log_path = free_port(), folder / "serve.log"
    command = [sys.executable, "-m", "skill.cli", "serve", "--port", str(port), "--store", "memory:",
               "--skill-id", VIRTUAL_ALEXA_SKILL_ID, "--insecure-skip-verification"]
    with log_path.open("w") as log:
        process = subprocess.Popen(command, cwd=folder, stdout=log, stderr=subprocess.STDOUT,
                                   env=os.environ | {"BACK_ROUTINE_LOG_LEVEL": "WARNING"})
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base + "/health", process, log_path.read_text)
        yield base + "/"
    finally:
        process.terminate()
        process.wait(timeout=10)


def talk(url: str, *conversations: dict) -> list[dict]:
    return run_understand(virtual_alexa_job(url, conversations, responses=True), timeout_s=120)


def assert_spoken(turn: dict) -> None:
    assert turn["speech"].strip(), f"no speech for {turn['line']!r}"
    assert response_problems(turn["response"]) == [], turn["line"]


@needs_virtual_alexa
def test_a_launch_gets_a_spoken_answer(url: str) -> None:
    [result] = talk(url, {"setup": []})
    assert result["ok"], result["error"]
    assert result["request_type"] == "LaunchRequest" and result["session_new"] is True
    assert_spoken(result["turns"][0])


@needs_virtual_alexa
def test_how_do_i_do_childs_pose_resolves_the_exercise(url: str) -> None:
    [result] = talk(url, {"setup": ["start my back routine", "skip"], "phrase": "how do I do child's pose"})
    assert result["ok"], result["error"]
    assert result["intent"] == "HowToIntent" and not result["no_match"]
    exercise = result["slots"]["exercise"]
    assert (exercise["status"], exercise["id"]) == ("ER_SUCCESS_MATCH", "childs_pose")
    assert_spoken(result["turns"][-1])


@needs_virtual_alexa
def test_the_wake_word_before_a_line_is_left_out_as_a_device_does(url: str) -> None:
    """"Alexa, which side is this", said over a set being led: a device sends only what
    follows the wake word, and no sample of the model starts with it."""
    results = talk(url, {"setup": ["start my back routine", "skip"], "phrase": "Alexa, how do I do child's pose"},
                   {"setup": ["start my back routine", "skip"], "phrase": "alexa which side is this"})
    assert [(r["ok"], r["intent"], r["no_match"]) for r in results] == [
        (True, "HowToIntent", False), (True, "WhichSideIntent", False)]
    assert results[0]["slots"]["exercise"]["id"] == "childs_pose"
    assert results[0]["turns"][-1]["line"] == "Alexa, how do I do child's pose"  # recorded as said


@needs_virtual_alexa
def test_launch_skip_next_is_spoken_every_turn(url: str) -> None:
    [result] = talk(url, {"setup": ["start my back routine", "skip", "next"]})
    assert result["ok"], result["error"]
    turns = result["turns"]
    assert [t["line"] for t in turns] == ["start my back routine", "skip", "next"]
    assert [t["request_type"] for t in turns] == ["LaunchRequest", "IntentRequest", "IntentRequest"]
    assert turns[2]["intent"] == "AMAZON.NextIntent"
    assert [t["session_new"] for t in turns] == [True, False, False]
    for turn in turns:
        assert_spoken(turn)
        assert not turn["end_session"]


def test_the_phrase_set_parses_and_names_only_known_intents() -> None:
    phrases = load_phrases(DEFAULT_PHRASES)
    assert len(phrases) >= 150
    assert {p.intent for p in phrases} <= set(ALL_INTENTS)
    assert phrase_problems(phrases) == []
    assert len({p.say.lower() for p in phrases}) == len(phrases), "a phrase is listed twice"
    assert all(p.setup for p in phrases), "every phrase is said after launching and some setup"


def test_what_virtual_alexa_sends_is_judged_as_alexa_would_mean_it() -> None:
    rating = Phrase("my pain is a nine", "PainRatingIntent", {"rating": "9"})
    said = {"ok": True, "intent": "PainRatingIntent", "request_type": "IntentRequest",
            "slots": {"rating": {"value": "nine", "status": None, "id": None, "name": None}}}
    assert understood(rating, heard_from_virtual_alexa(said))  # Alexa would send "9"

    current = Phrase("what's this one for", "WhyIntent")
    unresolved = {"ok": True, "intent": "WhyIntent", "request_type": "IntentRequest",
                  "slots": {"exercise": {"value": "this one", "status": "ER_SUCCESS_NO_MATCH", "id": None}}}
    assert not understood(current, heard_from_virtual_alexa(unresolved))
    no_match = {"ok": True, "intent": "AMAZON.FallbackIntent", "no_match": True, "slots": {}}
    assert not understood(current, heard_from_virtual_alexa(no_match))
    assert not understood(current, heard_from_virtual_alexa({"ok": False, "error": "launch: refused"}))


def test_a_name_alexa_left_unresolved_counts_when_the_skill_finds_it() -> None:
    from skill.tools.understanding import Heard

    how = Phrase("how do I do the bird dog thing", "HowToIntent", {"exercise": "bird_dog"})
    assert understood(how, Heard("HowToIntent", {"exercise": ("bird dog thing", None)}))
    assert not understood(how, Heard("HowToIntent", {"exercise": ("bird thing dog", None)}))
    # the engine takes "the back one" for neither the back routine nor the hamstring stretch
    back = Phrase("skip to the back one", "JumpToIntent", {"exercise": "hamstring_stretch"})
    assert not understood(back, Heard("JumpToIntent", {"exercise": ("the back one", None)}))
    towel = Phrase("I grabbed the towel thing", "HaveEquipmentIntent", {"equipment": "towel"})
    assert understood(towel, Heard("HaveEquipmentIntent", {"equipment": ("towel thing", None)}))


def test_a_question_the_skill_answers_alike_counts_as_understood() -> None:
    from skill.tools.understanding import Heard

    which = Phrase("which exercise is this", "WhereAmIIntent")
    assert understood(which, Heard("WhichExerciseIntent", {"place": ("this", "current")}))
    assert not understood(which, Heard("WhichExerciseIntent", {"place": ("next", "next")}))
    assert not understood(Phrase("what's next", "WhichExerciseIntent", {"place": "next"}),
                          Heard("WhereAmIIntent", {}))
    # and the other way round: labelled as the intent with the slot, heard as the one without
    now = Phrase("what are we doing now", "WhichExerciseIntent", {"place": "current"})
    assert understood(now, Heard("WhereAmIIntent", {}))
    assert not understood(now, Heard("HowManyLeftIntent", {}))


def test_a_bad_phrase_file_names_the_entry(tmp_path: Path) -> None:
    from skill.tools.understanding import PhraseFileError

    bad = tmp_path / "phrases.yaml"
    bad.write_text("phrases:\n  - {say: next, intent: AMAZON.NextIntent, setup: nowhere}\n")
    with pytest.raises(PhraseFileError, match="phrase #1.*no setup named 'nowhere'"):
        load_phrases(bad)
