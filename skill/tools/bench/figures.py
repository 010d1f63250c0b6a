"""The bench's figures: sizes, targets, the rows of the table, and how a figure is written."""

from __future__ import annotations

import logging
import math
import os
import statistics
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

QUICK = {"turns": 300, "requests": 300, "cold_runs": 5}
DEFAULT = {"turns": 3000, "requests": 3000, "cold_runs": 10}

# Targets (issue 4): ratios against the floors, and two absolute limits.
TURN_RATIO = 1.5  # our median turn, less the store, vs the hello-world skill
VERIFY_ADDS_MS = 0.2  # what verification adds per request, once the chain is cached
THROUGHPUT_RATIO = 0.5  # verified requests/s vs the bare Flask echo
# Cold start: 1.3x in issue 4, 1.4x since issue 12 (the lean Lambda build's bytecode matters
# far more to a person than a millisecond here).
COLD_RATIO = 1.4  # fresh process answering a launch vs one importing ask_sdk_core.skill_builder
RSS_LIMIT_MB = 80.0
# Targets (issue 12, part 7): a long-time user's state, sized for the turn.
HISTORY_ROUTINES = 120  # finished routines
RECORD_LIMIT = 2048  # bytes of the record every turn reads and writes (goal: 1,024)
HISTORY_RATIO = 1.25  # a turn with that history vs a new user's

BENCH_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-00000000bench"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-bench.pem"
FIXED = {
    "version": "1.0",
    "response": {"outputSpeech": {"type": "PlainText", "text": "Hello"}, "shouldEndSession": True},
}

# Every row the table prints, in order (the smoke test checks each one is there).
ROWS = (
    "floor: hello-world skill, 1 handler",
    "ours: conversation mix",
    "store: get + save (SQLite)",
    "store share of a turn",
    "ours minus store",
    "floor: bare Flask echo",
    "door, verification off",
    "door, verified (chain cached)",
    "verification adds",
    "verified throughput",
    "verifier check alone (cached)",
    "first request: fetch + validate chain",
    "full stack: verified + skill",
    "floor: import ask_sdk_core.skill_builder",
    "ours: import handler + LaunchRequest",
    "peak RSS (VmHWM), ours",
    "boto3 loaded, sqlite path",
    "boto3 loaded, dynamodb: build",
    "stored record after 120 finished routines",
    "turn, new user",
    "turn, 120-routine history vs new user",
)
# The rows that carry a target: each says "met" or "MISSED".
TARGETS = (ROWS[4], ROWS[8], ROWS[9], ROWS[14], ROWS[15], ROWS[16], ROWS[17], ROWS[18], ROWS[20])


# --------------------------------------------------------------------------------------
# Figures


@dataclass
class Row:
    name: str
    median: str = ""
    p99: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None  # None: no target, for information
    note: str = ""


@dataclass
class Section:
    title: str
    rows: list[Row]
    notes: list[str]


def p99(samples: Sequence[float]) -> float:
    """The nearest-rank 99th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.3f} ms" if abs(value) < 10 else f"{value:.1f} ms"


def times(samples: Sequence[float]) -> tuple[str, str]:
    return ms(statistics.median(samples)), ms(p99(samples))


def ratio(value: float, floor: float, what: str = "floor") -> str:
    return f"{value / floor:.2f}x {what}" if floor > 0 else "n/a"


@contextmanager
def production_logs(level: str = "INFO") -> Iterator[list[logging.LogRecord]]:
    """The skill's JSON logs at ``level``, as in production, but written to os.devnull so
    that they cost what they cost without cluttering the table. Yields the warnings and
    errors the skill logged meanwhile."""
    from skill.logs import ContextFilter, JsonFormatter

    logger = logging.getLogger("skill")
    saved = (logger.level, logger.propagate, list(logger.handlers))
    seen: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    with open(os.devnull, "w") as devnull:
        sink = logging.StreamHandler(devnull)
        sink.setFormatter(JsonFormatter())
        sink.addFilter(ContextFilter())
        sink.back_routine = True  # type: ignore[attr-defined]  # skill.logs.configure adds no other
        for handler in saved[2]:
            logger.removeHandler(handler)
        logger.addHandler(sink)
        logger.addHandler(Collect(logging.WARNING))
        logger.setLevel(level)
        logger.propagate = False
        try:
            yield seen
        finally:
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            for handler in saved[2]:
                logger.addHandler(handler)
            logger.setLevel(saved[0])
            logger.propagate = saved[1]
