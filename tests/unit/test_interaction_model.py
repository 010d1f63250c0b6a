"""The interaction models: built from interaction_models/samples.yaml and content/, and
committed as interaction_models/<locale>.json. These tests keep them in step; every
model-wide rule is checked in every locale (tests/unit/test_locales.py compares them)."""

from __future__ import annotations

import json
import re

import pytest

from skill import intents
from skill.content import default_content
from skill.model_build import ModelError, build_model, load_samples, locales, model_path, render
from skill.sim.matcher import FILLERS, normalize

SLOT_REF = re.compile(r"\{([^}]*)\}")
LEGAL = re.compile(r"^[a-z' .]+$")


@pytest.fixture(scope="module", params=locales())
def locale(request):
    return request.param


@pytest.fixture(scope="module")
def model(locale):
    return build_model(locale)


@pytest.fixture(scope="module")
def language(model):
    return model["interactionModel"]["languageModel"]


def test_committed_model_is_the_built_one(locale, model):
    path = model_path(locale)
    assert path.is_file(), "run: python -m skill.model_build"
    assert path.read_text(encoding="utf-8") == render(model), (
        f"interaction_models/{locale}.json is stale: run python -m skill.model_build and commit it"
    )
    assert json.loads(path.read_text(encoding="utf-8")) == model


def test_build_is_stable(locale, model):
    assert render(build_model(locale)) == render(model)


def test_invocation_name(language):
    assert language["invocationName"] == "my back routine"


def test_every_intent_is_known_and_every_known_intent_is_there(language):
    names = [intent["name"] for intent in language["intents"]]
    assert len(names) == len(set(names))
    assert set(names) <= set(intents.ALL_INTENTS)
    assert set(intents.CUSTOM_SLOTS) <= set(names)
    assert set(intents.BUILT_IN) <= set(names)


def test_slots_match_the_intents_module(language):
    for intent in language["intents"]:
        slots = {s["name"]: s["type"] for s in intent.get("slots", [])}
        assert slots == intents.CUSTOM_SLOTS.get(intent["name"], {}), intent["name"]


def test_custom_intents_have_many_samples(language):
    counts = {i["name"]: len(i["samples"]) for i in language["intents"]}
    for name in intents.CUSTOM_SLOTS:
        assert counts[name] >= 15, f"{name} has only {counts[name]} samples"
    for name in (intents.HOW_TO, intents.WHY, intents.EQUIPMENT, intents.HURT):
        assert counts[name] >= 25, name
    assert counts[intents.FALLBACK] == 0


def test_no_sample_is_in_two_intents(language):
    owner: dict[str, str] = {}
    for intent in language["intents"]:
        for sample in intent["samples"]:
            key = " ".join(sample.lower().split())
            assert owner.get(key, intent["name"]) == intent["name"], (
                f"'{sample}' is in {owner[key]} and {intent['name']}"
            )
            owner[key] = intent["name"]


def _loose(sample: str) -> str:
    """A sample as the simulator compares it: no apostrophes, no filler words."""
    text = " " + normalize(SLOT_REF.sub(lambda m: f" slot{m.group(1)} ", sample)) + " "
    for filler in sorted((normalize(f) for f in FILLERS), key=len, reverse=True):
        text = text.replace(f" {filler} ", " ")
    return " ".join(text.split())


def test_no_two_intents_share_a_sample_up_to_fillers(language):
    owner: dict[str, tuple[str, str]] = {}
    for intent in language["intents"]:
        for sample in intent["samples"]:
            key = _loose(sample)
            if key in owner and owner[key][0] != intent["name"]:
                pytest.fail(f"'{sample}' ({intent['name']}) and '{owner[key][1]}' "
                            f"({owner[key][0]}) differ only by filler words")
            owner.setdefault(key, (intent["name"], sample))


def test_slot_references_name_real_slots(language):
    for intent in language["intents"]:
        slots = {s["name"] for s in intent.get("slots", [])}
        for sample in intent["samples"]:
            refs = SLOT_REF.findall(sample)
            assert set(refs) <= slots, f"{intent['name']}: '{sample}'"
            assert len(refs) == len(set(refs)), sample


def test_samples_use_only_legal_characters(language):
    for intent in language["intents"]:
        for sample in intent["samples"]:
            literal = SLOT_REF.sub(" ", sample)
            assert not literal.strip() or LEGAL.match(literal), f"{intent['name']}: '{sample}'"
            assert sample == sample.strip() and "  " not in sample, sample


def test_slot_types_match_content(language):
    content = default_content()
    types = {t["name"]: t for t in language["types"]}
    assert set(types) == set(intents.SLOT_TYPES)
    used = {s["type"] for i in language["intents"] for s in i.get("slots", [])}
    assert {t for t in used if not t.startswith("AMAZON.")} == set(types)
    for type_name, attr in intents.SLOT_TYPES.items():
        items = getattr(content, attr)
        values = types[type_name]["values"]
        ids = [v["id"] for v in values]
        assert ids == list(items), type_name  # every item, once, in content order
        for value in values:
            item = items[value["id"]]
            name = value["name"]
            said = [name["value"], *name.get("synonyms", [])]
            assert name["value"] == item.spoken_name.lower()
            assert len(said) == len(set(said)), f"duplicate synonyms in {value['id']}"
            for text in said:
                assert LEGAL.match(text), f"{value['id']}: '{text}'"
            # every name the content gives is reachable, as Alexa would hear it
            assert {normalize(n) for n in item.names} <= {normalize(s) for s in said}


def test_slot_values_do_not_overlap_within_a_type(language):
    for slot_type in language["types"]:
        owner: dict[str, str] = {}
        for value in slot_type["values"]:
            for text in [value["name"]["value"], *value["name"].get("synonyms", [])]:
                key = normalize(text)
                assert owner.get(key, value["id"]) == value["id"], f"'{text}' names two values"
                owner[key] = value["id"]


def test_the_build_rejects_bad_samples():
    good = load_samples()
    content = default_content()

    def with_samples(intent, samples):
        changed = {**good, "intents": {**good["intents"], intent: samples}}
        return lambda: build_model(content=content, samples=changed)

    cases = [
        (intents.HOW_TO, ["how do I do {routine}"], "unknown slot"),
        (intents.HOW_TO, ["do exercise 3"], "only letters"),
        (intents.HOW_TO, ["how, do I do it"], "only letters"),
        (intents.WHY, ["skip this one"], "is in both"),
        (intents.HURT, [], "needs sample"),
    ]
    for intent, samples, message in cases:
        with pytest.raises(ModelError, match=message):
            with_samples(intent, samples)()
    missing = {**good, "intents": {k: v for k, v in good["intents"].items() if k != intents.HELP}}
    with pytest.raises(ModelError, match="leave out"):
        build_model(content=content, samples=missing)
    extra = {**good, "intents": {**good["intents"], "AMAZON.ShuffleOnIntent": []}}
    with pytest.raises(ModelError, match="does not know"):
        build_model(content=content, samples=extra)


def test_spoken_slot_values():
    from skill.model_build import spoken

    assert spoken("Cat-Cow") == "cat cow"
    assert spoken("90/90 Stretch") == "ninety ninety stretch"
    assert spoken("Child\u2019s Pose!") == "child's pose"
    assert spoken("Rock & Roll") == "rock and roll"


def test_main_check_and_write(tmp_path, capsys):
    from skill.model_build import main

    out = tmp_path / "en-US.json"
    assert main(["--locale", "en-US", "--output", str(out)]) == 0
    assert out.read_text() == render(build_model())
    assert main(["--locale", "en-US", "--check", "--output", str(out)]) == 0
    out.write_text("{}\n")
    assert main(["--locale", "en-US", "--check", "--output", str(out)]) == 1
    assert main(["--check"]) == 0  # every committed file is current
