"""``--console`` turns request verification off for the console API only: Alexa's door
(``POST /``) keeps every check, and without a skill ID it answers no skill at all."""

from __future__ import annotations

from web_support import envelope


def test_alexas_door_still_verifies_with_the_console_on(make_client, fake_skill) -> None:
    client = make_client(CONSOLE=True)
    unsigned = client.post(signature="")
    assert unsigned.status_code == 400
    answered = client.post()
    assert answered.status_code == 200
    assert client.http.post("/console/api/session", json={}).status_code == 200


def test_console_without_a_skill_id_answers_no_skill(make_client, fake_skill) -> None:
    client = make_client(CONSOLE=True, SKILL_ID=None)
    refused = client.post(envelope())  # signed, in time: only the skill ID is missing
    assert refused.status_code == 400
    assert "no skill ID configured" in refused.get_json()["error"]
    assert fake_skill.events == []
