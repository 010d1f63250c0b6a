"""Helpers shared by the tests (importable as ``support``)."""

from __future__ import annotations

import json
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from skill.tools.responses import response_problems

__all__ = ["REQUESTS", "TESTS", "TODAY", "free_port", "load_request", "response_problems", "wait_until_up"]

TESTS = Path(__file__).resolve().parent
REQUESTS = TESTS / "requests"
TODAY = date(2026, 11, 25)


def load_request(name: str) -> dict[str, Any]:
    return json.loads((REQUESTS / name).read_text())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_up(url: str, process: subprocess.Popen, why: Callable[[], str], limit_s: float = 30) -> Any:
    """The JSON ``url`` answers once the server ``process`` is up; AssertionError with
    ``why()`` if the process exits or ``limit_s`` passes first."""
    deadline = time.monotonic() + limit_s
    while True:
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                return json.load(answer)
        except OSError as exc:
            if process.poll() is not None or time.monotonic() > deadline:
                raise AssertionError(f"the server did not start: {why()}") from exc
            time.sleep(0.1)


def published(envelope: dict, locale: str = "en-US") -> dict:
    """A skill package envelope's publishing information for ``locale``."""
    return envelope["manifest"]["publishingInformation"]["locales"][locale]
