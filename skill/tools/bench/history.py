"""State sized for the turn: what a long-time user's stored record weighs, and what a
turn costs them against a new user (issue 12, part 7).

A person finishes ``HISTORY_ROUTINES`` back routines, one a day, through the real skill
(the simulator, the handlers, a SQLite store in a temporary folder), rating their back
before and after each. Then that person and a new one play the same conversation mix as
the per-turn bench, alternately; each turn is timed whole, its store read and write
included (a store's cost is what a big record makes grow: DynamoDB bills a write unit
per kilobyte).
"""

from __future__ import annotations

import gc
import json
import statistics
import tempfile
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from skill.tools.bench.figures import (
    BENCH_SKILL_ID,
    HISTORY_RATIO,
    HISTORY_ROUTINES,
    RECORD_LIMIT,
    ROWS,
    Row,
    Section,
    production_logs,
    ratio,
    times,
)

FIRST_DAY = date(2026, 1, 5)  # a Monday


class DayClock:
    """"Today" for the skill: moved on by hand, a day per routine."""

    def __init__(self, day: date = FIRST_DAY) -> None:
        self.day = day

    def __call__(self) -> date:
        return self.day


def finish_routines(simulator: Any, clock: DayClock, count: int, rating: str = "three") -> None:
    """``count`` back routines, one a day, each from "start my back routine" to the
    goodbye: a rating before, "yes" to every exercise, a rating after."""
    for _ in range(count):
        turn = simulator.say("alexa, start my back routine")
        for _ in range(60):
            if not simulator.session_open:
                break
            asked = turn.speech.lower()
            turn = simulator.say(rating if "zero to ten" in asked else "yes")
        else:
            raise RuntimeError("a routine did not end after 60 turns")
        clock.day += timedelta(days=1)


def record_bytes(record: dict[str, Any]) -> int:
    """A record's size as the stores write it (compact JSON)."""
    return len(json.dumps(record, separators=(",", ":"), sort_keys=True).encode())


def bench_history(turns: int, nexts: int = 6) -> Section:
    from skill.factory import build_skill, invoke
    from skill.sim import Simulator
    from skill.stores.keys import history_envelope
    from skill.tools.bench.turns import counting_sqlite_store, play

    long_user, new_user = "amzn1.ask.account.bench-long", "amzn1.ask.account.bench-new"
    with tempfile.TemporaryDirectory(prefix="bench-history-") as folder, production_logs() as problems:
        store = counting_sqlite_store(Path(folder) / "bench.sqlite3")
        clock = DayClock()
        skill = build_skill(store, today=clock)
        finish_routines(Simulator(skill, user_id=long_user, skill_id=BENCH_SKILL_ID), clock, HISTORY_ROUTINES)
        profile = store.get_attributes(_envelope(long_user))
        history = store.get_attributes(history_envelope(_envelope(long_user)))
        size, history_size = record_bytes(profile), record_bytes(history)

        def timed(user: str, number: int) -> list[float]:
            return play(lambda event: invoke(skill, event), user, number, nexts, exercise).seconds

        exercise = next((e.id, e.spoken_name) for e in skill.content.exercises.values())  # type: ignore[attr-defined]
        for number in range(2):  # warm up
            timed(long_user, number)
            timed(new_user, number)
        long_s: list[float] = []
        new_s: list[float] = []
        gc.collect()
        number = 0
        while len(long_s) < turns:
            long_s += timed(long_user, number)
            new_s += timed(new_user, number)
            number += 1
    long_med, new_med = statistics.median(long_s), statistics.median(new_s)
    rows = [
        Row(ROWS[18], f"{size} B", "", "", f"<= {RECORD_LIMIT} B", size <= RECORD_LIMIT,
            note=f"read and written on every turn; the history record beside it, {history_size} B, "
                 "only when a routine is finished or a rating given"),
        Row(ROWS[19], *times(new_s), "1.00x new user"),
        Row(ROWS[20], *times(long_s), ratio(long_med, new_med, "new user"), f"<= {HISTORY_RATIO}x new user",
            long_med <= HISTORY_RATIO * new_med, note="each turn whole, the store's read and write included"),
    ]
    notes = [
        f"History: {HISTORY_ROUTINES} back routines finished through the simulator, one a day, rated before and "
        f"after; then {len(long_s)} turns of that person and {len(new_s)} of a new one, alternately, in the "
        f"per-turn mix (launch, check-in answer, next x{nexts}, repeat, how-to, help, stop), SQLite store.",
        f"History: skill warnings/errors during the run: {len(problems)}.",
    ]
    return Section(f"A person's history (after {HISTORY_ROUTINES} finished routines)", rows, notes)


def _envelope(key: str) -> Any:
    from types import SimpleNamespace

    return SimpleNamespace(context=SimpleNamespace(system=SimpleNamespace(user=SimpleNamespace(user_id=key))))
