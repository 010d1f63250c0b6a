"""Persistence adapters (ask-sdk's ``AbstractPersistenceAdapter``) and how to choose one.

``open_store(spec)`` picks an adapter from a spec string without touching anything
until the first request uses it:

- ``memory:``                 an in-memory store (tests, throwaway sessions)
- ``dynamodb:TABLE``          Amazon DynamoDB (boto3 is imported on first use)
- ``sqlite:PATH``             a SQLite file (the prefix may be left out)
- anything else               a path to a SQLite file
- ``None``                    ``$BACK_ROUTINE_STORE``, else the SQLite file in the
                              user's data directory

The doors a person starts by hand (``back-routine chat``, the web app) then call
``check_store``, so that a SQLite path that cannot hold the store (a folder, a place where
the file cannot be made) is refused with its reason at start-up, not at the first request.
"""

from __future__ import annotations

import os
from pathlib import Path

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

STORE_ENV = "BACK_ROUTINE_STORE"


def default_store_path() -> Path:
    import platformdirs

    return Path(platformdirs.user_data_dir("my-back-routine", appauthor=False)) / "store.sqlite3"


def open_store(spec: str | os.PathLike[str] | None = None) -> AbstractPersistenceAdapter:
    if spec is None:
        spec = os.environ.get(STORE_ENV) or None
    if spec is None:
        from skill.stores.sqlite import SqliteStore

        return SqliteStore(default_store_path())
    text = os.fspath(spec)
    if text == "memory:":
        from skill.stores.memory import MemoryStore

        return MemoryStore()
    if text.startswith("dynamodb:"):
        from skill.stores.dynamodb import DynamoDbStore

        return DynamoDbStore(table_name=text.removeprefix("dynamodb:"))
    path = text.removeprefix("sqlite:")
    if not path:
        from skill.stores.keys import StoreError

        raise StoreError("the SQLite store needs a file path (sqlite:PATH)")
    from skill.stores.sqlite import SqliteStore

    return SqliteStore(Path(path).expanduser())


def check_store(store: AbstractPersistenceAdapter) -> None:
    """Raise ``StoreError`` now if ``store`` is a SQLite file that cannot be opened. Other
    stores are left untouched until a request uses them (DynamoDB: no network call, and
    no boto3 import, at start-up)."""
    from skill.stores.sqlite import SqliteStore

    if isinstance(store, SqliteStore):
        store.check()
