"""Helpers shared by the tests (importable as ``support``)."""

from __future__ import annotations

import copy
import json
import logging
import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from skill.text import dig
from skill.tools.responses import response_problems

__all__ = [
    "MAX_RESPONSE_BYTES", "REQUESTS", "TESTS", "TODAY", "alexa_problems", "free_port", "is_envelope", "load_request",
    "no_errors_logged", "published", "put_profile", "response_problems", "wait_until_up", "with_user",
]

TESTS = Path(__file__).resolve().parent
REQUESTS = TESTS / "requests"
TODAY = date(2026, 11, 25)
MAX_RESPONSE_BYTES = 24 * 1024  # Alexa's limit on a whole response


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


def stop(process: subprocess.Popen, wait_s: float = 10) -> None:
    """End a server ``process`` started for a test: asked first, killed if it does not go."""
    process.terminate()
    try:
        process.wait(timeout=wait_s)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def published(envelope: dict, locale: str = "en-US") -> dict:
    """A skill package envelope's publishing information for ``locale``."""
    return envelope["manifest"]["publishingInformation"]["locales"][locale]


# --------------------------------------------------------------------------------------
# What the fuzz tests check (tests/handlers/test_fuzz_lambda.py, tests/web/test_fuzz_web.py)


def alexa_problems(response: Any) -> list[str]:
    """``support.response_problems`` plus what Alexa also refuses: JSON that is not strict
    (NaN, infinities), text that cannot be UTF-8 (lone surrogates), responses over 24 KB."""
    if not isinstance(response, dict):
        return [f"the response is a {type(response).__name__}, not an object"]
    try:
        text = json.dumps(response, allow_nan=False)
    except (TypeError, ValueError) as exc:
        return [f"not strict JSON: {exc}"]
    problems = []
    if len(text.encode()) > MAX_RESPONSE_BYTES:
        problems.append(f"{len(text.encode())} bytes, over Alexa's {MAX_RESPONSE_BYTES}")
    try:
        json.dumps(response, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        problems.append(f"not encodable as UTF-8 (a lone surrogate?): {exc}")
    try:
        problems.extend(response_problems(response))
    except Exception as exc:  # noqa: BLE001 - a check that cannot read the SSML is a finding
        problems.append(f"the SSML cannot be checked: {exc!r}")
    return problems


class _Errors(logging.Handler):
    """Keeps a one-line summary of each ERROR record (never the record: its traceback
    would keep every frame of the failed turn alive)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.summaries: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        detail = ""
        if record.exc_info and record.exc_info[1] is not None:
            detail = f": {record.exc_info[1]!r}"[:500]
        self.summaries.append(f"{record.name}: {record.getMessage()[:300]}{detail}")


@contextmanager
def no_errors_logged() -> Iterator[None]:
    """Fail if the skill logs an ERROR (a handler raised, the safety net caught it).

    Below ERROR the skill's loggers are quiet meanwhile: pytest attaches its log capture to
    every logger, and over thousands of examples the records it keeps (and through their
    tracebacks every frame of every turn) would fill the memory."""
    errors = _Errors()
    logger = logging.getLogger("skill")
    level = logger.level
    logger.addHandler(errors)
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)
        logger.removeHandler(errors)
    if errors.summaries:
        raise AssertionError(f"the skill logged an error: {errors.summaries[0]}")


def is_envelope(body: bytes) -> bool:
    """Whether a request body is an Alexa request envelope at all (JSON, an object, with a
    ``request`` object that has a string ``type``): the only bodies the app may not refuse."""
    try:
        data = json.loads(body)
    except (ValueError, RecursionError):
        return False
    return isinstance(data, dict) and isinstance(data.get("request"), dict) and isinstance(
        data["request"].get("type"), str
    )


def put_profile(store: Any, user_id: str, attributes: Any) -> None:
    """Pre-populate one user's record in a store through its public interface (a request
    with no user id, or one that no store takes, with a "#", has no record to pre-populate)."""
    if not user_id or "#" in user_id:
        return
    user = SimpleNamespace(user_id=user_id)
    envelope = SimpleNamespace(context=SimpleNamespace(system=SimpleNamespace(user=user)), session=None)
    store.save_attributes(envelope, attributes)


def with_user(event: dict[str, Any], user_id: str) -> dict[str, Any]:
    """``event`` for ``user_id`` (in the context and the session, where they are objects)."""
    event = copy.deepcopy(event)
    for holder in (dig(event, "context", "System"), event.get("session")):
        if isinstance(holder, dict):
            holder["user"] = {"userId": user_id}
    return event
