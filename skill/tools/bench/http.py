"""HTTP: signed requests through the Flask app, with a throwaway CA, against the same app
with verification off and a bare Flask echo."""

from __future__ import annotations

import base64
import datetime as dt
import gc
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from skill.tools.bench.figures import (
    BENCH_SKILL_ID,
    CERT_URL,
    FIXED,
    ROWS,
    THROUGHPUT_RATIO,
    VERIFY_ADDS_MS,
    Row,
    Section,
    ms,
    production_logs,
    ratio,
    times,
)

# --------------------------------------------------------------------------------------
# 2. HTTP: a throwaway PKI, signed requests, the Flask app


class Pki:
    """root CA -> intermediate -> signing certificate for echo-api.amazon.com (2048-bit RSA)."""

    def __init__(self) -> None:
        from cryptography import x509
        from cryptography.hazmat.primitives import hashes, serialization
        from cryptography.hazmat.primitives.asymmetric import rsa
        from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

        now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
        day = dt.timedelta(days=1)

        def key() -> Any:
            return rsa.generate_private_key(public_exponent=65537, key_size=2048)

        def name(text: str) -> Any:
            return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, text)])

        def usage(sign_certs: bool) -> Any:
            return x509.KeyUsage(
                digital_signature=not sign_certs, content_commitment=False,
                key_encipherment=not sign_certs, data_encipherment=False, key_agreement=False,
                key_cert_sign=sign_certs, crl_sign=sign_certs, encipher_only=False,
                decipher_only=False,
            )

        def certificate(subject: str, subject_key: Any, issuer: Any, issuer_key: Any,
                        ca: bool) -> Any:
            builder = (
                x509.CertificateBuilder()
                .subject_name(name(subject))
                .issuer_name(issuer)
                .public_key(subject_key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - 30 * day)
                .not_valid_after(now + 300 * day)
                .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
                .add_extension(usage(ca), critical=True)
                .add_extension(
                    x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()),
                    critical=False,
                )
            )
            if ca:
                builder = builder.add_extension(
                    x509.SubjectKeyIdentifier.from_public_key(subject_key.public_key()),
                    critical=False,
                )
            else:
                builder = builder.add_extension(
                    x509.SubjectAlternativeName([x509.DNSName(subject)]), critical=False
                ).add_extension(
                    x509.ExtendedKeyUsage(
                        [ExtendedKeyUsageOID.SERVER_AUTH, ExtendedKeyUsageOID.CLIENT_AUTH]
                    ),
                    critical=False,
                )
            return builder.sign(issuer_key, hashes.SHA256())

        root_key, inter_key, self.leaf_key = key(), key(), key()
        self.root = certificate("Bench Root CA", root_key, name("Bench Root CA"), root_key, True)
        inter = certificate("Bench Intermediate CA", inter_key, self.root.subject, root_key, True)
        leaf = certificate("echo-api.amazon.com", self.leaf_key, inter.subject, inter_key, False)
        self.chain = b"".join(c.public_bytes(serialization.Encoding.PEM) for c in (leaf, inter))
        self._hashes = hashes

    def sign(self, body: bytes) -> str:
        from cryptography.hazmat.primitives.asymmetric import padding

        signature = self.leaf_key.sign(body, padding.PKCS1v15(), self._hashes.SHA256())
        return base64.b64encode(signature).decode()

    def verifier(self) -> Any:
        from skill.web.verify import Verifier

        return Verifier(roots=[self.root], fetch=lambda url: self.chain)


class SignedPool:
    """A few distinct signed launch requests, signed again when their timestamps age."""

    def __init__(self, pki: Pki, size: int = 16, max_age_s: float = 60.0) -> None:
        self.pki, self.size, self.max_age_s = pki, size, max_age_s
        self.items: list[tuple[bytes, dict[str, str], dict[str, Any]]] = []
        self.made = 0.0
        self.renew()

    def renew(self) -> None:
        from skill.sim.envelope import Session, envelope, launch_request

        self.items = []
        for n in range(self.size):
            event = envelope(launch_request("en-US"), user_id=f"amzn1.ask.account.http-{n}",
                             session=Session(), skill_id=BENCH_SKILL_ID)
            body = json.dumps(event).encode()
            headers = {"SignatureCertChainUrl": CERT_URL, "Signature-256": self.pki.sign(body),
                       "Content-Type": "application/json"}
            self.items.append((body, headers, event))
        self.made = time.monotonic()

    def get(self, n: int) -> tuple[bytes, dict[str, str], dict[str, Any]]:
        if time.monotonic() - self.made > self.max_age_s:
            self.renew()
        return self.items[n % self.size]


def bare_echo_app() -> Any:
    """The floor: a Flask app whose one route reads the body and returns a fixed JSON."""
    from flask import Flask, request

    app = Flask("bench_echo")

    @app.post("/")
    def echo() -> Any:
        request.get_data(cache=False)
        return FIXED

    return app


def bench_http(requests: int) -> Section:
    from skill.factory import build_skill, utc_today
    from skill.stores.sqlite import SqliteStore
    from skill.web.app import create_app

    pki = Pki()
    pool = SignedPool(pki)

    def fixed_skill(event: dict[str, Any]) -> dict[str, Any]:
        return FIXED

    with tempfile.TemporaryDirectory(prefix="bench-http-") as folder, production_logs() as problems:
        base = {"SKILL_ID": BENCH_SKILL_ID, "LOG_LEVEL": "INFO"}
        verifier = pki.verifier()
        apps = {
            "echo": bare_echo_app(),
            "off": create_app({**base, "VERIFY": False, "SKILL": fixed_skill}),
            "verified": create_app({**base, "VERIFIER": verifier, "SKILL": fixed_skill}),
            "full": create_app({
                **base, "VERIFIER": pki.verifier(),
                "SKILL": build_skill(SqliteStore(Path(folder) / "bench.sqlite3"), today=utc_today),
            }),
        }
        clients = {name: app.test_client() for name, app in apps.items()}
        # The first verified request fetches and validates the chain: timed on fresh verifiers.
        first_s = []
        for _ in range(5):
            body, headers, _event = pool.get(0)
            fresh = pki.verifier()
            start = time.perf_counter()
            fresh.check_signature(headers["SignatureCertChainUrl"], headers["Signature-256"], body)
            first_s.append(time.perf_counter() - start)
        failures = {name: 0 for name in clients}
        samples: dict[str, list[float]] = {name: [] for name in clients}
        for n in range(20):  # warm-up, untimed (this caches the chain)
            body, headers, _event = pool.get(n)
            for client in clients.values():
                client.post("/", data=body, headers=headers)
        gc.collect()
        order = list(clients.items())
        for n in range(requests):  # round robin, so that every app sees the same machine,
            body, headers, _event = pool.get(n)
            for name, client in order[n % len(order):] + order[:n % len(order)]:  # each one first in turn
                start = time.perf_counter()
                answer = client.post("/", data=body, headers=headers)
                samples[name].append(time.perf_counter() - start)
                if answer.status_code != 200:
                    failures[name] += 1
        check_s = []
        for n in range(max(200, requests)):
            body, headers, event = pool.get(n)
            start = time.perf_counter()
            verifier.check_signature(headers["SignatureCertChainUrl"], headers["Signature-256"], body)
            verifier.check_timestamp(event)
            check_s.append(time.perf_counter() - start)

    med = {name: statistics.median(s) for name, s in samples.items()}
    rate = {name: len(s) / sum(s) for name, s in samples.items()}  # sequential requests/s
    adds = med["verified"] - med["off"]
    rows = [
        Row(ROWS[5], *times(samples["echo"]), "1.00x floor", note=f"{rate['echo']:.0f} req/s"),
        Row(ROWS[6], *times(samples["off"]), ratio(med["off"], med["echo"]),
            note=f"{rate['off']:.0f} req/s"),
        Row(ROWS[7], *times(samples["verified"]), ratio(med["verified"], med["echo"]),
            note=f"{rate['verified']:.0f} req/s"),
        Row(ROWS[8], ms(adds), "", "", f"<= {VERIFY_ADDS_MS} ms", adds * 1000 <= VERIFY_ADDS_MS),
        Row(ROWS[9], f"{rate['verified']:.0f} req/s", "", ratio(rate["verified"], rate["echo"], "echo"),
            f">= {THROUGHPUT_RATIO}x echo", rate["verified"] >= THROUGHPUT_RATIO * rate["echo"]),
        Row(ROWS[10], *times(check_s), note="RSA-2048 signature + timestamp"),
        Row(ROWS[11], *times(first_s), note="path validation; fetch is in memory here"),
        Row(ROWS[12], *times(samples["full"]), ratio(med["full"], med["echo"]),
            note=f"{rate['full']:.0f} req/s; LaunchRequest, SQLite"),
    ]
    from skill.web.app import WARNING as VERIFICATION_OFF  # the banner of the "off" app

    problems = [r for r in problems if r.getMessage() != VERIFICATION_OFF]
    bad = {name: count for name, count in failures.items() if count}
    notes = [
        f"HTTP: {requests} requests per app through Flask's test client, interleaved; {pool.size} distinct "
        "signed LaunchRequests; 'door' = our app with a skill that returns a fixed JSON, "
        "so only the web layer and verification are measured.",
        f"HTTP: non-200 answers: {bad or 'none'}; skill warnings/errors: {len(problems)}.",
    ]
    return Section("HTTP (Flask test client)", rows, notes)
