"""Deleting a person's data through the whole skill: "delete my data", then yes, leaves
nothing stored, in memory and in SQLite; a store that cannot delete is owned up to; a
SkillDisabled event deletes only when Alexa says the user id never comes back."""

from __future__ import annotations

import copy
import html
import sqlite3

import pytest
from support import load_request, response_problems

from skill.factory import invoke
from skill.stores.keys import HISTORY_SUFFIX, StoreError
from skill.stores.memory import MemoryStore
from skill.stores.sqlite import SqliteStore

USER = "amzn1.ask.account.TESTUSER"
HISTORY = USER + HISTORY_SUFFIX  # the record of finished routines and ratings


def speech(response):
    return html.unescape(response["response"].get("outputSpeech", {}).get("ssml", ""))


def intent(name: str, attributes: dict | None = None, new: bool = False) -> dict:
    request = copy.deepcopy(load_request("next_in_session.json"))
    request["request"]["intent"] = {"name": name, "confirmationStatus": "NONE"}
    request["session"]["new"] = new
    request["session"]["attributes"] = attributes or {}
    return request


def said(skill, name: str, attributes: dict | None = None) -> dict:
    response = invoke(skill, intent(name, attributes))
    assert response_problems(response) == []
    return response


def disabled(status: str | None) -> dict:
    event = copy.deepcopy(load_request("skill_disabled_event.json"))
    if status is None:
        del event["request"]["body"]
    else:
        event["request"]["body"]["userInformationPersistenceStatus"] = status
    return event


class NoDelete(MemoryStore):
    def delete_attributes(self, request_envelope):
        raise StoreError("disk on fire")


def used(skill) -> None:
    """A person who has launched the skill and rated their pain: a record is stored."""
    launch = invoke(skill, load_request("launch.json"))
    rating = intent("PainRatingIntent", launch["sessionAttributes"])
    rating["request"]["intent"]["slots"] = {"rating": {"name": "rating", "value": "3", "confirmationStatus": "NONE"}}
    response = invoke(skill, rating)
    assert "3 it is" in speech(response)


def test_delete_my_data_asks_then_yes_deletes_the_record(make_skill, memory_store):
    skill = make_skill()
    used(skill)
    assert memory_store.peek(HISTORY)["pains"]
    asked = said(skill, "DeleteDataIntent")
    assert "Should I delete it all?" in speech(asked)
    assert "Say yes or no" in asked["response"]["reprompt"]["outputSpeech"]["ssml"]
    assert asked["response"]["shouldEndSession"] is False
    assert asked["sessionAttributes"]["question"] == "delete"
    assert memory_store.peek(HISTORY)["pains"] and memory_store.peek(USER)  # nothing gone yet
    done = said(skill, "AMAZON.YesIntent", asked["sessionAttributes"])
    assert "I've deleted everything I kept for you" in speech(done)
    assert done["response"]["shouldEndSession"] is True
    assert memory_store.peek(USER) == {} and memory_store.peek(HISTORY) == {}
    again = invoke(skill, load_request("launch.json"))
    assert "not medical advice" in speech(again)  # new again: the disclaimer is read


def test_no_deletes_nothing(make_skill, memory_store):
    skill = make_skill()
    used(skill)
    before = memory_store.peek(HISTORY)
    asked = said(skill, "DeleteDataIntent")
    kept = said(skill, "AMAZON.NoIntent", asked["sessionAttributes"])
    assert "I haven't deleted anything" in speech(kept)
    assert kept["response"]["shouldEndSession"] is False and kept["response"]["reprompt"]
    assert memory_store.peek(HISTORY)["pains"] == before["pains"]


def test_a_store_that_cannot_delete_says_so(make_skill):
    store = NoDelete()
    skill = make_skill(store)
    used(skill)
    asked = said(skill, "DeleteDataIntent")
    failed = said(skill, "AMAZON.YesIntent", asked["sessionAttributes"])
    assert "couldn't delete your data" in speech(failed)
    assert "I've deleted" not in speech(failed)
    assert store.peek(HISTORY)["pains"]


def test_deleting_by_voice_leaves_no_row_in_sqlite(make_skill, tmp_path):
    path = tmp_path / "store.sqlite3"
    store = SqliteStore(path)
    skill = make_skill(store)
    used(skill)
    other = copy.deepcopy(load_request("launch.json"))
    for where in (other["session"]["user"], other["context"]["System"]["user"]):
        where["userId"] = "amzn1.ask.account.SOMEONE_ELSE"
    invoke(skill, other)
    asked = said(skill, "DeleteDataIntent")
    said(skill, "AMAZON.YesIntent", asked["sessionAttributes"])
    store.close()
    with sqlite3.connect(path) as conn:
        users = [row[0] for row in conn.execute("SELECT user_id FROM attributes")]
    assert users == ["amzn1.ask.account.SOMEONE_ELSE"]


@pytest.mark.parametrize(("status", "kept"), [("NOT_PERSISTED", False), ("PERSISTED", True), (None, True),
                                              ("SOMETHING_NEW", True)])
def test_skill_disabled_deletes_only_when_not_persisted(make_skill, memory_store, status, kept):
    skill = make_skill()
    used(skill)
    response = invoke(skill, disabled(status))
    assert response_problems(response) == []
    assert "outputSpeech" not in response["response"]
    assert bool(memory_store.peek(USER)) is kept and bool(memory_store.peek(HISTORY)) is kept


def test_skill_disabled_for_someone_never_seen_stores_nothing(make_skill, memory_store):
    response = invoke(make_skill(), disabled("PERSISTED"))
    assert response_problems(response) == [] and memory_store.peek(USER) == {}


def test_skill_disabled_with_a_failing_store_still_answers(make_skill):
    store = NoDelete()
    response = invoke(make_skill(store), disabled("NOT_PERSISTED"))
    assert response_problems(response) == []
    assert "outputSpeech" not in response["response"]


def test_skill_disabled_through_the_lambda_handler(monkeypatch, tmp_path):
    from skill import lambda_function

    path = tmp_path / "lambda.sqlite3"
    monkeypatch.setenv("BACK_ROUTINE_STORE", str(path))
    lambda_function.reset()
    try:
        lambda_function.handler(load_request("launch.json"))
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT COUNT(*) FROM attributes").fetchone()[0] == 1
        response = lambda_function.handler(disabled("NOT_PERSISTED"))
        assert response_problems(response) == []
        with sqlite3.connect(path) as conn:
            assert conn.execute("SELECT COUNT(*) FROM attributes").fetchone()[0] == 0
    finally:
        lambda_function.reset()
