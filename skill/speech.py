"""Render the engine's replies as Alexa SSML, in one place.

Every prompt comes from ``content/prompts.yaml`` by id. Text is escaped, pauses become
``<break>`` tags of at most 10 seconds each, and the whole stays under Alexa's limit.
:func:`ssml_problems` checks any SSML against the rules Alexa enforces; the tests and
the fuzzers use it on every response.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from skill.engine.reply import Part, Pause, Prompts, text
from skill.text import speakable

MAX_BREAK_S = 10
MAX_SSML_CHARS = 8000
def escape(text: str) -> str:
    """``&``, ``<`` and ``>`` as XML entities (what xml.sax.saxutils.escape does, without
    importing urllib, http and ssl with it)."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _breaks(seconds: float) -> Iterable[str]:
    left = max(0.0, float(seconds))
    while left > 0:
        chunk = min(MAX_BREAK_S, left)
        left -= chunk
        yield f'<break time="{chunk:g}s"/>'


def render(parts: Iterable[Part], prompts: Prompts) -> str:
    """SSML for a sequence of prompts and pauses, always valid and under Alexa's limit."""
    pieces: list[str] = []
    size = len("<speak></speak>")
    for part in parts:
        if isinstance(part, Pause):
            chunk = "".join(_breaks(part.seconds))
        else:
            words = " ".join(speakable(text(prompts, part)).split())
            chunk = escape(words) if words else ""
        if not chunk:
            continue
        if size + len(chunk) + 1 > MAX_SSML_CHARS:
            break
        pieces.append(chunk)
        size += len(chunk) + 1
    return "<speak>" + " ".join(pieces) + "</speak>"


# --------------------------------------------------------------------------------------
# Checking SSML as Alexa would

ALLOWED_TAGS = {
    "speak", "break", "p", "s", "emphasis", "prosody", "say-as", "sub", "phoneme", "lang",
    "voice", "w", "audio", "amazon:effect", "amazon:emotion", "amazon:domain", "mark",
}
_TIME = r"^(\d+(?:\.\d+)?)(ms|s)$"  # compiled on first use: only the checks need it


def ssml_problems(ssml: str) -> list[str]:
    """Everything Alexa would reject in this SSML; an empty list means it is valid."""
    from xml.etree import ElementTree  # only the tests and the fuzzers check SSML

    problems: list[str] = []
    if len(ssml) > MAX_SSML_CHARS:
        problems.append(f"{len(ssml)} characters, over {MAX_SSML_CHARS}")
    wrapped = ssml.replace("amazon:", "amazon_")  # namespaced tags without a declaration
    try:
        root = ElementTree.fromstring(wrapped)
    except (ElementTree.ParseError, UnicodeEncodeError) as exc:
        return [*problems, f"not well-formed XML: {exc}"]
    if root.tag != "speak":
        problems.append(f"root element is <{root.tag}>, not <speak>")
    for element in root.iter():
        tag = element.tag.replace("amazon_", "amazon:")
        if tag not in ALLOWED_TAGS:
            problems.append(f"<{tag}> is not an Alexa SSML tag")
        if tag == "speak" and element is not root:
            problems.append("nested <speak>")
        if tag == "break":
            time = element.get("time")
            if time is not None:
                match = re.match(_TIME, time)
                if not match:
                    problems.append(f'break time "{time}" is malformed')
                else:
                    value = float(match.group(1)) / (1000 if match.group(2) == "ms" else 1)
                    if value > MAX_BREAK_S:
                        problems.append(f'break time "{time}" is over {MAX_BREAK_S} s')
    return problems
