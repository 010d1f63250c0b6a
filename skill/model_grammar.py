"""The small grammar ``interaction_models/samples.yaml`` is written in.

A sample pattern is text with four kinds of parts:

- ``(a|b|c)``  one of the alternatives; an alternative may be empty: ``(please|)``;
- ``[a|b]``    optional: nothing, or one of the alternatives (``[the]``, ``[the|a]``);
- ``<name>``   every pattern of the named list ``name`` under ``phrases:`` in samples.yaml;
- ``{slot}``   a slot, kept as it is for Alexa to fill.

Groups nest, and a named list may use other named lists (not itself). Everything else is
words. A group joins the words around it as written, so ``what('s| is) next`` gives
"what's next" and "what is next"; and a word that starts with an apostrophe joins the
word before it, so ``I ('m|am) ready`` gives "I'm ready" and "I am ready". A pattern
expands to every combination, in the order written (an optional part's "nothing"
first), with spaces squeezed and duplicates (ignoring case) dropped, so the output is
deterministic::

    expand("(how do|how should) I do [the|a] {exercise}")
    -> ["how do I do {exercise}", "how do I do the {exercise}", "how do I do a {exercise}",
        "how should I do {exercise}", "how should I do the {exercise}", ...]

Expansion is bounded: a pattern (or named list) that would give more than
:data:`MAX_EXPANSION` samples is an error naming it, rather than a silent cut.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

# One pattern (or one named list) may expand to at most this many samples.
MAX_EXPANSION = 600

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
