"""The interaction models: built from interaction_models/samples.yaml and content/, and
committed as interaction_models/<locale>.json. These tests keep them in step; every
model-wide rule is checked in every locale (test_locales.py compares them)."""

from __future__ import annotations

import json
import re

import pytest

from skill import intents
from skill.content import default_content
from skill.sim.matcher import FILLERS, matcher_for_locale, normalize
from skill.tools.model_build import (
    ARTICLE_WORDS,
    MAX_SAMPLES_PER_INTENT,
    MAX_SAMPLES_PER_MODEL,
    NAME_ARTICLES,
    ModelError,
    build_model,
    carrier_words,
    frames,
    load_samples,
    locale_parts,
    locale_samples,
    locales,
    model_path,
    render,
    with_article,
)
from skill.tools.model_grammar import (
    INTENT_BOUNDS,
    MAX_FRAMED_PER_INTENT,
    MAX_FRAMED_PER_MODEL,
    Frame,
    Grammar,
    GrammarError,
    framed_bound,
    written_bound,
)

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
    assert path.is_file(), "run: python -m skill.tools.model_build"
    assert path.read_text(encoding="utf-8") == render(model), (
        f"interaction_models/{locale}.json is stale: run python -m skill.tools.model_build and commit it"
    )
    assert json.loads(path.read_text(encoding="utf-8")) == model


def test_build_is_stable(locale, model):
    assert render(build_model(locale)) == render(model)


def test_the_invocation_name_is_my_back_routine(language):
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
        assert counts[name] >= 20, f"{name} has only {counts[name]} samples"
    for name in (intents.HOW_TO, intents.WHY, intents.EQUIPMENT, intents.JUMP_TO,
                 intents.START_ROUTINE, intents.RED_FLAG, intents.PAIN_RATING):
        assert counts[name] >= 200, (name, counts[name])
    for name in (intents.HURT, intents.DIZZY, intents.NO_EQUIPMENT, intents.TIRED, intents.IN_BED):
        assert counts[name] >= 50, (name, counts[name])
    assert counts[intents.FALLBACK] == 0


def test_the_model_stays_within_bounds(locale, language):
    written, framed = locale_parts(load_samples(), locale)
    counts = {i["name"]: len(i["samples"]) for i in language["intents"]}
    assert counts == {name: len(written[name]) + len(framed[name]) for name in written}
    for name in written:
        assert len(written[name]) <= written_bound(name), name
        assert len(framed[name]) <= framed_bound(name), name
    assert MAX_SAMPLES_PER_INTENT <= 900 and MAX_FRAMED_PER_INTENT <= 900
    # only the safety intents, the pain rating, "next" and "how do I do" (said most) may
    # have more: each with its reason written beside INTENT_BOUNDS in skill/tools/model_grammar.py
    assert set(INTENT_BOUNDS) <= {intents.RED_FLAG, intents.PAIN_RATING, intents.HURT, intents.DIZZY, intents.NEXT,
                                  intents.HOW_TO}
    assert sum(map(len, written.values())) <= MAX_SAMPLES_PER_MODEL <= 25400
    assert sum(map(len, framed.values())) <= MAX_FRAMED_PER_MODEL <= 7600
    # room moves from frames (a tenth the matches a character) to written samples, and never grows
    assert MAX_SAMPLES_PER_MODEL + MAX_FRAMED_PER_MODEL <= 33000
    # the whole model, as committed and as sent, stays well under SMAPI's 1,000,000 characters
    assert len(render({"interactionModel": {"languageModel": language}})) < 980_000
    for intent in language["intents"]:
        for sample in intent["samples"]:
            assert len(sample) <= 120, sample  # short spoken phrases, nothing runaway


def test_names_come_with_their_articles_in_the_slot_values(language):
    """A name is said with an article too: "how do I do bird dog" and "how do I do the bird
    dog". The articles live in the slot values ("the bird dog" is a synonym of bird dog),
    so no sample puts one right before a name's slot (which would make two samples of
    every one) and every name of a content slot type comes with each of its articles."""
    samples = {s for i in language["intents"] for s in i["samples"]}
    for sample in samples:
        for slot in ("{exercise}", "{routine}", "{equipment}"):
            if slot in sample:
                before = sample.split(slot)[0].split()
                assert not before or before[-1] not in ARTICLE_WORDS, sample
    types = {t["name"]: t for t in language["types"]}
    for type_name, articles in NAME_ARTICLES.items():
        for value in types[type_name]["values"]:
            said = {value["name"]["value"], *value["name"].get("synonyms", [])}
            for name in said:
                first, second = (name.split() + [""])[:2]
                if first not in ARTICLE_WORDS:
                    assert {with_article(a, name) for a in articles} <= said, (value["id"], name)
                else:  # one article only: never "the my back routine"
                    assert second not in ARTICLE_WORDS, (value["id"], name)


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


def test_no_sample_starts_with_the_wake_word(language):
    """"Alexa, pause" reaches Alexa as "pause": a device keeps the wake word to itself, and
    Amazon asks that samples leave it out. Said after a line ("thanks alexa") it stays."""
    for intent in language["intents"]:
        assert not [s for s in intent["samples"] if s.split()[0] == "alexa"], intent["name"]


def test_the_part_of_the_day_is_said_inside_the_time_slot(locale, language):
    """"Remind me every evening at six thirty": a sample "every evening at {time}" would fill
    the slot with "six thirty" alone, which AMAZON.TIME reads as 6:30 am. With none, the slot
    takes "evening at six thirty" whole, and the reminder is set for 6:30 pm."""
    part_of_day = re.compile(r"\b(afternoons?|evenings?|nights?|tonight|pm)\b")
    for intent in language["intents"]:
        assert not [s for s in intent["samples"] if "{time}" in s and part_of_day.search(s)], intent["name"]
    reminder = matcher_for_locale(locale).match("remind me every evening at six thirty")
    assert (reminder.intent, reminder.slots["time"].value) == (intents.REMINDER, "18:30")


def test_slot_types_match_content(language):
    content = default_content()
    types = {t["name"]: t for t in language["types"]}
    assert set(types) == {*intents.SLOT_TYPES, "PLACE", "LOWER_BODY", "BODY_PART"}
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
            # the spoken name without its article ("a chair" -> "chair"), which synonyms add
            assert name["value"] == re.sub(r"^(a|an|the) ", "", item.spoken_name.lower())
            assert len(said) == len(set(said)), f"duplicate synonyms in {value['id']}"
            for text in said:
                assert LEGAL.match(text), f"{value['id']}: '{text}'"
            # every name the content gives is reachable, as Alexa would hear it
            assert {re.sub(r"^(a|an|the) ", "", normalize(n)) for n in item.names} <= {normalize(s) for s in said}


def test_the_place_slot_type_is_written_in_samples_yaml(language):
    place = {t["name"]: t for t in language["types"]}["PLACE"]
    assert tuple(v["id"] for v in place["values"]) == intents.PLACE_VALUES
    written = load_samples()["types"]["PLACE"]
    for value in place["values"]:
        said = [value["name"]["value"], *value["name"].get("synonyms", [])]
        assert said == [w.lower() for w in written[value["id"]]]
        assert all(LEGAL.match(w) for w in said)
    which = next(i for i in language["intents"] if i["name"] == intents.WHICH_EXERCISE)
    assert all("{place}" in s for s in which["samples"])


def test_the_lower_body_slot_type_is_written_in_samples_yaml(language):
    """Red flags name the place below the waist as a slot ("my {part} has gone numb"):
    its words are written in samples.yaml, and the skill never reads it."""
    lower = {t["name"]: t for t in language["types"]}["LOWER_BODY"]
    assert tuple(v["id"] for v in lower["values"]) == intents.LOWER_BODY_VALUES
    written = load_samples()["types"]["LOWER_BODY"]
    for value in lower["values"]:
        said = [value["name"]["value"], *value["name"].get("synonyms", [])]
        assert said == [w.lower() for w in written[value["id"]]]
    assert intents.CUSTOM_SLOTS[intents.RED_FLAG] == {"part": "LOWER_BODY"}
    assert intents.UNREAD_SLOTS[intents.RED_FLAG] == {"part"}


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
        (intents.WHY, ["the skip this one please"], "differ only by filler words"),
        (intents.WHY, ["the skip that one"], "differ only by filler words"),
        (intents.NEXT, ["what's next"], "with 'next' is 'what's next'"),
        (intents.HOW_TO, ["let's do the floor routine"], "with 'floor routine'"),
        (intents.HURT, [], "needs sample"),
        (intents.HURT, ["(a|b|c|d|e|f|g|h|i|j) (a|b|c|d|e|f|g|h|i|j) (a|b|c|d|e|f|g|h|i|j)"], "at most 600"),
        (intents.HURT, ["this (hurts"], "unclosed"),
        (intents.HURT, ["<nowhere> hurts"], "<nowhere> is not under phrases"),
        (intents.HURT, ["that (hurts|stings)", "that stings"], "'that stings' adds no sample"),
    ]
    for intent, samples, message in cases:
        with pytest.raises(ModelError, match=re.escape(message) if "'" in message else message):
            with_samples(intent, samples)()
    # a locale's line that only says what every locale has says nothing either
    echo = {**good, "locales": {**good["locales"], "en-GB": {intents.HURT: ["that hurts"]}}}
    build_model("en-US", content=content, samples=echo)  # en-GB's own lines are en-GB's problem
    with pytest.raises(ModelError, match="locale 'en-GB', intent 'HurtIntent': 'that hurts' adds no sample"):
        build_model("en-GB", content=content, samples=echo)
    missing = {**good, "intents": {k: v for k, v in good["intents"].items() if k != intents.HELP}}
    with pytest.raises(ModelError, match="leave out"):
        build_model(content=content, samples=missing)
    extra = {**good, "intents": {**good["intents"], "AMAZON.ShuffleOnIntent": []}}
    with pytest.raises(ModelError, match="does not know"):
        build_model(content=content, samples=extra)
    many = {**good, "intents": {**good["intents"], intents.TIRED: [
        f"(a|b|c|d|e|f|g|h|i|j) (a|b|c|d|e|f|g|h|i|j) tired {w}" for w in
        ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")]}}
    with pytest.raises(ModelError, match="TiredIntent' has 1000 samples; at most 900"):
        build_model(content=content, samples=many)
    # a red flag may have more (safety), but not without bound
    bound = written_bound(intents.RED_FLAG)
    assert bound > MAX_SAMPLES_PER_INTENT
    flags = {**good, "intents": {**good["intents"], intents.RED_FLAG: [
        f"(a|b|c|d|e|f|g|h|i|j) (a|b|c|d|e|f|g|h|i|j) numb {w}" for w in range(bound // 100 + 1)]}}
    flags["intents"][intents.RED_FLAG] = [p.replace(f"numb {w}", f"numb {'x' * (w + 1)}")
                                          for w, p in enumerate(flags["intents"][intents.RED_FLAG])]
    with pytest.raises(ModelError, match=f"RedFlagIntent' has [0-9]+ samples; at most {bound}"):
        build_model(content=content, samples=flags)


def test_the_build_rejects_bad_frames():
    good = load_samples()
    content = default_content()

    def with_frames(frames=None, framed=None, **intent_samples):
        changed = {**good, "frames": {**good["frames"], **(frames or {})},
                   "framed": {**good["framed"], **(framed or {})},
                   "intents": {**good["intents"], **intent_samples}}
        return lambda: build_model(content=content, samples=changed)

    cases = [
        ({"framed": {intents.HURT: ["nowhere"]}}, "no frame named ['nowhere']"),
        ({"framed": {"AMAZON.ShuffleOnIntent": ["oh"]}}, "not an intent the skill knows"),
        ({"frames": {"bad": "okay"}}, "needs '...' once"),
        ({"frames": {"bad": "... okay ..."}}, "needs '...' once"),
        ({"frames": {"bad": "okay...", "x": "..."}}, "needs '...' once"),
        ({"frames": {"bad": "{exercise} ..."}}, "adds words, not slots"),
        ({"frames": {"bad": {"around": "okay ...", "word": 3}}}, "unknown keys ['word']"),
        ({"frames": {"bad": {"around": "okay ...", "words": 0}}}, "a whole number"),
        ({"frames": {"bad": {"around": "okay ...", "starts": ["a"]}}}, "starts: expected a pattern"),
        ({"frames": {"bad name": "okay ..."}}, "not a name"),
        ({"frames": {"spare": "spare ..."}}, "frames: ['spare'] framed: gives to no intent"),  # dead
        # two intents framed into one sample: neither wrote it, so it is no one's
        ({"frames": {"huh": "huh ...", "on": "... on"}, "framed": {intents.WAIT: ["huh"], intents.HURT: ["on"]},
          intents.HURT: ["(this|that|it) [really] hurts", "huh hold"]}, "are the same sample"),
    ]
    for change, message in cases:
        intent_samples = {k: v for k, v in change.items() if k not in ("frames", "framed")}
        with pytest.raises(ModelError, match=re.escape(message)):
            with_frames(change.get("frames"), change.get("framed"), **intent_samples)()
            pytest.fail(f"no error for {change}")
    with pytest.raises(ModelError, match="TiredIntent' has [0-9]+ framed samples; at most 900"):
        with_frames({"lots": "(okay|oh|um|so|well|hey|right|alright|yeah|ah) ... [now|again]"},
                    {intents.TIRED: ["lots"]})()


def test_a_framed_sample_gives_way_to_a_written_one():
    good = load_samples()
    # "okay done" is written for NextIntent: framing YesIntent's "done" leaves it there
    changed = {**good, "intents": {**good["intents"], intents.YES: [*good["intents"][intents.YES], "sure done"]},
               "frames": {**good["frames"], "x": "(okay|sure) ..."}, "framed": {**good["framed"], intents.YES: ["x"]}}
    written, framed = locale_parts(changed, "en-US")
    assert "okay done" in written[intents.NEXT] and "okay done" not in framed[intents.YES]
    assert "okay sure done" in framed[intents.YES]
    assert "sure sure done" not in framed[intents.YES]  # no word twice
    # en-GB's own "go on then" is its yes; elsewhere "go on" (next) takes "then"
    us, gb = locale_samples(good, "en-US"), locale_samples(good, "en-GB")
    assert "go on then" in us[intents.NEXT] and "go on then" not in gb[intents.NEXT]
    assert "go on then" in gb[intents.YES]
    # frames go around the shared samples, not around a locale's own
    ca = locale_samples(good, "en-CA")
    assert "thanks eh" in ca[intents.THANKS] and "okay thanks eh" not in ca[intents.THANKS]
    assert "okay thanks" in ca[intents.THANKS]


def test_frames_go_where_samples_yaml_says():
    source = load_samples()
    written, framed = locale_parts(source, "en-US")
    known = frames(source)
    assert set(source["framed"]) <= set(intents.ALL_INTENTS)
    for intent, names in source["framed"].items():
        assert framed[intent], f"{intent} takes frames and got none"
        assert not set(framed[intent]) & set(written[intent])
        # each framed sample is one of the intent's frames around one of its samples
        around = {x.lower() for f in (known[n] for n in names) for w in written[intent]
                  if f.fits(w, carrier_words) for x in f.around_sample(w)}
        for sample in framed[intent]:
            assert sample in around, (intent, sample)
    assert not any(framed[name] for name in written if name not in source["framed"])


def test_slot_values_are_written_as_they_are_spoken():
    from skill.tools.model_build import spoken

    assert spoken("Cat-Cow") == "cat cow"
    assert spoken("90/90 Stretch") == "ninety ninety stretch"
    assert spoken("Child\u2019s Pose!") == "child's pose"
    assert spoken("Rock & Roll") == "rock and roll"


def test_main_writes_a_model_and_check_finds_a_stale_one(tmp_path, capsys):
    from skill.tools.model_build import main

    out = tmp_path / "en-US.json"
    assert main(["--locale", "en-US", "--output", str(out)]) == 0
    assert out.read_text() == render(build_model())
    assert main(["--locale", "en-US", "--check", "--output", str(out)]) == 0
    out.write_text("{}\n")
    assert main(["--locale", "en-US", "--check", "--output", str(out)]) == 1
    assert main(["--check"]) == 0  # every committed file is current


# ------------------------------------------------------------------- the grammar


def test_the_grammar_expands_as_documented():
    rules = Grammar({"ex": "[the|a] {exercise}", "this": ["this", "that (one|exercise)"]})
    assert rules.expand("(how do|how should) I do <ex>") == [
        "how do I do {exercise}", "how do I do the {exercise}", "how do I do a {exercise}",
        "how should I do {exercise}", "how should I do the {exercise}", "how should I do a {exercise}",
    ]
    assert rules.expand("what('s| is) <this> for") == [
        "what's this for", "what's that one for", "what's that exercise for",
        "what is this for", "what is that one for", "what is that exercise for",
    ]
    assert rules.expand("I ('m|am) ready") == ["I'm ready", "I am ready"]  # 'm joins I
    assert rules.expand("a [[b|c] d|e] f") == ["a f", "a d f", "a b d f", "a c d f", "a e f"]
    assert rules.expand("(so|) (so|) next") == ["so so next", "so next", "next"]  # squeezed, once each
    assert rules.expand("(Yes|yes)") == ["Yes"]  # duplicates ignore case
    assert rules.expand_all(["next (one|step)", "next one", "go"]) == ["next one", "next step", "go"]


def test_frames_go_around_samples_as_documented():
    rules = Grammar({"ask": "(can you|could you)"})
    polite = Frame.of(rules, "polite", {"around": "... (please|now)", "words": 3})
    assert polite.around_all(["speed up", "make the holds shorter"]) == ["speed up please", "speed up now"]
    assert polite.around_all(["what now"]) == ["what now please"]  # no word twice
    ask = Frame.of(rules, "ask", {"around": "<ask> ... [a bit]", "starts": "(slow|speed) [it]"})
    assert ask.around == ("can you ...", "can you ... a bit", "could you ...", "could you ... a bit")
    assert ask.around_all(["slow down", "too fast", "speeding"]) == [
        "can you slow down", "can you slow down a bit", "could you slow down", "could you slow down a bit"]
    lead = Frame.of(rules, "lead", "[okay|oh] ...")
    assert lead.around_all(["I 'm ready", "the {exercise}"]) == ["okay I'm ready", "oh I'm ready",
                                                                  "okay the {exercise}", "oh the {exercise}"]
    # a slot alone, said with nothing in it, would be the frame alone: "okay"
    assert lead.around_all(["{rating}", "{rating} {exercise}"]) == []
    assert lead.around_all(["a b c d e f"], count=len) == ["okay a b c d e f", "oh a b c d e f"]
    short = Frame.of(rules, "short", {"around": "okay ...", "words": 1})
    assert short.around_all(["stop", "stop it", "stop {exercise}"], count=lambda s: len(s.split())) == [
        "okay stop"]


def test_the_grammar_is_strict():
    rules = Grammar({"a": "<b>", "b": "(x|<a>)"}, limit=10)
    for pattern, message in [
        ("a (b", "unclosed"), ("a ) b", "unbalanced"), ("a (b]", "unbalanced"),
        ("a|b", "outside"), ("a > b", "stray"), ("<missing>", "not under phrases"),
        ("<a>", "uses itself"), ("(a|b|c|d) (a|b|c)", "at most 10"),
    ]:
        with pytest.raises(GrammarError, match=message):
            rules.expand(pattern)
    with pytest.raises(GrammarError, match="not a name"):
        Grammar({"bad name": "x"})
    for spec, message in [
        ("okay", "needs '...' once"), ("(...|okay) ...", "needs '...' once"), ("okay...", "as a word"),
        ({"words": 2}, "around: that pattern"), (["... now"], "around: that pattern"),
        ({"around": "... now", "words": True}, "a whole number"), ("<a> ...", "uses itself"),
    ]:
        with pytest.raises(GrammarError, match=re.escape(message)):
            Frame.of(rules, "f", spec)


def test_samples_yaml_uses_the_grammar():
    source = load_samples()
    assert source["phrases"], "named phrase lists under phrases:"
    patterns = [p for ps in source["intents"].values() for p in ps]
    assert sum("(" in p or "[" in p or "<" in p for p in patterns) > len(patterns) / 2
    expanded = locale_samples(source, "en-US")
    assert sum(map(len, expanded.values())) > 3 * len(patterns)


# ------------------------------------------------------- what belongs where


@pytest.mark.parametrize(
    ("sample", "intent"),
    [
        ("hold on", intents.WAIT), ("wait a second", intents.WAIT), ("hang on", intents.WAIT),
        ("give me a minute", intents.WAIT), ("pause the routine", intents.PAUSE),
        ("take a break", intents.TIRED), ("i need a break", intents.TIRED), ("i'm tired", intents.TIRED),
        ("i feel dizzy", intents.DIZZY), ("how long is left", intents.HOW_MANY_LEFT),
        ("am i done", intents.HOW_MANY_LEFT), ("skip to {exercise}", intents.JUMP_TO),
        ("let's do {exercise}", intents.JUMP_TO), ("let's do {routine}", intents.START_ROUTINE),
        ("let's keep going", intents.NEXT), ("okay done", intents.NEXT), ("go ahead", intents.NEXT),
        ("go back one", intents.PREVIOUS), ("back to the previous step", intents.PREVIOUS),
        ("show me how again", intents.HOW_TO), ("am i doing this right", intents.HOW_TO),
        ("what's this one for", intents.WHY), ("how many of these", intents.HOW_MANY_REPS),
        ("how long do i hold it", intents.HOW_LONG_HOLD), ("which side am i on", intents.WHICH_SIDE),
        ("what's {place}", intents.WHICH_EXERCISE), ("is this supposed to hurt", intents.HURT),
        ("thanks alexa", intents.THANKS), ("read me the disclaimer again", intents.DISCLAIMER),
        ("i don't have {equipment}", intents.NO_EQUIPMENT), ("can i do this in bed", intents.IN_BED),
        ("my pain is a {rating} now", intents.PAIN_RATING), ("what are the warning signs", intents.WARNING_SIGNS),
        ("tell me more", intents.MORE), ("skip this it hurts", intents.HURT),
        ("skip this my {part} hurts", intents.HURT),
        # "carry on" goes on; carrying on from where we stopped is resume
        ("carry on", intents.NEXT), ("carry on from where we stopped", intents.RESUME),
        # word for word, as a client that matches samples hears them (development sets 57 and 62)
        ("oh my head's spinning", intents.DIZZY), ("i feel like i'm gonna pass out", intents.DIZZY),
        ("i've got a chest pain", intents.RED_FLAG), ("i fell over and i can't get up", intents.RED_FLAG),
    ],
)
def test_samples_are_where_they_belong(language, sample, intent):
    owners = [i["name"] for i in language["intents"] if sample in i["samples"]]
    assert owners == [intent]


def test_no_exercise_where_a_routine_belongs(language):
    for intent in language["intents"]:
        slots = {s["name"] for s in intent.get("slots", [])}
        for sample in intent["samples"]:
            assert set(SLOT_REF.findall(sample)) <= slots
    start = next(i for i in language["intents"] if i["name"] == intents.START_ROUTINE)
    assert not any(s.startswith("start {") or s.startswith("start the {") for s in start["samples"]
                   if "{exercise}" in s)
    assert "start {routine}" in start["samples"]


# Each kind of warning sign that needs urgent care, with what people say for it.
RED_FLAGS = {
    "numbness or tingling": (r"numb|tingl|pins and needles|can't feel",
                             ["I can't feel my legs", "my groin is numb", "pins and needles in my legs",
                              "I've got tingling in my buttocks", "my saddle area feels numb"]),
    "weak legs": (r"weak|gave way|gave out|buckled|jelly",
                  ["my legs feel weak", "my leg gave way", "my knee buckled"]),
    "bladder or bowel": (r"bladder|bowel|pee|wee|wet myself|toilet",
                         ["I can't control my bladder", "I wet myself", "I can't hold my bowels", "I can't pee"]),
    "chest": (r"chest|breathe|heart attack",
              ["I have chest pain", "my chest feels tight", "my chest hurts and my arm is tingling"]),
    "fall or accident": (r"fell|fall|slipped|accident|crash",
                         ["I fell", "I fell and landed on my back", "I slipped and fell", "I was in a car accident"]),
    "fever": (r"fever|temperature", ["I have a fever", "I've got a temperature"]),
    "pain down a leg": (r"down my leg|sciatica", ["sharp pain shooting down my leg", "pain is shooting down my leg",
                                                  "sciatica"]),
    "cannot move": (r"can't move|can't get up|stuck", ["I can't move", "I can't get up", "I'm stuck on the floor"]),
}


@pytest.mark.parametrize("kind", RED_FLAGS)
def test_every_red_flag_has_samples(locale, language, kind):
    pattern, said = RED_FLAGS[kind]
    red = next(i for i in language["intents"] if i["name"] == intents.RED_FLAG)["samples"]
    assert sum(bool(re.search(pattern, s)) for s in red) >= 3, kind
    matcher = matcher_for_locale(locale)
    for line in said:
        assert matcher.match(line).intent == intents.RED_FLAG, (locale, line)


def test_main_lists_what_an_intent_expands_to(capsys):
    from skill.tools.model_build import main

    assert main(["--list", intents.THANKS]) == 0
    listed = capsys.readouterr().out.splitlines()
    assert "thanks alexa" in listed and "cheers" in listed and "thanks eh" not in listed
    assert main(["--list", intents.THANKS, "--locale", "en-CA"]) == 0
    assert "thanks eh" in capsys.readouterr().out.splitlines()
    assert main(["--list", "NoSuchIntent"]) == 2


# ---------------------------------------------------- said, not written in samples.yaml

def _written_in_samples_yaml() -> set[str]:
    """Every pattern of samples.yaml, as the simulator reads words (grammar and all)."""
    source = load_samples()
    patterns = [p for ps in source["intents"].values() for p in ps]
    patterns += [p for extra in source["locales"].values() for ps in (extra or {}).values() for p in ps]
    return {normalize(p) for p in patterns}


# Red flags as people say them, none of them a pattern written in samples.yaml: each must
# be understood as RedFlagIntent, whatever the words (the grammar's symptom x place x
# sentence combinations, and the matcher's near step, between them).
RED_FLAG_SAID = [
    # numbness, tingling, no feeling: groin, bum, saddle area, down there, legs, feet
    "there's numbness in my groin", "I feel numb down there", "pins and needles in both legs",
    "my bum has gone all numb", "I've lost feeling in my legs", "my inner thighs feel numb",
    "I can't feel my bottom", "I've got no feeling in my feet", "my saddle area is tingling",
    "I'm getting pins and needles in my feet", "my feet have gone numb", "there's tingling in my buttocks",
    "I can't feel anything down there", "my toes are tingling", "my groin feels dead",
    "it's numb between my legs", "I've got pins and needles in both legs", "I suddenly can't feel my legs",
    "my legs are numb and tingly", "there's a weird numbness around my groin", "um I can't feel my legs",
    "I have numbness in my saddle area", "my bottom feels numb and tingly", "I can't feel anything in my left leg",
    # weakness, a leg giving way
    "my leg is giving way", "my legs keep giving way", "my knee just gave out", "my legs feel like jelly",
    "I can barely walk", "my left leg feels really weak", "I've got sudden weakness in my legs",
    "my legs won't hold me up", "my legs feel really weak all of a sudden", "my leg just gave way",
    "my knees keep buckling under me",
    # bladder or bowel control
    "I can't hold it in", "I've wet myself", "I can't pee", "I've lost control of my bladder",
    "I just peed myself", "I can't go to the toilet", "I have no bladder control",
    "I think I've lost control of my bowels", "I can't hold my pee in",
    # chest pain, pressure, tightness; the arm or jaw; a heart attack
    "I've got chest pains and my left arm is tingling", "my chest feels tight and my arm is numb",
    "there's a pressure in my chest", "my jaw hurts and I have chest pain", "I have a crushing pain in my chest",
    "my left arm is tingling and my chest hurts", "there's a tightness in my chest",
    "I've got pain in my chest and my jaw", "I think it might be a heart attack", "I can't catch my breath",
    "chest pain with tingling in my left arm",
    # a fall, a slip, a trip, an accident
    "I just fell off the chair", "I slipped and hurt my back", "oh no I fell", "I came off my bike",
    "I had a bike accident", "I fell down the stairs", "I was in a car accident last week",
    "I tripped on the mat and fell", "I fell over and banged my head", "I just took a nasty fall",
    # a fever or a temperature, with back pain
    "I've got a temperature and my back hurts", "I have a fever and back pain", "I'm running a temperature",
    "I think I have a fever", "my back aches and I have a fever", "I've been running a high fever",
    # pain shooting, radiating, running down a leg
    "there's a pain shooting down my leg", "I've got pain radiating down my leg",
    "the pain goes down the back of my leg", "I think I have sciatica", "it's shooting down my left leg",
    "I get shooting pains down my legs", "there's a pain shooting down the back of my leg",
    "the pain shoots right down my leg to my foot", "it's like an electric shock down my leg",
    # can't move, can't get up, stuck
    "I'm stuck and can't move", "I can't get up off the floor", "help I'm stuck", "I can't straighten up",
    "my back has locked up and I can't move", "I'm in agony", "I can't move my legs",
    "I'm stuck on the floor and can't get up", "I can't get myself up off the floor",
]

DIZZY_SAID = [
    "I feel a bit dizzy now", "I'm getting really lightheaded", "whoa my head is spinning", "I feel giddy",
    "I'm feeling woozy", "the room's spinning", "I think I'm going to pass out", "I feel like I might faint",
    "I'm seeing stars", "everything's going blurry", "I stood up too fast", "I've come over all dizzy",
    "I'm a bit wobbly", "I feel sick and dizzy", "I'm having a dizzy spell", "my head feels fuzzy",
    "I nearly fainted", "I'm feeling a little light headed", "I feel really unsteady", "I've gone all dizzy",
    "oh I feel dizzy", "I feel a bit off balance", "whoa I'm a bit dizzy",
]

HURT_SAID = [
    "my knee hurts on the floor", "it's hurting my lower back", "ouch my neck", "that pinches",
    "I felt a twinge in my back", "my hamstring is killing me", "my hips are sore", "my wrists hurt in this position",
    "it hurts when I bend forward", "is it meant to hurt like this", "that really hurts my back",
    "I think I've pulled a muscle", "I've got a cramp in my calf", "this is uncomfortable", "my shoulder aches",
    "something's not right", "I felt something pop", "it hurts a bit", "that didn't feel right",
    "my lower back is aching", "ow ow that hurts", "oh that pinches", "my back is sore doing this",
    "my back is a bit stiff",
]

# A pain rating said at any time, not only at the question.
PAIN_SAID = [
    ("my pain is a nine now", "9"), ("it's like a seven", "7"), ("it's gone up to an eight", "8"),
    ("about a six I'd say", "6"), ("I reckon it's a five", "5"), ("it went down to a three", "3"),
    ("my back's at a four now", "4"), ("I'd give it a six", "6"), ("pain's at an eight", "8"),
    ("it's jumped up to a nine", "9"), ("honestly about a five", "5"), ("oh I don't know probably a three", "3"),
    ("pretty bad today like a seven", "7"), ("ow it's like a seven now", "7"), ("I reckon about a four", "4"),
]


def test_the_said_lists_are_not_written_in_samples_yaml():
    written = _written_in_samples_yaml()
    assert len(RED_FLAG_SAID) >= 60 and len(DIZZY_SAID) >= 20 and len(HURT_SAID) >= 20
    for line in [*RED_FLAG_SAID, *DIZZY_SAID, *HURT_SAID, *(line for line, _ in PAIN_SAID)]:
        assert normalize(line) not in written, f"'{line}' is written in samples.yaml: say something else"


@pytest.mark.parametrize("locale", locales())
def test_getting_dizzy_is_dizziness_and_not_a_piece_of_equipment(locale):
    """"I got woozy getting up" was heard as "I got {equipment}" (sets 93 and 97): dizziness
    must stop the exercise, whatever word for it follows "I got"."""
    matcher = matcher_for_locale(locale)
    for line in ("I got woozy getting up", "I got lightheaded sitting up", "I got faint when I stood up"):
        assert matcher.match(line).intent == intents.DIZZY, line


@pytest.mark.parametrize("locale", locales())
def test_red_flags_are_understood_however_they_are_said(locale):
    matcher = matcher_for_locale(locale)
    missed = [(line, matcher.match(line).intent) for line in RED_FLAG_SAID
              if matcher.match(line).intent != intents.RED_FLAG]
    assert not missed, missed
    # most of them are samples of the model itself (the grammar's combinations): what a
    # client matching word for word, and Alexa's own training, get
    from_model = sum(matcher.match(line).source == "model" for line in RED_FLAG_SAID)
    assert from_model >= 0.6 * len(RED_FLAG_SAID), from_model


@pytest.mark.parametrize(("said", "intent"), [*((line, intents.DIZZY) for line in DIZZY_SAID),
                                              *((line, intents.HURT) for line in HURT_SAID)])
def test_dizziness_and_hurt_are_understood_however_they_are_said(said, intent):
    assert matcher_for_locale("en-US").match(said).intent == intent


@pytest.mark.parametrize(("said", "value"), PAIN_SAID)
def test_a_pain_rating_is_understood_whenever_it_is_said(said, value):
    match = matcher_for_locale("en-US").match(said)
    assert (match.intent, match.slots["rating"].value) == (intents.PAIN_RATING, value)


def test_red_flags_are_built_from_parts():
    """RedFlagIntent is written compositionally: symptoms, places and sentences as named
    lists, combined, rather than a flat list of sentences."""
    source = load_samples()
    patterns = source["intents"][intents.RED_FLAG]
    assert sum("<" in p for p in patterns) >= 20
    for name in ("in_part", "numb", "numbness", "chest", "fever", "down_leg"):
        assert name in source["phrases"], name
    red = locale_samples(source, "en-US")[intents.RED_FLAG]
    assert len(red) > MAX_SAMPLES_PER_INTENT  # more than any other intent may have
    # the places below the waist are the slot {part}: a sample with it names each of them
    lower = [w for words in source["types"]["LOWER_BODY"].values() for w in words]
    for place in ("groin", "buttocks", "bum", "saddle area", "inner thighs", "both legs", "feet", "down there"):
        value = place if place in lower else place.split()[-1]  # "both {part}": "both legs"
        said = [s.replace("{part}", value) if value in lower else s for s in red]
        assert sum(place in s and ("numb" in s or "tingling" in s) for s in said) >= 3, place
