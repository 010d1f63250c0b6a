"""Helpers for the web tests: a throwaway PKI (root CA -> intermediate -> signing
certificate), a fake certificate fetcher, a settable clock, Alexa envelopes, and a client
that signs what it posts."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

SKILL_ID = "amzn1.ask.skill.11111111-2222-3333-4444-555555555555"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-test.pem"
NOW = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
DAY = dt.timedelta(days=1)


def _name(common_name: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _ski(key: rsa.RSAPrivateKey) -> x509.SubjectKeyIdentifier:
    return x509.SubjectKeyIdentifier.from_public_key(key.public_key())


def _aki(key: rsa.RSAPrivateKey) -> x509.AuthorityKeyIdentifier:
    return x509.AuthorityKeyIdentifier.from_issuer_public_key(key.public_key())


def make_ca(name: str, key: rsa.RSAPrivateKey, issuer: tuple[x509.Certificate, Any] | None = None):
    issuer_name, issuer_key = (issuer[0].subject, issuer[1]) if issuer else (_name(name), key)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(name))
        .issuer_name(issuer_name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(NOW - 3650 * DAY)
        .not_valid_after(NOW + 3650 * DAY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(_ski(key), critical=False)
        .add_extension(_aki(issuer_key), critical=False)
        .sign(issuer_key, hashes.SHA256())
    )


class Pki:
    """root -> intermediate -> signing certificate, as Amazon serves it (leaf first)."""

    def __init__(self) -> None:
        self.root_key, self.inter_key, self.leaf_key, self.other_key = (_key() for _ in range(4))
        self.root = make_ca("Test Root CA", self.root_key)
        self.inter = make_ca("Test Intermediate CA", self.inter_key, (self.root, self.root_key))
        self.other_root = make_ca("Untrusted Root CA", self.other_key)

    def chain(
        self,
        san: str = "echo-api.amazon.com",
        not_before: dt.datetime = NOW - 30 * DAY,
        not_after: dt.datetime = NOW + 300 * DAY,
        trusted: bool = True,
    ) -> bytes:
        issuer, issuer_key = (
            (self.inter, self.inter_key) if trusted else (self.other_root, self.other_key)
        )
        leaf = (
            x509.CertificateBuilder()
            .subject_name(_name(san))
            .issuer_name(issuer.subject)
            .public_key(self.leaf_key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(not_before)
            .not_valid_after(not_after)
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(san)]), critical=False)
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(
                x509.KeyUsage(
                    digital_signature=True,
                    content_commitment=False,
                    key_encipherment=True,
                    data_encipherment=False,
                    key_agreement=False,
                    key_cert_sign=False,
                    crl_sign=False,
                    encipher_only=False,
                    decipher_only=False,
                ),
                critical=True,
            )
            .add_extension(
                x509.ExtendedKeyUsage(
                    [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
                ),
                critical=False,
            )
            .add_extension(_aki(issuer_key), critical=False)
            .sign(issuer_key, hashes.SHA256())
        )
        certs = [leaf, issuer] if trusted else [leaf]
        return b"".join(c.public_bytes(serialization.Encoding.PEM) for c in certs)

    def sign(self, body: bytes, key: rsa.RSAPrivateKey | None = None) -> str:
        signature = (key or self.leaf_key).sign(body, padding.PKCS1v15(), hashes.SHA256())
        return base64.b64encode(signature).decode()


class Fetcher:
    """Serves chains from a dict, counting calls; a stored exception is raised instead."""

    def __init__(self, chains: dict[str, bytes | Exception]) -> None:
        self.chains = chains
        self.calls: list[str] = []

    def __call__(self, url: str) -> bytes:
        self.calls.append(url)
        found = self.chains.get(url, OSError(f"404 for {url}"))
        if isinstance(found, Exception):
            raise found
        return found


class Clock:
    def __init__(self) -> None:
        self.at = NOW

    def __call__(self) -> dt.datetime:
        return self.at


def envelope(
    request_type: str = "LaunchRequest",
    timestamp: dt.datetime | None = None,
    skill_id: str = SKILL_ID,
) -> dict[str, Any]:
    stamp = (timestamp or NOW).strftime("%Y-%m-%dT%H:%M:%SZ")
    application = {"applicationId": skill_id}
    return {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": "amzn1.echo-api.session.test",
            "application": application,
            "user": {"userId": "amzn1.ask.account.TEST"},
        },
        "context": {
            "System": {
                "application": application,
                "user": {"userId": "amzn1.ask.account.TEST"},
                "device": {"deviceId": "amzn1.ask.device.TEST", "supportedInterfaces": {}},
            }
        },
        "request": {
            "type": request_type,
            "requestId": "amzn1.echo-api.request.test",
            "timestamp": stamp,
            "locale": "en-US",
        },
    }


class FakeSkill:
    def __init__(self) -> None:
        self.events: list[dict[str, Any]] = []

    def __call__(self, event: dict[str, Any]) -> dict[str, Any]:
        self.events.append(event)
        return {
            "version": "1.0",
            "response": {
                "outputSpeech": {"type": "PlainText", "text": "Welcome to My Back Routine."},
                "shouldEndSession": False,
            },
        }


class Client:
    """Posts envelopes to the app, signed with the test signing key unless told otherwise."""

    def __init__(self, flask_client: Any, pki: Pki) -> None:
        self.http = flask_client
        self.pki = pki

    def post(
        self,
        event: Any = None,
        body: bytes | None = None,
        url: str | None = CERT_URL,
        signature: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if body is None:
            body = json.dumps(envelope() if event is None else event).encode()
        headers = {}
        if url is not None:
            headers["SignatureCertChainUrl"] = url
        headers["Signature-256"] = self.pki.sign(body) if signature is None else signature
        if signature == "":
            del headers["Signature-256"]
        return self.http.post("/", data=body, headers=headers, **kwargs)
