"""Lines that name the skill: "Alexa, open my back routine" (a launch), "ask my back
routine how do I do child's pose" (a one-shot, with its request), "resume my back
routine". Case, punctuation, an "Alexa," prefix and small filler words do not matter
(:mod:`skill.sim.words`). :class:`~skill.sim.matcher.Matcher` reads a line with
:class:`Invocations` before matching it to an intent.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from skill.sim.words import FILLERS, LEADERS, filler_mask, spoken_words
from skill.text import normalize

LAUNCH_VERBS = ("open", "start", "launch", "begin", "run", "load", "use", "play")
ONE_SHOT_VERBS = ("ask", "tell")
RESUME_VERBS = ("resume", "continue")


def _alternation(words: Iterable[str]) -> str:
    ordered = sorted({normalize(w) for w in words}, key=lambda w: (-len(w), w))
    return "|".join(re.escape(w) for w in ordered if w)


_FILL = f"(?:(?:{_alternation(FILLERS)}) )*"
_LEAD = f"(?:(?:{_alternation(LEADERS)}) )*"


@dataclass(frozen=True)
class Invocation:
    """A line that names the skill: launch it, ask it something, or resume it."""

    kind: Literal["launch", "one-shot", "resume"]
    rest: str = ""  # the request of a one-shot ("how do I do child's pose")


def addressed(line: str) -> bool:
    """Whether the line starts with the wake word ("Alexa, ...")."""
    words = spoken_words(line)
    return bool(words) and normalize(words[0]) == "alexa"


class Invocations:
    """Reads how a line names the skill with this invocation name (normalized)."""

    def __init__(self, invocation_name: str) -> None:
        inv = re.escape(invocation_name) + " "
        verbs = _alternation(LAUNCH_VERBS)
        self._patterns = {
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

    def read(self, line: str) -> Invocation | None:
        """How this line names the skill, or None when it does not."""
        words = spoken_words(line)
        text = "".join(normalize(w) + " " for w in words)
        if not text:
            return None
        pats = self._patterns
        if pats["launch"].match(text):
            return Invocation("launch")
        if pats["resume"].match(text):
            return Invocation("resume")
        for key in ("ask", "open_and", "using"):
            found = pats[key].match(text)
            if found is None:
                continue
            start, end = found.span("rest")
            first = text[:start].count(" ")
            rest_words = words[first:first + text[start:end].count(" ")]
            if key == "ask" and rest_words and normalize(rest_words[0]) in ("to", "that", "for"):
                rest_words = rest_words[1:]
            keys = [normalize(w) for w in rest_words]
            if all(filler_mask(keys)):
                return Invocation("launch")
            return Invocation("one-shot", " ".join(rest_words))
        return None
