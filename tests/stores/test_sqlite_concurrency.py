"""The SQLite store shared by several worker processes, each with several threads, as under
gunicorn: every write lands, none waits out the busy timeout ("database is locked")."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from skill.stores.sqlite import SqliteStore

pytestmark = pytest.mark.integration

PROCESSES, THREADS, WRITES = 4, 8, 40

WORKER = textwrap.dedent("""
    import json, sys, threading
    from skill.stores.sqlite import SqliteStore

    path, worker, threads, writes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    store = SqliteStore(path)
    errors = []

    class Envelope:
        def __init__(self, user_id):
            user = type("U", (), {"user_id": user_id})
            self.context = type("C", (), {"system": type("S", (), {"user": user})})

    def person(index):
        envelope = Envelope(f"amzn1.ask.account.w{worker}-t{index}")
        for _ in range(writes):  # one turn: read the profile, write it back changed
            try:
                attributes = store.get_attributes(envelope)
                attributes["turns"] = attributes.get("turns", 0) + 1
                attributes["pad"] = "x" * 800
                store.save_attributes(envelope, attributes)
            except Exception as exc:
                errors.append(str(exc))

    people = [threading.Thread(target=person, args=(i,)) for i in range(threads)]
    for thread in people:
        thread.start()
    for thread in people:
        thread.join()
    print(json.dumps(errors))
""")


def _connection(store: SqliteStore) -> sqlite3.Connection:
    class Envelope:
        context = type("C", (), {"system": type("S", (), {"user": type("U", (), {"user_id": "someone"})})})

    store.get_attributes(Envelope())  # opens this thread's connection
    conn: sqlite3.Connection = store._local.conn
    return conn


def test_wal_mode_without_an_fsync_per_commit(tmp_path: Path) -> None:
    conn = _connection(SqliteStore(tmp_path / "store.sqlite3"))
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: safe in WAL mode


def test_many_writers_in_several_processes_lose_nothing(tmp_path: Path) -> None:
    path = tmp_path / "store.sqlite3"
    workers = [
        subprocess.Popen([sys.executable, "-c", WORKER, str(path), str(w), str(THREADS), str(WRITES)],
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for w in range(PROCESSES)
    ]
    errors: list[str] = []
    for worker in workers:
        out, err = worker.communicate(timeout=120)
        assert worker.returncode == 0, err
        errors.extend(json.loads(out))
    assert errors == []
    with sqlite3.connect(path) as conn:
        rows = dict(conn.execute("SELECT user_id, body FROM attributes").fetchall())
    conn.close()
    assert len(rows) == PROCESSES * THREADS
    assert all(json.loads(body)["turns"] == WRITES for body in rows.values())
