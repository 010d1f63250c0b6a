"""Build the Alexa interaction models, one per locale, from their one source.

``interaction_models/samples.yaml`` holds the invocation name, the sample utterances
every locale shares (written as patterns in the small grammar of
:mod:`skill.model_grammar`, with named phrase lists under ``phrases:``), the fixed slot
types under ``types:`` (PLACE), and under ``locales:`` the locales the skill is published
in, each with the few samples only its English needs; ``content/`` holds the exercises,
routines and equipment, which become the EXERCISE, ROUTINE and EQUIPMENT slot types
(value id = content id, name = spoken name, synonyms = every other name);
``skill/intents.py`` names the intents and their slots. Under ``frames:`` and ``framed:``,
samples.yaml names the words said around a whole sample ("okay, pause", "go slower
please", "can you speed up") and which intents' samples take them: see
:func:`framed_samples`. :func:`build_model` joins them into the JSON that the Alexa
developer console and the ASK CLI import, so the locales cannot drift apart:

    python -m skill.model_build                   # rewrite every interaction_models/<locale>.json
    python -m skill.model_build --locale en-GB    # only that one
    python -m skill.model_build --check           # exit 1 if a committed file is stale
    python -m skill.model_build --list WhyIntent  # print what an intent's patterns (and frames) expand to
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

from skill import intents
from skill.content import Content, ContentError, load_content
from skill.model_grammar import MAX_FRAMED_PER_INTENT, MAX_FRAMED_PER_MODEL, Frame, Grammar, GrammarError
from skill.resources import interaction_models_dir
from skill.sim.words import loose_key, sample_tokens

DEFAULT_LOCALE = "en-US"
# How a locale is spelled in samples.yaml and in the file names: en-US, en-GB ...
LOCALE_CODE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")
SLOT_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# What Alexa accepts in a sample utterance (besides {slot} references) and in a slot value.
LEGAL_TEXT = re.compile(r"^[A-Za-z' .]+$")
# Slot types whose values are written in samples.yaml under types:, and their value ids.
FIXED_TYPES: dict[str, tuple[str, ...]] = {"PLACE": intents.PLACE_VALUES}
# Well under Alexa's limits, and enough: a bigger model only trains more of the same.
# These count the samples written under intents: (and a locale's own); what frames add
# is bounded on its own, by MAX_FRAMED_PER_INTENT and MAX_FRAMED_PER_MODEL (see
# skill/model_grammar.py for why those are what they are).
MAX_SAMPLES_PER_INTENT = 600
MAX_SAMPLES_PER_MODEL = 8000

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


class ModelError(ValueError):
    """The sample file, the content and the intents do not make a valid model."""


def number_words(number: int) -> str:
    """0..999 as spoken words: 90 -> "ninety", 115 -> "one hundred fifteen"."""
    if number < 20:
        return _ONES[number]
    if number < 100:
        tens, ones = divmod(number, 10)
        return _TENS[tens] + ("" if ones == 0 else " " + _ONES[ones])
    if number < 1000:
        hundreds, rest = divmod(number, 100)
        return _ONES[hundreds] + " hundred" + ("" if rest == 0 else " " + number_words(rest))
    raise ValueError(f"{number} is too large to spell")


def spoken(text: str) -> str:
    """A name as Alexa accepts it in a slot value: lower case, letters, spaces,
    apostrophes and periods only ("Cat-Cow" -> "cat cow", "90/90" -> "ninety ninety")."""
    text = text.lower().replace("\u2019", "'").replace("&", " and ")
    text = re.sub(r"\d+", lambda m: f" {number_words(int(m.group()))} ", text)
    text = re.sub(r"[^a-z' .]+", " ", text)
    words = [w.strip(".'") if not re.fullmatch(r"(?:[a-z]\.)+", w) else w for w in text.split()]
    return " ".join(w for w in words if w)


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


def _type_values(name: str, entries: Iterable[tuple[str, str, Iterable[str]]]) -> dict[str, Any]:
    def bare(text: str) -> str:  # "a chair" -> "chair": the samples carry the articles
        return re.sub(r"^(?:a|an|the) (?=\S)", "", spoken(text))

    values = []
    for ident, first, names in entries:
        value = bare(first)
        synonyms = [s for s in _dedupe(bare(n) for n in names) if s != value]
        name_block: dict[str, Any] = {"value": value}
        if synonyms:
            name_block["synonyms"] = synonyms
        values.append({"id": ident, "name": name_block})
    return {"name": name, "values": values}


def slot_type(name: str, entries: Iterable[Any]) -> dict[str, Any]:
    """One custom slot type from content entries (exercises, routines or equipment)."""
    return _type_values(name, ((e.id, e.spoken_name, e.names) for e in entries))


def fixed_slot_type(name: str, words: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    """A slot type written in samples.yaml: value id -> its words, the first its name."""
    return _type_values(name, ((ident, said[0], said[1:]) for ident, said in words.items()))


def samples_path(directory: Path | None = None) -> Path:
    """interaction_models/samples.yaml: the one source of every locale's model."""
    root = directory if directory is not None else interaction_models_dir()
    return root / "samples.yaml"


def _check_samples_list(path: Path, where: str, samples: Any) -> None:
    if not isinstance(samples, list) or not all(isinstance(s, str) for s in samples):
        raise ModelError(f"{path}: {where}: expected a list of sample strings")


def _check_types(path: Path, types: Any) -> None:
    if not isinstance(types, Mapping):
        raise ModelError(f"{path}: types: expected slot type -> value id -> [words]")
    for name, values in types.items():
        wanted = FIXED_TYPES.get(name)
        if wanted is None:
            raise ModelError(f"{path}: types: '{name}' is not a fixed slot type ({', '.join(FIXED_TYPES)})")
        if not isinstance(values, Mapping) or tuple(values) != wanted:
            raise ModelError(f"{path}: types: '{name}': expected the values {', '.join(wanted)}, in that order")
        for ident, words in values.items():
            if not isinstance(words, list) or not words or not all(isinstance(w, str) for w in words):
                raise ModelError(f"{path}: types: '{name}': '{ident}': expected a list of words")


def load_samples(path: Path | None = None) -> dict[str, Any]:
    """samples.yaml, checked for shape: invocation_name, phrases, types, intents and locales."""
    path = path if path is not None else samples_path()
    if not path.is_file():
        raise ModelError(f"{path}: the sample utterances are missing")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:  # e.g. a sample starting with "{" that is not quoted
        raise ModelError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("intents"), Mapping):
        raise ModelError(f"{path}: expected 'invocation_name:' and an 'intents:' mapping")
    if not isinstance(data.get("invocation_name"), str):
        raise ModelError(f"{path}: field 'invocation_name': a string is required")
    if not isinstance(data.get("phrases", {}), Mapping):
        raise ModelError(f"{path}: phrases: expected name -> pattern or [patterns]")
    _check_types(path, data.get("types", {}))
    for intent, samples in data["intents"].items():
        _check_samples_list(path, f"intent '{intent}'", samples)
    if not isinstance(data.get("frames") or {}, Mapping):
        raise ModelError(f"{path}: frames: expected name -> frame")
    framed = data.get("framed") or {}
    if not isinstance(framed, Mapping):
        raise ModelError(f"{path}: framed: expected intent -> [frame names]")
    for intent, names in framed.items():
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise ModelError(f"{path}: framed: '{intent}': expected a list of frame names")
    by_locale = data.get("locales")
    if not isinstance(by_locale, Mapping) or not by_locale:
        raise ModelError(f"{path}: expected a 'locales:' mapping of locale -> extra samples")
    for locale, extra in by_locale.items():
        if not isinstance(locale, str) or not LOCALE_CODE.match(locale):
            raise ModelError(f"{path}: locale {locale!r}: expected a code such as en-GB")
        if extra is None:
            continue
        if not isinstance(extra, Mapping):
            raise ModelError(f"{path}: locale '{locale}': expected intent: [samples] or {{}}")
        for intent, samples in extra.items():
            _check_samples_list(path, f"locale '{locale}', intent '{intent}'", samples)
    return dict(data)


def locales(samples: Mapping[str, Any] | None = None) -> list[str]:
    """The locales the skill is published in, as samples.yaml lists them."""
    source = samples if samples is not None else load_samples()
    return list(source.get("locales") or {DEFAULT_LOCALE: {}})


def grammar(source: Mapping[str, Any]) -> Grammar:
    """The named phrase lists of samples.yaml, ready to expand patterns."""
    try:
        return Grammar(source.get("phrases") or {})
    except GrammarError as exc:
        raise ModelError(str(exc)) from None


def frames(source: Mapping[str, Any], rules: Grammar | None = None) -> dict[str, Frame]:
    """The frames of samples.yaml, by name."""
    rules = rules if rules is not None else grammar(source)
    out = {}
    for name, spec in (source.get("frames") or {}).items():
        try:
            out[str(name)] = Frame.of(rules, str(name), spec)
        except GrammarError as exc:
            raise ModelError(str(exc)) from None
    return out


def carrier_words(sample: str) -> int:
    """How many words a frame counts in a sample: its carrier words, as the simulator
    reads them (no articles or other filler words), a slot one word."""
    return len(sample_tokens(sample))


def framed_samples(source: Mapping[str, Any], written: Mapping[str, Sequence[str]],
                   shared: Mapping[str, Sequence[str]]) -> dict[str, list[str]]:
    """The samples ``framed:`` adds to each intent: each of its frames around the
    intent's shared samples (``shared``: never a locale's own) that it fits.

    A framed sample is only ever a variant: one that an intent's ``written`` samples
    already have is not added again, and one that is (word for word, or up to the
    simulator's filler words) another intent's written sample gives way to it, so
    "go on then" stays the yes that en-GB wrote rather than "go on" framed with "then".
    Two intents whose frames make the same sample are an error naming both, and so, as
    for written samples, is a framed sample that a slot value makes another intent's
    (:func:`check_overlaps`, when the model is built)."""
    rules = grammar(source)
    known = frames(source, rules)
    framed_by: Mapping[str, list[str]] = source.get("framed") or {}
    for intent, names in framed_by.items():
        if intent not in intents.ALL_INTENTS:
            raise ModelError(f"framed: '{intent}' is not an intent the skill knows")
        unknown = [n for n in names if n not in known]
        if unknown:
            raise ModelError(f"framed: '{intent}': no frame named {unknown} under frames:")
    owner: dict[str, str] = {}
    for intent, samples in written.items():
        for sample in samples:
            owner.setdefault(sample, intent)
            owner.setdefault("~" + loose_key(sample), intent)
    made: dict[str, tuple[str, str]] = {}
    out: dict[str, list[str]] = {}
    for intent, names in framed_by.items():
        if intent not in written:
            continue  # build_model names the intents samples.yaml leaves out
        added = []
        for frame in (known[n] for n in names):
            for sample in frame.around_all(shared.get(intent, ()), carrier_words):
                sample = sample_key(sample)
                keys = (sample, "~" + loose_key(sample))
                if any(owner.get(k, intent) != intent for k in keys):
                    continue  # another intent's own sample: it stays theirs
                for key in keys:
                    other = made.setdefault(key, (intent, sample))
                    if other[0] != intent:
                        raise ModelError(f"framed: '{sample}' ({intent}) and '{other[1]}' ({other[0]}) "
                                         "are the same sample: frame only one of them")
                added.append(sample)
        own = set(written[intent])
        out[intent] = [s for s in _dedupe(added) if s not in own]
    return out


def locale_parts(source: Mapping[str, Any], locale: str) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Every intent's samples in ``locale``, expanded, in two parts: the written ones
    (the shared ones, then the locale's own) and the framed ones (:func:`framed_samples`)."""
    by_locale: Mapping[str, Any] = source.get("locales") or {DEFAULT_LOCALE: {}}
    if locale not in by_locale:
        raise ModelError(f"no interaction model for locale {locale!r}: samples.yaml's locales: lists "
                         f"{', '.join(by_locale)}")
    shared: Mapping[str, list[str]] = source["intents"]
    extra: Mapping[str, list[str]] = by_locale[locale] or {}
    stray = [name for name in extra if name not in shared]
    if stray:
        raise ModelError(f"locale '{locale}' adds samples to intents the skill does not know: {stray}")
    rules = grammar(source)
    common: dict[str, list[str]] = {}
    written: dict[str, list[str]] = {}
    for name, patterns in shared.items():
        try:
            common[name] = _dedupe(sample_key(s) for s in rules.expand_all(patterns))
            own = [sample_key(s) for s in rules.expand_all(extra.get(name, ()))]
        except GrammarError as exc:
            raise ModelError(f"intent '{name}': {exc}") from None
        written[name] = _dedupe([*common[name], *own])
    check_overlaps(locale, written, {})  # what was written first: frames go around it
    framed = framed_samples(source, written, common)
    return written, {name: framed.get(name, []) for name in written}


def locale_samples(source: Mapping[str, Any], locale: str) -> dict[str, list[str]]:
    """Every intent's samples in ``locale``, expanded: the shared ones, then the locale's
    own, then the framed ones (:func:`framed_samples`)."""
    written, framed = locale_parts(source, locale)
    return {name: [*samples, *framed[name]] for name, samples in written.items()}


def sample_key(sample: str) -> str:
    """How Alexa compares samples: case and spacing do not matter."""
    return " ".join(sample.lower().split())


def check_samples(intent: str, samples: Sequence[str], slots: Mapping[str, str]) -> None:
    for sample in samples:
        refs = SLOT_REF.findall(sample)
        for ref in refs:
            if ref not in slots:
                raise ModelError(f"intent '{intent}': sample '{sample}' names unknown slot {{{ref}}}")
        if len(refs) != len(set(refs)):
            raise ModelError(f"intent '{intent}': sample '{sample}' names a slot twice")
        literal = SLOT_REF.sub(" ", sample)
        if literal.strip() and not LEGAL_TEXT.match(literal):
            raise ModelError(
                f"intent '{intent}': sample '{sample}': only letters, spaces, apostrophes and "
                "periods are allowed (spell numbers out)"
            )


def check_overlaps(locale: str, by_intent: Mapping[str, Sequence[str]],
                   types: Mapping[str, Mapping[str, Any]]) -> None:
    """No sample in two intents: word for word, once the simulator's filler words are set
    aside, or with a slot filled in by one of its custom type's values."""
    exact: dict[str, str] = {}
    loose: dict[str, tuple[str, str]] = {}
    for intent, samples in by_intent.items():
        for sample in samples:
            if exact.setdefault(sample, intent) != intent:
                raise ModelError(f"{locale}: sample '{sample}' is in both '{exact[sample]}' and '{intent}'")
            other = loose.setdefault(loose_key(sample), (intent, sample))
            if other[0] != intent:
                raise ModelError(f"{locale}: '{sample}' ({intent}) and '{other[1]}' ({other[0]}) "
                                 "differ only by filler words")
    names = {name: [(said, loose_key(said)) for v in t["values"]
                    for said in (v["name"]["value"], *v["name"].get("synonyms", ()))]
             for name, t in types.items()}
    for intent, samples in by_intent.items():
        slots = intents.CUSTOM_SLOTS.get(intent, {})
        for sample in samples:
            refs = SLOT_REF.findall(sample)
            if len(refs) != 1 or slots.get(refs[0]) not in names:
                continue
            tokens = sample_tokens(sample)
            at = tokens.index("{" + refs[0] + "}")
            before, after = " ".join(tokens[:at]), " ".join(tokens[at + 1:])
            for value, value_key in names[slots[refs[0]]]:
                key = " ".join(part for part in (before, value_key, after) if part)
                other = loose.setdefault(key, (intent, sample))
                if other[0] != intent:
                    raise ModelError(f"{locale}: '{sample}' ({intent}) with '{value}' is "
                                     f"'{other[1]}' ({other[0]})")


def build_model(
    locale: str = DEFAULT_LOCALE,
    content: Content | None = None,
    samples: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The interaction model for ``locale`` as the ASK CLI and developer console import it."""
    content = content if content is not None else load_content()
    source = samples if samples is not None else load_samples()
    written, framed = locale_parts(source, locale)
    by_intent = {name: [*samples, *framed[name]] for name, samples in written.items()}

    unknown = [name for name in by_intent if name not in intents.ALL_INTENTS]
    if unknown:
        raise ModelError(f"samples name intents the skill does not know: {unknown}")
    missing = [name for name in intents.ALL_INTENTS if name not in by_intent]
    if missing:
        raise ModelError(f"samples leave out intents the skill handles: {missing}")

    model_intents = []
    for name in intents.ALL_INTENTS:  # custom intents first, in skill/intents.py order
        slots = intents.CUSTOM_SLOTS.get(name, {})
        samples_ = by_intent[name]
        if name in intents.CUSTOM_SLOTS and not samples_:
            raise ModelError(f"intent '{name}': a custom intent needs sample utterances")
        if len(written[name]) > MAX_SAMPLES_PER_INTENT:
            raise ModelError(f"{locale}: intent '{name}' has {len(written[name])} samples; "
                             f"at most {MAX_SAMPLES_PER_INTENT}")
        if len(framed[name]) > MAX_FRAMED_PER_INTENT:
            raise ModelError(f"{locale}: intent '{name}' has {len(framed[name])} framed samples; "
                             f"at most {MAX_FRAMED_PER_INTENT}")
        check_samples(name, samples_, slots)
        entry: dict[str, Any] = {"name": name, "samples": samples_}
        if slots:
            entry["slots"] = [{"name": slot, "type": kind} for slot, kind in slots.items()]
        model_intents.append(entry)
    total = sum(len(s) for s in written.values())
    if total > MAX_SAMPLES_PER_MODEL:
        raise ModelError(f"{locale}: {total} samples in all; at most {MAX_SAMPLES_PER_MODEL}")
    total = sum(len(s) for s in framed.values())
    if total > MAX_FRAMED_PER_MODEL:
        raise ModelError(f"{locale}: {total} framed samples in all; at most {MAX_FRAMED_PER_MODEL}")

    # values pass through spoken(), so they are legal as they come
    types = {name: slot_type(name, getattr(content, attr).values())
             for name, attr in intents.SLOT_TYPES.items()}
    types.update((name, fixed_slot_type(name, words)) for name, words in (source.get("types") or {}).items())
    used = {kind for slots in intents.CUSTOM_SLOTS.values() for kind in slots.values()}
    untyped = sorted(kind for kind in used if not kind.startswith("AMAZON.") and kind not in types)
    if untyped:
        raise ModelError(f"slot types {untyped} come neither from content/ nor from types:")
    check_overlaps(locale, by_intent, types)
    invocation = spoken(source["invocation_name"])
    return {
        "interactionModel": {
            "languageModel": {
                "invocationName": invocation,
                "intents": model_intents,
                "types": [types[name] for name in sorted(types)],
            }
        }
    }


def render(model: Mapping[str, Any]) -> str:
    """The model as committed: two-space indents, sorted keys, a final newline."""
    return json.dumps(model, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def model_path(locale: str = DEFAULT_LOCALE, directory: Path | None = None) -> Path:
    root = directory if directory is not None else interaction_models_dir()
    return root / f"{locale}.json"


def _write_or_check(locale: str, text: str, target: Path, check: bool) -> int:
    if check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target} is out of date: run python -m skill.model_build", file=sys.stderr)
            return 1
        print(f"{target} is up to date")
        return 0
    target.write_text(text, encoding="utf-8")
    print(f"wrote {target}")
    return 0


def stray_models(wanted: Iterable[str], directory: Path | None = None) -> list[Path]:
    """Model files in the folder for locales that samples.yaml no longer lists."""
    root = directory if directory is not None else interaction_models_dir()
    keep = set(wanted)
    return sorted(p for p in root.glob("*.json") if LOCALE_CODE.match(p.stem) and p.stem not in keep)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m skill.model_build",
        description="Build interaction_models/<locale>.json, for every locale samples.yaml "
                    "lists, from samples.yaml and content/.",
    )
    parser.add_argument("--locale", action="append", default=None,
                        help="only this locale (repeat for more; default: every locale)")
    parser.add_argument("--check", action="store_true",
                        help="do not write; exit 1 if a committed model is out of date")
    parser.add_argument("--output", type=Path, default=None,
                        help="with one --locale: write (or check) this file instead")
    parser.add_argument("--directory", type=Path, default=None,
                        help="write (or check) <locale>.json files in this folder instead")
    parser.add_argument("--list", metavar="INTENT", default=None,
                        help="print the samples INTENT's patterns expand to (with --locale: there)")
    args = parser.parse_args(argv)
    try:
        source = load_samples()
        if args.list is not None:
            listed = locale_samples(source, (args.locale or [DEFAULT_LOCALE])[0])
            if args.list not in listed:
                raise ModelError(f"no intent '{args.list}' in samples.yaml")
            print("\n".join(listed[args.list]))
            return 0
        wanted = args.locale or locales(source)
        if args.output is not None and len(wanted) != 1:
            parser.error("--output takes one --locale; use --directory for several")
        content = load_content()
        texts = {locale: render(build_model(locale, content, source)) for locale in wanted}
    except (ModelError, ContentError, ValueError) as exc:
        print(f"model_build: {exc}", file=sys.stderr)
        return 2
    status = 0
    for locale, text in texts.items():
        target = args.output if args.output is not None else model_path(locale, args.directory)
        status = max(status, _write_or_check(locale, text, target, args.check))
    if args.output is None and not args.locale:
        for stray in stray_models(wanted, args.directory):
            print(f"{stray}: {stray.stem} is not in samples.yaml's locales: delete the file "
                  "or add the locale", file=sys.stderr)
            status = max(status, 1)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
