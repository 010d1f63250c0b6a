"""A store that is down: the read is "unknown", not "new". The disclaimer is read at most
once a session, nothing kept is claimed, and DynamoDB gives up after two short attempts.

No timing is asserted (the project's rule): ``python -m skill.tools.outage`` reports what a
hanging store costs a turn. Here the configured timeouts and attempts are checked, and
the hanging store's own count of requests shows that each turn made just those.
"""

from __future__ import annotations

import copy
import html
import logging
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from support import TODAY, load_request, response_problems

from skill.engine import events as ev
from skill.engine.reply import SAVE_CLAIMS, Reply, Say, say, unclaimed
from skill.engine.state import Session
from skill.factory import build_skill, invoke
from skill.state import session_from_attributes, session_to_attributes
from skill.stores.keys import StoreError
from skill.stores.memory import MemoryStore

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]
DISCLAIMER = "not medical advice"


class DownStore(AbstractPersistenceAdapter):
    """Reads fail (``reads=False``) or succeed from memory; writes always fail."""

    def __init__(self, reads: bool = False) -> None:
        self.memory = MemoryStore()
        self.reads = reads
        self.writes = 0

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        if not self.reads:
            raise StoreError("cannot read DynamoDB table progress: read timeout")
        return self.memory.get_attributes(request_envelope)

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        self.writes += 1
        raise StoreError("cannot write DynamoDB table progress: read timeout")

    def delete_attributes(self, request_envelope: Any) -> None:
        raise StoreError("cannot write DynamoDB table progress: read timeout")


class Person:
    """One session through the Lambda entry, the session attributes carried along."""

    def __init__(self, store: AbstractPersistenceAdapter) -> None:
        self.skill = build_skill(store, today=lambda: TODAY)  # no Alexa Settings API call
        self.attributes: dict[str, Any] = {}
        self.new = True

    def say(self, intent: str | None, **slots: str) -> str:
        event = copy.deepcopy(load_request("launch.json" if intent is None else "next_in_session.json"))
        event["session"]["new"], event["session"]["attributes"] = self.new, self.attributes
        if intent is not None:
            event["request"]["intent"] = {"name": intent, "confirmationStatus": "NONE", "slots": {
                name: {"name": name, "value": value, "confirmationStatus": "NONE"} for name, value in slots.items()}}
        response = invoke(self.skill, event)
        assert response_problems(response) == []
        self.new, self.attributes = False, dict(response.get("sessionAttributes") or {})
        return html.unescape(response["response"].get("outputSpeech", {}).get("ssml", ""))


def test_a_store_that_cannot_be_read_hears_the_disclaimer_once_and_no_claim(caplog: Any) -> None:
    caplog.set_level(logging.WARNING)
    store = DownStore()
    person = Person(store)
    said = [person.say(None), person.say("PainRatingIntent", rating="3"), person.say("AMAZON.NextIntent"),
            person.say("NoEquipmentIntent", equipment="band"), person.say("AMAZON.StopIntent")]
    assert [DISCLAIMER in s for s in said] == [True, False, False, False, False]
    assert "Welcome" not in "".join(said[1:])  # not welcomed again either
    assert "can't reach your progress right now, so we'll start from the top" in said[0]
    assert "reach your progress" not in "".join(said[1:])
    assert "towel" in said[3] and "remember" not in said[3]  # the substitute, not "I'll remember that"
    assert "See you next time" in said[4] and "saved" not in said[4]
    assert store.writes == 0  # nothing written over a record that could not be read
    assert len([r for r in caplog.records if r.name.startswith("skill")]) == len(said)  # one warning a turn


def test_a_red_flag_with_the_store_down_does_not_say_the_place_was_saved() -> None:
    person = Person(DownStore())
    person.say(None)
    person.say("PainRatingIntent", rating="3")
    said = person.say("RedFlagIntent")
    assert "emergency" in said.lower() and "saved" not in said


def test_a_new_person_whose_profile_cannot_be_written_hears_the_disclaimer_once() -> None:
    store = DownStore(reads=True)  # reads work (a new person: nothing stored), writes fail
    person = Person(store)
    said = [person.say(None), person.say("PainRatingIntent", rating="3"), person.say("AMAZON.NextIntent")]
    assert [DISCLAIMER in s for s in said] == [True, False, False]
    assert store.writes == len(said)
    assert "reach your progress" not in said[0]  # the store was read: a new person, not an unknown one
    assert person.attributes["disclaimer"] is True


def test_the_session_remembers_the_disclaimer_and_the_profile_records_it() -> None:
    from engine_talk import Talk

    talk = Talk()
    talk(ev.Act.LAUNCH)
    assert talk.session.disclaimer and talk.profile.disclaimer_heard
    forgetful = Talk(session=talk.session)  # the store lost the profile mid-session
    forgetful(ev.Act.NEXT)
    assert "welcome_first" not in forgetful.ids
    assert forgetful.profile.disclaimer_heard  # written once the store works again
    assert session_from_attributes(session_to_attributes(talk.session)).disclaimer is True
    assert session_from_attributes({**session_to_attributes(Session()), "disclaimer": "yes"}).disclaimer is False
    assert "disclaimer" not in session_to_attributes(Session())  # older v2 sessions read the same


def test_a_reply_that_claims_a_save_has_words_for_when_it_was_not_saved() -> None:
    claimed = Reply((say("dizzy_stop"), say("place_saved")), end_session=True)
    assert [p.id for p in unclaimed(claimed).unsaved_speech or () if isinstance(p, Say)] == ["dizzy_stop"]
    own = Reply((say("goodbye_saved", name="x"),), unsaved_speech=(say("goodbye"),))
    assert unclaimed(own) == own
    plain = Reply((say("okay"),))
    assert unclaimed(plain) is plain
    assert {"place_saved", "remembered", "goodbye_saved", "paused"} <= SAVE_CLAIMS


# -- DynamoDB: short timeouts, two attempts ------------------------------------------------


@pytest.fixture
def dummy_aws(monkeypatch: pytest.MonkeyPatch) -> None:
    from skill.tools.outage import DUMMY_AWS

    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("BACK_ROUTINE_DYNAMODB_ENDPOINT", raising=False)
    for name, value in DUMMY_AWS.items():
        monkeypatch.setenv(name, value)


def test_the_dynamodb_client_gives_up_after_two_short_attempts(dummy_aws: None) -> None:
    pytest.importorskip("boto3")
    from skill.stores.dynamodb import CONNECT_TIMEOUT_S, MAX_ATTEMPTS, READ_TIMEOUT_S, DynamoDbStore

    store = DynamoDbStore("progress", endpoint_url="http://127.0.0.1:9", region_name="us-east-1")
    config = store.adapter().dynamodb.meta.client.meta.config  # type: ignore[attr-defined]
    assert (config.connect_timeout, config.read_timeout) == (CONNECT_TIMEOUT_S, READ_TIMEOUT_S) == (0.5, 0.5)
    assert config.retries == {"total_max_attempts": MAX_ATTEMPTS, "mode": "legacy"} and MAX_ATTEMPTS == 2
    # A hanging store costs a read at most 2 x 0.5 s plus legacy mode's 50 ms DynamoDB backoff.
    assert MAX_ATTEMPTS * max(CONNECT_TIMEOUT_S, READ_TIMEOUT_S) + 0.05 <= 1.5


def test_a_hanging_store_gets_two_requests_a_turn_and_the_person_a_whole_session(dummy_aws: None) -> None:
    """A socket that accepts and never answers: every turn is answered, the read is tried
    twice and nothing is written after it failed, the disclaimer is read once."""
    pytest.importorskip("boto3")
    from skill.tools.outage import TURNS, scenario

    outcome = scenario("hanging")
    turns = outcome.turns
    assert [t.said for t in turns] == list(TURNS)
    assert all(t.speech for t in turns)
    assert [t.disclaimer for t in turns] == [True, False, False, False, False]
    assert not any(t.claims for t in turns)
    assert [t.requests for t in turns] == [2] * len(turns)
    assert [t.ended for t in turns] == [False] * (len(turns) - 1) + [True]
    assert outcome.warnings == len(turns)


def test_the_outage_script_reports_each_turn(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "skill.tools.outage", "--only", "refusing"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    from skill.tools.outage import TURNS

    for said in TURNS:
        assert any(line.strip().startswith(said) for line in lines), done.stdout
    assert "disclaimer read 1 time(s)" in done.stdout and "slowest turn" in done.stdout
    assert "YES" not in done.stdout  # no answer claimed a save


def test_with_the_store_up_the_same_session_does_claim_what_it_kept() -> None:
    """The outage script's claim detector sees the claims when they are true."""
    from skill.tools.outage import play

    turns = play(MemoryStore())
    assert [t.claims for t in turns] == [False, False, False, True, True]  # "I'll remember that", "I've saved"
    assert [t.disclaimer for t in turns] == [True, False, False, False, False]
