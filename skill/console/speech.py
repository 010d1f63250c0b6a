"""What the console's page plays and draws, worked out here so that the page only plays.

:func:`segments` turns a response's ``outputSpeech`` (SSML or plain text) into a list of
``{"text": ..., "ms": ...}`` (words to speak, with how long they take at Alexa's pace)
and ``{"pause_ms": ...}`` (a ``<break>``). :func:`screen` finds the APL screen in a
response: the datasource the skill sent, and the buttons its document declares with the
arguments each one sends back as a UserEvent.

Standard library only (``xml.etree``).
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from skill.sim.render import WORDS_PER_MINUTE, speech_text, squeeze, time_ms
from skill.text import dig

RENDER_DOCUMENT = "Alexa.Presentation.APL.RenderDocument"
# What a <break strength> lasts: Amazon's "none" and "x-weak" are no pause, "weak" and
# "medium" a comma, "strong" a sentence break, "x-strong" a paragraph break.
STRENGTH_MS = {"none": 0, "x-weak": 0, "weak": 350, "medium": 350, "strong": 700, "x-strong": 1000}
BLOCK_MS = {"p": STRENGTH_MS["x-strong"], "s": STRENGTH_MS["strong"]}
_PREFIX = re.compile(r"(</?)([A-Za-z][\w.-]*):")  # amazon:effect -> amazon-effect (no namespace)


def speaking_ms(text: str) -> int:
    """How long Alexa takes to say ``text``: its words at 150 a minute (the simulator's pace)."""
    return round(len(text.split()) * 60_000 / WORDS_PER_MINUTE)


def break_ms(attributes: dict[str, str]) -> int:
    """The length of a ``<break>``: its ``time`` (``500ms``, ``2s``), else its strength."""
    ms = time_ms(attributes["time"]) if "time" in attributes else None
    if ms is not None:
        return max(0, round(ms))
    return STRENGTH_MS.get(attributes.get("strength", "medium").lower(), STRENGTH_MS["medium"])


class _Segments:
    """Collects text and pauses, joining neighbours of the same kind."""

    def __init__(self) -> None:
        self.items: list[dict[str, Any]] = []
        self._words: list[str] = []

    def text(self, text: str | None) -> None:
        if text and text.strip():
            self._words.append(text)

    def pause(self, ms: int, *, boundary: bool = False) -> None:
        """A ``<break>`` adds to a pause just before it; a paragraph or sentence boundary
        only makes it at least that long."""
        self._flush()
        if ms <= 0:
            return
        if self.items and "pause_ms" in self.items[-1]:
            last = self.items[-1]["pause_ms"]
            self.items[-1]["pause_ms"] = max(last, ms) if boundary else last + ms
        elif boundary and not self.items:
            return  # nothing said yet: a paragraph's start is no pause
        else:
            self.items.append({"pause_ms": ms})

    def _flush(self) -> None:
        text = squeeze(" ".join(self._words))
        self._words = []
        if text:
            self.items.append({"text": text, "ms": speaking_ms(text)})

    def done(self) -> list[dict[str, Any]]:
        self._flush()
        return self.items  # a pause at either end is kept: Alexa waits it out too


def _walk(element: ET.Element, out: _Segments) -> None:
    tag = element.tag.lower()
    if tag == "break":
        out.pause(break_ms({k.lower(): v for k, v in element.attrib.items()}))
    elif tag == "sub" and "alias" in element.attrib:
        out.text(element.attrib["alias"])
    elif tag == "audio":
        out.text("[audio]")
    else:
        if tag in BLOCK_MS:
            out.pause(BLOCK_MS[tag], boundary=True)
        out.text(element.text)
        for child in element:
            _walk(child, out)
            out.text(child.tail)
    if tag in BLOCK_MS:
        out.pause(BLOCK_MS[tag], boundary=True)


def ssml_segments(ssml: str) -> list[dict[str, Any]]:
    """Segments of an SSML string. SSML that is not well-formed XML is read as the chat
    reads it (tags dropped), in one text segment."""
    out = _Segments()
    try:
        root = ET.fromstring(_PREFIX.sub(r"\1\2-", ssml.strip()))
    except ET.ParseError:
        out.text(speech_text({"type": "SSML", "ssml": ssml}))
        return out.done()
    _walk(root, out)
    return out.done()


def segments(output_speech: Any) -> list[dict[str, Any]]:
    """Segments of an ``outputSpeech`` object; [] when there is none."""
    if not isinstance(output_speech, dict):
        return []
    if output_speech.get("type") == "PlainText":
        out = _Segments()
        out.text(str(output_speech.get("text") or ""))
        return out.done()
    ssml = output_speech.get("ssml")
    return ssml_segments(ssml) if isinstance(ssml, str) else []


# --------------------------------------------------------------------------------------
# The screen


def screen(response: Any) -> dict[str, Any] | None:
    """The last APL screen a response renders: ``{"token", "datasource", "buttons"}``,
    or None when it renders none. ``datasource`` is the document's main parameter, as the
    skill sent it; ``buttons`` are ``{"id", "label", "arguments"}`` in document order."""
    directives = dig(response, "response", "directives")
    if not isinstance(directives, list):
        return None
    found = None
    for directive in directives:
        if isinstance(directive, dict) and directive.get("type") == RENDER_DOCUMENT:
            found = directive
    if found is None:
        return None
    document = found.get("document")
    datasources = found.get("datasources")
    datasources = datasources if isinstance(datasources, dict) else {}
    main = dig(document, "mainTemplate", "parameters")
    name = main[0] if isinstance(main, list) and main and isinstance(main[0], str) else "payload"
    return {
        "token": found.get("token"),
        "datasource": datasources.get(name),
        "buttons": buttons(document),
    }


_PARAMETER = re.compile(r"^\$\{(\w+)\}$")


def _bind(value: Any, bindings: dict[str, Any]) -> Any:
    """``"${action}"`` -> the layout parameter's value; anything else as it is."""
    if isinstance(value, str) and (match := _PARAMETER.match(value)) and match.group(1) in bindings:
        return bindings[match.group(1)]
    if isinstance(value, list):
        return [_bind(v, bindings) for v in value]
    if isinstance(value, dict):
        return {k: _bind(v, bindings) for k, v in value.items()}
    return value


def _label(item: Any) -> str:
    """The first Text component's text inside ``item``."""
    if isinstance(item, dict):
        if item.get("type") == "Text" and isinstance(item.get("text"), str):
            return str(item["text"])
        for key in ("item", "items"):
            found = _label(item.get(key))
            if found:
                return found
    if isinstance(item, list):
        for child in item:
            found = _label(child)
            if found:
                return found
    return ""


def buttons(document: Any) -> list[dict[str, Any]]:
    """Every component of ``document`` that sends a UserEvent when pressed (a
    ``TouchWrapper`` or a layout made of one), with its label and arguments."""
    layouts = document.get("layouts") if isinstance(document, dict) else None
    layouts = layouts if isinstance(layouts, dict) else {}
    found: list[dict[str, Any]] = []

    def visit(item: Any, depth: int) -> None:
        if depth > 32:  # a layout that uses itself
            return
        if isinstance(item, list):
            for child in item:
                visit(child, depth)
            return
        if not isinstance(item, dict):
            return
        layout = layouts.get(item.get("type"))
        if isinstance(layout, dict):
            names = [p if isinstance(p, str) else p.get("name") for p in layout.get("parameters") or []]
            bindings = {name: item[name] for name in names if isinstance(name, str) and name in item}
            visit(_bind(layout.get("item") or layout.get("items"), bindings), depth + 1)
            return
        presses = item.get("onPress")
        presses = presses if isinstance(presses, list) else [presses]
        for command in presses:
            if isinstance(command, dict) and command.get("type") == "SendEvent":
                arguments = command.get("arguments")
                if isinstance(arguments, list):
                    found.append({"id": item.get("id"), "label": _label(item) or str(item.get("id") or ""),
                                  "arguments": arguments})
        for key in ("item", "items"):
            visit(item.get(key), depth)

    visit(dig(document, "mainTemplate", "items") or dig(document, "mainTemplate", "item"), 0)
    return found
