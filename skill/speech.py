"""Render the engine's replies as Alexa SSML, in one place.

Every prompt comes from ``content/prompts.yaml`` by id. Text is escaped, pauses become
``<break>`` tags of at most 10 seconds each, and the whole stays under Alexa's limit.
The check of any SSML against the rules Alexa enforces is a developer tool:
:func:`skill.tools.responses.ssml_problems`.
"""

from __future__ import annotations

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
