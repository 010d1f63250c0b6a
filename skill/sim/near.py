"""The near-sample step: what the matcher does when no sample pattern fits a line.

Alexa's language understanding is statistical: it understands phrasings near its
samples ("I reckon it's about a four", "my legs have gone all weak and wobbly"), not
only the samples themselves. The simulator's patterns match a sample word for word (up
to filler words, an interjection before and a trailer after), so on their own they are
stricter than Alexa. When no pattern fits, :class:`NearSamples` compares the line with
every sample the matcher knows and takes the nearest, if it is near enough; otherwise
the line stays ``AMAZON.FallbackIntent``. It is deterministic: the same model and line
always give the same answer.

How near:

- words are compared as the matcher reads a line (:mod:`skill.sim.words`): normalised
  and without filler words; the wake word before or after is left out too. Interjections
  before and trailers after stay: they weigh little, as words of many intents;
- each word weighs what it tells apart: ``log(1 + N / n)``, with N the intents that
  have samples and n those whose samples use the word, so "i" or "my" weigh little and
  "hamstring" or "numb" much. A word that no sample uses weighs as much as a word of one
  intent: "weather", "pizza" or "joke" is a sign that the line is about something else;
- a slot: words that resolve exactly to a value of a slot type (entity resolution as
  Alexa's, :mod:`skill.sim.slots`; for AMAZON.NUMBER a number, for AMAZON.TIME a time)
  stand, for a sample with a slot of that type, for the slot, and fill it. Nothing
  near-miss resolves and no slot is invented: a sample's slot with nothing in the line
  that resolves stays empty, and counts as a word not said;
- a sample's score is the weighted F1 of the two sets of words: the share of the
  line's weight that the sample has, and the share of the sample's weight that the line
  has. The best sample wins (ties: the model's own samples over the documented
  phrasings, then the earlier sample), if its score reaches :data:`THRESHOLD`.

Safety, both ways. A line that names a sign of a red flag (:data:`RED_FLAG_SIGNS`:
"numb", "tingling", "pins and needles", "can't feel", "gave way", "bladder", "chest",
"fell", "fever", "sciatica", "stuck" ...: symptoms, not places in the body, which a
stretch is felt in too) is kept from every milder intent: it is RedFlagIntent if a
red-flag sample is near enough (the lower :data:`RED_FLAG_THRESHOLD`: a false alarm
costs less than a missed one), and otherwise stays AMAZON.FallbackIntent. A line that
names no such sign never becomes RedFlagIntent by nearness, however near it comes
("my hamstring feels tight" is no "my chest feels tight").
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from skill.text import normalize

RED_FLAG = "RedFlagIntent"
YES = "AMAZON.YesIntent"
NO = "AMAZON.NoIntent"
# Words that make a line a "no": a yes never has them, a no always does.
NEGATIONS = frozenset("no nope nah not dont never cant wont nothing".split())
# What names a sign of a red flag: a symptom, not a place in the body alone ("my leg",
# "down the back of my leg" are said of a stretch too). Each sign is one or more parts
# joined by " + ", all of which the line must say; a part is words in a row, or
# alternatives between "|". Compared as the matcher compares words: lower case, no
# apostrophes, no filler words ("the", "a", "just" ...).
RED_FLAG_SIGNS: tuple[str, ...] = (
    # numbness, tingling, no feeling
    "numb|numbness|tingling|tingly|tingle|tingles|pins and needles",
    "cant feel|cannot feel|can hardly feel|cant really feel",
    "no|dont|cant|havent|lost + feeling|sensation",
    # weakness, a leg giving way
    "weak|weakness|buckled|buckling|collapsed|gave way|giving way|give way|gave out|giving out|wont hold me",
    # bladder or bowel control
    "bladder|bowel|bowels|incontinent|urinate|urine|soiled|wet myself|peed myself|pooed myself|pooped myself",
    "cant|cannot|control|hold + pee|wee|toilet|bathroom|loo|poo",
    # chest pain, a heart attack, breathing
    "chest|heart attack|cant breathe|short of breath|catch my breath",
    # a fall, an accident
    "fell|fallen|fall|slipped|tripped|accident|crash|crashed|hit by|knocked down|knocked over|came off",
    # a fever
    "fever|feverish|temperature|chills|shivery|shivering|burning up",
    # pain shooting, radiating or running down a leg
    "sciatica|nerve|shooting|radiating|radiates|shoots|electric",
    "pain|pains|hurts|hurting|aching|burning|stabbing|goes|runs|travels|spreads + down|into + leg|legs|thigh|calf|foot",
    # not able to move or get up, pain past bearing
    "cant move|cannot move|cant get up|cant stand|cant walk|cant straighten|stuck|off floor|get up off",
    "agony|excruciating|unbearable|paralysed|paralyzed",
)


def _sign(text: str) -> tuple[frozenset[tuple[str, ...]], ...]:
    return tuple(frozenset(tuple(normalize(alt).split()) for alt in part.split("|"))
                 for part in text.split(" + "))


_SIGNS = tuple(_sign(text) for text in RED_FLAG_SIGNS)
# Words that resolve to a value but, said in a line near a sample, are carrier words:
# "this one", "the next one" far more often than a pain of one.
NOT_A_VALUE = frozenset({"one"})
# How near a sample must be (weighted F1, 0..1) for its intent to be sent; and for a
# line with words only red flags use, how near a red-flag sample must be.
THRESHOLD = 0.72
RED_FLAG_THRESHOLD = 0.6
# A slot value is at most this many words ("hip hinge with a towel pull").
MAX_SLOT_WORDS = 7
# Words used by more than this share of the intents ("i", "my", "do" ...) find no
# candidates on their own: a sample that shares only such words is never near.
COMMON_SHARE = 0.3


def slot_token(slot_type: str) -> str:
    """How a slot of a type stands among the words: "{EXERCISE}", "{AMAZON.NUMBER}"."""
    return "{" + slot_type + "}"


@dataclass(frozen=True)
class NearSample:
    """One sample as the near step compares it."""

    intent: str
    sample: str
    tokens: tuple[str, ...]  # carrier words in order, and a slot as its type's token
    slot_types: Mapping[str, str]  # slot name -> slot type
    from_model: bool
    order: int
    words: frozenset[str] = field(init=False, compare=False)  # the tokens, as a set

    def __post_init__(self) -> None:
        object.__setattr__(self, "words", frozenset(self.tokens))


@dataclass(frozen=True)
class Near:
    """The nearest sample to a line: its intent, how near (0..1), and for each slot of
    the sample that the line fills, where in the line's words its value is."""

    intent: str
    sample: str
    score: float
    spans: Mapping[str, tuple[int, int]] = field(default_factory=dict)


# The value (its id, or how Alexa reads it) that words as said, fillers kept, are of a
# slot type; None when they are none.
Resolves = Callable[[str, str], str | None]


class NearSamples:
    """Every sample of a model, ready to be compared with a line. Build once."""

    def __init__(self, samples: Iterable[NearSample]) -> None:
        self.samples: list[NearSample] = []
        seen: set[tuple[str, tuple[str, ...], tuple[tuple[str, str], ...]]] = set()
        for sample in samples:
            key = (sample.intent, sample.tokens, tuple(sorted(sample.slot_types.items())))
            if any(not t.startswith("{") for t in sample.tokens) and key not in seen:
                seen.add(key)
                self.samples.append(sample)
        by_intent: dict[str, set[str]] = {}
        for sample in self.samples:
            by_intent.setdefault(sample.intent, set()).update(sample.words)
        self.intents = len(by_intent)
        used: dict[str, int] = {}
        for words in by_intent.values():
            for word in words:
                used[word] = used.get(word, 0) + 1
        self._weight = {w: math.log(1 + self.intents / n) for w, n in used.items()}
        self._unknown = math.log(1 + self.intents)  # as a word of one intent
        common = max(1, int(self.intents * COMMON_SHARE))
        self._index: dict[str, list[int]] = {}
        for number, sample in enumerate(self.samples):
            for word in sample.words:
                if used[word] <= common:
                    self._index.setdefault(word, []).append(number)
        self.slot_types = sorted({t for s in self.samples for t in s.slot_types.values()})
        self.signs = _SIGNS if RED_FLAG in by_intent else ()

    @staticmethod
    def _grams(tokens: Sequence[str]) -> set[tuple[str, ...]]:
        """The words, and runs of two and three words, of a line."""
        return {tuple(tokens[i:i + n]) for n in (1, 2, 3) for i in range(len(tokens) - n + 1)}

    def weight(self, word: str) -> float:
        return self._weight.get(word, self._unknown)

    def alarmed(self, said: Sequence[str]) -> bool:
        """Whether the words said name a sign of a red flag (:data:`RED_FLAG_SIGNS`)."""
        grams = self._grams(said)
        return any(all(part & grams for part in sign) for sign in self.signs)

    def nearest(self, said: Sequence[str], text: Callable[[int, int], str], resolves: Resolves) -> Near | None:
        """The nearest sample to the words ``said`` (normalised, without fillers), if
        near enough. ``text(i, j)`` gives said[i:j] as spoken, inner fillers kept, for
        ``resolves(slot_type, words)``."""
        if not said:
            return None
        values = self._values(said, text, resolves)
        # a slot weighs what its words weigh ("next" little, "bird dog" much), in the
        # line and in a sample alike
        slot_weight = {slot_token(t): max(self.weight(w) for w in said[a:b]) for t, (a, b) in values.items()}

        def weight(word: str) -> float:
            return slot_weight[word] if word in slot_weight else self.weight(word)

        lines: dict[frozenset[str], frozenset[str]] = {}  # the sample's slot types -> the line's words

        def line_for(sample: NearSample) -> frozenset[str]:
            types = frozenset(t for t in sample.slot_types.values() if t in values)
            if types not in lines:
                words = set(said)
                for slot_type in types:
                    first, end = values[slot_type]
                    words -= set(said[first:end])
                    words.add(slot_token(slot_type))
                lines[types] = frozenset(words)
            return lines[types]

        candidates: set[int] = set()
        for word in set(said) | set(slot_weight):
            candidates.update(self._index.get(word, ()))
        alarmed = self.alarmed(said)
        negated = bool(NEGATIONS & set(said))
        best: tuple[tuple[float, int, int], NearSample] | None = None
        for number in sorted(candidates):
            sample = self.samples[number]
            if (sample.intent == RED_FLAG) != alarmed:
                continue  # red-flag words go only to red flags, and red flags need them
            if (sample.intent == YES and negated) or (sample.intent == NO and not negated):
                continue  # a yes has no "no" or "not" in it; a no has
            line = line_for(sample)
            shared = line & sample.words
            if not any(not w.startswith("{") for w in shared):
                continue  # a slot alone is not near: the carrier words are what is compared
            common = sum(weight(w) for w in shared)
            recall = common / sum(weight(w) for w in line)
            precision = common / sum(weight(w) for w in sample.words)
            score = 2 * recall * precision / (recall + precision)
            key = (round(score, 9), int(sample.from_model), -sample.order)
            if best is None or key > best[0]:
                best = (key, sample)
        if best is None or best[0][0] < (RED_FLAG_THRESHOLD if alarmed else THRESHOLD):
            return None
        sample = best[1]
        spans = {name: values[t] for name, t in sample.slot_types.items() if t in values}
        return Near(sample.intent, sample.sample, best[0][0], spans)

    def _values(self, said: Sequence[str], text: Callable[[int, int], str],
                resolves: Resolves) -> dict[str, tuple[int, int]]:
        """For each slot type, the longest run of words said (the first, if two are as
        long) that resolves to one of its values, without the words at either end that
        the value does not need ("bird dog now" is "bird dog")."""
        found: dict[str, tuple[int, int]] = {}
        for size in range(min(MAX_SLOT_WORDS, len(said)), 0, -1):
            for first in range(len(said) - size + 1):
                words = text(first, first + size)
                if words.lower() in NOT_A_VALUE:
                    continue
                for slot_type in self.slot_types:
                    if slot_type in found:
                        continue
                    value = resolves(slot_type, words)
                    if value is not None:
                        found[slot_type] = self._tightest(slot_type, value, first, first + size, text, resolves)
        return found

    @staticmethod
    def _tightest(slot_type: str, value: str, first: int, end: int, text: Callable[[int, int], str],
                  resolves: Resolves) -> tuple[int, int]:
        """The words first..end without those at either end that leave the value as it is."""
        changed = True
        while changed and end - first > 1:
            changed = False
            for a, b in ((first + 1, end), (first, end - 1)):
                if resolves(slot_type, text(a, b)) == value:
                    first, end, changed = a, b, True
                    break
        return first, end
