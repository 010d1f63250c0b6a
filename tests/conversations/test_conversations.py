"""Conversations as data: each YAML file here is one conversation.

A file has a ``user`` (optional), ``things_said_at_most`` (optional: the most lines a
person says in any one session), and ``turns``, each one of:

- ``say: <what the person says>`` with any of
  ``hear: [...]`` (each must be heard), ``not_hear: [...]`` (none may be heard),
  ``same_as_before: true`` (exactly what was said last), ``session: open|closed``
  (after this turn), ``stored: {dotted.path: value}`` (the user's persistent attributes:
  the profile, and the history record's ``completions`` and ``pains``);
- ``walk_away: true``: nobody answers, and Alexa closes the session (a SessionEndedRequest,
  EXCEEDED_MAX_REPROMPTS), with ``stored`` as above;
- ``next_day: N``: N days pass (for streaks and trends).

Matching ignores case. Turns run through the same simulator as ``back-routine chat``,
against the real skill with an in-memory store. As on an Echo, a line said with the wake
word in an open session ("alexa, next") barges in while Alexa is still talking; any
other line is said once the answer before it has been heard.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from support import response_problems

from skill.factory import build_skill
from skill.sim import Simulator
from skill.stores.keys import HISTORY_SUFFIX
from skill.stores.memory import MemoryStore

HERE = Path(__file__).resolve().parent
FILES = sorted(HERE.glob("*.yaml"))
START = date(2026, 11, 23)  # a Monday


class Clock:
    def __init__(self) -> None:
        self.today = START

    def __call__(self) -> date:
        return self.today



def stored(store: MemoryStore, user: str) -> dict:
    """The user's two records as one: the history's lists and the profile's values."""
    return {**store.peek(user + HISTORY_SUFFIX), **store.peek(user)}

def dig(data: Any, path: str) -> Any:
    for key in path.split("."):
        data = data[int(key)] if isinstance(data, list) else data.get(key) if isinstance(data, dict) else None
    return data


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_the_conversation_goes_as_its_yaml_file_says(path: Path) -> None:
    spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    store, clock = MemoryStore(), Clock()
    user = spec.get("user", f"amzn1.ask.account.{path.stem}")
    simulator = Simulator(build_skill(store, today=clock), user_id=user)
    previous = ""
    said_in_session, most_said = 0, 0
    for number, turn in enumerate(spec["turns"], start=1):
        where = f"{path.name} turn {number}"
        if "next_day" in turn:
            clock.today += timedelta(days=int(turn["next_day"]))
            continue
        if turn.get("walk_away"):
            simulator.end()
            assert not simulator.session_open, where
            for key, value in (turn.get("stored") or {}).items():
                found = dig(stored(store, user), key)
                assert found == value, f"{where}: stored {key} is {found!r}"
            said_in_session = 0
            continue
        line = turn["say"]
        assert isinstance(line, str), f"{where}: quote the line {line!r} (YAML reads yes/no as booleans)"
        opened = not simulator.session_open
        said = simulator.say(line)
        assert said.sent, f"{where}: '{turn['say']}' was not sent: {said.note}"
        said_in_session = 1 if opened or len(said.exchanges) > 1 else said_in_session + 1
        most_said = max(most_said, said_in_session)
        for exchange in said.exchanges:
            assert response_problems(exchange.response) == [], where
        heard = said.speech
        for phrase in turn.get("hear", []):
            assert phrase.lower() in heard.lower(), f"{where}: expected to hear {phrase!r} in {heard!r}"
        for phrase in turn.get("not_hear", []):
            assert phrase.lower() not in heard.lower(), f"{where}: did not expect {phrase!r} in {heard!r}"
        if turn.get("same_as_before"):
            assert heard == previous, f"{where}: {heard!r} is not a repeat of {previous!r}"
        elif heard:
            assert heard != previous, f"{where}: said the same thing twice in a row: {heard!r}"
        if "session" in turn:
            assert simulator.session_open == (turn["session"] == "open"), f"{where}: session {turn['session']}"
        for key, value in (turn.get("stored") or {}).items():
            found = dig(stored(store, user), key)
            assert found == value, f"{where}: stored {key} is {found!r}"
        previous = heard
    if "things_said_at_most" in spec:
        assert most_said <= spec["things_said_at_most"], f"{path.name}: {most_said} things said in one session"
