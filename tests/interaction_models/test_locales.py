"""Every English locale's interaction model, built from the one source: the five agree
on everything but the few samples a locale adds, the simulator understands each, and
``back-routine chat --locale`` talks in each."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from skill import intents
from skill.resources import interaction_models_dir
from skill.sim.matcher import BUILT_IN_PHRASES, FALLBACK, available_locales, matcher_for_locale
from skill.sim.words import loose_key
from skill.tools.model_build import (
    ModelError,
    build_model,
    grammar,
    load_samples,
    locale_parts,
    locale_samples,
    locales,
    main,
    model_path,
    render,
)

ROOT = Path(__file__).resolve().parents[2]
LOCALES = ("en-US", "en-GB", "en-CA", "en-AU", "en-IN")
# A value that resolves, for each slot a locale's own sample may name.
SLOT_SAYS = {"exercise": "child's pose", "routine": "desk break", "rating": "four", "equipment": "band",
             "place": "next", "time": "eight am"}


def own_samples(locale: str) -> dict[str, list[str]]:
    """A locale's own samples, expanded from samples.yaml's patterns."""
    source = load_samples()
    rules = grammar(source)
    return {intent: rules.expand_all(patterns)
            for intent, patterns in (source["locales"][locale] or {}).items()}


def language(locale: str) -> dict:
    return json.loads(model_path(locale).read_text(encoding="utf-8"))["interactionModel"]["languageModel"]


def test_the_five_locales_come_from_samples_yaml():
    assert tuple(locales()) == LOCALES
    assert tuple(sorted(available_locales())) == tuple(sorted(LOCALES))


@pytest.mark.parametrize("locale", LOCALES)
def test_each_committed_locale_file_is_the_built_one(locale):
    path = model_path(locale)
    assert path.is_file(), f"run python -m skill.tools.model_build to write {path.name}"
    assert path.read_text(encoding="utf-8") == render(build_model(locale)), (
        f"{path.name} is stale: run python -m skill.tools.model_build and commit it"
    )


def test_locales_share_the_invocation_intents_slots_and_slot_types():
    base = language("en-US")
    for locale in LOCALES:
        lang = language(locale)
        assert lang["invocationName"] == "my back routine", locale
        assert [i["name"] for i in lang["intents"]] == [i["name"] for i in base["intents"]], locale
        assert [i.get("slots") for i in lang["intents"]] == [i.get("slots") for i in base["intents"]]
        assert lang["types"] == base["types"], locale


def test_a_locale_has_every_shared_sample_and_only_its_own_extras():
    source = load_samples()
    shared = {i["name"]: set(i["samples"]) for i in language("en-US")["intents"]}
    _, framed = locale_parts(source, "en-US")
    for locale in LOCALES:
        extra = own_samples(locale)
        theirs = {loose_key(s) for samples in extra.values() for s in samples}
        for intent in language(locale)["intents"]:
            own = set(intent["samples"]) - shared[intent["name"]]
            missing = shared[intent["name"]] - set(intent["samples"])
            # only a framed sample may be missing: one that gives way to the locale's own
            # sample of another intent ("go on then" is en-GB's yes, not "go on" framed)
            assert missing <= set(framed[intent["name"]]), (locale, intent["name"], missing)
            assert {loose_key(s) for s in missing} <= theirs, (locale, intent["name"], missing)
            wanted = {" ".join(s.lower().split()) for s in extra.get(intent["name"], ())}
            assert own == wanted - shared[intent["name"]], (locale, intent["name"])
    assert not source["locales"]["en-US"], "en-US is the shared set: give it no extras"


def test_extras_stay_few():
    for locale in load_samples()["locales"]:
        count = sum(len(samples) for samples in own_samples(locale).values())
        assert count <= 20, f"{locale} adds {count} samples: share them, or keep them few"


@pytest.mark.parametrize("locale", LOCALES)
def test_built_in_phrasings_work_in_every_locale(locale):
    """The documented phrasings of the built-in intents are not locale-specific: each
    means the same in every English locale as in en-US, and none falls through."""
    here, us = matcher_for_locale(locale), matcher_for_locale("en-US")
    for intent, phrases in BUILT_IN_PHRASES.items():
        for phrase in phrases:
            got = here.match(phrase)
            assert got.intent != FALLBACK, (locale, phrase)
            # the built-in intent, unless the model gives the phrase to one of its own
            assert got.intent == intent or got.source == "model", (locale, phrase, got)
            assert got.intent == us.match(phrase).intent, (locale, phrase)
    assert here.invocation("Alexa, open my back routine").kind == "launch"


@pytest.mark.parametrize("locale", [loc for loc in LOCALES if loc != "en-US"])
def test_a_locales_own_samples_are_understood_there(locale):
    matcher = matcher_for_locale(locale)
    for intent, samples in own_samples(locale).items():
        for sample in samples:
            line = sample.format(**SLOT_SAYS)
            got = matcher.match(line)
            assert got.intent == intent, (locale, line, got)
            assert all(f.matched or f.builtin for f in got.slots.values()), (locale, line)


def test_locale_phrases_match_where_they_are_said():
    gb, us, india, au = (matcher_for_locale(x) for x in ("en-GB", "en-US", "en-IN", "en-AU"))
    assert gb.match("that's me done").intent == intents.NEXT
    assert gb.match("that's me done").source == "model"
    assert gb.match("that's me done for today").intent == intents.STOP
    assert gb.match("go on then").intent == intents.YES
    assert gb.match("carry on").intent == intents.NEXT  # "carry on from where we stopped" is resume
    assert gb.match("carry on from where we stopped").intent == intents.RESUME
    # en-GB's own: no sample of en-US's, but near one, as Alexa would hear it
    assert (us.match("that's me done").intent, us.match("that's me done").source) == (intents.NEXT, "near")
    assert au.match("yeah nah").intent == intents.NO
    assert us.match("yeah nah").sample == "nah"  # en-AU's own: elsewhere "yeah" is an interjection
    assert india.match("how many counts").intent == intents.HOW_MANY_REPS
    assert us.match("how many counts").source != "model"  # en-IN's own
    # words of one English that anyone may say are every locale's
    for matcher in (gb, us, india, au):
        how = matcher.match("how to do child's pose")
        assert how.intent == intents.HOW_TO and how.slots["exercise"].resolved_id == "childs_pose"
        for line, intent in [("cheers", intents.THANKS), ("ta", intents.THANKS), ("cheers mate", intents.THANKS),
                             ("I'm knackered", intents.TIRED), ("give me a tick", intents.WAIT),
                             ("give us a sec", intents.WAIT), ("I'm feeling a bit faint", intents.DIZZY),
                             ("what all do I need", intents.EQUIPMENT)]:
            got = matcher.match(line)
            assert (got.intent, got.source) == (intent, "model"), (line, got)


def test_an_unknown_locale_is_a_model_error():
    with pytest.raises(ModelError, match="no interaction model for locale 'fr-FR'.*en-GB"):
        build_model("fr-FR")


def test_a_locale_extra_is_checked_like_any_sample():
    good = load_samples()

    def with_extra(extra):
        return {**good, "locales": {**good["locales"], "en-GB": extra}}

    with pytest.raises(ModelError, match="en-GB: sample 'skip this one' is in both"):
        build_model("en-GB", samples=with_extra({intents.HOW_TO: ["skip this one"]}))
    with pytest.raises(ModelError, match="does not know"):
        build_model("en-GB", samples=with_extra({"AMAZON.ShuffleOnIntent": ["shuffle"]}))
    with pytest.raises(ModelError, match="only letters"):
        build_model("en-GB", samples=with_extra({intents.HOW_TO: ["how do I do exercise 3"]}))
    # the other locales are untouched by en-GB's extras
    assert locale_samples(with_extra({intents.YES: ["lovely"]}), "en-US") == locale_samples(good, "en-US")


def test_samples_yaml_locales_are_checked(tmp_path):
    text = (interaction_models_dir() / "samples.yaml").read_text(encoding="utf-8")
    bad = tmp_path / "samples.yaml"
    bad.write_text(text.replace("\n  en-CA:\n", "\n  english canada:\n"), encoding="utf-8")
    with pytest.raises(ModelError, match="expected a code such as en-GB"):
        load_samples(bad)
    bad.write_text(text.replace("      - righto\n", "      - 7\n"), encoding="utf-8")
    with pytest.raises(ModelError, match="locale 'en-AU', intent 'AMAZON.YesIntent'"):
        load_samples(bad)
    bad.write_text(text[: text.index("\nlocales:")] + "\n", encoding="utf-8")
    with pytest.raises(ModelError, match="locales:"):
        load_samples(bad)


def test_main_writes_and_checks_every_locale(tmp_path, capsys):
    assert main(["--directory", str(tmp_path)]) == 0
    assert sorted(p.stem for p in tmp_path.glob("*.json")) == sorted(LOCALES)
    for locale in LOCALES:
        assert (tmp_path / f"{locale}.json").read_text() == model_path(locale).read_text()
    assert main(["--directory", str(tmp_path), "--check"]) == 0
    (tmp_path / "en-AU.json").write_text("{}\n")
    assert main(["--directory", str(tmp_path), "--check"]) == 1
    assert "en-AU.json is out of date" in capsys.readouterr().err
    assert main(["--directory", str(tmp_path), "--locale", "en-AU"]) == 0
    shutil.copy(model_path("en-US"), tmp_path / "fr-FR.json")  # a locale no longer listed
    assert main(["--directory", str(tmp_path), "--check"]) == 1
    assert "fr-FR is not in samples.yaml's locales" in capsys.readouterr().err
    assert main(["--locale", "fr-FR", "--directory", str(tmp_path)]) == 2
    assert main(["--check"]) == 0  # the committed files


def test_validate_checks_every_locale(capsys):
    from skill.cli import main as cli

    assert cli(["validate"]) == 0
    out = capsys.readouterr().out
    for locale in LOCALES:
        assert f"{locale}.json: matches" in out
    assert "skill.json" not in out  # the manifest is not an interaction model


def _chat(text: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("BACK_ROUTINE_STORE", None)
    return subprocess.run(
        [sys.executable, "-m", "skill.cli", "chat", "--store", "memory:", *args],
        input=text, capture_output=True, text=True, cwd=ROOT, env=env, timeout=120,
    )


def _said(output: str) -> list[str]:
    return [line.removeprefix("alexa> ") for line in output.splitlines() if line.startswith("alexa> ")]


@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_chat_in_en_gb_understands_its_own_phrasing():
    result = _chat("alexa, open my back routine\nthat's me done\nhow do I do child's pose\nstop\n",
                   "--locale", "en-GB")
    assert result.returncode == 0, result.stderr
    said = _said(result.stdout)
    assert len(said) == 4
    assert "not medical advice" in said[0]
    assert "no rating today" in said[1].lower()  # "that's me done" is en-GB for next
    assert "child's pose" in said[2].lower()


@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_chat_in_en_in_sends_en_in_requests():
    result = _chat("alexa, ask my back routine how to do bird dog\n", "--locale", "en-IN", "--json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    request = records[0]["request"]["request"]
    assert request["locale"] == "en-IN"
    assert request["intent"]["name"] == intents.HOW_TO
    assert request["intent"]["slots"]["exercise"]["value"] == "bird dog"


@pytest.mark.parametrize("locale", ["fr-FR", "skill", "en-NZ"])
@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_chat_with_an_unknown_locale_is_a_clear_error(locale):
    result = _chat("alexa, open my back routine\n", "--locale", locale)
    assert result.returncode != 0
    assert f"no interaction model for locale '{locale}'" in result.stderr
    assert "available: en-AU, en-CA, en-GB, en-IN, en-US" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
