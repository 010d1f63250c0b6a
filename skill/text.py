"""Small text helpers shared by the skill, its content and the simulator: how names are
compared, what an id, a locale code and a slot reference look like, what SSML can carry,
and a walk into nested dicts. Standard library only."""

from __future__ import annotations

import re
from typing import Any

# A content id (an exercise, a routine, a piece of equipment, a prompt) as the content,
# the stored state and the slot resolutions spell it: "cat_cow".
ID_PATTERN = r"^[a-z][a-z0-9_]{1,40}$"
ID = re.compile(ID_PATTERN)
# A locale as samples.yaml and the model files spell it: en-US, en-GB ...
LOCALE_CODE = re.compile(r"^[a-z]{2}-[A-Z]{2}$")
# A slot named in a sample: "how do I do the {exercise}".
SLOT_REF = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
# What XML 1.0 cannot carry at all: C0 controls (but tab, newline and return), lone
# surrogates (a request's JSON can hold "\ud800"), U+FFFE and U+FFFF.
# Compiled on first use: printable text, nearly all of it, never needs it.
NOT_XML = "[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]"


def normalize(text: str) -> str:
    """Lower-case, drop apostrophes and punctuation, squeeze spaces: "Child's Pose!" -> "childs pose"."""
    text = text.lower().replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(text.split())


def speakable(text: str) -> str:
    """``text`` without the characters that would make SSML malformed."""
    if text.isprintable():  # controls, surrogates and U+FFFE/U+FFFF never are
        return text
    return re.sub(NOT_XML, "", text)


def dig(data: Any, *keys: str) -> Any:
    """``data[k1][k2]...``, or None as soon as a level is not a dict or lacks the key."""
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data
