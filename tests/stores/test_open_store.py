"""Which store a spec string opens (``--store``, ``$BACK_ROUTINE_STORE``)."""

from __future__ import annotations

import pytest

from skill.stores import open_store
from skill.stores.keys import StoreError
from skill.stores.memory import MemoryStore
from skill.stores.sqlite import SqliteStore


def test_a_sqlite_prefix_names_the_file_not_a_folder_called_sqlite(tmp_path):
    """"sqlite:/path/progress.db" reads like the other specs ("memory:", "dynamodb:TABLE");
    it opens that file, rather than a folder named "sqlite:" under the working directory."""
    store = open_store(f"sqlite:{tmp_path / 'progress.db'}")
    assert isinstance(store, SqliteStore)
    assert store.path == tmp_path / "progress.db"


def test_a_plain_path_is_a_sqlite_file_and_memory_is_memory(tmp_path):
    plain = open_store(str(tmp_path / "progress.db"))
    assert isinstance(plain, SqliteStore) and plain.path == tmp_path / "progress.db"
    assert isinstance(open_store("memory:"), MemoryStore)


def test_a_sqlite_prefix_without_a_path_is_refused_with_the_form_to_use():
    """"sqlite:" alone would open the working directory as a database; like "dynamodb:"
    without a table, it is refused at start-up with the form to write."""
    with pytest.raises(StoreError, match=r"needs a file path \(sqlite:PATH\)"):
        open_store("sqlite:")
