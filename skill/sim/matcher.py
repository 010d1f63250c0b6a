"""Turn a line of typed speech into what Alexa's language understanding would send.

A :class:`Matcher` is built once per interaction model (``interaction_models/<locale>.json``)
and matches a line to an intent and its slots:

- the model's sample utterances, and the phrasings Amazon documents for each built-in
  intent (:data:`BUILT_IN_PHRASES`), are read once as word sequences with slots;
- case, punctuation, apostrophes, an "Alexa," prefix and small filler words ("please",
  "um", "the", "can you", "okay so" ...; see :mod:`skill.sim.words`) do not matter;
  words are compared as :func:`skill.text.normalize` leaves them, the one
  normalisation the content uses too;
- a slot captures the words between its carrier words, resolved against its slot type's
  values and synonyms as Alexa resolves entities: exactly (see :mod:`skill.sim.slots`);
- carrier words never become a name: an unresolved capture that starts with "this",
  "that", "it", "next" ... ("can I do this in bed", "what is this exercise good for") is
  no slot value, so that sample does not fit; nor is a capture longer than every name
  of its slot type that holds none of them ("I got up too fast and I feel faint" is no
  "I got {equipment}"); a sample with a single carrier word, such
  as "why {exercise}", needs a value that resolves;
- a sample that is another sample of its intent with an interjection before it or a
  trailer after it ("okay stop", "which side is it now": samples.yaml's frames write
  such samples out for clients that match word for word) is no pattern of its own: the
  matcher reads every line past those words anyway, and "okay" is no carrier word;
- the most specific match wins: more carrier words; then resolved slots over
  unresolved ones; then, between unresolved ones, the slot type with a name closest to
  what was said (rapidfuzz; "let's do the bird hog" is an exercise, still unresolved);
  then the model's own samples over the documented phrasings;
- when no sample fits, Alexa's statistical understanding would still hear a phrasing
  near one: the nearest sample's intent is sent if it is near enough, with its slots
  filled only by words that resolve exactly, and red flags kept apart both ways (see
  :mod:`skill.sim.near`); the match says so (``source="near"``, and how near). Nothing
  near enough gives ``AMAZON.FallbackIntent``. A line that names a sign of a red flag
  ("numb", "can't feel" ...) and fits only a milder sample through a slot that does not
  resolve ("I don't have any feeling in my legs" as "I don't have {equipment}") is
  RedFlagIntent if a red-flag sample is near enough.

It also recognises the lines that name the skill ("Alexa, open my back routine",
"ask my back routine how do I do child's pose"): see :meth:`Matcher.invocation` and
:mod:`skill.sim.invocation`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Any, Literal

from skill.sim.envelope import SlotFill
from skill.sim.invocation import Invocation, Invocations, addressed
from skill.sim.near import RED_FLAG, NearSample, NearSamples, slot_token
from skill.sim.slots import SlotValues, fill, parse_number, parse_time, resolve
from skill.sim.words import (
    FILLERS,
    INTERJECTION_SET,
    LEADERS,
    NOT_A_NAME,
    filler_mask,
    sample_tokens,
    spoken_words,
    trims,
)
from skill.text import LOCALE_CODE, normalize

__all__ = [
    "BUILT_IN_PHRASES", "FALLBACK", "FILLERS", "LEADERS", "RESUME", "Invocation", "Match",
    "Matcher", "SlotValues", "available_locales", "matcher_for", "matcher_for_locale",
    "model_path", "normalize", "parse_number", "parse_time",
]

FALLBACK = "AMAZON.FallbackIntent"
RESUME = "AMAZON.ResumeIntent"

# What Amazon documents (and people say) for each standard built-in intent. The model may
# add samples to a built-in intent; those win over this table when both fit a line.
# "exit" alone is not here: the chat loop keeps it for leaving the simulator.
BUILT_IN_PHRASES: dict[str, tuple[str, ...]] = {
    "AMAZON.StopIntent": (
        "stop", "off", "shut up", "quit", "stop it", "be quiet", "turn off", "enough",
        "that's enough", "stop the routine", "stop the workout", "end",
    ),
    "AMAZON.CancelIntent": ("cancel", "cancel that", "never mind", "nevermind", "forget it"),
    "AMAZON.HelpIntent": (
        "help", "help me", "what can i say", "what can i do", "what do i say",
        "what are my options", "i need help", "how does this work", "instructions",
    ),
    "AMAZON.NextIntent": ("next", "skip", "skip forward", "next one", "forward"),
    "AMAZON.PreviousIntent": (
        "previous", "go back", "back up", "skip back", "back", "previous one", "go backwards",
    ),
    "AMAZON.RepeatIntent": (
        "repeat", "repeat that", "say that again", "say again", "again", "come again",
        "pardon", "sorry", "what",
    ),
    "AMAZON.StartOverIntent": (
        "start over", "restart", "start again", "begin again", "start from the beginning",
        "from the beginning", "from the top",
    ),
    "AMAZON.PauseIntent": ("pause", "pause that"),
    "AMAZON.ResumeIntent": ("resume", "continue", "keep going", "carry on", "unpause"),
    "AMAZON.YesIntent": (
        "yes", "yeah", "yea", "yes please", "sure", "ok", "okay", "yep", "yup", "yes i do",
        "alright", "all right", "of course", "sounds good", "definitely", "absolutely",
        "why not", "let's do it",
    ),
    "AMAZON.NoIntent": (
        "no", "nope", "nah", "no thanks", "no thank you", "not now", "not really",
        "i don't think so", "no way",
    ),
    "AMAZON.NavigateHomeIntent": ("go home", "home", "go to home", "exit skill", "exit the skill"),
}

# A sample with fewer carrier words than this matches only when its slots resolve: a
# short carrier around an unknown value is more likely something else (Alexa would
# send AMAZON.FallbackIntent for "what's the weather" rather than HowToIntent). A number
# that is no number needs a longer one: "my pain is fish", not "I'm {rating} now" for
# "I'm ready now"; and it is one word misheard, not several ("my back is a bit stiff").
MIN_CARRIER_WORDS = 2
MIN_CARRIER_WORDS_NOT_A_NUMBER = 3
# Slot types whose every value is written (the places below the waist a red flag names,
# "my {part} has gone numb", and the parts of the body that hurt): a sample with one of
# them fits only when it resolves, so "my phone is dead" is no red flag, nor "my boss
# is killing me" a pain. What such a slot does not name, the near step
# still weighs by the symptom ("my calf has gone numb").
CLOSED_SLOT_TYPES = frozenset({"LOWER_BODY", "BODY_PART"})
# What wakes the device: said around a line, it is not part of what the line means.
WAKE_WORD = "alexa"


@dataclass(frozen=True)
class Match:
    """An intent and its filled slots, as Alexa's language understanding would send it."""

    intent: str
    slots: Mapping[str, SlotFill] = field(default_factory=dict)
    sample: str | None = None  # the sample utterance or phrasing that matched (or was nearest)
    # "model": a sample of the model fits; "built-in": a phrasing Amazon documents fits;
    # "near": none fits, and this sample is the nearest (skill.sim.near); "fallback": none.
    source: Literal["model", "built-in", "near", "fallback"] = "model"
    nearness: float | None = None  # for "near": how near the sample is, 0..1


@dataclass(frozen=True)
class _Pattern:
    intent: str
    sample: str
    tokens: tuple[str, ...]  # carrier words (no fillers) and "{slot}" markers
    slot_types: Mapping[str, str]
    literals: int  # carrier words that must be said
    from_model: bool
    order: int


def _bind(tokens: Sequence[str], said: Sequence[str]) -> dict[str, tuple[int, int]] | None:
    """Where each slot of a pattern falls in the words said, or None if it does not fit.
    A slot takes one word or more; the first fit (shortest captures first) wins."""
    spans: dict[str, tuple[int, int]] = {}

    def fit(pi: int, si: int) -> bool:
        if pi == len(tokens):
            return si == len(said)
        token = tokens[pi]
        if token.startswith("{"):
            for end in range(si + 1, len(said) + 1):
                spans[token[1:-1]] = (si, end)
                if fit(pi + 1, end):
                    return True
            return False
        return si < len(said) and said[si] == token and fit(pi + 1, si + 1)

    return spans if fit(0, 0) else None


class Matcher:
    """Matches lines against one interaction model. Build once; :meth:`match` is cheap."""

    def __init__(
        self,
        model: Mapping[str, Any],
        built_in: Mapping[str, Sequence[str]] = BUILT_IN_PHRASES,
    ) -> None:
        language = model["interactionModel"]["languageModel"]
        self.invocation_name: str = normalize(language["invocationName"])
        self.intent_slots: dict[str, dict[str, str]] = {}
        self.slot_types: dict[str, SlotValues] = {
            t["name"]: SlotValues(t.get("values", ())) for t in language.get("types", ())
        }
        self._samples: list[tuple[str, str]] = []
        self._from_model: list[bool] = []  # for each of _samples: the model's own, or documented
        self._exact: dict[tuple[str, ...], list[_Pattern]] = {}  # patterns without slots
        self._by_first: dict[str, list[_Pattern]] = {}  # with slots, by their first word
        self._slot_first: list[_Pattern] = []  # with slots, starting with one
        seen: set[tuple[str, tuple[str, ...], bool]] = set()
        said: dict[str, set[tuple[str, ...]]] = {}  # each intent's samples, as word sequences
        for intent in language.get("intents", ()):
            said[intent["name"]] = {tuple(sample_tokens(s)) for s in intent.get("samples", ())}
        for intent in language.get("intents", ()):
            name = intent["name"]
            slots = {s["name"]: s["type"] for s in intent.get("slots", ())}
            self.intent_slots[name] = slots
            for sample in intent.get("samples", ()):
                tokens = tuple(sample_tokens(sample))
                # "okay, stop", "which side is it now": a sample of the same intent with
                # an interjection before it or a trailer after it, which every line is
                # read without anyway (skill.sim.words.trims); as a pattern of its own it
                # would only count "okay" as a carrier word, and outrank what a line means.
                around = any(tokens[start:end] in said[name]
                             for start, end in trims(tokens, INTERJECTION_SET)[1:])
                self._add(name, sample, slots, True, seen, matchable=not around)
        for name, phrases in built_in.items():
            if name not in self.intent_slots:
                continue  # the skill's model does not use this intent: Alexa would not send it
            for phrase in phrases:
                self._add(name, phrase, {}, False, seen)
        self._near = NearSamples(self._near_samples())
        self._invocations = Invocations(self.invocation_name)

    # ---------------------------------------------------------------------- compile

    def _add(self, intent: str, sample: str, slots: Mapping[str, str], from_model: bool,
             seen: set[tuple[str, tuple[str, ...], bool]], matchable: bool = True) -> None:
        self._samples.append((intent, sample))
        self._from_model.append(from_model)
        tokens = tuple(sample_tokens(sample))
        used: dict[str, str] = {}
        for token in tokens:
            if token.startswith("{"):
                slot = token[1:-1]
                if slot not in slots:
                    raise ValueError(f"{intent}: sample {sample!r} names unknown slot {{{slot}}}")
                if slot in used:
                    raise ValueError(f"{intent}: sample {sample!r} names {{{slot}}} twice")
                used[slot] = slots[slot]
        if not matchable or not tokens or (intent, tokens, from_model) in seen:
            return  # the same words as an earlier sample, once fillers are set aside
        seen.add((intent, tokens, from_model))
        pattern = _Pattern(intent, sample, tokens, used, len(tokens) - len(used), from_model,
                           len(self._samples))
        if not used:
            self._exact.setdefault(tokens, []).append(pattern)
        elif tokens[0].startswith("{"):
            self._slot_first.append(pattern)
        else:
            self._by_first.setdefault(tokens[0], []).append(pattern)

    def _near_samples(self) -> Iterable[NearSample]:
        """Every sample and documented phrasing, as the near step compares them."""
        for order, ((intent, sample), from_model) in enumerate(zip(self._samples, self._from_model, strict=True)):
            slots = self.intent_slots.get(intent, {})
            said = sample_tokens(sample)
            tokens = tuple(slot_token(slots[t[1:-1]]) if t.startswith("{") else t for t in said)
            used = {t[1:-1]: slots[t[1:-1]] for t in said if t.startswith("{")}
            yield NearSample(intent, sample, tokens, used, from_model, order)

    # ----------------------------------------------------------------- invocations

    addressed = staticmethod(addressed)

    def invocation(self, line: str) -> Invocation | None:
        """How this line names the skill, or None when it does not (:mod:`skill.sim.invocation`)."""
        return self._invocations.read(line)

    # ------------------------------------------------------------------------ match

    def match(self, line: str) -> Match:
        """The intent (and slots) a line means; ``AMAZON.FallbackIntent`` if none fits."""
        words = spoken_words(line)
        keys = [normalize(w) for w in words]
        kept = [i for i, filler in enumerate(filler_mask(keys)) if not filler]
        said = [keys[i] for i in kept]
        best: tuple[tuple[int, ...], Match] | None = None
        for start, end in trims(said):  # without "okay," before or "now" after, too
            for pattern, spans in self._candidates(said[start:end]):
                found = self._score(pattern, spans, kept[start:end], words)
                if found is not None and (best is None or found[0] > best[0]):
                    best = found
        if best is None:
            return self._nearest(said, kept, words)
        match = best[1]
        if match.intent != RED_FLAG and self._near.alarmed(said) and any(
                slot.value == "?" or not (slot.matched or slot.builtin) for slot in match.slots.values()):
            # "I don't have any feeling in my legs" is no "I don't have {equipment}" with a
            # name no one knows: a sign of a red flag outranks a slot that does not resolve
            near = self._nearest(said, kept, words)
            if near.intent == RED_FLAG:
                return near
        return match

    def _nearest(self, said: Sequence[str], kept: Sequence[int], words: Sequence[str]) -> Match:
        """No sample fits: the nearest sample's intent if one is near enough
        (:mod:`skill.sim.near`), else ``AMAZON.FallbackIntent``. The wake word said
        before or after ("thanks so much for your help alexa") never reaches a skill, and
        is no word of what is meant: it is left out of the comparison. A line no sample is
        near is compared again without the interjection it starts with ("ouch, I think I
        fell awkwardly"), as exact matching reads every line with and without one."""
        while len(said) > 1 and said[0] == WAKE_WORD:
            said, kept = said[1:], kept[1:]
        while len(said) > 1 and said[-1] == WAKE_WORD:
            said, kept = said[:-1], kept[:-1]
        if not said:
            return Match(FALLBACK, {}, None, "fallback")

        def text(first: int, stop: int) -> str:
            return " ".join(words[kept[first]:kept[stop - 1] + 1])  # inner fillers kept

        near = self._near.nearest(said, text, partial(resolve, self.slot_types))
        if near is None and len(said) > 1 and said[0] in INTERJECTION_SET:
            return self._nearest(said[1:], kept[1:], words)
        if near is None:
            return Match(FALLBACK, {}, None, "fallback")
        slots = self.intent_slots.get(near.intent, {})
        fills = {name: fill(self.slot_types, name, slots[name], text(*span)) for name, span in near.spans.items()}
        return Match(near.intent, fills, near.sample, "near", round(near.score, 3))

    def _candidates(self, said: Sequence[str]) -> Iterable[tuple[_Pattern, dict[str, tuple[int, int]]]]:
        for pattern in self._exact.get(tuple(said), ()):
            yield pattern, {}
        for pattern in (*self._by_first.get(said[0], ()), *self._slot_first):
            if len(pattern.tokens) > len(said):
                continue
            spans = _bind(pattern.tokens, said)
            if spans is not None:
                yield pattern, spans

    def _score(self, pattern: _Pattern, spans: Mapping[str, tuple[int, int]], where: Sequence[int],
               words: Sequence[str]) -> tuple[tuple[int, ...], Match] | None:
        fills: dict[str, SlotFill] = {}
        captured = unresolved = near = 0
        for slot, slot_type in pattern.slot_types.items():
            first, end = spans[slot]
            said = " ".join(words[where[first]:where[end - 1] + 1])  # inner fillers kept
            captured += end - first
            filled = fill(self.slot_types, slot, slot_type, said)
            if filled.builtin:
                if filled.value == "?" and pattern.literals < MIN_CARRIER_WORDS_NOT_A_NUMBER:
                    return None
                if filled.value == "?" and slot_type == "AMAZON.NUMBER" and end - first > 1:
                    return None  # "my back is a bit stiff": a number misheard is a word, not "bit stiff"
                unresolved += filled.value == "?"
            elif not filled.matched:
                if slot_type in CLOSED_SLOT_TYPES:
                    return None  # "my phone is dead": not a place a red flag is felt in
                heard = normalize(said).split()
                if heard[0] in NOT_A_NAME:
                    return None  # "this in bed", "next one": carrier words, not a name
                values = self.slot_types.get(slot_type)
                if values is not None and len(heard) > values.longest and not values.names_within(heard):
                    return None  # longer than any name, and naming none: "I got up too fast and feel faint"
                unresolved += 1
                near += values.nearness(said) if values is not None else 0
            fills[slot] = filled
        if unresolved and pattern.literals < MIN_CARRIER_WORDS:
            return None  # "what's {exercise}" is no carrier for "what's the weather"
        score = (pattern.literals, -unresolved, near, int(pattern.from_model), -captured, -pattern.order)
        source: Literal["model", "built-in"] = "model" if pattern.from_model else "built-in"
        return score, Match(pattern.intent, fills, pattern.sample, source)

    def samples(self) -> Iterable[tuple[str, str]]:
        """Every (intent, sample or phrasing) this matcher knows."""
        return iter(self._samples)


def load_model(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    return data


@lru_cache(maxsize=8)
def _cached_matcher(path: str, mtime_ns: int) -> Matcher:
    return Matcher(load_model(Path(path)))


def matcher_for(path: Path) -> Matcher:
    """The matcher of a model file, compiled once (again only if the file changes)."""
    return _cached_matcher(str(path), path.stat().st_mtime_ns)


# Model files are named by locale code (en-US.json, en-GB.json ...). Other JSON in the
# folder (skill.json, the skill manifest) is not an interaction model.


def model_path(locale: str) -> Path:
    from skill.resources import interaction_models_dir

    return interaction_models_dir() / f"{locale}.json"


def available_locales() -> list[str]:
    """The locales that have an interaction model, sorted."""
    folder = model_path("en-US").parent
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.json") if LOCALE_CODE.match(p.stem))


def matcher_for_locale(locale: str) -> Matcher:
    """The matcher of ``interaction_models/<locale>.json``; FileNotFoundError if none.

    The built-in phrasings (:data:`BUILT_IN_PHRASES`) are the same in every English
    locale; what a locale adds is in its model's samples."""
    path = model_path(locale)
    if not LOCALE_CODE.match(locale) or not path.is_file():
        raise FileNotFoundError(f"no interaction model for locale {locale!r} at {path}")
    return matcher_for(path)
