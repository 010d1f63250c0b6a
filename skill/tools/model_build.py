"""Build the Alexa interaction models, one per locale, from their one source.

``interaction_models/samples.yaml`` holds the invocation name, the sample utterances
every locale shares (written as patterns in the small grammar of
:mod:`skill.tools.model_grammar`, with named phrase lists under ``phrases:``), the fixed slot
types under ``types:`` (PLACE), and under ``locales:`` the locales the skill is published
in, each with the few samples only its English needs; ``content/`` holds the exercises,
routines and equipment, which become the EXERCISE, ROUTINE and EQUIPMENT slot types
(value id = content id, name = spoken name, synonyms = every other name);
``skill/intents.py`` names the intents and their slots. Under ``frames:`` and ``framed:``,
samples.yaml names the words said around a whole sample ("okay, pause", "go slower
please", "can you speed up") and which intents' samples take them: see
:func:`framed_samples`. :func:`build_model` joins them into the JSON that the Alexa
developer console and the ASK CLI import, so the locales cannot drift apart. Expanding
and checking the samples is :mod:`skill.tools.model_samples`; how many an intent and a model
may have, and why, is written in :mod:`skill.tools.model_grammar`.

    python -m skill.tools.model_build                   # rewrite every interaction_models/<locale>.json
    python -m skill.tools.model_build --locale en-GB    # only that one
    python -m skill.tools.model_build --check           # exit 1 if a committed file is stale
    python -m skill.tools.model_build --list WhyIntent  # print what an intent's patterns (and frames) expand to
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
from skill.resources import interaction_models_dir
from skill.text import LOCALE_CODE
from skill.tools.model_grammar import (
    MAX_FRAMED_PER_INTENT,
    MAX_FRAMED_PER_MODEL,
    MAX_SAMPLES_PER_INTENT,
    MAX_SAMPLES_PER_MODEL,
)
from skill.tools.model_samples import (
    DEFAULT_LOCALE,
    LEGAL_TEXT,
    SLOT_REF,
    ModelError,
    carrier_words,
    check_bounds,
    check_overlaps,
    check_samples,
    dedupe,
    framed_samples,
    frames,
    grammar,
    locale_parts,
    locale_samples,
    sample_key,
)

__all__ = [
    "DEFAULT_LOCALE", "LEGAL_TEXT", "LOCALE_CODE", "MAX_FRAMED_PER_INTENT", "MAX_FRAMED_PER_MODEL",
    "MAX_SAMPLES_PER_INTENT", "MAX_SAMPLES_PER_MODEL", "SLOT_REF", "ModelError", "build_model",
    "carrier_words", "check_overlaps", "check_samples", "fixed_slot_type", "frames", "framed_samples",
    "grammar", "load_samples", "locale_parts", "locale_samples", "locales", "main", "model_path",
    "number_words", "render", "sample_key", "samples_path", "slot_type", "spoken", "stray_models",
]

# Slot types whose values are written in samples.yaml under types:, and their value ids.
FIXED_TYPES: dict[str, tuple[str, ...]] = {
    "PLACE": intents.PLACE_VALUES, "LOWER_BODY": intents.LOWER_BODY_VALUES, "BODY_PART": intents.BODY_PART_VALUES,
}

_ONES = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen "
    "fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


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


# The words people put before a name of each content slot type: "how do I do the bird
# dog", "start a desk break", "I don't have any towel". They are written into the slot's
# values ("the bird dog" is a synonym of bird dog), not into every sample that takes the
# name, which would double those samples and the model with them.
NAME_ARTICLES = {"EXERCISE": ("the", "a"), "ROUTINE": ("the", "a", "my"), "EQUIPMENT": ("the", "a", "any", "my")}
_ARTICLE = re.compile(r"^(?:a|an|the) (?=\S)")
ARTICLE_WORDS = frozenset(("the", "a", "an", "any", "my"))  # every word NAME_ARTICLES puts before a name


def with_article(article: str, name: str) -> str:
    """"a" + "towel" -> "a towel", "a" + "exercise band" -> "an exercise band"."""
    return f"an {name}" if article == "a" and name[:1] in "aeiou" else f"{article} {name}"


def _type_values(name: str, entries: Iterable[tuple[str, str, Iterable[str]]]) -> dict[str, Any]:
    def bare(text: str) -> str:  # "a chair" -> "chair": the articles are added below
        return _ARTICLE.sub("", spoken(text))

    articles = NAME_ARTICLES.get(name, ())
    values = []
    for ident, first, names in entries:
        value = bare(first)
        said = list(dedupe(bare(n) for n in names))
        said += [with_article(article, s) for article in articles for s in [value, *said]
                 if s.split()[0] not in ARTICLE_WORDS]  # "my back routine" takes no other
        synonyms = [s for s in dedupe(said) if s != value]
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
        check_samples(name, samples_, slots)
        entry: dict[str, Any] = {"name": name, "samples": samples_}
        if slots:
            entry["slots"] = [{"name": slot, "type": kind} for slot, kind in slots.items()]
        model_intents.append(entry)
    check_bounds(locale, written, framed)

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
    """The model as committed: compact JSON (no indents, no line breaks), sorted keys, a
    final newline. SMAPI takes a model definition of at most 1,000,000 characters and the
    samples are many: indents would cost a third of the file, a line a sample 3.5%. Review
    samples.yaml, the source; ``--list INTENT`` prints what an intent expands to."""
    return json.dumps(model, separators=(",", ":"), sort_keys=True, ensure_ascii=False) + "\n"


def model_path(locale: str = DEFAULT_LOCALE, directory: Path | None = None) -> Path:
    root = directory if directory is not None else interaction_models_dir()
    return root / f"{locale}.json"


def _write_or_check(locale: str, text: str, target: Path, check: bool) -> int:
    if check:
        current = target.read_text(encoding="utf-8") if target.is_file() else ""
        if current != text:
            print(f"{target} is out of date: run python -m skill.tools.model_build", file=sys.stderr)
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
        prog="python -m skill.tools.model_build",
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
