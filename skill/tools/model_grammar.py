"""The small grammar ``interaction_models/samples.yaml`` is written in.

A sample pattern is text with four kinds of parts:

- ``(a|b|c)``  one of the alternatives; an alternative may be empty: ``(please|)``;
- ``[a|b]``    optional: nothing, or one of the alternatives (``[now]``, ``[so|then]``);
- ``<name>``   every pattern of the named list ``name`` under ``phrases:`` in samples.yaml;
- ``{slot}``   a slot, kept as it is for Alexa to fill.

Groups nest, and a named list may use other named lists (not itself). Everything else is
words. A group joins the words around it as written, so ``what('s| is) next`` gives
"what's next" and "what is next"; and a word that starts with an apostrophe joins the
word before it, so ``I ('m|am) ready`` gives "I'm ready" and "I am ready". A pattern
expands to every combination, in the order written (an optional part's "nothing"
first), with spaces squeezed and duplicates (ignoring case) dropped, so the output is
deterministic::

    expand("(how do|how should) I do {exercise} [now|again]")
    -> ["how do I do {exercise}", "how do I do {exercise} now", "how do I do {exercise} again",
        "how should I do {exercise}", "how should I do {exercise} now", ...]

Expansion is bounded: a pattern (or named list) that would give more than
:data:`MAX_EXPANSION` samples is an error naming it, rather than a silent cut.

A *frame* (:class:`Frame`) is a pattern with ``...`` standing for a whole sample: words
said around what someone means that leave it as it is. ``(okay|oh) ...`` around "pause"
gives "okay pause" and "oh pause"; ``... [please|now]`` gives "pause please" and "pause
now" (its "nothing" choice, the sample itself, is never added twice). A frame may go
only around samples of at most ``words`` words, counted as the caller counts them
(:mod:`skill.tools.model_build` counts carrier words: articles and other filler words aside,
a slot one word), and only around samples that start with one of the phrases of
``starts`` (so "can you ..." goes only before a request: "can you speed up", never
"can you too slow"). A frame never says a word twice ("please ... please"), nor a word
the sample already has ("okay done" takes no "okay", "what now" no "right now"), and
never goes around a sample that is only slots ("{rating}": said with nothing in the
slot, it would be the frame alone). Given the words a caller counts as interjections
and trailers, it puts nothing before a sample that already starts with one, nor after
one that already ends with one ("um next one please" takes no "okay"). Frames do not
stack: each goes around the samples as written, so a frame that wants words on both
sides says so itself (``(can you|could you) ... [a bit]``)::

    Frame.of(Grammar(), "polite", {"around": "... (please|now)", "words": 3})
      .around_all(["speed up", "make the holds shorter"])
    -> ["speed up please", "speed up now"]        # the second has 4 words
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# One pattern (or one named list) may expand to at most this many samples.
MAX_EXPANSION = 600
# How many samples the build lets an intent, and a locale's model, have
# (skill/tools/model_samples.py checks them): the samples written under intents: (and a
# locale's own), and, counted apart, what frames add. Well under Alexa's limits, and
# enough: past them a model only trains more of the same, and the JSON pasted into the
# developer console grows (SMAPI takes a model of at most 1,000,000 characters; ours stays under 980,000,
# a margin of 2%: the file is built, checked and packaged byte for byte the same way every time).
MAX_SAMPLES_PER_INTENT = 900
MAX_SAMPLES_PER_MODEL = 25400
# What frames may add. Why: a frame is a word or two around a sample, for clients that
# match a sample word for word (virtual-alexa, test harnesses); to them every
# interjection and every "please" is a sample of its own, so covering the usual few
# around the short things said mid-routine takes thousands. Alexa's own language
# understanding needs none of them, and loses nothing by them. Why no more: an intent
# gets no more framed samples than it may have written ones, and past these bounds a
# frame should narrow (fewer words, a smaller ``words``, a ``starts``) rather than the
# bounds grow.
MAX_FRAMED_PER_INTENT = 900
MAX_FRAMED_PER_MODEL = 7600
# The two model-wide bounds were 19,500 written and 15,000 framed until 2026-12-03, when
# every intent's frames were matched word for word against every phrase set (11,429
# phrases): frames had matched 540 of them from 388,000 characters, written samples about
# ten times as many a character. The frames no phrase matched were dropped (samples.yaml
# says which); the room, and 2,500 of the framed bound, went to written samples and to
# the wake word before every intent's shortest samples. Since then the framed bound has
# risen only for short things that take every short command's frames (the wake word,
# "okay", "please", a hesitation):
#   12,600  sets 43-46: "put it on hold", "turn it off", "help please"
#   12,700  sets 47-48: ratings and waits said short ("a good eight", "please wait a little")
#   12,800  sets 53-54: "scrap that", "pause it there", "I'm shattered"
#   12,950  sets 56-57: "uh" before "next" and before having no equipment, "okay" before tired
#   13,020  sets 59-60: "please pause the exercises", "let me hear the disclaimer"
#   13,050  set 62: "I'm absolutely knackered", "make it shorter", "what was the disclaimer bit"
#   13,080  sets 63-64: "shut it down", "thanks dear", "how much more to go", "go on ahead"
#   13,170  sets 66-67: "am I about done", "is that nearly it", "what number's this", "that smarts"
#   11,500  the wake word's frames went (881; a device sends Alexa only what follows "Alexa,"), for sets 82-85
#   10,500  eleven frames went; 9,500, 7,600: 5, then 10 more, their room to written (23,500, 25,400; sets 112-125)
# The intents that may have more, written and framed, and why. Safety first: a missed
# red flag is the worst failure the skill can make (someone with numbness in the saddle
# area, chest pain or a fall is coached on into the next exercise instead of being told
# to stop and get help), and a red flag is said in far more ways than any command: a
# symptom (numb, tingling, pins and needles, no feeling, weak, giving way ...) times a
# place in the body (groin, buttocks, bum, saddle area, down there, inner thighs, one
# leg or both, feet ...) times how a sentence carries it ("my ... has gone numb", "I've
# got ... in my ...", "there's ... in my ..."), and the same for chest pain with a
# tingling arm, a fall, a fever with back pain, pain down a leg, not being able to move.
# A client that matches word for word needs each combination written out, and Alexa's
# own understanding learns the symptoms better from many than from few. "It hurts" and
# a pain rating said at any time ("it's gone up to an eight") come next: each stops or
# changes the routine, "it hurts" is said of every part of the body ("my knee hurts on
# the floor"), and a rating is said three ways over ("six", "a six", "an eight").
# Dizziness has its own answer (sit or lie down, rest), and is said as "I feel", "I'm",
# "I'm feeling", "I am getting" ... times twenty words for it (dizzy, light headed,
# woozy, faint, giddy ...), and with when it came ("when I stood up"). Why no more: the
# en-US model, every sample written out, stays under 980,000 characters of JSON
# (tests/interaction_models/test_interaction_model.py).
# How the per-intent bounds moved, and for what (each once other room had been made):
#   red flags, written 4,400 -> 3,300 when the place below the waist became a slot
#     ({part}); framed 1,500 -> 1,700 from that room ("um, my chest feels really tight");
#     written 3,400 -> 3,500 (sets 27-28: "I've got a funny tingling down there"),
#     -> 3,550 (sets 45-46: "whoa, my leg just buckled"), -> 3,600 (sets 50-51: "both my
#     legs are tingling", "numb down there, like my groin"), -> 3,620 (set 62: "I've got a
#     chest pain", "I fell over and I can't get up"), -> 3,660 (sets 63-64: "I've got this
#     tingling down in my groin", "I just lost control of my bladder"; the room came from
#     the pain rating's trailing "now" and "today", cut to the shapes people used), -> 3,675
#     (sets 66-67: "it's gone numb down there where I sit", "I think I wet myself, I couldn't
#     hold it"), -> 3,690 (sets 69-72: "my feet are tingling", "lost feeling in both feet"),
#     -> 3,720 (sets 76-79: "I've a pain in my chest", "my legs feel weak, they keep buckling"),
#     -> 3,790 (sets 82-85: "I have tingling in my groin area", "my leg became very weak suddenly",
#     "I fell off the chair and hit my head"), -> 3,810 (86-89: "I'm having chest pains"), -> 3,825
#     (92-95), -> 3,880 (96-99) ... 4,285 (126-139), 4,330 (140-153), 4,350 (156-159), 4,370 (162-165); framed 1,710
#   dizziness, written 800 -> 850 (sets 27-28: "I've gone all woozy"); framed 700 -> 770
#     (sets 35-38 and the wake word: "alexa, I feel woozy"), -> 780 (set 57: "oh, my head's
#     spinning"); written -> 870 (sets 63-64: "I got up too fast and now I'm all dizzy",
#     "massive head rush"), -> 880 (sets 86-89: "head's spinning", "I came over all dizzy"), -> 890
#     (92-95), -> 930 (96-99: "I got woozy getting up"), ... 1,125 (126-139), 1,150 (140-153), 1,160 (156-159)
#   "it hurts", framed 620 -> 680 (sets 35-38: "alexa, this one hurts"), -> 690 (sets 66-67:
#     "that smarts", "hurts a bit"), -> 700 (sets 69-72: "that pinched", "back's flaring up"), 710 (140-153)
#   pain rating, written 1,900 ... 2,160 + framed 760 (140-153), 2,190 + 770 (156-159), 2,210 (162-165)
#   "next", written 950 (sets 53-54: "let's crack on", "bring on the next one"), framed
#     950 (sets 56-57: "uh, next exercise"); written 965 (set 62: "right, moving on",
#     "go on to the next one then"), 990 (sets 63-64: "done and dusted, next please", "carry
#     on mate"), 1,000 (sets 66-67: "that's all I got for that one, go on", "k next"), 1,040
#     and framed 990 (sets 69-72: "next drill", "on we go", "knocked that out, next"), 1,100
#     (sets 76-79: "kids are settled, next exercise", "crack on to the next bit"), 1,120 and
#     framed 1,010 (sets 82-85: "right, done, what's next", "go ahead to next exercise"), 1,160 (86-89),
#     1,190 (92-95: "got it, next"), 1,235 (96-99) ... 1,440 (140-153), 1,470 (156-159), 1,480 (162-165): said most
#   how to do an exercise, written 950 (sets 59-60: "how should I sit for the seated cat
#     cow"), 990 (sets 69-72: "what's the form on cat cow", "give me the form cues"), 1,020
#     (sets 76-79: "what way do I do the hamstring stretch", "walk me through the hip hinge,
#     would you"), 1,040 (sets 82-85: "what is the right way to do child's pose", "can you tell me
#     the steps for the hip flexor stretch"), 1,060 (sets 86-89: "how does one do the bird dog", "kinda
#     confused on the hip flexor one, how do I do it"), 1,075 ... 1,190 (92-135), 1,235 (140-153): asked most
INTENT_BOUNDS: dict[str, tuple[int, int]] = {  # intent: (written, framed)
    "AMAZON.NextIntent": (1480, 1010),
    "HowToIntent": (1235, MAX_FRAMED_PER_INTENT),
    "RedFlagIntent": (4370, 1710),
    "HurtIntent": (1800, 710),
    "PainRatingIntent": (2210, 770),
    "DizzyIntent": (1160, 780),
}


def written_bound(intent: str) -> int:
    """How many written samples ``intent`` may have (:data:`INTENT_BOUNDS`)."""
    return INTENT_BOUNDS.get(intent, (MAX_SAMPLES_PER_INTENT, 0))[0]


def framed_bound(intent: str) -> int:
    """How many framed samples ``intent`` may have (:data:`INTENT_BOUNDS`)."""
    return INTENT_BOUNDS.get(intent, (0, MAX_FRAMED_PER_INTENT))[1]


# Where the sample goes in a frame's pattern.
HOLE = "..."
# What a frame may say about itself under frames: in samples.yaml.
FRAME_KEYS = ("around", "words", "starts")

_TOKEN = re.compile(r"\(|\)|\[|\]|\||<[A-Za-z_][A-Za-z0-9_]*>|\{[A-Za-z_][A-Za-z0-9_]*\}|[^()\[\]|<>{}]+|.")


class GrammarError(ValueError):
    """A pattern that does not parse, names an unknown list, or expands too far."""


@dataclass
class _Alt:
    """Alternatives, each a sequence of parts (str words, _Alt groups or _Ref names)."""

    options: list[list[_Part]] = field(default_factory=list)


@dataclass(frozen=True)
class _Ref:
    name: str


_Part = str | _Alt | _Ref


def _parse(pattern: str) -> list[_Part]:
    tokens = _TOKEN.findall(pattern)
    stack: list[tuple[_Alt, str]] = []  # open groups and the bracket that closes each
    current: list[_Part] = []
    top = current
    closers = {"(": ")", "[": "]"}
    for token in tokens:
        if token in closers:
            group = _Alt([[]])
            current.append(group)
            stack.append((group, closers[token]))
            current = group.options[-1]
        elif token in (")", "]"):
            if not stack or stack[-1][1] != token:
                raise GrammarError(f"pattern '{pattern}': unbalanced '{token}'")
            group, closer = stack.pop()
            if closer == "]":
                group.options.insert(0, [])  # optional: nothing is the first choice
            current = stack[-1][0].options[-1] if stack else top
        elif token == "|":
            if not stack:
                raise GrammarError(f"pattern '{pattern}': '|' outside ( ) or [ ]")
            stack[-1][0].options.append([])
            current = stack[-1][0].options[-1]
        elif token.startswith("<") and token.endswith(">") and len(token) > 2:
            current.append(_Ref(token[1:-1]))
        elif token in ("<", ">", "{", "}"):
            raise GrammarError(f"pattern '{pattern}': stray '{token}'")
        else:
            current.append(token)
    if stack:
        raise GrammarError(f"pattern '{pattern}': unclosed '{'(' if stack[-1][1] == ')' else '['}'")
    return top


def _words(text: str) -> list[str]:
    return text.lower().split()


def squeeze(text: str) -> str:
    """Spaces squeezed; a word that starts with an apostrophe joins the word before it,
    so ``I ('m|am) ready`` gives "I'm ready" and "I am ready"."""
    return re.sub(r" '", "'", " ".join(text.split())).lstrip("'")


def _dedupe(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for item in items:
        key = item.lower()
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


class Grammar:
    """Named phrase lists, and the expansion of patterns that use them."""

    def __init__(self, phrases: Mapping[str, str | Sequence[str]] | None = None,
                 limit: int = MAX_EXPANSION) -> None:
        self.limit = limit
        self._lists: dict[str, list[str]] = {}
        for name, patterns in (phrases or {}).items():
            if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)):
                raise GrammarError(f"phrases: '{name}' is not a name (letters, digits, _)")
            items = [patterns] if isinstance(patterns, str) else list(patterns)
            if not items or not all(isinstance(p, str) for p in items):
                raise GrammarError(f"phrases: '{name}': expected a pattern or a list of patterns")
            self._lists[str(name)] = items
        self._expanded: dict[str, list[str]] = {}
        self._expanding: list[str] = []

    def names(self) -> list[str]:
        return list(self._lists)

    def named(self, name: str) -> list[str]:
        """Every phrase a named list stands for."""
        if name in self._expanded:
            return self._expanded[name]
        if name not in self._lists:
            raise GrammarError(f"<{name}> is not under phrases:")
        if name in self._expanding:
            raise GrammarError(f"phrases: <{name}> uses itself ({' -> '.join([*self._expanding, name])})")
        self._expanding.append(name)
        try:
            result = self._bounded(f"<{name}>", itertools.chain.from_iterable(
                self._sequence(_parse(p), p) for p in self._lists[name]))
        finally:
            self._expanding.pop()
        self._expanded[name] = result
        return result

    def expand(self, pattern: str) -> list[str]:
        """Every sample a pattern stands for, in order, without duplicates."""
        return self._bounded(pattern, self._sequence(_parse(pattern), pattern))

    def expand_all(self, patterns: Iterable[str]) -> list[str]:
        """The samples of several patterns, in order, without duplicates."""
        return _dedupe(s for p in patterns for s in self.expand(p))

    def _bounded(self, where: str, samples: Iterable[str]) -> list[str]:
        out = _dedupe(squeeze(s) for s in samples)
        if len(out) > self.limit:
            raise GrammarError(f"'{where}' expands to {len(out)} samples; at most {self.limit}")
        return out

    def _sequence(self, parts: Sequence[_Part], pattern: str) -> list[str]:
        choices: list[list[str]] = []
        for part in parts:
            if isinstance(part, str):
                choices.append([part])
            elif isinstance(part, _Ref):
                choices.append(self.named(part.name))
            else:
                options = _dedupe(s for option in part.options for s in self._sequence(option, pattern))
                choices.append(options)
        total = 1
        for options in choices:
            total *= max(len(options), 1)
        if total > self.limit * 4:  # before the duplicates go: still far too many
            raise GrammarError(f"'{pattern}' expands to about {total} samples; at most {self.limit}")
        return ["".join(combo) for combo in itertools.product(*choices)]


@dataclass(frozen=True)
class Frame:
    """Words said around a whole sample: ``around`` expanded, each with :data:`HOLE`
    once; goes only around samples of at most ``words`` words (None: any) that start
    with one of ``starts`` (empty: any)."""

    name: str
    around: tuple[str, ...]
    words: int | None = None
    starts: tuple[str, ...] = ()

    @classmethod
    def of(cls, rules: Grammar, name: str, spec: object) -> Frame:
        """A frame from samples.yaml: a pattern with "...", or a mapping with ``around:``
        (that pattern) and optionally ``words:`` and ``starts:`` (a pattern)."""
        where = f"frames: '{name}'"
        if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", str(name)):
            raise GrammarError(f"{where} is not a name (letters, digits, _)")
        spec = {"around": spec} if isinstance(spec, str) else spec
        if not isinstance(spec, Mapping) or not isinstance(spec.get("around"), str):
            raise GrammarError(f"{where}: expected a pattern with '{HOLE}', or around: that pattern")
        stray = sorted(str(k) for k in spec if k not in FRAME_KEYS)
        if stray:
            raise GrammarError(f"{where}: unknown keys {stray}; a frame has {', '.join(FRAME_KEYS)}")
        words = spec.get("words")
        if words is not None and (not isinstance(words, int) or isinstance(words, bool) or words < 1):
            raise GrammarError(f"{where}: words: expected a whole number of words, 1 or more")
        starts = spec.get("starts")
        if starts is not None and not isinstance(starts, str):
            raise GrammarError(f"{where}: starts: expected a pattern")
        around = [a for a in rules.expand(spec["around"]) if a != HOLE]  # never the sample alone
        bad = [a for a in around if a.split().count(HOLE) != 1 or a.count(HOLE) != 1]
        if bad or not around:
            raise GrammarError(f"{where}: every choice of '{spec['around']}' needs '{HOLE}' once, "
                               f"as a word of its own{f' (not in {bad[0]!r})' if bad else ''}")
        around = [a for a in around if len(set(_words(a))) == len(_words(a))]  # not "please ... please"
        if any("{" in a for a in around):
            raise GrammarError(f"{where}: a frame adds words, not slots")
        firsts = tuple(" ".join(s.lower().split()) for s in rules.expand(starts)) if starts else ()
        return cls(str(name), tuple(around), words, tuple(f for f in firsts if f))

    def fits(self, sample: str, count: Callable[[str], int]) -> bool:
        """Whether this frame goes around ``sample``: never around a sample that is only
        slots ("{rating}"), which, said with nothing in the slot, would be the frame
        alone ("okay")."""
        if not re.sub(r"\{[^}]*\}", "", sample).strip():
            return False
        if self.words is not None and count(sample) > self.words:
            return False
        if self.starts:
            said = " ".join(sample.lower().split()) + " "
            return any(said.startswith(first + " ") for first in self.starts)
        return True

    def around_sample(self, sample: str, leaders: frozenset[str] = frozenset(),
                      trailers: frozenset[str] = frozenset()) -> list[str]:
        """The frame around one sample, whether it fits or not; never with a word the
        sample already has ("okay done" takes no "okay", "which side now" no "right now"),
        no words before a sample that already starts with one of ``leaders`` ("um next
        please" takes no "okay" before it), and none after one that already ends with one
        of ``trailers`` (nor "now" after it). Words are compared in lower case, without
        apostrophes."""
        said = _words(sample)
        plain = [w.replace("'", "") for w in said]
        led = bool(plain) and plain[0] in leaders
        trailed = bool(plain) and plain[-1] in trailers
        out = []
        for around in self.around:
            before, after = around.split(HOLE)
            if (led and before.strip()) or (trailed and after.strip()):
                continue
            if set(said) & set(_words(before + " " + after)):
                continue
            out.append(squeeze(f"{before} {sample} {after}"))
        return _dedupe(out)

    def around_all(self, samples: Iterable[str], count: Callable[[str], int] = lambda s: len(s.split()),
                   leaders: frozenset[str] = frozenset(), trailers: frozenset[str] = frozenset()) -> list[str]:
        """The frame around every sample it fits, in order, without duplicates."""
        return _dedupe(f for s in samples if self.fits(s, count)
                       for f in self.around_sample(s, leaders, trailers))
