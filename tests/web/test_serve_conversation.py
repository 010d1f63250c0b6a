"""`back-routine serve` as a real process on a free port: a whole conversation over HTTP."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from support import free_port, response_problems, wait_until_up

from skill.sim import SKILL_ID, Simulator
from skill.stores.sqlite import SqliteStore

pytestmark = pytest.mark.integration

USER = "amzn1.ask.account.over-http"



def post(url: str, event: dict[str, Any]) -> dict[str, Any]:
    request = urllib.request.Request(url, data=json.dumps(event).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200
        return json.loads(answer.read())


@pytest.fixture
def server(tmp_path: Path):
    port, store = free_port(), tmp_path / "progress.sqlite3"
    command = [sys.executable, "-m", "skill.cli", "serve", "--port", str(port), "--store", str(store),
               "--skill-id", SKILL_ID, "--insecure-skip-verification"]
    process = subprocess.Popen(command, cwd=tmp_path, stderr=subprocess.PIPE, text=True,
                               env=os.environ | {"BACK_ROUTINE_LOG_LEVEL": "WARNING"})
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(url + "/health", process, lambda: process.stderr.read() if process.stderr else "")
        yield url, store
    finally:
        process.terminate()
        process.communicate(timeout=10)


def test_a_whole_conversation_over_http(server) -> None:
    url, store = server
    simulator = Simulator(invoke=lambda event: post(url + "/", event), user_id=USER)
    said = []
    for line in ["alexa, start my back routine", "skip", "next", "next", "repeat that",
                 "how do I do kid's pose", "next", "alexa, stop"]:
        turn = simulator.say(line)
        for exchange in turn.exchanges:
            assert response_problems(exchange.response) == []
        said.append(turn.speech)
    assert "not medical advice" in said[0]
    assert "Exercise 1 of 10: seated cat cow" in said[1] and "Ready for cat cow?" in said[1]
    assert "Exercise 3 of 10: band pull aparts" in said[3]
    assert said[4].startswith("From the top of band pull aparts.")
    assert "Here's child's pose" in said[5]
    assert "Exercise 4 of 10: hip hinge with towel pull" in said[6]
    assert "saved your place at hip hinge with towel pull" in said[7]  # said during that set

    again = simulator.say("alexa, open my back routine")
    assert "Pick up at hip hinge with towel pull" in again.speech and "medical advice" not in again.speech

    class Envelope:  # the store's key is the user id in the request's context
        context = type("C", (), {"system": type("S", (), {"user": type("U", (), {"user_id": USER})})})

    saved = SqliteStore(store).get_attributes(Envelope())
    assert saved["saved"] == {"routine": "back_routine", "exercise": "hip_hinge_towel_pull"}
