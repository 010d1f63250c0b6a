"""The web service's privacy side: the policy and terms pages, and SkillDisabled events,
signed like any request but up to an hour old, deleting a person's data through the
real skill."""

from __future__ import annotations

import datetime as dt

import pytest
from web_support import NOW, envelope

from skill import legal
from skill.factory import build_skill
from skill.stores.memory import MemoryStore

USER = "amzn1.ask.account.TEST"


@pytest.mark.parametrize("name", ["privacy", "terms"])
def test_the_policy_and_terms_are_plain_pages(client, name):
    response = client.http.get(f"/{name}")  # no signature: these are for people
    assert response.status_code == 200
    assert response.mimetype == "text/html" and response.mimetype_params["charset"] == "utf-8"
    page = response.get_data(as_text=True)
    assert f"<title>{legal.title(name)}</title>" in page
    assert f"<h1>{legal.title(name)}</h1>" in page
    assert "<script" not in page
    assert client.http.head(f"/{name}").status_code == 200


def test_the_privacy_page_says_how_to_delete(client):
    page = client.http.get("/privacy").get_data(as_text=True)
    assert "<h2>How to delete your data</h2>" in page
    assert "Alexa, ask my back routine to delete my data" in page


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_the_pages_are_read_only(client, method):
    assert client.http.open("/privacy", method=method).status_code == 405


@pytest.fixture
def store() -> MemoryStore:
    return MemoryStore()


@pytest.fixture
def skill_client(make_client, store):
    """The verified app with the real skill and an in-memory store."""
    return make_client(SKILL=build_skill(store, today=lambda: NOW.date()))


def disabled(status: str = "NOT_PERSISTED", age: dt.timedelta = dt.timedelta(0)) -> dict:
    event = envelope("AlexaSkillEvent.SkillDisabled", timestamp=NOW - age)
    del event["session"]  # skill events come without one
    event["request"].pop("locale")
    event["request"]["eventCreationTime"] = event["request"]["timestamp"]
    event["request"]["eventPublishingTime"] = event["request"]["timestamp"]
    event["request"]["body"] = {"userInformationPersistenceStatus": status}
    return event


def used(client, store) -> None:
    response = client.post(envelope())
    assert response.status_code == 200
    assert store.peek(USER)["disclaimer_heard"] is True


def test_a_signed_skill_disabled_event_deletes_the_record(skill_client, store):
    used(skill_client, store)
    response = skill_client.post(disabled())
    assert response.status_code == 200, response.get_data(as_text=True)
    assert "outputSpeech" not in response.get_json()["response"]
    assert store.peek(USER) == {}


def test_persisted_keeps_the_record(skill_client, store):
    used(skill_client, store)
    assert skill_client.post(disabled("PERSISTED")).status_code == 200
    assert store.peek(USER)["disclaimer_heard"] is True


@pytest.mark.parametrize("signature", ["", "bm90IGEgc2lnbmF0dXJl"], ids=["unsigned", "badly-signed"])
def test_an_unsigned_skill_disabled_event_is_refused_and_deletes_nothing(skill_client, store, signature):
    used(skill_client, store)
    response = skill_client.post(disabled(), signature=signature)
    assert response.status_code == 400
    assert store.peek(USER)["disclaimer_heard"] is True


def test_a_skill_disabled_event_may_be_up_to_an_hour_old(skill_client, store):
    used(skill_client, store)
    late = skill_client.post(disabled(age=dt.timedelta(minutes=61)))
    assert late.status_code == 400 and "timestamp" in late.get_json()["error"]
    assert store.peek(USER)
    assert skill_client.post(disabled(age=dt.timedelta(minutes=59))).status_code == 200
    assert store.peek(USER) == {}


def test_the_hour_is_for_skill_events_only(skill_client):
    response = skill_client.post(envelope("LaunchRequest", timestamp=NOW - dt.timedelta(minutes=59)))
    assert response.status_code == 400 and "timestamp" in response.get_json()["error"]
    other = envelope("IntentRequest", timestamp=NOW - dt.timedelta(minutes=5))
    assert skill_client.post(other).status_code == 400
