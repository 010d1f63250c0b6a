"""Turn a line of typed speech into what Alexa's language understanding would send.

A :class:`Matcher` is built once per interaction model (``interaction_models/<locale>.json``)
and matches a line to an intent and its slots:

- the model's sample utterances, and the phrasings Amazon documents for each built-in
  intent (:data:`BUILT_IN_PHRASES`), are compiled to patterns once;
- case, punctuation, apostrophes, an "Alexa," prefix and small filler words ("please",
  "um", "the", "can you", "okay so" ...) do not matter;
- a slot captures free text, resolved against its slot type's values and synonyms
  (entity resolution: a value id and name, or no match; a sample with a single carrier
  word, such as "why {exercise}", needs a value that resolves);
- the most specific match wins (more literal words, then resolved slots, then the
  model's own samples over the documented phrasings); nothing matching gives
  ``AMAZON.FallbackIntent``.

It also recognises the lines that name the skill ("Alexa, open my back routine",
"ask my back routine how do I do child's pose"): see :meth:`Matcher.invocation`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from skill.sim.envelope import SlotFill

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
    "AMAZON.PauseIntent": ("pause", "pause that", "hold on", "wait", "hang on", "one moment"),
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

# Words that never change what a line means. Matched as whole words, anywhere.
FILLERS: tuple[str, ...] = (
    "please", "um", "umm", "uh", "uhh", "er", "erm", "hmm", "the", "a", "an", "just",
    "can you", "could you", "would you", "okay so", "ok so",
)
# Interjections dropped only at the start of a line that goes on ("okay, next").
LEADERS: tuple[str, ...] = ("alexa", "okay", "ok", "so", "well", "hey", "oh", "alright", "and")

ARTICLES = ("the", "a", "an", "my", "that", "this")
TAIL_WORDS = ("exercise", "exercises", "stretch", "routine", "one", "please", "again", "now")

LAUNCH_VERBS = ("open", "start", "launch", "begin", "run", "load", "use", "play")
ONE_SHOT_VERBS = ("ask", "tell")
RESUME_VERBS = ("resume", "continue")

# A sample with fewer literal words than this matches only when its slots resolve: a
# short carrier around an unknown value is more likely something else (Alexa would
# send AMAZON.FallbackIntent for "what's the weather" rather than HowToIntent).
MIN_CARRIER_WORDS = 2

_UNITS = (
    "zero one two three four five six seven eight nine ten eleven twelve thirteen "
    "fourteen fifteen sixteen seventeen eighteen nineteen"
).split()
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_NUMBER_WORDS = {**{w: n for n, w in enumerate(_UNITS)}, "nought": 0, "nil": 0}


def parse_number(said: str) -> str | None:
    """An AMAZON.NUMBER value as Alexa sends it ("four" -> "4", "twenty one" -> "21",
    "7" -> "7"), or None when the words are not a whole number up to a thousand."""
    words = [w for w in normalize(said).replace("-", " ").split() if w not in ("a", "and")]
    if len(words) == 1 and words[0].isdigit():
        return str(int(words[0]))
    total, current = 0, None  # current: the part under a hundred said so far
    for word in words:
        if word in _TENS and current is None:
            current = _TENS[word]
        elif word in _NUMBER_WORDS and (current is None or (current >= 20 and current % 10 == 0)):
            current = (current or 0) + _NUMBER_WORDS[word]
        elif word == "hundred" and total == 0 and (current is None or 0 < current < 10):
            total, current = (current or 1) * 100, None
        else:
            return None
    if not words:
        return None
    return str(total + (current or 0))


_PARTS_OF_DAY = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "tonight": "NI"}


def parse_time(said: str) -> str | None:
    """An AMAZON.TIME value as Alexa sends it: "8 am" -> "08:00", "6 30 pm" -> "18:30",
    "eight in the morning" -> "08:00", "noon" -> "12:00", "the evening" -> "EV"."""
    words = [w for w in normalize(said).replace(":", " ").split() if w not in ("at", "the", "in", "o", "clock")]
    if not words:
        return None
    if words == ["noon"] or words == ["midday"]:
        return "12:00"
    if words == ["midnight"]:
        return "00:00"
    if len(words) == 1 and words[0] in _PARTS_OF_DAY:
        return _PARTS_OF_DAY[words[0]]
    meridiem = None
    if words[-1] in ("am", "pm", "a.m", "p.m"):
        meridiem = words.pop()[0]
    elif words[-1] in ("morning", "afternoon", "evening", "night"):
        meridiem = "a" if words.pop() == "morning" else "p"
    if words and words[-1] in ("a", "p") and len(words) > 1 and words[-2] != "a":  # "8 a m"
        meridiem = words.pop()
    hour_words, minute_words = words[:1], words[1:]
    if len(words) == 1 and words[0].isdigit() and len(words[0]) in (3, 4):  # "830"
        hour_words, minute_words = [words[0][:-2]], [words[0][-2:]]
    hour = parse_number(" ".join(hour_words)) if hour_words else None
    minute = parse_number(" ".join(minute_words)) if minute_words else "0"
    if hour is None or minute is None:
        return None
    h, m = int(hour), int(minute)
    if meridiem == "p" and h < 12:
        h += 12
    elif meridiem == "a" and h == 12:
        h = 0
    if not (0 <= h < 24 and 0 <= m < 60):
        return None
    return f"{h:02d}:{m:02d}"


# Built-in slot types the simulator fills itself (no entity resolution, as on Alexa).
BUILT_IN_SLOT_TYPES = {"AMAZON.NUMBER": parse_number, "AMAZON.TIME": parse_time}

_SLOT_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def normalize(text: str) -> str:
    """Lower-case, drop apostrophes (straight or curly), punctuation to spaces, squeeze."""
    text = text.lower().replace("'", "").replace("\u2019", "").replace("\u2018", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def _spoken_words(text: str) -> list[str]:
    """The words of a line as said: lower case, apostrophes kept inside words."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[^a-z0-9']+", " ", text)
    words = [w.strip("'") for w in text.split()]
    return [w for w in words if normalize(w)]


def _singular(key: str) -> str:
    return " ".join(w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w
                    for w in key.split())


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({normalize(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered if w)


_FILL = f"(?:(?:{_alternation(FILLERS)}) )*"
_LEAD = f"(?:(?:{_alternation(LEADERS)}) )*"
_FILLER_SET = frozenset(normalize(f) for f in FILLERS)


@dataclass(frozen=True)
class Match:
    """An intent and its filled slots, as Alexa's language understanding would send it."""

    intent: str
    slots: Mapping[str, SlotFill] = field(default_factory=dict)
    sample: str | None = None  # the sample utterance or phrasing that matched
    source: Literal["model", "built-in", "fallback"] = "model"


@dataclass(frozen=True)
class Invocation:
    """A line that names the skill: launch it, ask it something, or resume it."""

    kind: Literal["launch", "one-shot", "resume"]
    rest: str = ""  # the request of a one-shot ("how do I do child's pose")


@dataclass(frozen=True)
class _Pattern:
    intent: str
    sample: str
    regex: re.Pattern[str]
    slot_types: Mapping[str, str]
    literals: int  # words that must be said (not fillers, not slots)
    words: int  # every word of the sample, fillers included: the closer fit wins a tie
    from_model: bool


class SlotValues:
    """The values of one custom slot type, for entity resolution."""

    def __init__(self, values: Sequence[Mapping[str, Any]]) -> None:
        self._exact: dict[str, tuple[str, str]] = {}
        self._loose: dict[str, tuple[str, str]] = {}
        for value in values:
            name_block = value.get("name", {})
            name = str(name_block.get("value", ""))
            ident = str(value.get("id") or name)
            for said in (name, *name_block.get("synonyms", ())):
                key = normalize(str(said))
                if key:
                    self._exact.setdefault(key, (ident, name))
                    self._loose.setdefault(_singular(key), (ident, name))

    def _lookup(self, key: str) -> tuple[str, str] | None:
        return self._exact.get(key) or self._loose.get(_singular(key))

    def resolve(self, said: str) -> tuple[str, str] | None:
        """(id, name) of the value the words name, or None. Tolerates a leading "the",
        "a" or "my", and a trailing "exercise", "stretch" or "one"."""
        words = normalize(said).split()
        candidates = [words]
        while candidates[-1] and candidates[-1][0] in ARTICLES:
            candidates.append(candidates[-1][1:])
        for cand in list(candidates):
            while cand and cand[-1] in TAIL_WORDS:
                cand = cand[:-1]
                candidates.append(cand)
        for cand in candidates:
            if cand:
                found = self._lookup(" ".join(cand))
                if found is not None:
                    return found
        return None


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
        patterns: list[_Pattern] = []
        for intent in language.get("intents", ()):
            name = intent["name"]
            slots = {s["name"]: s["type"] for s in intent.get("slots", ())}
            self.intent_slots[name] = slots
            for sample in intent.get("samples", ()):
                patterns.append(self._compile(name, sample, slots, from_model=True))
        for name, phrases in built_in.items():
            if name not in self.intent_slots:
                continue  # the skill's model does not use this intent: Alexa would not send it
            for phrase in phrases:
                patterns.append(self._compile(name, phrase, {}, from_model=False))
        self._patterns = tuple(patterns)
        self._invocation = self._compile_invocation()

    # ---------------------------------------------------------------------- compile

    @staticmethod
    def _compile(
        intent: str, sample: str, slots: Mapping[str, str], *, from_model: bool
    ) -> _Pattern:
        parts = ["^", _LEAD, _FILL]
        used: dict[str, str] = {}
        literals = 0
        for index, piece in enumerate(_SLOT_REF.split(sample)):
            if index % 2:  # a slot reference
                if piece not in slots:
                    raise ValueError(f"{intent}: sample {sample!r} names unknown slot {{{piece}}}")
                if piece in used:
                    raise ValueError(f"{intent}: sample {sample!r} names {{{piece}}} twice")
                used[piece] = slots[piece]
                parts.append(f"(?P<{piece}>(?:\\S+ )+?)")
                parts.append(_FILL)
                continue
            for word in normalize(piece).split():
                if word in _FILLER_SET:
                    continue  # optional: the filler pattern around every word accepts it
                parts.append(re.escape(word) + " ")
                parts.append(_FILL)
                literals += 1
        parts.append("$")
        words = len(normalize(_SLOT_REF.sub(" ", sample)).split())
        regex = re.compile("".join(parts))
        return _Pattern(intent, sample, regex, used, literals, words, from_model)

    def _compile_invocation(self) -> dict[str, re.Pattern[str]]:
        inv = re.escape(self.invocation_name) + " "
        verbs = _alternation(LAUNCH_VERBS)
        return {
            "launch": re.compile(f"^{_LEAD}{_FILL}(?:{verbs}) {_FILL}{inv}{_FILL}$"),
            "resume": re.compile(
                f"^{_LEAD}{_FILL}(?:{_alternation(RESUME_VERBS)}) {_FILL}{inv}{_FILL}$"
            ),
            "ask": re.compile(
                f"^{_LEAD}{_FILL}(?:{_alternation(ONE_SHOT_VERBS)}) {_FILL}{inv}(?P<rest>.*)$"
            ),
            "open_and": re.compile(f"^{_LEAD}{_FILL}(?:{verbs}) {_FILL}{inv}and (?P<rest>.+)$"),
            "using": re.compile(f"^{_LEAD}(?P<rest>.+ )(?:using|with|from|on) {inv}{_FILL}$"),
        }

    # ------------------------------------------------------------------------ match

    @staticmethod
    def _prepare(line: str) -> tuple[list[str], str]:
        words = _spoken_words(line)
        return words, "".join(normalize(w) + " " for w in words)

    @staticmethod
    def addressed(line: str) -> bool:
        """Whether the line starts with the wake word ("Alexa, ...")."""
        words = _spoken_words(line)
        return bool(words) and normalize(words[0]) == "alexa"

    def invocation(self, line: str) -> Invocation | None:
        """How this line names the skill, or None when it does not."""
        words, text = self._prepare(line)
        if not text:
            return None
        pats = self._invocation
        if pats["launch"].match(text):
            return Invocation("launch")
        if pats["resume"].match(text):
            return Invocation("resume")
        for key in ("ask", "open_and", "using"):
            found = pats[key].match(text)
            if found is None:
                continue
            rest = self._words_of(words, text, found, "rest")
            rest_words = rest.split()
            if key == "ask" and rest_words and normalize(rest_words[0]) in ("to", "that", "for"):
                rest = " ".join(rest_words[1:])
            if not normalize(rest) or all(w in _FILLER_SET for w in normalize(rest).split()):
                return Invocation("launch")
            return Invocation("one-shot", rest)
        return None

    @staticmethod
    def _words_of(words: list[str], text: str, found: re.Match[str], group: str) -> str:
        """The words as said (apostrophes kept) under a group of a match on ``text``."""
        start, end = found.span(group)
        first = text[:start].count(" ")
        count = text[start:end].count(" ")
        return " ".join(words[first:first + count])

    def match(self, line: str) -> Match:
        """The intent (and slots) a line means; ``AMAZON.FallbackIntent`` if none fits."""
        words, text = self._prepare(line)
        best: tuple[tuple[int, ...], Match] | None = None
        if text:
            for order, pattern in enumerate(self._patterns):
                found = pattern.regex.match(text)
                if found is None:
                    continue
                fills: dict[str, SlotFill] = {}
                captured = unresolved = 0
                for slot, slot_type in pattern.slot_types.items():
                    said = self._words_of(words, text, found, slot)
                    captured += len(said.split())
                    fill = self._fill(slot, slot_type, said)
                    unresolved += not (fill.matched or fill.builtin and fill.value != "?")
                    fills[slot] = fill
                if unresolved and pattern.literals < MIN_CARRIER_WORDS:
                    continue  # "what's {exercise}" is no carrier for "what's the weather"
                score = (pattern.literals, -unresolved, int(pattern.from_model), -captured,
                         pattern.words, -order)
                if best is None or score > best[0]:
                    source: Literal["model", "built-in"] = (
                        "model" if pattern.from_model else "built-in"
                    )
                    best = (score, Match(pattern.intent, fills, pattern.sample, source))
        if best is None:
            return Match(FALLBACK, {}, None, "fallback")
        return best[1]

    def _fill(self, slot: str, slot_type: str, said: str) -> SlotFill:
        parse = BUILT_IN_SLOT_TYPES.get(slot_type)
        if parse is not None:  # Alexa sends its own reading ("four" -> "4"), or "?"
            return SlotFill(slot, slot_type, parse(said) or "?", builtin=True)
        values = self.slot_types.get(slot_type)
        hit = values.resolve(said) if values is not None else None
        return SlotFill(slot, slot_type, said, *(hit or (None, None)))

    def samples(self) -> Iterable[tuple[str, str]]:
        """Every (intent, sample or phrasing) this matcher knows."""
        return ((p.intent, p.sample) for p in self._patterns)


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


# A locale code as the model files are named (en-US.json, en-GB.json ...). Other JSON in
# the folder (skill.json, the skill manifest) is not an interaction model.
LOCALE_CODE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")


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
