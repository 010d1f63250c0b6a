"""Helpers shared by the tests (importable as ``support``)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from skill.responses import response_problems

__all__ = ["REQUESTS", "TESTS", "TODAY", "load_request", "response_problems"]

TESTS = Path(__file__).resolve().parent
REQUESTS = TESTS / "requests"
TODAY = date(2026, 11, 25)


def load_request(name: str) -> dict[str, Any]:
    return json.loads((REQUESTS / name).read_text())
