"""Structured logs: one JSON object a line, each carrying the request id, the request
type and a short hash of the user id (never the id itself), and never speech text at
INFO. :func:`request_context` is entered once per request, in
:func:`skill.factory.invoke`, so every door logs the same way.
"""

from __future__ import annotations

import json
import logging
import os
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from hashlib import sha256
from typing import IO, Any

from skill.text import dig

_CONTEXT: ContextVar[dict[str, str] | None] = ContextVar("back_routine_log_context", default=None)
_STANDARD = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def user_hash(user_id: Any) -> str:
    """A short, stable hash of a user id, for logs."""
    if not isinstance(user_id, str) or not user_id:
        return "-"
    return sha256(user_id.encode("utf-8", "replace")).hexdigest()[:10]


def fields_of(event: Any) -> dict[str, str]:
    """The log fields of a request envelope (a dict), whatever shape it is in."""
    request_id = dig(event, "request", "requestId")
    request_type = dig(event, "request", "type")
    user = dig(event, "context", "System", "user", "userId") or dig(event, "session", "user", "userId")
    return {
        "request_id": request_id[:120] if isinstance(request_id, str) else "-",
        "request_type": request_type[:80] if isinstance(request_type, str) else "-",
        "user": user_hash(user),
    }


@contextmanager
def request_context(event: Any) -> Iterator[None]:
    token = _CONTEXT.set(fields_of(event))
    try:
        yield
    finally:
        _CONTEXT.reset(token)


class ContextFilter(logging.Filter):
    """Adds the current request's fields to every record."""

    def filter(self, record: logging.LogRecord) -> bool:
        for key, value in (_CONTEXT.get() or {}).items():
            if not hasattr(record, key):
                setattr(record, key, value)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time (UTC, to the millisecond), level, logger, message,
    then the record's own fields (the request's, and any ``extra``), and the error if
    there is one."""

    _encoder = json.JSONEncoder(default=str, ensure_ascii=False)  # made once, not per line

    def _time(self, record: logging.LogRecord) -> str:
        seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
        return f"{seconds}.{int(record.msecs):03d}+00:00"

    def format(self, record: logging.LogRecord) -> str:
        data: dict[str, Any] = {
            "time": self._time(record),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                data[key] = value
        if record.exc_info:
            data["error"] = self.formatException(record.exc_info)
        return self._encoder.encode(data)


def configure(level: str | int = "INFO", stream: IO[str] | None = None) -> None:
    """Log the ``skill`` loggers as JSON lines at ``level``.

    On AWS Lambda the runtime's own handler (to CloudWatch) gets the JSON format;
    elsewhere one handler to ``stream`` (stderr) is added to the ``skill`` logger.
    """
    logger = logging.getLogger("skill")
    logger.setLevel(level)
    root = logging.getLogger()
    if os.environ.get("AWS_LAMBDA_FUNCTION_NAME") and root.handlers:
        for handler in root.handlers:
            handler.setFormatter(JsonFormatter())
            if not any(isinstance(f, ContextFilter) for f in handler.filters):
                handler.addFilter(ContextFilter())
        return
    if not any(getattr(h, "back_routine", False) for h in logger.handlers):
        handler = logging.StreamHandler(stream or sys.stderr)
        handler.setFormatter(JsonFormatter())
        handler.addFilter(ContextFilter())
        handler.back_routine = True  # type: ignore[attr-defined]
        logger.addHandler(handler)
