"""Concurrent load on real gunicorn (2 workers, threads) over one SQLite file in WAL mode:
50 people at once, each holding whole conversations over HTTP, and no one's progress lost
or mixed up. Figures are printed (pytest -s), never asserted."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
import support
from support import free_port, stop, wait_until_up

from skill.sim import SKILL_ID
from skill.tools import loadtest

pytestmark = pytest.mark.integration

USERS = 50
ROUNDS = 2



def gunicorn_command(port: int) -> list[str]:
    import gunicorn.config

    command = [sys.executable, "-m", "gunicorn", "--workers", "2", "--threads", "4",
               "--bind", f"127.0.0.1:{port}", "--timeout", "30", "--graceful-timeout", "5",
               "--log-level", "info"]
    if any(s.name == "control_socket_disable" for s in gunicorn.config.KNOWN_SETTINGS):
        command.append("--no-control-socket")  # gunicorn >= 27 would open one in $HOME
    return [*command, "skill.web:create_app()"]


@pytest.fixture
def gunicorn_server(tmp_path: Path):
    port, store, log = free_port(), tmp_path / "progress.sqlite3", tmp_path / "gunicorn.log"
    env = os.environ | {"BACK_ROUTINE_STORE": str(store), "SKILL_ID": SKILL_ID, "BACK_ROUTINE_VERIFY": "0",
                        "BACK_ROUTINE_LOG_LEVEL": "WARNING"}
    url = f"http://127.0.0.1:{port}"
    with log.open("w") as log_file:
        process = subprocess.Popen(gunicorn_command(port), cwd=tmp_path, env=env,
                                   stdout=log_file, stderr=subprocess.STDOUT)
        try:
            wait_until_up(url + "/health", process, log.read_text)
            yield url, store, log
        finally:
            stop(process, wait_s=15)


def test_fifty_people_at_once_nothing_lost_or_mixed(gunicorn_server) -> None:
    url, store, log = gunicorn_server
    result = loadtest.run_load(url, users=USERS, rounds=ROUNDS, time_limit_s=90, store=store)
    print("\n" + result.report())

    assert result.errors == []
    assert result.store_checked and result.store_problems == []
    assert len(result.expected) == USERS and all(e.finished for e in result.expected.values())
    # the plan really did it all: routines finished to the end; stop, pause and walking away half-way
    endings = [ending for e in result.expected.values() for ending in e.endings]
    assert len(endings) == USERS * ROUNDS
    for kind in ("finished", "stop", "pause", "walk away"):
        assert endings.count(kind) >= USERS * ROUNDS // 10, kind
    assert sum(len(e.completions) for e in result.expected.values()) >= endings.count("finished")
    assert sum(e.saved is not None for e in result.expected.values()) >= USERS // 3
    assert result.requests == sum(e.requests for e in result.expected.values()) > USERS * ROUNDS * 8

    with sqlite3.connect(store) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        users = [row[0] for row in conn.execute("SELECT user_id FROM attributes")]
    assert sum(not u.endswith("#history") for u in users) == USERS  # a profile each
    assert 0 < sum(u.endswith("#history") for u in users) <= USERS  # and a history, once one was given
    server_log = log.read_text()
    assert server_log.count("Booting worker") >= 2
    for sign in ("Traceback", "locked", "failed", "WORKER TIMEOUT", "Internal Server Error"):
        assert sign not in server_log, server_log[-3000:]


def _store(path: Path, rows: dict[str, dict]) -> Path:
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE attributes (user_id TEXT PRIMARY KEY, body TEXT NOT NULL)")
        conn.executemany("INSERT INTO attributes VALUES (?, ?)", [(k, json.dumps(v)) for k, v in rows.items()])
    conn.close()
    return path


def test_the_store_check_catches_lost_and_mixed_progress(tmp_path: Path) -> None:
    prefix = loadtest.USER_PREFIX + "t-"
    place = {"routine": "back_routine", "exercise": "cat_cow"}
    want = {
        prefix + "a": loadtest.Expected(saved=place, pains=[("before", 1)], finished=True),
        prefix + "b": loadtest.Expected(completions=["floor_routine"], pains=[("before", 2), ("after", 1)],
                                        finished=True),
        prefix + "c": loadtest.Expected(saved=place, finished=True),
    }
    record_a = {"disclaimer_heard": True, "saved": place, "completions": [],
                "pains": [{"moment": "before", "rating": 1}]}
    store = _store(tmp_path / "s.sqlite3", {
        prefix + "a": record_a,
        prefix + "b": {"disclaimer_heard": True, "saved": None, "completions": [],  # a finish lost
                       "pains": [{"moment": "before", "rating": 1}]},  # someone else's rating
        prefix + "z": record_a,  # a row no one of this run wrote
        loadtest.USER_PREFIX + "other-run": record_a,  # another run's: not ours to judge
    })
    problems = loadtest.check_store(store, want, prefix)
    assert not any(p.startswith(prefix + "a:") for p in problems)
    assert any(p.startswith(prefix + "b: finished []") for p in problems)
    assert any(p.startswith(prefix + "b: pain ratings") for p in problems)
    assert prefix + "c: no stored record" in problems
    assert prefix + "z: a record no one of this run wrote" in problems
    assert not any("other-run" in p for p in problems)


@pytest.mark.parametrize("url", ["http://10.1.2.3:8080", "http://example.com", "https://127.0.0.1:8443",
                                 "http://localhost.example.org", "ftp://127.0.0.1"])
def test_the_load_script_refuses_anything_but_loopback(url: str, capsys) -> None:
    with pytest.raises(ValueError):
        loadtest.check_loopback(url)
    assert loadtest.main(["--url", url, "--users", "1", "--rounds", "1"]) == 2
    assert "loadtest:" in capsys.readouterr().err


def test_loopback_addresses_are_accepted() -> None:
    assert loadtest.check_loopback("http://127.0.0.1:8080") == ("127.0.0.1", 8080)
    assert loadtest.check_loopback("http://[::1]:9000") == ("::1", 9000)


def test_the_response_check_agrees_with_the_tests() -> None:
    ssml = {"type": "SSML", "ssml": "<speak>Hi</speak>"}
    cases = [
        {"version": "1.0", "response": {"outputSpeech": ssml, "shouldEndSession": True}},
        {"version": "1.0", "response": {"outputSpeech": ssml, "shouldEndSession": False}},
        {"version": "1.0", "response": {"outputSpeech": {"type": "PlainText", "text": "Sorry"}}},
        {"version": "1.0", "response": {"outputSpeech": {"type": "SSML", "ssml": "<speak>Hi"}}},
        {"version": "2.0", "response": {}},
        {"version": "1.0", "response": {}},
    ]
    for case in cases:
        assert loadtest.response_problems(case) == support.response_problems(case), case
    assert loadtest.response_problems([]) != []
