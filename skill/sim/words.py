"""The words the simulator's matcher reads past, and how it splits a line into words.

Shared by :mod:`skill.sim.matcher` (matching a line) and :mod:`skill.tools.model_build` (which
rejects two intents whose samples differ only by these words, since the simulator could
not tell them apart). Every word is compared as :func:`skill.text.normalize` leaves
it: lower case, no apostrophes.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

from skill.text import SLOT_REF, normalize

# Hesitations, said anywhere ("um, next", "how many, uh, reps").
HESITATIONS: tuple[str, ...] = ("um", "umm", "uh", "uhh", "er", "erm", "hmm")
# Words that never change what a line means. Matched as whole words, anywhere.
FILLERS: tuple[str, ...] = (
    "please", *HESITATIONS, "the", "a", "an", "just",
    "can you", "could you", "would you", "okay so", "ok so",
)
# Words that start with a filler but are words of their own: "uh huh" is a yes, not "huh".
NOT_FILLERS: tuple[str, ...] = ("uh huh", "uh oh")
# Interjections dropped only at the start of a line that goes on ("okay, next", "sorry,
# what did you say", "ow, this hurts").
LEADERS: tuple[str, ...] = (
    "alexa", "okay", "ok", "so", "well", "hey", "oh", "alright", "and", "yeah", "yep",
    "actually", "sorry", "right", "ow", "ouch", "hmm", "now", "let's",
    "whoa", "woah", "wow", "oops", "ugh", "argh", "ah", "ahh", "ooh", "oof", "gosh", "honestly",
    "basically", "listen", "look", "cheers", "righto",
)
# Interjections of more than one word, dropped the same way ("oh no, I fell", "I think
# it's a four", "I reckon about a six").
LEADER_PHRASES: tuple[str, ...] = (
    "oh no", "uh oh", "oh dear", "oh god", "oh my god", "oh my gosh", "oh boy", "oh man",
    "i think", "i guess", "i reckon", "i mean", "you know", "to be honest", "i dont know",
    "let me think", "let me see",
)
# The leaders that are only interjections: "let's" and "now" begin what a line means as
# often as not ("let's do the desk break", "now it's a six").
INTERJECTIONS: tuple[str, ...] = tuple(w for w in LEADERS if w not in ("let's", "now"))
# Words dropped only at the end of a line that has more ("skip it now", "which side is it
# now", "explain it again", "are we done yet", "I don't have a towel here").
TRAILERS: tuple[str, ...] = (
    "now", "right now", "then", "for me", "again", "yet", "thanks", "thank you", "here",
    "today", "please", "for now", "a bit", "at all", "one more time",
    "in here", "at the moment", "all of a sudden", "suddenly", "mate", "alexa", "as well", "real quick",
)

# A slot value that does not resolve is not a name when it starts with one of these: in
# "can I do this in bed", "skip to the next one" or "how do I do" the words are carrier.
NOT_A_NAME: frozenset[str] = frozenset(
    "this that it its these those them they here there which what whatever some any "
    "another other same next previous last first current one ones me you i my your "
    "do does did is are was were be to for with of and or but if when how why where who "
    "not no yes".split()
)

_FILLER_WORDS = tuple(tuple(normalize(f).split()) for f in FILLERS)
_LONGEST_FILLER = max(len(f) for f in _FILLER_WORDS)
_FILLER_SET = frozenset(_FILLER_WORDS)
_NOT_FILLER_SET = frozenset(tuple(normalize(w).split()) for w in NOT_FILLERS)
LEADER_SET = frozenset(normalize(w) for w in LEADERS)
LEADER_PHRASE_SET = frozenset(tuple(normalize(w).split()) for w in LEADER_PHRASES)
INTERJECTION_SET = frozenset(normalize(w) for w in INTERJECTIONS)


def spoken_words(text: str) -> list[str]:
    """The words of a line as said: lower case, apostrophes kept inside words."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = re.sub(r"[^a-z0-9']+", " ", text)
    words = [w.strip("'") for w in text.split()]
    return [w for w in words if normalize(w)]


def filler_mask(keys: Sequence[str]) -> list[bool]:
    """For each (normalized) word, whether it belongs to a filler ("can you" is one)."""
    mask = [False] * len(keys)
    index = 0
    while index < len(keys):
        if tuple(keys[index:index + 2]) in _NOT_FILLER_SET:
            index += 2
            continue
        for size in range(min(_LONGEST_FILLER, len(keys) - index), 0, -1):
            if tuple(keys[index:index + size]) in _FILLER_SET:
                for k in range(index, index + size):
                    mask[k] = True
                index += size
                break
        else:
            index += 1
    return mask


def _without_fillers(text: str) -> tuple[str, ...]:
    keys = normalize(text).split()
    return tuple(k for k, filler in zip(keys, filler_mask(keys), strict=True) if not filler)


# Longest first, as said once the fillers are set aside ("a bit" is "bit").
_TRAILERS = tuple(sorted({_without_fillers(t) for t in TRAILERS} - {()}, key=lambda t: (-len(t), t)))


def sample_tokens(sample: str) -> list[str]:
    """A sample as the matcher compares it: its words without fillers, each slot as
    ``{name}``: "how do I do the {exercise}" -> ["how", "do", "i", "do", "{exercise}"]."""
    return list(_sample_tokens(sample))


@lru_cache(maxsize=1 << 17)
def _sample_tokens(sample: str) -> tuple[str, ...]:
    tokens: list[str] = []
    for index, piece in enumerate(SLOT_REF.split(sample)):
        if index % 2:
            tokens.append("{" + piece + "}")
            continue
        keys = normalize(piece).split()
        tokens.extend(k for k, filler in zip(keys, filler_mask(keys), strict=True) if not filler)
    return tuple(tokens)


def loose_key(sample: str) -> str:
    """Two samples with the same loose key are the same sample to the simulator."""
    return " ".join(sample_tokens(sample))


def trims(words: Sequence[str], leaders: frozenset[str] = LEADER_SET,
          phrases: frozenset[tuple[str, ...]] = LEADER_PHRASE_SET) -> list[tuple[int, int]]:
    """The (start, end) spans of a line's words worth matching: the whole line, and the
    line without leaders (words, or ``phrases`` of words) at its start and trailers at
    its end, never left empty."""
    starts, seen = [0], {0}
    for at in starts:  # grows as it goes: past a phrase, and past each of its words alone
        if at >= len(words) - 1:
            continue
        sizes = [len(p) for p in phrases if p[0] == words[at]
                 and at + len(p) < len(words) and tuple(words[at:at + len(p)]) == p]
        if words[at] in leaders:
            sizes.append(1)
        for size in sorted(sizes):
            if at + size not in seen:
                seen.add(at + size)
                starts.append(at + size)
    starts.sort()
    ends = [len(words)]
    while True:
        end = ends[-1]
        cut = next((len(t) for t in _TRAILERS if 0 < len(t) < end and tuple(words[end - len(t):end]) == t), 0)
        if not cut:
            break
        ends.append(end - cut)
    return [(start, end) for start in starts for end in ends if end > start]
