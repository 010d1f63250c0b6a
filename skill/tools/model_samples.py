"""The samples of each locale's interaction model, expanded and checked.

:mod:`skill.tools.model_build` reads ``interaction_models/samples.yaml`` and writes the models;
this module does the part in between: it expands the patterns written under
``intents:`` (and a locale's own, under ``locales:``) with the grammar of
:mod:`skill.tools.model_grammar`, puts ``frames:`` around them as ``framed:`` says
(:func:`framed_samples`), and checks what comes out: legal characters, slots the
intent has (:func:`check_samples`), no sample in two intents, word for word, up to the
simulator's filler words, or with a slot filled in by one of its values
(:func:`check_overlaps`), and how many samples an intent and a model may have
(:func:`check_bounds`, with the bounds and their reasons in :mod:`skill.tools.model_grammar`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from skill import intents
from skill.sim.words import HESITATIONS, INTERJECTION_SET, TRAILERS, loose_key, sample_tokens
from skill.text import SLOT_REF, normalize
from skill.tools.model_grammar import (
    MAX_FRAMED_PER_MODEL,
    MAX_SAMPLES_PER_MODEL,
    Frame,
    Grammar,
    GrammarError,
    framed_bound,
    written_bound,
)

DEFAULT_LOCALE = "en-US"
# What Alexa accepts in a sample utterance (besides {slot} references) and in a slot value.
LEGAL_TEXT = re.compile(r"^[A-Za-z' .]+$")


# What a frame puts nothing more before or after: a sample that already starts with an
# interjection or a hesitation ("okay next", "um next one please") or ends with a trailer
# takes no second one.
FRAME_LEADERS = INTERJECTION_SET | {normalize(w) for w in HESITATIONS}
FRAME_TRAILERS = frozenset(t.replace("'", "") for t in TRAILERS if " " not in t)


class ModelError(ValueError):
    """The sample file, the content and the intents do not make a valid model."""


def dedupe(items: Iterable[str]) -> list[str]:
    """The items in order, each once; empty ones dropped."""
    seen: set[str] = set()
    out = []
    for item in items:
        if item and item not in seen:
            seen.add(item)
            out.append(item)
    return out


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
            for sample in frame.around_all(shared.get(intent, ()), carrier_words, FRAME_LEADERS, FRAME_TRAILERS):
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
        out[intent] = [s for s in dedupe(added) if s not in own]
    unused = sorted(set(known) - {name for names in framed_by.values() for name in names})
    if unused:
        raise ModelError(f"frames: {unused} framed: gives to no intent: drop them")
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
            common[name] = _lines(rules, f"intent '{name}'", patterns, set())
            own = _lines(rules, f"locale '{locale}', intent '{name}'", extra.get(name, ()), set(common[name]))
        except GrammarError as exc:
            raise ModelError(f"intent '{name}': {exc}") from None
        written[name] = [*common[name], *own]
    check_overlaps(locale, written, {})  # what was written first: frames go around it
    framed = framed_samples(source, written, common)
    return written, {name: framed.get(name, []) for name in written}


def _lines(rules: Grammar, where: str, patterns: Iterable[str], seen: set[str]) -> list[str]:
    """The samples of ``patterns``, in order, each once and none of ``seen``. A line
    whose every sample an earlier line already gives is an error: it would add nothing."""
    out = []
    for pattern in patterns:
        new = [s for s in dedupe(sample_key(s) for s in rules.expand(pattern)) if s not in seen]
        if not new:
            raise ModelError(f"{where}: '{pattern}' adds no sample the lines before it do not: drop it")
        seen.update(new)
        out.extend(new)
    return out


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



def check_bounds(locale: str, written: Mapping[str, Sequence[str]], framed: Mapping[str, Sequence[str]]) -> None:
    """How many samples each intent, and the whole model, may have: the written ones
    and, apart, the framed ones (see :mod:`skill.tools.model_grammar` for the bounds and why)."""
    for name, samples in written.items():
        if len(samples) > written_bound(name):
            raise ModelError(f"{locale}: intent '{name}' has {len(samples)} samples; "
                             f"at most {written_bound(name)}")
        if len(framed.get(name, ())) > framed_bound(name):
            raise ModelError(f"{locale}: intent '{name}' has {len(framed[name])} framed samples; "
                             f"at most {framed_bound(name)}")
    total = sum(len(s) for s in written.values())
    if total > MAX_SAMPLES_PER_MODEL:
        raise ModelError(f"{locale}: {total} samples in all; at most {MAX_SAMPLES_PER_MODEL}")
    total = sum(len(s) for s in framed.values())
    if total > MAX_FRAMED_PER_MODEL:
        raise ModelError(f"{locale}: {total} framed samples in all; at most {MAX_FRAMED_PER_MODEL}")
