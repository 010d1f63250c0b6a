"""The voice console's JSON API (skill.console.routes): a real skill over an in-memory
store, through the same simulator as ``back-routine chat``; and what --console may and
may not do to the rest of the service."""

from __future__ import annotations

from typing import Any

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope

from skill.web import create_app
from skill.web.config import ConfigError, load_settings

LOCAL_SKILL = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"


@pytest.fixture
def app(monkeypatch):
    for var in ("SKILL_ID", "BACK_ROUTINE_VERIFY", "BACK_ROUTINE_STORE", "BACK_ROUTINE_HOST"):
        monkeypatch.delenv(var, raising=False)
    return create_app({"STORE": "memory:", "CONSOLE": True, "SKILL_ID": LOCAL_SKILL, "LOG_LEVEL": "WARNING"})


@pytest.fixture
def client(app):
    return app.test_client()


def open_console(client, **body: Any) -> str:
    answer = client.post("/console/api/session", json=body)
    assert answer.status_code == 200, answer.get_json()
    return str(answer.get_json()["session"])


def say(client, session: str, text: str) -> dict[str, Any]:
    answer = client.post("/console/api/say", json={"session": session, "text": text})
    assert answer.status_code == 200, answer.get_json()
    return dict(answer.get_json())


def test_the_page_and_its_files_are_served_locally(client) -> None:
    page = client.get("/console")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert '<script type="module" src="/console/static/console.js"' in html
    assert "http://" not in html and "https://" not in html  # nothing from a CDN
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    for name in ("console.js", "player.js", "screen.js", "console.css"):
        assert client.get(f"/console/static/{name}").status_code == 200


def test_a_session_says_what_it_will_use(client) -> None:
    answer = client.post("/console/api/session", json={}).get_json()
    assert answer["listen_ms"] == 8000
    assert answer["user"] == "amzn1.ask.account.local-user"
    assert answer["invocation"] == "my back routine"
    shorter = client.post("/console/api/session", json={"listen_ms": 500}).get_json()
    assert shorter["listen_ms"] == 500


def test_a_first_session_through_the_simulator(client) -> None:
    session = open_console(client)
    first = say(client, session, "start my back routine")
    assert first["session_open"] is True
    request = first["exchanges"][-1]["request"]
    assert request["request"]["type"] == "LaunchRequest"
    assert request["session"]["new"] is True
    assert request["context"]["System"]["device"]["supportedInterfaces"]["Alexa.Presentation.APL"]
    DefaultSerializer().deserialize(_json(request), RequestEnvelope)  # an Alexa envelope
    words = " ".join(s["text"] for s in first["speech"] if "text" in s)
    assert "education only, not medical advice" in words
    assert {"pause_ms": 1000} in first["speech"]
    assert first["reprompt"] and "text" in first["reprompt"][0]
    assert first["screen"] is None  # the disclaimer has no screen

    second = say(client, session, "about a three")
    assert second["understood"]["intent"] == "PainRatingIntent"
    screen = second["screen"]
    assert screen["token"] == "back-routine"
    assert screen["datasource"]["screen"]["where"] == "exercise 1 of 10"
    assert screen["datasource"]["screen"]["exercise"] == "Seated Cat Cow"
    assert [b["label"] for b in screen["buttons"]] == ["Back", "Repeat", "Next"]
    assert [b["arguments"] for b in screen["buttons"]] == [["back"], ["repeat"], ["next"]]
    # the session attributes the skill returned are the next request's
    assert second["exchanges"][-1]["request"]["session"]["attributes"] == \
        first["exchanges"][-1]["response"]["sessionAttributes"]


def test_a_touch_sends_the_buttons_user_event(client) -> None:
    session = open_console(client)
    say(client, session, "start my back routine")
    shown = say(client, session, "skip")["screen"]
    nxt = next(b for b in shown["buttons"] if b["label"] == "Next")
    answer = client.post("/console/api/event", json={
        "session": session, "arguments": nxt["arguments"], "token": shown["token"], "source": nxt["id"]})
    assert answer.status_code == 200, answer.get_json()
    turn = answer.get_json()
    request = turn["exchanges"][-1]["request"]["request"]
    assert request["type"] == "Alexa.Presentation.APL.UserEvent"
    assert request["arguments"] == ["next"]
    assert request["token"] == "back-routine"
    assert request["source"] == {"type": "TouchWrapper", "handler": "Press", "id": "next"}
    assert turn["screen"]["datasource"]["screen"]["where"] == "exercise 2 of 10"


def test_walking_away_ends_the_session_as_alexa_does(client) -> None:
    session = open_console(client)
    say(client, session, "start my back routine")
    answer = client.post("/console/api/end", json={"session": session})
    assert answer.status_code == 200
    turn = answer.get_json()
    assert turn["session_open"] is False
    request = turn["exchanges"][-1]["request"]["request"]
    assert request["type"] == "SessionEndedRequest" and request["reason"] == "EXCEEDED_MAX_REPROMPTS"
    again = client.post("/console/api/end", json={"session": session}).get_json()
    assert again["exchanges"] == [] and again["session_open"] is False
    closed = say(client, session, "next")
    assert closed["exchanges"] == [] and "session is closed" in closed["note"]
    touch = client.post("/console/api/event", json={"session": session, "arguments": ["next"]})
    assert touch.status_code == 409 and "no Alexa session is open" in touch.get_json()["error"]


def test_consoles_are_bounded_and_the_oldest_is_closed(monkeypatch) -> None:
    from skill.console.routes import console_blueprint

    sent: list[dict[str, Any]] = []

    def skill(event: dict[str, Any]) -> dict[str, Any]:
        sent.append(event)
        return {"version": "1.0", "response": {"outputSpeech": {"type": "PlainText", "text": "Hi."},
                                               "shouldEndSession": False}}

    from flask import Flask

    app = Flask(__name__)
    app.register_blueprint(console_blueprint(skill, limit=2))
    client = app.test_client()
    first = open_console(client)
    say(client, first, "open my back routine")
    open_console(client)
    open_console(client)  # makes room: the first is closed, as a walk away
    assert sent[-1]["request"]["type"] == "SessionEndedRequest"
    assert sent[-1]["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    gone = client.post("/console/api/say", json={"session": first, "text": "next"})
    assert gone.status_code == 404 and "start a new one" in gone.get_json()["error"]


@pytest.mark.parametrize(("path", "body", "reason"), [
    ("say", {"text": "hello"}, "session is required"),
    ("say", {"session": "bad id!", "text": "hello"}, "session is required"),
    ("say", {"session": "abc\n", "text": "hello"}, "session is required"),
    ("say", {"session": "S"}, "text is required"),
    ("say", {"session": "S", "text": 7}, "text is required"),
    ("say", {"session": "S", "text": "   "}, "text is empty"),
    ("say", {"session": "S", "text": "x" * 301}, "text is too long: 301 characters, at most 300"),
    ("event", {"session": "S"}, "arguments must be a list"),
    ("event", {"session": "S", "arguments": []}, "arguments must be a list"),
    ("event", {"session": "S", "arguments": [1]}, "arguments must be a list"),
    ("event", {"session": "S", "arguments": ["x" * 101]}, "arguments must be a list"),
    ("event", {"session": "S", "arguments": ["next"], "token": 3}, "token must be a string"),
    ("end", {"session": "S", "reason": "ERROR"}, "reason must be"),
    ("session", {"listen_ms": 50}, "listen_ms must be a whole number"),
    ("session", {"listen_ms": "500"}, "listen_ms must be a whole number"),
    ("session", {"user": "someone"}, "user must be an Alexa user id"),
    ("session", {"user": "amzn1.ask.account.me\n"}, "user must be an Alexa user id"),
])
def test_bad_input_is_a_400_with_a_reason(client, path: str, body: dict[str, Any], reason: str) -> None:
    session = open_console(client)
    body = {k: (session if v == "S" else v) for k, v in body.items()}
    answer = client.post(f"/console/api/{path}", json=body)
    assert answer.status_code == 400
    assert reason in answer.get_json()["error"]


def test_unknown_sessions_not_json_and_not_objects(client) -> None:
    unknown = client.post("/console/api/say", json={"session": "nope", "text": "hi"})
    assert unknown.status_code == 404
    form = client.post("/console/api/say", data="session=x&text=hi",
                       content_type="application/x-www-form-urlencoded")
    assert form.status_code == 415 and "JSON" in form.get_json()["error"]
    plain = client.post("/console/api/session", data="{}", content_type="text/plain")
    assert plain.status_code == 415  # a cross-site "simple" post never reaches the skill
    array = client.post("/console/api/session", json=[1, 2])
    assert array.status_code == 400 and "JSON object" in array.get_json()["error"]
    broken = client.post("/console/api/session", data="{", content_type="application/json")
    assert broken.status_code == 400
    huge = client.post("/console/api/session", json={"pad": "x" * 300_000})
    assert huge.status_code == 413


def test_only_this_machine(client) -> None:
    elsewhere = client.get("/console", environ_base={"REMOTE_ADDR": "192.168.1.20"})
    assert elsewhere.status_code == 403 and "only this machine" in elsewhere.get_json()["error"]
    rebound = client.post("/console/api/session", json={}, headers={"Host": "evil.example:8080"})
    assert rebound.status_code == 403
    for host in ("127.0.0.1:8080", "localhost:8080", "[::1]:8080"):
        assert client.post("/console/api/session", json={}, headers={"Host": host}).status_code == 200


def test_without_console_there_is_no_console(monkeypatch) -> None:
    monkeypatch.delenv("SKILL_ID", raising=False)
    app = create_app({"STORE": "memory:", "SKILL_ID": LOCAL_SKILL, "LOG_LEVEL": "WARNING"})
    client = app.test_client()
    assert client.get("/console").status_code == 404
    assert client.post("/console/api/session", json={}).status_code == 404


def test_console_listens_on_loopback_only() -> None:
    for host in ("0.0.0.0", "192.168.1.20", "example.com", "::"):
        with pytest.raises(ConfigError, match="--host must be a loopback address"):
            load_settings({"CONSOLE": True, "HOST": host, "VERIFY": False}, env={})
    for host in ("127.0.0.1", "::1", "localhost", "127.0.0.2"):
        assert load_settings({"CONSOLE": True, "HOST": host}, env={}).console


def test_console_needs_no_skill_id_and_keeps_verification_on() -> None:
    settings = load_settings({"CONSOLE": True}, env={})
    assert settings.console and settings.verify and not settings.skill_ids
    with pytest.raises(ConfigError, match="no skill ID configured"):
        load_settings({}, env={})  # without the console the rule is as it was


def test_serve_refuses_console_on_a_public_host(capsys, monkeypatch) -> None:
    from skill.cli import main

    monkeypatch.delenv("BACK_ROUTINE_HOST", raising=False)
    assert main(["serve", "--console", "--host", "0.0.0.0", "--store", "memory:"]) == 2
    assert "--host must be a loopback address" in capsys.readouterr().err


def _json(data: Any) -> str:
    import json

    return json.dumps(data)


def test_a_failing_skill_closes_the_session_and_says_so() -> None:
    from flask import Flask

    from skill.console.routes import console_blueprint

    sent: list[str] = []

    def broken(event: dict[str, Any]) -> dict[str, Any]:
        sent.append(event["request"]["type"])
        if event["request"]["type"] == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}
        raise RuntimeError("boom")

    app = Flask(__name__)
    app.register_blueprint(console_blueprint(broken))
    client = app.test_client()
    session = open_console(client)
    turn = say(client, session, "open my back routine")
    assert turn["session_open"] is False and "the skill failed" in turn["note"]
    assert sent == ["LaunchRequest", "SessionEndedRequest"]  # Alexa's ERROR ending, as the chat sends it


def test_the_console_speaks_as_the_user_asked_for(client) -> None:
    session = open_console(client, user="amzn1.ask.account.someone-else")
    turn = say(client, session, "start my back routine")
    request = turn["exchanges"][-1]["request"]
    assert request["session"]["user"]["userId"] == "amzn1.ask.account.someone-else"
