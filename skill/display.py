"""Screens and cards: the engine's Screen and Card drawn for Echo Show devices (APL)
and the Alexa app. The APL document is a JSON file in the package (skill/apl/)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from skill.engine.reply import Card, Screen, plain_text

APL_DIR = Path(__file__).resolve().parent / "apl"
TOKEN = "back-routine"
# The touch buttons send these words; they are handled as the matching voice intents.
BUTTONS = ("next", "repeat", "back")


@lru_cache(maxsize=4)
def document(name: str = "routine") -> dict[str, Any]:
    return dict(json.loads((APL_DIR / f"{name}.json").read_text(encoding="utf-8")))


def screen_data(screen: Screen, prompts: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    """The APL datasource for one screen: every text already plain."""
    if screen.kind == "explain":
        where = "All the steps"
        progress = 0
    else:
        where = f"exercise {screen.number} of {screen.total}"
        if screen.steps > 1:
            where += f" · part {screen.step} of {screen.steps}"
        done = (screen.number - 1) + (screen.step / screen.steps if screen.steps else 0)
        progress = round(100 * done / screen.total) if screen.total else 0
    return {
        "payload": {
            "screen": {
                "kind": screen.kind,
                "routine": screen.routine,
                "exercise": screen.exercise,
                "where": where,
                "text": plain_text(screen.parts, prompts),
                "equipment": f"You'll need {screen.equipment}." if screen.equipment else "No equipment needed.",
                "progress": f"{max(0, min(100, progress))}%",
            }
        }
    }


def card_text(card: Card, prompts: Mapping[str, tuple[str, ...]]) -> tuple[str, str]:
    """(title, content) of an app card: plain text, no SSML."""
    return card.title, plain_text(card.parts, prompts)
