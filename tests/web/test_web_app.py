"""The Flask app end to end (Flask's test client): what is answered, what is refused, and
that nothing gets a 500."""

from __future__ import annotations

import datetime as dt
import io
import json
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from web_support import CERT_URL, DAY, NOW, SKILL_ID, Fetcher, envelope

from skill.sorry import sorry_envelope
from skill.web import create_app
from skill.web.verify import Verifier


def assert_alexa_response(response) -> dict:
    assert response.status_code == 200, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    data = response.get_json()
    assert data["version"] == "1.0"
    assert isinstance(data["response"], dict)
    return data


def assert_refused(response, status: int = 400) -> str:
    assert response.status_code == status, response.get_data(as_text=True)
    reason = response.get_json()["error"]
    assert isinstance(reason, str) and 0 < len(reason) < 300
    return reason


def test_health_answers_ok(client) -> None:
    response = client.http.get("/health")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok"}


def test_signed_request_is_answered(client, fake_skill) -> None:
    data = assert_alexa_response(client.post(envelope()))
    assert data["response"]["outputSpeech"]["text"] == "Welcome to My Back Routine."
    assert fake_skill.events == [envelope()]


@pytest.mark.parametrize(
    "url",
    [
        "https://S3.AMAZONAWS.COM/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert-test.pem",
    ],
)
def test_equivalent_cert_urls_accepted(make_client, fetcher, pki, url) -> None:
    fetcher.chains[url] = pki.chain()
    assert_alexa_response(make_client().post(envelope(), url=url))


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem",
        "https://notamazon.com/echo.api/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/invalid/echo-api-cert-test.pem",
        "https://s3.amazonaws.com/echo.api/../echo-api-cert-test.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert-test.pem",
    ],
    ids=["http", "wrong-host", "path-case", "wrong-path", "dot-dot", "wrong-port"],
)
def test_bad_cert_url_refused(make_client, fetcher, pki, fake_skill, url) -> None:
    fetcher.chains[url] = pki.chain()  # even if the chain were good, the URL is not
    assert "certificate URL" in assert_refused(make_client().post(envelope(), url=url))
    assert fetcher.calls == [] and fake_skill.events == []


@pytest.mark.parametrize(
    "chain",
    [
        {"not_after": NOW - DAY, "not_before": NOW - 30 * DAY},
        {"not_before": NOW + DAY},
        {"san": "echo-api.evil.example"},
        {"trusted": False},
    ],
    ids=["expired", "not-yet-valid", "wrong-san", "untrusted-root"],
)
def test_bad_certificate_refused(make_client, fetcher, pki, fake_skill, chain) -> None:
    fetcher.chains[CERT_URL] = pki.chain(**chain)
    assert "certificate chain refused" in assert_refused(make_client().post(envelope()))
    assert fake_skill.events == []


def test_bad_signature_refused(client, pki, fake_skill) -> None:
    body = json.dumps(envelope()).encode()
    assert_refused(client.post(body=body, signature=pki.sign(body, pki.other_key)))
    assert_refused(client.post(body=body, signature="bm90IGEgc2lnbmF0dXJl"))
    assert_refused(client.post(body=body, signature="***"))
    assert fake_skill.events == []


def test_tampered_body_refused(client, pki, fake_skill) -> None:
    body = json.dumps(envelope()).encode()
    tampered = body.replace(b"LaunchRequest", b"SessionEndedRequest")
    reason = assert_refused(client.post(body=tampered, signature=pki.sign(body)))
    assert "signature" in reason and fake_skill.events == []


@pytest.mark.parametrize(
    "request_type, age, status",
    [
        ("LaunchRequest", dt.timedelta(seconds=140), 200),
        ("LaunchRequest", dt.timedelta(seconds=160), 400),
        ("LaunchRequest", dt.timedelta(seconds=-160), 400),
        ("AlexaSkillEvent.SkillEnabled", dt.timedelta(minutes=50), 200),
        ("AlexaSkillEvent.SkillEnabled", dt.timedelta(minutes=70), 400),
    ],
)
def test_a_request_past_150_seconds_or_a_skill_event_past_an_hour_is_refused(client, request_type, age, status) -> None:
    response = client.post(envelope(request_type, timestamp=NOW - age))
    if status == 200:
        assert_alexa_response(response)
    else:
        assert "timestamp" in assert_refused(response)


def test_wrong_skill_id_refused(client, fake_skill) -> None:
    reason = assert_refused(client.post(envelope(skill_id="amzn1.ask.skill.intruder")))
    assert "skill ID" in reason and fake_skill.events == []


def test_several_skill_ids_allowed(make_client) -> None:
    client = make_client(SKILL_ID=f"amzn1.ask.skill.other, {SKILL_ID}")
    assert_alexa_response(client.post(envelope()))


@pytest.mark.parametrize(
    "kwargs",
    [{"url": None}, {"signature": ""}, {"url": None, "signature": ""}],
    ids=["no-cert-url", "no-signature", "no-headers"],
)
def test_missing_headers_refused(client, fake_skill, kwargs) -> None:
    assert "missing" in assert_refused(client.post(envelope(), **kwargs))
    assert fake_skill.events == []


@pytest.mark.parametrize(
    "body, reason",
    [
        (b"", "not JSON"),
        (b"hello", "not JSON"),
        (b"\xff\xfe\x00garbage", "not JSON"),
        (b'{"version": "1.0"', "not JSON"),
        (b"[1, 2, 3]", "not an Alexa request envelope"),
        (b'"LaunchRequest"', "not an Alexa request envelope"),
        (b'{"version": "1.0"}', "not an Alexa request envelope"),
        (b'{"request": {"type": 7}}', "not an Alexa request envelope"),
        (b'{"request": "LaunchRequest"}', "not an Alexa request envelope"),
        (b"[" * 100_000 + b"]" * 100_000, "not JSON"),
    ],
    ids=lambda value: repr(value)[:40] if isinstance(value, bytes) else None,
)
def test_signed_garbage_refused(make_client, fake_skill, body, reason) -> None:
    client = make_client(MAX_BODY=1_000_000)
    assert reason in assert_refused(client.post(body=body))
    assert fake_skill.events == []


def test_too_large_refused_with_413(make_client, fake_skill) -> None:
    client = make_client(MAX_BODY=4096)
    event = envelope()
    event["padding"] = "x" * 5000
    assert_refused(client.post(event), 413)
    assert_refused(client.post(event, url=None, signature=""), 413)
    assert fake_skill.events == []
    event["padding"] = ""
    event["padding"] = "x" * (4096 - len(json.dumps(event)))
    assert_alexa_response(client.post(event))  # exactly at the limit


@pytest.mark.parametrize("size, status", [(4096, 200), (4097, 413), (100_000, 413)])
def test_a_chunked_body_is_held_to_the_size_limit(make_client, size, status) -> None:
    client = make_client(MAX_BODY=4096)
    event = envelope()
    event["padding"] = ""
    event["padding"] = "x" * (size - len(json.dumps(event)))
    body = json.dumps(event).encode()
    response = client.http.post(
        "/",
        input_stream=io.BytesIO(body),
        environ_overrides={"wsgi.input_terminated": True},
        headers={
            "Transfer-Encoding": "chunked",
            "SignatureCertChainUrl": CERT_URL,
            "Signature-256": client.pki.sign(body),
        },
    )
    if status == 200:
        assert_alexa_response(response)
    else:
        assert_refused(response, status)


def test_fetch_failure_refused_quickly(pki, clock, fake_skill, make_client) -> None:
    verifier = Verifier(
        roots=[pki.root], fetch=Fetcher({CERT_URL: TimeoutError("timed out")}), now=clock
    )
    reason = assert_refused(make_client(VERIFIER=verifier).post(envelope()))
    assert "could not be fetched" in reason and fake_skill.events == []


def test_cert_fetched_once_for_many_requests(client, fetcher) -> None:
    for _ in range(5):
        assert_alexa_response(client.post(envelope()))
    assert fetcher.calls == [CERT_URL]


def test_skill_failure_gets_a_spoken_apology(make_client, caplog) -> None:
    def broken(event):
        raise RuntimeError("boom")

    with caplog.at_level(logging.ERROR, logger="skill.web"):
        data = assert_alexa_response(make_client(SKILL=broken).post(envelope()))
    assert data == sorry_envelope() and "boom" in caplog.text


def test_unserialisable_skill_answer_gets_a_spoken_apology(make_client) -> None:
    data = assert_alexa_response(make_client(SKILL=lambda event: {"x": object()}).post(envelope()))
    assert data == sorry_envelope()


@pytest.mark.parametrize(
    "method, path, status",
    [("GET", "/", 405), ("PUT", "/", 405), ("GET", "/nowhere", 404), ("POST", "/health", 405)],
)
def test_other_routes_are_not_500(client, method, path, status) -> None:
    assert_refused(client.http.open(path, method=method), status)


def test_verification_off_answers_unsigned_requests_and_warns(make_client, caplog) -> None:
    with caplog.at_level(logging.WARNING, logger="skill.web"):
        client = make_client(VERIFY=False, SKILL_ID=None)
    assert "REQUEST VERIFICATION IS OFF" in caplog.text
    stale = envelope(timestamp=NOW - 365 * DAY, skill_id="amzn1.ask.skill.anything")
    assert_alexa_response(client.post(stale, url=None, signature=""))
    assert_refused(client.post(body=b"not json", url=None, signature=""))


def test_verification_off_still_checks_a_configured_skill_id(make_client) -> None:
    client = make_client(VERIFY="off")
    assert_alexa_response(client.post(envelope(), url=None, signature=""))
    other = envelope(skill_id="amzn1.ask.skill.intruder")
    assert "skill ID" in assert_refused(client.post(other, url=None, signature=""))


def test_real_skill_answers_a_launch_request(monkeypatch) -> None:
    pytest.importorskip("skill.factory")
    app = create_app({"VERIFY": False, "STORE": "memory:", "SKILL_ID": SKILL_ID})
    response = app.test_client().post("/", json=envelope())
    assert assert_alexa_response(response)["response"]["outputSpeech"]


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    body=st.one_of(
        st.binary(max_size=300),
        st.recursive(
            st.none() | st.booleans() | st.integers() | st.text(max_size=20),
            lambda inner: (
                st.lists(inner, max_size=4)
                | st.dictionaries(st.sampled_from(["request", "type", "timestamp", "x"]), inner)
            ),
            max_leaves=12,
        ).map(lambda value: json.dumps(value).encode()),
    ),
    url=st.one_of(
        st.none(),
        st.text(st.characters(exclude_categories=["Cc", "Cs"]), max_size=60),
        st.just(CERT_URL),
    ),
    signed=st.booleans(),
    verify=st.booleans(),
)
def test_no_request_gets_a_500(make_client, pki, body, url, signed, verify) -> None:
    client = make_client(VERIFY=verify)
    signature = pki.sign(body) if signed else "AAAA"
    response = client.post(body=body, url=url, signature=signature)
    assert response.status_code in (200, 400)
    assert response.get_json() is not None
