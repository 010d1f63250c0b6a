"""What the load test expects each person's stored record to hold, and the check of the
server's SQLite store against it (see :mod:`skill.tools.loadtest`)."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from skill.stores.keys import HISTORY_SUFFIX


@dataclass
class Expected:
    """What one person's conversations imply their stored record holds."""

    saved: dict[str, Any] | None = None  # the place to pick up at, as the shadow keeps it
    completions: list[str] = field(default_factory=list)  # routines finished, as the shadow keeps them
    pains: list[tuple[str, int]] = field(default_factory=list)  # (moment, rating), as the shadow keeps them
    endings: list[str] = field(default_factory=list)  # how each conversation ended
    requests: int = 0
    finished: bool = False  # every conversation ran to its end


def stored_records(path: str | Path, prefix: str) -> dict[str, Any]:
    """Every row of the SQLite store whose user id starts with ``prefix``, decoded: each
    person's profile, with the lists of their history record (``<user id>#history``)."""
    if not Path(path).is_file():
        raise FileNotFoundError(f"no store at {path}")
    conn = sqlite3.connect(f"file:{Path(path)}?mode=ro", uri=True, timeout=10)
    try:
        rows = conn.execute(
            "SELECT user_id, body FROM attributes WHERE substr(user_id, 1, ?) = ?", (len(prefix), prefix)
        ).fetchall()
    finally:
        conn.close()
    records = {user_id: json.loads(body) for user_id, body in rows}
    histories = {user_id.removesuffix(HISTORY_SUFFIX): records.pop(user_id)
                 for user_id in list(records) if user_id.endswith(HISTORY_SUFFIX)}
    return {user_id: {**histories.get(user_id, {}), **records.get(user_id, {})}
            for user_id in sorted(set(records) | set(histories))}


def check_store(path: str | Path, expected: dict[str, Expected], prefix: str) -> list[str]:
    """Each person's stored record against what their conversations imply."""
    try:
        records = stored_records(path, prefix)
    except (OSError, sqlite3.Error, ValueError) as exc:
        return [f"cannot read the store: {exc}"]
    problems = [f"{user}: a record no one of this run wrote" for user in sorted(set(records) - set(expected))]
    for user, want in sorted(expected.items()):
        if not want.finished:
            continue  # its conversation failed and is reported as an error already
        record = records.get(user)
        if record is None:
            problems.append(f"{user}: no stored record")
            continue
        saved = record.get("saved")
        if saved != want.saved:
            problems.append(f"{user}: saved place {saved}, expected {want.saved}")
        completions = [c.get("routine") for c in record.get("completions", []) if isinstance(c, dict)]
        if completions != want.completions:
            problems.append(f"{user}: finished {completions}, expected {want.completions}")
        pains = [(p.get("moment"), p.get("rating")) for p in record.get("pains", []) if isinstance(p, dict)]
        if pains != want.pains:
            problems.append(f"{user}: pain ratings {pains}, expected {want.pains}")
        if record.get("disclaimer_heard") is not True:
            problems.append(f"{user}: the disclaimer is not marked as heard")
    return problems
