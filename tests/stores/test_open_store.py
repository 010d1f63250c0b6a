"""Which store a spec string opens (``--store``, ``$BACK_ROUTINE_STORE``)."""

from __future__ import annotations

import pytest

from skill.stores import check_store, open_store
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


def test_check_opens_a_sqlite_file_and_leaves_no_connection_open(tmp_path):
    store = open_store(str(tmp_path / "new" / "progress.db"))
    check_store(store)
    assert (tmp_path / "new" / "progress.db").is_file()
    assert getattr(store._local, "conn", None) is None  # nothing to carry across a fork


def test_check_refuses_a_folder_with_a_file_to_use_instead(tmp_path):
    with pytest.raises(StoreError, match="it is a folder; give a file in it, such as .*store.sqlite3"):
        check_store(open_store(str(tmp_path)))


def test_check_leaves_other_stores_alone():
    """No network call at start-up: a DynamoDB store is only built, never reached."""
    check_store(open_store("memory:"))
    check_store(open_store("dynamodb:no-such-table"))
