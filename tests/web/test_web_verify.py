"""Amazon's request checks, one by one, on a throwaway PKI and on Amazon's real 2019 chain."""

from __future__ import annotations

import datetime as dt
import socket
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from web_support import CERT_URL, DAY, NOW, SKILL_ID, Fetcher, envelope

from skill.web.verify import (
    RequestRefused,
    Verifier,
    check_cert_url,
    check_skill_id,
    fetch_chain,
    trust_store,
    validate_chain,
)

AMAZON_CHAIN = Path(__file__).resolve().parents[1] / "fixtures" / "echo-api-cert-7-chain.pem"


@pytest.mark.parametrize(
    "url",
    [
        "https://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "HTTPS://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://S3.AmazonAWS.COM/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:443/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api/../echo.api/echo-api-cert.pem",
    ],
)
def test_cert_url_accepted(url: str) -> None:
    check_cert_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "ftp://s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://notamazon.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com.evil.example/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com@evil.example/echo.api/echo-api-cert.pem",
        "https://user@s3.amazonaws.com/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com/EcHo.aPi/echo-api-cert.pem",
        "https://s3.amazonaws.com/invalid.path/echo-api-cert.pem",
        "https://s3.amazonaws.com/echo.api",
        "https://s3.amazonaws.com/echo.api/../x.pem",
        "https://s3.amazonaws.com/echo.api/%2e%2e/x.pem",
        "https://s3.amazonaws.com//echo.api/x.pem",
        "https://s3.amazonaws.com:563/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:80/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:nope/echo.api/echo-api-cert.pem",
        "https://s3.amazonaws.com:99999/echo.api/echo-api-cert.pem",
        "",
        "not a url",
    ],
)
def test_cert_url_refused(url: str) -> None:
    with pytest.raises(RequestRefused):
        check_cert_url(url)


# Amazon's real chain (leaf valid 2019-05-22 .. 2020-05-15) against certifi's roots.


def test_amazon_chain_valid_in_2019() -> None:
    at = dt.datetime(2019, 10, 1, tzinfo=dt.timezone.utc)
    key, expires = validate_chain(AMAZON_CHAIN.read_bytes(), trust_store(), at)
    assert key.key_size == 2048
    assert expires == dt.datetime(2020, 5, 15, 12, tzinfo=dt.timezone.utc)


def test_amazon_chain_refused_today_as_expired() -> None:
    with pytest.raises(RequestRefused, match="not valid at validation time"):
        validate_chain(AMAZON_CHAIN.read_bytes(), trust_store(), NOW)


def test_amazon_chain_refused_without_amazon_roots(pki) -> None:
    at = dt.datetime(2019, 10, 1, tzinfo=dt.timezone.utc)
    from cryptography.x509.verification import Store

    with pytest.raises(RequestRefused):
        validate_chain(AMAZON_CHAIN.read_bytes(), Store([pki.root]), at)


# The throwaway chain: each way a certificate can be wrong.


def test_test_chain_valid(pki) -> None:
    from cryptography.x509.verification import Store

    key, expires = validate_chain(pki.chain(), Store([pki.root]), NOW)
    assert key.public_numbers() == pki.leaf_key.public_key().public_numbers()
    assert expires == NOW + 300 * DAY


@pytest.mark.parametrize(
    "kwargs, reason",
    [
        ({"not_after": NOW - DAY, "not_before": NOW - 30 * DAY}, "not valid at validation time"),
        ({"not_before": NOW + DAY}, "not valid at validation time"),
        ({"san": "echo-api.evil.example"}, "leaf certificate has no matching subjectAltName"),
        ({"san": "www.amazon.com"}, "leaf certificate has no matching subjectAltName"),
        ({"trusted": False}, "candidates exhausted"),
    ],
    ids=["expired", "not-yet-valid", "wrong-san", "other-amazon-san", "untrusted-root"],
)
def test_test_chain_refused(pki, kwargs, reason) -> None:
    from cryptography.x509.verification import Store

    with pytest.raises(RequestRefused, match=reason):
        validate_chain(pki.chain(**kwargs), Store([pki.root]), NOW)


@pytest.mark.parametrize("pem", [b"", b"hello", b"-----BEGIN CERTIFICATE-----\nAAAA\n"])
def test_garbage_chain_refused(pki, pem) -> None:
    from cryptography.x509.verification import Store

    with pytest.raises(RequestRefused):
        validate_chain(pem, Store([pki.root]), NOW)


# Signatures.


def signed(pki, body: bytes, url: str = CERT_URL, key=None) -> tuple[str, str]:
    """(SignatureCertChainUrl, Signature-256) for ``body``."""
    return url, pki.sign(body, key)


def test_signature_accepted(pki, verifier) -> None:
    body = b'{"hello": "world"}'
    verifier.check_signature(*signed(pki, body), body)


@pytest.mark.parametrize(
    "change",
    [
        lambda u, s, b: (u, s, b + b" "),
        lambda u, s, b: (u, "not base64!", b),
        lambda u, s, b: (u, s[:-8] + "AAAAAAA=", b),
        lambda u, s, b: (u, None, b),
        lambda u, s, b: (None, s, b),
        lambda u, s, b: ("", "", b),
        lambda u, s, b: ("http://s3.amazonaws.com/echo.api/echo-api-cert-test.pem", s, b),
    ],
    ids=[
        "tampered-body",
        "not-base64",
        "bad-signature",
        "no-signature",
        "no-url",
        "empty-headers",
        "bad-url",
    ],
)
def test_signature_refused(pki, verifier, change) -> None:
    body = b'{"hello": "world"}'
    with pytest.raises(RequestRefused):
        verifier.check_signature(*change(*signed(pki, body), body))


def test_signature_by_another_key_refused(pki, verifier) -> None:
    body = b'{"hello": "world"}'
    with pytest.raises(RequestRefused, match="signature does not match"):
        verifier.check_signature(*signed(pki, body, key=pki.other_key), body)


# The certificate cache.


def test_second_request_does_not_fetch_again(pki, verifier, fetcher) -> None:
    body = b"{}"
    for _ in range(3):
        verifier.check_signature(*signed(pki, body), body)
    assert fetcher.calls == [CERT_URL]


def test_expired_cache_entry_is_refetched(pki, clock) -> None:
    fetcher = Fetcher({CERT_URL: pki.chain(not_after=NOW + DAY)})
    verifier = Verifier(roots=[pki.root], fetch=fetcher, now=clock)
    body = b"{}"
    verifier.check_signature(*signed(pki, body), body)
    clock.at = NOW + 2 * DAY  # the cached chain has expired; Amazon has published a new one
    fetcher.chains[CERT_URL] = pki.chain(not_before=NOW, not_after=NOW + 30 * DAY)
    verifier.check_signature(*signed(pki, body), body)
    assert fetcher.calls == [CERT_URL, CERT_URL]


def test_expired_cache_entry_not_renewed_is_refused(pki, clock) -> None:
    fetcher = Fetcher({CERT_URL: pki.chain(not_after=NOW + DAY)})
    verifier = Verifier(roots=[pki.root], fetch=fetcher, now=clock)
    body = b"{}"
    verifier.check_signature(*signed(pki, body), body)
    clock.at = NOW + 2 * DAY
    with pytest.raises(RequestRefused, match="not valid at validation time"):
        verifier.check_signature(*signed(pki, body), body)


def test_refused_chain_is_not_cached(pki, clock) -> None:
    fetcher = Fetcher({CERT_URL: pki.chain(san="wrong.example")})
    verifier = Verifier(roots=[pki.root], fetch=fetcher, now=clock)
    for _ in range(2):
        with pytest.raises(RequestRefused):
            verifier.check_signature(*signed(pki, b"{}"), b"{}")
    assert len(fetcher.calls) == 2


def test_cache_is_shared_between_threads(pki, verifier, fetcher) -> None:
    body = b"{}"
    verifier.check_signature(*signed(pki, body), body)
    with ThreadPoolExecutor(8) as pool:
        list(pool.map(lambda _: verifier.check_signature(*signed(pki, body), body), range(200)))
    assert fetcher.calls == [CERT_URL]


def test_fetch_failure_refused_quickly(pki, clock) -> None:
    fetcher = Fetcher({CERT_URL: TimeoutError("timed out")})
    verifier = Verifier(roots=[pki.root], fetch=fetcher, now=clock)
    with pytest.raises(RequestRefused, match="could not be fetched"):
        verifier.check_signature(*signed(pki, b"{}"), b"{}")


def test_fetch_chain_times_out_on_a_silent_server() -> None:
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(1)
    port = server.getsockname()[1]
    accepted: list[socket.socket] = []
    threading.Thread(target=lambda: accepted.append(server.accept()[0]), daemon=True).start()
    started = time.perf_counter()
    try:
        with pytest.raises(OSError):  # socket.timeout / TimeoutError / URLError
            fetch_chain(f"http://127.0.0.1:{port}/echo.api/cert.pem", timeout=0.3)
        assert time.perf_counter() - started < 2
    finally:
        for sock in accepted:
            sock.close()
        server.close()


# Timestamps and skill IDs.


@pytest.mark.parametrize(
    "request_type, age, ok",
    [
        ("IntentRequest", dt.timedelta(seconds=0), True),
        ("IntentRequest", dt.timedelta(seconds=149), True),
        ("IntentRequest", dt.timedelta(seconds=-149), True),
        ("IntentRequest", dt.timedelta(seconds=151), False),
        ("IntentRequest", dt.timedelta(seconds=-151), False),
        ("IntentRequest", dt.timedelta(minutes=30), False),
        ("AlexaSkillEvent.SkillEnabled", dt.timedelta(minutes=59), True),
        ("AlexaSkillEvent.SkillPermissionChanged", dt.timedelta(minutes=30), True),
        ("AlexaSkillEvent.SkillDisabled", dt.timedelta(minutes=61), False),
        ("AlexaSkillEvent.SkillEnabled", dt.timedelta(hours=5), False),
    ],
)
def test_a_request_is_good_for_150_s_either_way_and_a_skill_event_for_an_hour(verifier, request_type, age, ok) -> None:
    event = envelope(request_type, timestamp=NOW - age)
    if ok:
        verifier.check_timestamp(event)
    else:
        with pytest.raises(RequestRefused, match="timestamp"):
            verifier.check_timestamp(event)


@pytest.mark.parametrize(
    "stamp", [None, "yesterday", 12345, "2019-13-45T00:00:00Z", "0001-01-01T00:00:00+23:59"]
)
def test_bad_timestamp_refused(verifier, stamp) -> None:
    event = envelope()
    event["request"]["timestamp"] = stamp
    if stamp is None:
        del event["request"]["timestamp"]
    with pytest.raises(RequestRefused, match="timestamp"):
        verifier.check_timestamp(event)


def test_timestamp_with_fraction_and_offset_accepted(verifier) -> None:
    event = envelope()
    event["request"]["timestamp"] = (NOW + dt.timedelta(hours=2)).strftime(
        "%Y-%m-%dT%H:%M:%S.123+02:00"
    )
    verifier.check_timestamp(event)


def test_the_skill_id_is_accepted_from_the_context_or_the_session() -> None:
    check_skill_id(envelope(), (SKILL_ID,))
    check_skill_id(envelope(), ("amzn1.ask.skill.other", SKILL_ID))
    event = envelope()
    del event["session"]
    check_skill_id(event, (SKILL_ID,))
    event = envelope()
    del event["context"]
    check_skill_id(event, (SKILL_ID,))


def test_skill_id_refused() -> None:
    with pytest.raises(RequestRefused, match="skill ID"):
        check_skill_id(envelope(skill_id="amzn1.ask.skill.intruder"), (SKILL_ID,))
    event = envelope()
    event["session"]["application"] = {"applicationId": "amzn1.ask.skill.intruder"}
    with pytest.raises(RequestRefused, match="skill ID"):
        check_skill_id(event, (SKILL_ID,))
    event = envelope()
    del event["session"], event["context"]
    with pytest.raises(RequestRefused, match="no skill ID"):
        check_skill_id(event, (SKILL_ID,))
    event = envelope()
    event["context"] = "nonsense"
    event["session"] = ["nonsense"]
    with pytest.raises(RequestRefused, match="no skill ID"):
        check_skill_id(event, (SKILL_ID,))
