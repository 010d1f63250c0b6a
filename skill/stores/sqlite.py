"""The embedded default store: one SQLite file, one JSON row per user.

The file and its folder are created on first use, not when the store is built. WAL
mode and a busy timeout let several worker processes share the file.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from skill.stores.keys import StoreError, user_key

_SCHEMA = "CREATE TABLE IF NOT EXISTS attributes (user_id TEXT PRIMARY KEY, body TEXT NOT NULL)"


class SqliteStore(AbstractPersistenceAdapter):
    def __init__(self, path: str | Path, busy_timeout_s: float = 5.0) -> None:
        self.path = Path(path)
        self.busy_timeout_s = busy_timeout_s
        self._local = threading.local()

    def _connect(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is not None:
            return conn
        if self.path.is_dir():
            raise StoreError(f"cannot open the store at {self.path}: it is a folder; give a file in it, "
                             f"such as {self.path / 'store.sqlite3'}")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=self.busy_timeout_s, isolation_level=None)
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_s * 1000)}")
            try:
                mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()
            except sqlite3.DatabaseError:
                mode = None  # a read-only file still reads in its current mode
            if mode is not None and str(mode[0]).lower() == "wal":
                # Safe from corruption in WAL mode, and no fsync on every commit: with
                # several workers writing, that fsync queued writers for seconds, up to
                # the busy timeout ("database is locked"). A commit still survives a
                # crash of the process; only a power loss can undo the last few.
                conn.execute("PRAGMA synchronous = NORMAL")
            conn.execute(_SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise StoreError(f"cannot open the store at {self.path}: {exc}") from exc
        self._local.conn = conn
        return conn

    def check(self) -> None:
        """Open the file now (making it and its folder if need be) and close it again, so
        that a path that cannot hold the store is refused when a door starts rather than
        at the first request. No connection is left open (a web server may fork after)."""
        self._connect()
        self.close()

    def close(self) -> None:
        """Close this thread's connection (the next use opens a new one)."""
        self._drop_connection()

    def _drop_connection(self) -> None:
        conn = getattr(self._local, "conn", None)
        self._local.conn = None
        if conn is not None:
            conn.close()

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        key = user_key(request_envelope)
        try:
            row = self._connect().execute(
                "SELECT body FROM attributes WHERE user_id = ?", (key,)
            ).fetchone()
        except sqlite3.Error as exc:
            self._drop_connection()
            raise StoreError(f"cannot read the store at {self.path}: {exc}") from exc
        if row is None:
            return {}
        try:
            body = json.loads(row[0])
        except ValueError as exc:
            raise StoreError(f"a stored record in {self.path} is not JSON") from exc
        return body if isinstance(body, dict) else {}

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        key = user_key(request_envelope)
        body = json.dumps(attributes, separators=(",", ":"), sort_keys=True)
        try:
            self._connect().execute(
                "INSERT INTO attributes (user_id, body) VALUES (?, ?) "
                "ON CONFLICT(user_id) DO UPDATE SET body = excluded.body",
                (key, body),
            )
        except sqlite3.Error as exc:
            self._drop_connection()
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc

    def delete_attributes(self, request_envelope: Any) -> None:
        key = user_key(request_envelope)
        try:
            self._connect().execute("DELETE FROM attributes WHERE user_id = ?", (key,))
        except sqlite3.Error as exc:
            self._drop_connection()
            raise StoreError(f"cannot write the store at {self.path}: {exc}") from exc
