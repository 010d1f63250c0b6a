"""SSML to plain text for the console.

What Alexa would say, as a person would read it: tags dropped, entities unescaped,
pauses shown as ``[pause 10 s]``, ``<sub alias>`` replaced by what is spoken, and
whitespace squeezed.
"""

from __future__ import annotations

import html
import re

_BREAK = re.compile(r"<break\b([^>]*)/?>", re.IGNORECASE)
_ATTR = re.compile(r"""([\w:-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_SUB = re.compile(r"<sub\b([^>]*)>(.*?)</sub\s*>", re.IGNORECASE | re.DOTALL)
_AUDIO = re.compile(r"<audio\b[^>]*/?>(?:\s*</audio\s*>)?", re.IGNORECASE)
_BLOCK = re.compile(r"</?(?:p|s|speak)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
_TIME = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(ms|s)\s*$", re.IGNORECASE)


def _attrs(text: str) -> dict[str, str]:
    return {m.group(1).lower(): m.group(2) if m.group(2) is not None else m.group(3)
            for m in _ATTR.finditer(text)}


def format_seconds(seconds: float) -> str:
    """10.0 -> "10", 0.5 -> "0.5", 1.25 -> "1.25"."""
    text = f"{seconds:.3f}".rstrip("0").rstrip(".")
    return text or "0"


def time_ms(time: str) -> float | None:
    """A ``<break time>`` ("500ms", "2s") in milliseconds; None if it is not one."""
    parsed = _TIME.match(time)
    if parsed is None:
        return None
    value = float(parsed.group(1))
    return value if parsed.group(2).lower() == "ms" else value * 1000


def squeeze(text: str) -> str:
    """Whitespace squeezed, and none left before punctuation."""
    return re.sub(r"\s+([.,!?;:])", r"\1", " ".join(text.split()))


def _pause(match: re.Match[str]) -> str:
    attrs = _attrs(match.group(1))
    time = attrs.get("time")
    if time is not None:
        ms = time_ms(time)
        if ms is None:
            return " [pause] "
        if ms <= 0:
            return " "
        return f" [pause {format_seconds(ms / 1000)} s] "
    if attrs.get("strength", "").lower() == "none":
        return " "
    return " [pause] "  # a strength (x-weak ... x-strong) or the default medium break


def _sub(match: re.Match[str]) -> str:
    alias = _attrs(match.group(1)).get("alias")
    return alias if alias is not None else match.group(2)


def ssml_to_text(ssml: str | None) -> str:
    """Plain text for an SSML string (or plain text, which passes through squeezed)."""
    if not ssml:
        return ""
    text = _BREAK.sub(_pause, ssml)
    text = _SUB.sub(_sub, text)
    text = _AUDIO.sub(" [audio] ", text)
    text = _BLOCK.sub(" ", text)
    text = _TAG.sub("", text)
    return squeeze(html.unescape(text))


def speech_text(output_speech: dict | None) -> str:
    """Plain text of a response's ``outputSpeech`` (SSML or PlainText), or ""."""
    if not output_speech:
        return ""
    if output_speech.get("type") == "PlainText":
        return " ".join(str(output_speech.get("text", "")).split())
    return ssml_to_text(output_speech.get("ssml"))


def speech_ssml(output_speech: dict | None) -> str:
    """The raw SSML (or plain text) of a response's ``outputSpeech``, or ""."""
    if not output_speech:
        return ""
    if output_speech.get("type") == "PlainText":
        return str(output_speech.get("text", ""))
    return str(output_speech.get("ssml", ""))


WORDS_PER_MINUTE = 150


def heard_seconds(output_speech: dict | None) -> float:
    """How long an answer takes to hear: its words at 150 a minute, and its pauses."""
    ssml = speech_ssml(output_speech)
    pauses = 0.0
    for match in _BREAK.finditer(ssml):
        ms = time_ms(_attrs(match.group(1)).get("time") or "")
        if ms is not None:
            pauses += ms / 1000
    words = len(_TAG.sub(" ", _BREAK.sub(" ", ssml)).split())
    return words * 60 / WORDS_PER_MINUTE + pauses
