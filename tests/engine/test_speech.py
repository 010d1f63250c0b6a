"""speakable drops exactly what XML 1.0 cannot carry, whichever path it takes."""

from __future__ import annotations

import re

from skill.text import NOT_XML, speakable


def test_speakable_drops_exactly_the_characters_xml_cannot_carry() -> None:
    pattern = re.compile(NOT_XML)
    assert all(speakable(chr(c)) == pattern.sub("", chr(c)) for c in range(0x110000))
    mixed = "Tab\there, line\nbreak, NUL\x00, lone \ud800 surrogate, \ufffe and \uffff, caf\u00e9 \u2019s"
    assert speakable(mixed) == pattern.sub("", mixed) == (
        "Tab\there, line\nbreak, NUL, lone  surrogate,  and , caf\u00e9 \u2019s")
