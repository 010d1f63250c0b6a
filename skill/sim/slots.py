"""Slot filling for the simulator: entity resolution of custom slot types, as Alexa does
it, and Alexa's own readings of the built-in AMAZON.NUMBER and AMAZON.TIME
(:func:`fill`, :func:`resolve`).

Entity resolution is exact, as on Alexa: a value resolves when its words are a value's
name or one of its synonyms, ignoring case and apostrophes (and, as Alexa's language
understanding hears them as carrier words, a leading article and a trailing "exercise",
"stretch" or "one"). Nothing near-miss ever resolves. :meth:`SlotValues.nearness` only
ranks an unresolved value (with rapidfuzz) so that, of two intents whose carriers both
fit, the one whose slot type has a name close to what was said wins: "let's do the bird
hog" is an exercise misheard, not a routine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from rapidfuzz import fuzz, process

from skill.sim.envelope import SlotFill
from skill.sim.words import filler_mask
from skill.text import normalize

ARTICLES = ("the", "a", "an", "my")
TAIL_WORDS = ("exercise", "exercises", "stretch", "routine", "one", "please", "again", "now", "instead",
              "next", "today", "first", "then", "too")

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
    """An AMAZON.TIME value as Alexa sends it: "8 am" -> "08:00", "6 30 pm" -> "18:30", "6pm"
    -> "18:00", "eight in the morning" -> "08:00", "half past seven in the morning" -> "07:30",
    "half nine at night" (British: half past) -> "21:30",
    "quarter to nine pm" -> "20:45", "noon" -> "12:00", "the evening" -> "EV"; the part of the day
    before the time or after "every" ("evening at six thirty", "six thirty every evening") -> "18:30"."""
    words = [w for w in normalize(said).split() if w not in ("at", "the", "in", "o", "clock", "oclock")]
    words = [w for i, w in enumerate(words)
             if not (w in ("every", "each", "this") and i + 1 < len(words) and words[i + 1] in _PARTS_OF_DAY)]
    if len(words) > 1 and words[0] in _PARTS_OF_DAY:  # "evening six thirty": the part of the day last
        words = words[1:] + words[:1]
    if words and (glued := re.fullmatch(r"(\d{1,4})([ap]m)", words[-1])):  # "6pm"
        words[-1:] = list(glued.groups())
    if len(words) >= 2 and words[0] == "half" and words[1] != "past":  # "half nine": half past nine
        words[:1] = ["half", "past"]
    if not words:
        return None
    if words == ["noon"] or words == ["midday"]:
        return "12:00"
    if words == ["midnight"]:
        return "00:00"
    if len(words) == 1 and words[0] in _PARTS_OF_DAY:
        return _PARTS_OF_DAY[words[0]]
    meridiem = None
    if words[-1] in ("am", "pm"):
        meridiem = words.pop()[0]
    elif words[-1] in _PARTS_OF_DAY:
        meridiem = "a" if words.pop() == "morning" else "p"
    elif len(words) > 2 and words[-1] == "m" and words[-2] in ("a", "p"):  # "8 a.m."
        meridiem = words[-2]
        del words[-2:]
    hour_words, minute_words = words[:1], words[1:]
    if len(words) == 1 and words[0].isdigit() and len(words[0]) in (3, 4):  # "830"
        hour_words, minute_words = [words[0][:-2]], [words[0][-2:]]
    before = 0  # minutes before the hour: "quarter to eight"
    if len(words) >= 3 and words[-2] in ("past", "after", "to", "before"):  # "half past seven"
        hour_words, minute_words = words[-1:], words[:-2]
        said = " ".join(minute_words)
        minute_words = [{"half": "30", "quarter": "15", "a quarter": "15"}.get(said, said)]
        if words[-2] in ("to", "before"):
            before, minute_words = int(parse_number(minute_words[0]) or 0), []
    hour = parse_number(" ".join(hour_words)) if hour_words else None
    minute = parse_number(" ".join(minute_words)) if minute_words else "0"
    if hour is None or minute is None or (before and not 0 < before < 60):
        return None
    h, m = int(hour), int(minute)
    if before:
        h, m = (h - 1) % 24, 60 - before
    if meridiem == "p" and h < 12:
        h += 12
    elif meridiem == "a" and h == 12:
        h = 0
    if not (0 <= h < 24 and 0 <= m < 60):
        return None
    return f"{h:02d}:{m:02d}"


# Built-in slot types the simulator fills itself (no entity resolution, as on Alexa).
BUILT_IN_SLOT_TYPES = {"AMAZON.NUMBER": parse_number, "AMAZON.TIME": parse_time}


def _bare(key: str) -> str:
    """A name's words without filler words: "hip hinge with a towel" -> "hip hinge with towel"."""
    words = key.split()
    return " ".join(w for w, filler in zip(words, filler_mask(words), strict=True) if not filler)


class SlotValues:
    """The values of one custom slot type, for entity resolution."""

    def __init__(self, values: Sequence[Mapping[str, Any]]) -> None:
        self._exact: dict[str, tuple[str, str]] = {}
        self._bare: dict[str, tuple[str, str]] = {}
        for value in values:
            name_block = value.get("name", {})
            name = str(name_block.get("value", ""))
            ident = str(value.get("id") or name)
            for said in (name, *name_block.get("synonyms", ())):
                key = normalize(str(said))
                if key:
                    self._exact.setdefault(key, (ident, name))
                    self._bare.setdefault(_bare(key), (ident, name))
        self._names = sorted(self._exact)
        self.longest = max((len(key.split()) for key in self._exact), default=0)  # in words

    def names_within(self, words: Sequence[str]) -> bool:
        """Whether some run of ``words`` is one of the names ("a chair I've got a standing
        desk" holds "chair")."""
        return any(" ".join(words[i:j]) in self._exact
                   for i in range(len(words)) for j in range(i + 1, min(len(words), i + self.longest) + 1))

    def _lookup(self, key: str) -> tuple[str, str] | None:
        return self._exact.get(key) or self._bare.get(_bare(key))

    def resolve(self, said: str) -> tuple[str, str] | None:
        """(id, name) of the value the words name, or None. Tolerates a leading "the",
        "a" or "my", and trailing carrier words ("exercise", "one", "instead", "next",
        "today" ...); nothing else ("this on the floor" is not the floor routine)."""
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

    def nearness(self, said: str) -> int:
        """0..100: how close the words come to one of the names (rapidfuzz's ratio).
        Only for ranking matches; it never resolves anything."""
        key = normalize(said)
        if not key or not self._names:
            return 0
        best = process.extractOne(key, self._names, scorer=fuzz.ratio)
        return int(best[1]) if best else 0


def resolve(slot_types: Mapping[str, SlotValues], slot_type: str, said: str) -> str | None:
    """The value words are of a slot type, exactly (as Alexa resolves them): its id,
    or for AMAZON.NUMBER and AMAZON.TIME Alexa's reading; None when they are none."""
    parse = BUILT_IN_SLOT_TYPES.get(slot_type)
    if parse is not None:
        return parse(said)
    values = slot_types.get(slot_type)
    hit = values.resolve(said) if values is not None else None
    return hit[0] if hit is not None else None


def fill(slot_types: Mapping[str, SlotValues], slot: str, slot_type: str, said: str) -> SlotFill:
    """A slot filled with the words said, as Alexa sends it: for a built-in type, its
    reading ("four" -> "4") or "?"; for a custom type, the words and what they resolve to."""
    parse = BUILT_IN_SLOT_TYPES.get(slot_type)
    if parse is not None:  # Alexa sends its own reading ("four" -> "4"), or "?"
        return SlotFill(slot, slot_type, parse(said) or "?", builtin=True)
    values = slot_types.get(slot_type)
    hit = values.resolve(said) if values is not None else None
    return SlotFill(slot, slot_type, said, *(hit or (None, None)))
