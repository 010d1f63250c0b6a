"""Faults: a locked or read-only store, and broken content at start-up."""

from __future__ import annotations

import copy
import html
import logging
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support import load_request, response_problems

from skill.factory import build_skill, invoke
from skill.resources import content_dir
from skill.stores.sqlite import SqliteStore

pytestmark = pytest.mark.integration

USER = "amzn1.ask.account.TESTUSER"
PROFILE = {"v": 1, "disclaimer_heard": True, "saved": {"routine": "back_routine", "exercise": "cat_cow"},
           "completions": []}


class Envelope:
    class context:  # noqa: N801 - shaped like ask-sdk's RequestEnvelope
        class system:  # noqa: N801
            class user:  # noqa: N801
                user_id = USER


def request(intent: str) -> dict:
    event = copy.deepcopy(load_request("next_in_session.json"))
    event["request"]["intent"]["name"] = intent
    return event


def speech(response: dict) -> str:
    return html.unescape(response["response"].get("outputSpeech", {}).get("ssml", ""))


def store_warnings(caplog) -> list[logging.LogRecord]:
    return [r for r in caplog.records if r.name.startswith("skill") and r.levelno >= logging.WARNING]


@pytest.fixture
def store_path(tmp_path: Path) -> Path:
    path = tmp_path / "progress.sqlite3"
    store = SqliteStore(path)
    store.save_attributes(Envelope(), PROFILE)
    store.close()
    return path


def test_a_locked_store_still_answers_claims_nothing_and_logs_once(store_path, caplog):
    locker = sqlite3.connect(store_path, isolation_level=None)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        caplog.set_level(logging.WARNING)
        response = invoke(build_skill(SqliteStore(store_path, busy_timeout_s=0.2)), request("AMAZON.StopIntent"))
    finally:
        locker.execute("ROLLBACK")
        locker.close()
    assert response_problems(response) == []
    assert "See you next time" in speech(response) and "saved" not in speech(response)
    assert len(store_warnings(caplog)) == 1
    assert SqliteStore(store_path).get_attributes(Envelope()) == PROFILE  # nothing overwritten


def make_read_only(path: Path) -> None:
    if os.geteuid() != 0:
        path.chmod(0o444)
        return
    if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("root cannot make a file read-only on this file system (chattr +i failed)")


def undo_read_only(path: Path) -> None:
    if os.geteuid() == 0:
        subprocess.run(["chattr", "-i", str(path)], capture_output=True)
    path.chmod(0o644)


def test_a_read_only_store_still_answers_claims_nothing_and_logs_once(store_path, caplog):
    with sqlite3.connect(store_path) as conn:
        conn.execute("PRAGMA journal_mode = DELETE")  # no -wal file the read-only file would need
    make_read_only(store_path)
    try:
        skill = build_skill(SqliteStore(store_path))
        caplog.set_level(logging.WARNING)
        moved = invoke(skill, request("AMAZON.NextIntent"))
        assert response_problems(moved) == []
        assert "Exercise 3 of 10: band pull aparts." in speech(moved)  # the turn still happens
        assert len(store_warnings(caplog)) == 1
        caplog.clear()
        stopped = invoke(skill, request("AMAZON.StopIntent"))
        assert "See you next time" in speech(stopped) and "saved" not in speech(stopped)
        assert len(store_warnings(caplog)) == 1
    finally:
        undo_read_only(store_path)
    assert SqliteStore(store_path).get_attributes(Envelope()) == PROFILE


@pytest.fixture
def broken_content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    shutil.copytree(content_dir(), folder)
    routines = folder / "routines.yaml"
    routines.write_text(routines.read_text().replace("- bird_dog", "- bird_dgo", 1))
    return folder


@pytest.mark.parametrize("command", [
    ["chat", "--store", "memory:"],
    ["serve", "--store", "memory:", "--skill-id", "amzn1.ask.skill.x", "--port", "59999"],
    ["validate"],
])
def test_broken_content_stops_start_up_with_a_clear_message(broken_content, tmp_path, command):
    run = subprocess.run([sys.executable, "-m", "skill.cli", *command], input="alexa, open my back routine\n",
                         capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         env=os.environ | {"BACK_ROUTINE_CONTENT": str(broken_content)})
    assert run.returncode == 2, run.stderr
    assert "routines.yaml" in run.stderr and "field 'exercises'" in run.stderr and "bird_dgo" in run.stderr
    assert "Traceback" not in run.stderr


def test_broken_content_fails_the_lambda_cold_start_loudly(broken_content, tmp_path):
    code = ("import json, sys, skill.lambda_function as f; "
            "f.handler(json.load(open(sys.argv[1])), None)")
    run = subprocess.run([sys.executable, "-c", code, str(Path(__file__).parents[1] / "requests" / "launch.json")],
                         capture_output=True, text=True, cwd=tmp_path, timeout=60,
                         env=os.environ | {"BACK_ROUTINE_CONTENT": str(broken_content),
                                           "BACK_ROUTINE_STORE": "memory:"})
    assert run.returncode != 0
    assert "routines.yaml" in run.stderr and "bird_dgo" in run.stderr
