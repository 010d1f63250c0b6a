"""Amazon's checks on a request sent to a skill hosted as a web service.

https://developer.amazon.com/docs/custom-skills/host-a-custom-skill-as-a-web-service.html

ask-sdk-webservice-support's own verifier cannot be imported on OpenSSL >= 3.0.10 (its
certvalidator -> oscrypto 1.3.0 dependency fails with "Error detecting the version of
libcrypto") and re-validates the chain on every request. This module follows the same rules
with the maintained ``cryptography`` package instead: its X.509 path validation against
certifi's roots, once per certificate URL, then a cache of the signing key until the chain
expires, so that a later request costs one RSA signature check.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import posixpath
import ssl
import threading
import urllib.request
import warnings
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import unquote, urlsplit

from ask_sdk_webservice_support import verifier_constants as amazon
from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.x509.verification import DNSName, PolicyBuilder, Store

from skill.text import dig

FETCH_TIMEOUT = 3.0  # seconds; Alexa gives up on the whole request after 8 s
MAX_CHAIN_BYTES = 64 * 1024
MAX_CACHED_URLS = 64
# The constant is built with os.path.sep; the URL path always uses "/".
CERT_PATH_PREFIX = amazon.CERT_CHAIN_URL_STARTPATH.replace("\\", "/")


class RequestRefused(Exception):
    """The request fails one of Amazon's checks; str(error) is the short reason."""


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def check_cert_url(url: str) -> None:
    """Refuse a SignatureCertChainUrl that does not point into s3.amazonaws.com/echo.api/."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise RequestRefused("certificate URL is malformed") from None
    if parts.scheme.lower() != amazon.CERT_CHAIN_URL_PROTOCOL:
        raise RequestRefused("certificate URL must use https")
    if parts.hostname != amazon.CERT_CHAIN_URL_HOSTNAME or parts.username or parts.password:
        raise RequestRefused(f"certificate URL host must be {amazon.CERT_CHAIN_URL_HOSTNAME}")
    if port is not None and port != amazon.CERT_CHAIN_URL_PORT:
        raise RequestRefused(f"certificate URL port must be {amazon.CERT_CHAIN_URL_PORT}")
    if not posixpath.normpath(unquote(parts.path)).startswith(CERT_PATH_PREFIX):
        raise RequestRefused(f"certificate URL path must start with {CERT_PATH_PREFIX}")


def fetch_chain(url: str, timeout: float = FETCH_TIMEOUT) -> bytes:
    """Download a PEM certificate chain, giving up after ``timeout`` seconds of silence."""
    context = ssl.create_default_context(cafile=_certifi_path())
    with urllib.request.urlopen(url, timeout=timeout, context=context) as response:
        data: bytes = response.read(MAX_CHAIN_BYTES + 1)
    if len(data) > MAX_CHAIN_BYTES:
        raise ValueError("certificate chain is too large")
    return data


def trust_store() -> Store:
    """certifi's root certificates, as a ``cryptography`` trust store."""
    with open(_certifi_path(), "rb") as bundle, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a few old roots have non-positive serial numbers
        return Store(x509.load_pem_x509_certificates(bundle.read()))


def validate_chain(
    pem: bytes, store: Store, at: dt.datetime
) -> tuple[rsa.RSAPublicKey, dt.datetime]:
    """Check that a PEM chain (signing certificate first) is valid at ``at``: it reaches a
    root in ``store``, every certificate is within its validity period, and the signing
    certificate's SAN names echo-api.amazon.com. Return the signing key and the moment the
    first certificate of the chain expires."""
    try:
        leaf, *intermediates = x509.load_pem_x509_certificates(pem)
    except ValueError:
        raise RequestRefused("certificate chain is not PEM") from None
    verifier = (
        PolicyBuilder()
        .store(store)
        .time(at)
        .build_server_verifier(DNSName(amazon.CERT_CHAIN_DOMAIN))
    )
    try:
        chain = verifier.verify(leaf, intermediates)
    except Exception as error:  # cryptography's VerificationError, or odd certificates
        raise RequestRefused(f"certificate chain refused: {error}") from None
    key = leaf.public_key()
    if not isinstance(key, rsa.RSAPublicKey):
        raise RequestRefused("signing certificate does not hold an RSA key")
    return key, min(cert.not_valid_after_utc for cert in chain)


class Verifier:
    """Checks signatures and timestamps; caches each validated chain's key until it expires.

    ``roots`` (default: certifi), ``fetch`` (url -> PEM bytes) and ``now`` can be replaced
    for tests. Thread-safe: the lock guards the cache only, so a slow download holds up
    no other request.
    """

    def __init__(
        self,
        roots: list[x509.Certificate] | None = None,
        fetch: Callable[[str], bytes] = fetch_chain,
        now: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self._store = trust_store() if roots is None else Store(roots)
        self._fetch = fetch
        self.now = now
        self._cache: dict[str, tuple[rsa.RSAPublicKey, dt.datetime]] = {}
        self._lock = threading.Lock()

    def signing_key(self, url: str) -> rsa.RSAPublicKey:
        now = self.now()
        with self._lock:
            cached = self._cache.get(url)
        if cached and now < cached[1]:
            return cached[0]
        try:
            pem = self._fetch(url)
        except Exception as error:  # timeouts, HTTP errors, DNS failures...
            raise RequestRefused(f"certificate chain could not be fetched: {error}") from None
        key, expires = validate_chain(pem, self._store, now)
        with self._lock:
            if len(self._cache) >= MAX_CACHED_URLS:
                self._cache.clear()
            self._cache[url] = (key, expires)
        return key

    def check_signature(self, url: str | None, signature: str | None, body: bytes) -> None:
        """``url`` and ``signature``: the SignatureCertChainUrl and Signature-256 headers."""
        if not url or not signature:
            raise RequestRefused(
                f"missing {amazon.SIGNATURE_CERT_CHAIN_URL_HEADER} or "
                f"{amazon.SIGNATURE_HEADER} header"
            )
        check_cert_url(url)
        try:
            raw = base64.b64decode(signature, validate=True)
        except (binascii.Error, ValueError):
            raise RequestRefused("signature is not base64") from None
        try:
            self.signing_key(url).verify(raw, body, padding.PKCS1v15(), hashes.SHA256())
        except InvalidSignature:
            raise RequestRefused("signature does not match the body") from None

    def check_timestamp(self, envelope: Mapping[str, Any]) -> None:
        request = envelope["request"]
        try:
            stamp = dt.datetime.fromisoformat(str(request["timestamp"]).replace("Z", "+00:00"))
            if stamp.tzinfo is None:
                stamp = stamp.replace(tzinfo=dt.timezone.utc)
            age = abs((self.now() - stamp).total_seconds())
        except (KeyError, ValueError, OverflowError):
            raise RequestRefused("request timestamp is missing or malformed") from None
        tolerance = (
            amazon.MAX_SKILL_EVENT_TOLERANCE_IN_MILLIS
            if str(request.get("type", "")).startswith("AlexaSkillEvent.")
            else amazon.MAX_NORMAL_REQUEST_TOLERANCE_IN_MILLIS
        )
        if age * 1000 > tolerance:
            raise RequestRefused("request timestamp is too far from now")


def check_skill_id(envelope: Mapping[str, Any], allowed: tuple[str, ...]) -> None:
    """Refuse an envelope unless each skill ID it carries is in ``allowed``."""
    ids = [
        dig(envelope, "context", "System", "application", "applicationId"),
        dig(envelope, "session", "application", "applicationId"),
    ]
    found = [i for i in ids if i is not None]
    if not found:
        raise RequestRefused("request carries no skill ID")
    if any(i not in allowed for i in found):
        raise RequestRefused("skill ID is not accepted here")


def _certifi_path() -> str:
    import certifi

    return certifi.where()
