"""``back-routine bench`` (or ``python -m skill.tools.bench``): how fast the skill is, against floors.

Three measurements, side by side in one run, each against a floor measured the same way
in the same run:

1. **Per turn, in process.** A realistic conversation mix (launch, the pain check-in,
   next xN, repeat, an explanation, help, stop) played through the skill as the Lambda
   handler calls it (``skill.factory.invoke``: dict -> deserialize -> skill -> serialize),
   with the SQLite store in a temporary folder. Floor: a hello-world ask-sdk-core skill
   with one handler, fed the very same envelopes through the same ``invoke``. The store's
   read and write are timed inside each turn and subtracted, and measured on their own
   too (same file, the records the skill wrote, replayed).
2. **HTTP.** Signed requests through the Flask app (Flask's test client), with a
   throwaway CA made here (root -> intermediate -> signing certificate for
   echo-api.amazon.com) and the chain cached after the first request; against the same
   app with verification off and a bare Flask app that returns a fixed JSON.
3. **Cold start.** A fresh ``python`` that imports ``skill.lambda_function`` and answers
   one LaunchRequest, against a fresh ``python`` that only imports
   ``ask_sdk_core.skill_builder``; with peak RSS, and whether boto3 was loaded.

Speed targets are reported here only; no test asserts a timing. The exit status is 0
even when a target is missed, unless ``--strict``.
"""

from __future__ import annotations

import argparse
import base64
import datetime as dt
import gc
import json
import logging
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

QUICK = {"turns": 300, "requests": 300, "cold_runs": 5}
DEFAULT = {"turns": 3000, "requests": 3000, "cold_runs": 10}

# Targets (issue 4): ratios against the floors, and two absolute limits.
TURN_RATIO = 1.5  # our median turn, less the store, vs the hello-world skill
VERIFY_ADDS_MS = 0.2  # what verification adds per request, once the chain is cached
THROUGHPUT_RATIO = 0.5  # verified requests/s vs the bare Flask echo
COLD_RATIO = 1.3  # fresh process answering a launch vs one importing ask_sdk_core.skill_builder
RSS_LIMIT_MB = 80.0

BENCH_SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-00000000bench"
CERT_URL = "https://s3.amazonaws.com/echo.api/echo-api-cert-bench.pem"
FIXED = {
    "version": "1.0",
    "response": {"outputSpeech": {"type": "PlainText", "text": "Hello"}, "shouldEndSession": True},
}

# Every row the table prints, in order (the smoke test checks each one is there).
ROWS = (
    "floor: hello-world skill, 1 handler",
    "ours: conversation mix",
    "store: get + save (SQLite)",
    "store share of a turn",
    "ours minus store",
    "floor: bare Flask echo",
    "door, verification off",
    "door, verified (chain cached)",
    "verification adds",
    "verified throughput",
    "verifier check alone (cached)",
    "first request: fetch + validate chain",
    "full stack: verified + skill",
    "floor: import ask_sdk_core.skill_builder",
    "ours: import handler + LaunchRequest",
    "peak RSS (VmHWM), ours",
    "boto3 loaded, sqlite path",
    "boto3 loaded, dynamodb: build",
)
# The rows that carry a target: each says "met" or "MISSED".
TARGETS = (ROWS[4], ROWS[8], ROWS[9], ROWS[14], ROWS[15], ROWS[16], ROWS[17])


# --------------------------------------------------------------------------------------
# Figures


@dataclass
class Row:
    name: str
    median: str = ""
    p99: str = ""
    ratio: str = ""
    target: str = ""
    met: bool | None = None  # None: no target, for information
    note: str = ""


@dataclass
class Section:
    title: str
    rows: list[Row]
    notes: list[str]


def p99(samples: Sequence[float]) -> float:
    """The nearest-rank 99th percentile."""
    ordered = sorted(samples)
    return ordered[max(0, math.ceil(0.99 * len(ordered)) - 1)]


def ms(seconds: float) -> str:
    value = seconds * 1000
    return f"{value:.3f} ms" if abs(value) < 10 else f"{value:.1f} ms"


def times(samples: Sequence[float]) -> tuple[str, str]:
    return ms(statistics.median(samples)), ms(p99(samples))


def ratio(value: float, floor: float, what: str = "floor") -> str:
    return f"{value / floor:.2f}x {what}" if floor > 0 else "n/a"


@contextmanager
def production_logs(level: str = "INFO") -> Iterator[list[logging.LogRecord]]:
    """The skill's JSON logs at ``level``, as in production, but written to os.devnull so
    that they cost what they cost without cluttering the table. Yields the warnings and
    errors the skill logged meanwhile."""
    from skill.logs import ContextFilter, JsonFormatter

    logger = logging.getLogger("skill")
    saved = (logger.level, logger.propagate, list(logger.handlers))
    seen: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            seen.append(record)

    with open(os.devnull, "w") as devnull:
        sink = logging.StreamHandler(devnull)
        sink.setFormatter(JsonFormatter())
        sink.addFilter(ContextFilter())
        sink.back_routine = True  # type: ignore[attr-defined]  # skill.logs.configure adds no other
        for handler in saved[2]:
            logger.removeHandler(handler)
        logger.addHandler(sink)
        logger.addHandler(Collect(logging.WARNING))
        logger.setLevel(level)
        logger.propagate = False
        try:
            yield seen
        finally:
            for handler in list(logger.handlers):
                logger.removeHandler(handler)
            for handler in saved[2]:
                logger.addHandler(handler)
            logger.setLevel(saved[0])
            logger.propagate = saved[1]


# --------------------------------------------------------------------------------------
# 1. Per turn, in process



def hello_skill() -> Any:
    """The floor: a hello-world ask-sdk-core skill with one handler for every request."""
    from ask_sdk_core.dispatch_components import AbstractRequestHandler
    from ask_sdk_core.skill_builder import SkillBuilder

    class Hello(AbstractRequestHandler):
        def can_handle(self, handler_input: Any) -> bool:
            return True

        def handle(self, handler_input: Any) -> Any:
            return handler_input.response_builder.speak("Hello").response

    builder = SkillBuilder()
    builder.add_request_handler(Hello())
    return builder.create()


def counting_sqlite_store(path: Path) -> Any:
    """The SQLite store, counting and timing the reads and writes the skill makes, and
    keeping the records it writes (to replay them when the store is measured alone)."""
    from skill.stores.sqlite import SqliteStore

    class CountingStore(SqliteStore):
        gets = 0
        saves = 0
        spent = 0.0  # seconds inside get/save
        written: list[dict[str, Any]] = []

        def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
            start = time.perf_counter()
            try:
                return super().get_attributes(request_envelope)
            finally:
                self.gets += 1
                self.spent += time.perf_counter() - start

        def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
            start = time.perf_counter()
            try:
                super().save_attributes(request_envelope, attributes)
            finally:
                self.saves += 1
                self.spent += time.perf_counter() - start
                self.written.append(attributes)

    store = CountingStore(path)
    store.written = []
    return store


def _ssml(response: dict[str, Any]) -> str:
    speech = (response.get("response") or {}).get("outputSpeech") or {}
    return str(speech.get("ssml") or speech.get("text") or "")


class Conversation:
    """One person's session, played through ``invoke``: each envelope and its time."""

    def __init__(self, call: Callable[[dict[str, Any]], dict[str, Any]], user_id: str) -> None:
        from skill.sim.envelope import Session

        self.call = call
        self.user_id = user_id
        self.session = Session()
        self.envelopes: list[dict[str, Any]] = []
        self.seconds: list[float] = []

    def send(self, request: dict[str, Any]) -> dict[str, Any]:
        from skill.sim.envelope import envelope

        event = envelope(request, user_id=self.user_id, session=self.session,
                         skill_id=BENCH_SKILL_ID)
        start = time.perf_counter()
        response = self.call(event)
        self.seconds.append(time.perf_counter() - start)
        self.envelopes.append(event)
        self.session.new = False
        self.session.attributes = dict(response.get("sessionAttributes") or {})
        return response


def play(call: Callable[[dict[str, Any]], dict[str, Any]], user_id: str, number: int,
         nexts: int, exercise: tuple[str, str]) -> Conversation:
    """Launch, answer the check-in (a rating, or "next" to skip it, or "yes" to resume),
    next xN, repeat, how do I do <exercise>, help, stop."""
    from skill import intents
    from skill.sim.envelope import SlotFill, intent_request, launch_request

    def intent(name: str, **fills: SlotFill) -> dict[str, Any]:
        slots = intents.CUSTOM_SLOTS.get(name, {})
        return intent_request(name, "en-US", slot_names=slots, fills=fills, skill_id=BENCH_SKILL_ID)

    talk = Conversation(call, user_id)
    answer = talk.send(launch_request("en-US"))
    for _ in range(3):  # the pain check-in, or "pick up where you left off?"
        spoken = _ssml(answer)
        if "zero to ten" in spoken:
            if number % 2:
                answer = talk.send(intent(intents.NEXT))
            else:
                rating = SlotFill("rating", "AMAZON.NUMBER", "3", builtin=True)
                answer = talk.send(intent(intents.PAIN_RATING, rating=rating))
        elif spoken.removesuffix("</speak>").rstrip().endswith("?"):
            answer = talk.send(intent(intents.YES))
        else:
            break
    for _ in range(nexts):
        talk.send(intent(intents.NEXT))
    talk.send(intent(intents.REPEAT))
    exercise_id, spoken_name = exercise
    fill = SlotFill("exercise", "EXERCISE", spoken_name, resolved_id=exercise_id,
                    resolved_name=spoken_name)
    talk.send(intent(intents.HOW_TO, exercise=fill))
    talk.send(intent(intents.HELP))
    talk.send(intent(intents.STOP))
    return talk


def bench_turns(turns: int, nexts: int = 6, users: int = 10) -> Section:
    from ask_sdk_model import RequestEnvelope

    from skill.factory import build_skill, invoke, utc_today

    with tempfile.TemporaryDirectory(prefix="bench-turns-") as folder, production_logs() as problems:
        store = counting_sqlite_store(Path(folder) / "bench.sqlite3")
        ours = build_skill(store, today=utc_today)
        floor = hello_skill()
        exercises = [(e.id, e.spoken_name) for e in ours.content.exercises.values()]  # type: ignore[attr-defined]
        in_store: list[float] = []  # per turn: seconds inside the store

        def call_ours(event: dict[str, Any]) -> dict[str, Any]:
            before = store.spent
            response = invoke(ours, event)
            in_store.append(store.spent - before)
            return response

        # Warm up both (ask-sdk-model's deserializer imports model classes on first use).
        for n in range(2):
            warm = play(call_ours, f"amzn1.ask.account.warmup-{n}", n, nexts, exercises[0])
            for event in warm.envelopes:
                invoke(floor, event)
        store.gets = store.saves = 0
        store.written.clear()
        in_store.clear()
        ours_s: list[float] = []
        floor_s: list[float] = []
        mix: dict[str, int] = {}
        conversations = 0
        gc.collect()
        while len(ours_s) < turns:
            user = f"amzn1.ask.account.bench-user-{conversations % users}"
            talk = play(call_ours, user, conversations, nexts, exercises[conversations % len(exercises)])
            ours_s += talk.seconds
            for event in talk.envelopes:
                kind = event["request"].get("intent", {}).get("name") or event["request"]["type"]
                kind = kind.removeprefix("AMAZON.").removesuffix("Intent").removesuffix("Request")
                mix[kind] = mix.get(kind, 0) + 1
            for event in talk.envelopes:  # the same envelopes through the floor
                start = time.perf_counter()
                invoke(floor, event)
                floor_s.append(time.perf_counter() - start)
            conversations += 1
        gets_per_turn, saves_per_turn = store.gets / len(ours_s), store.saves / len(ours_s)
        net_s = [total - spent for total, spent in zip(ours_s, in_store, strict=True)]

        # The store alone: the same file and connection, one user's record read, then the
        # records the skill wrote replayed in turn (an unchanged record costs SQLite
        # almost nothing to write again, so the same one over and over would flatter it).
        written = store.written or [{}]
        sizes = [len(json.dumps(r, separators=(",", ":"))) for r in written]
        envelope = ours.serializer.deserialize(json.dumps(talk.envelopes[0]), RequestEnvelope)
        get_s: list[float] = []
        save_s: list[float] = []
        for n in range(max(200, turns)):
            start = time.perf_counter()
            store.get_attributes(envelope)
            middle = time.perf_counter()
            store.save_attributes(envelope, written[n % len(written)])
            get_s.append(middle - start)
            save_s.append(time.perf_counter() - middle)

    floor_med, ours_med = statistics.median(floor_s), statistics.median(ours_s)
    pair = [g + s for g, s in zip(get_s, save_s, strict=True)]
    share = gets_per_turn * statistics.median(get_s) + saves_per_turn * statistics.median(save_s)
    net_med = statistics.median(net_s)
    rows = [
        Row(ROWS[0], *times(floor_s), "1.00x floor"),
        Row(ROWS[1], *times(ours_s), ratio(ours_med, floor_med)),
        Row(ROWS[2], *times(pair), ratio(statistics.median(pair), floor_med),
            note=f"get {ms(statistics.median(get_s))}, save {ms(statistics.median(save_s))}; "
                 f"records of {min(sizes)}-{max(sizes)} B"),
        Row(ROWS[3], ms(share), "", ratio(share, floor_med),
            note=f"{gets_per_turn:.2f} get + {saves_per_turn:.2f} save per turn"),
        Row(ROWS[4], *times(net_s), ratio(net_med, floor_med), f"<= {TURN_RATIO}x floor",
            net_med <= TURN_RATIO * floor_med,
            note="each turn less the time it spent inside the store"),
    ]
    notes = [
        f"Per turn: {len(ours_s)} turns in {conversations} conversations of {users} returning users "
        f"(launch, check-in answer, next x{nexts}, repeat, how-to, help, stop), each as Lambda "
        "calls it: dict -> deserialize -> skill -> serialize, JSON logs at INFO to /dev/null, "
        "today's date in UTC (no Settings API call); "
        "the floor gets the same envelopes.",
        "Per turn, the mix: " + ", ".join(
            f"{kind} {count / sum(mix.values()):.0%}" for kind, count in sorted(mix.items(), key=lambda i: -i[1])
        ) + ".",
        f"Per turn: skill warnings/errors during the run: {len(problems)}.",
    ]
    return Section("Per turn, in process (SQLite store in a temp dir)", rows, notes)


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


# --------------------------------------------------------------------------------------
# 3. Cold start


_REPORT = """
import json, sys
def _hwm_kb():
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"ok": _ok, "hwm_kb": _hwm_kb(), "inside_s": _inside,
                  "boto3": "boto3" in sys.modules, "botocore": "botocore" in sys.modules,
                  "flask": "flask" in sys.modules, "modules": len(sys.modules)}))
"""

FLOOR_CHILD = """
import time
_t = time.perf_counter()
import ask_sdk_core.skill_builder
_inside = time.perf_counter() - _t
_ok = True
""" + _REPORT

OURS_CHILD = """
import time
_t = time.perf_counter()
import sys
from skill.lambda_function import handler
_answer = handler(__import__("json").loads(sys.argv[1]))
_inside = time.perf_counter() - _t
from skill.factory import error_envelope
from skill.lambda_function import get_skill
_speech = (_answer.get("response") or {}).get("outputSpeech")
_ok = bool(_speech) and _speech != error_envelope(get_skill())["response"]["outputSpeech"]
""" + _REPORT

BUILD_CHILD = """
import time
_t = time.perf_counter()
from skill.lambda_function import get_skill
get_skill()
_inside = time.perf_counter() - _t
_ok = True
""" + _REPORT


def _child_env(pycache: Path, store: str) -> dict[str, str]:
    import skill

    env = dict(os.environ)
    # As after ``pip install`` (which compiles .pyc files): use a bytecode cache, kept in
    # a temp folder so that nothing is written next to the sources.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(pycache)
    package_parent = str(Path(skill.__file__).resolve().parent.parent)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_parent, env.get("PYTHONPATH")) if p)
    env["BACK_ROUTINE_STORE"] = store
    env["BACK_ROUTINE_LOG_LEVEL"] = "INFO"  # the default
    env.pop("AWS_LAMBDA_FUNCTION_NAME", None)
    env.pop("BACK_ROUTINE_DYNAMODB_ENDPOINT", None)
    return env


def _run_child(code: str, env: dict[str, str], cwd: str, *argv: str) -> tuple[float, dict[str, Any]]:
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", code, *argv], env=env, cwd=cwd,
                          capture_output=True, text=True, timeout=120)
    wall = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"the cold-start child failed:\n{done.stderr.strip()[-2000:]}")
    return wall, json.loads(done.stdout.strip().splitlines()[-1])


def bench_cold(runs: int, store: str = "sqlite") -> Section:
    from skill.sim.envelope import Session, envelope, launch_request

    def event(n: int) -> str:  # a new user every run: a first launch
        return json.dumps(envelope(launch_request("en-US"), session=Session(), skill_id=BENCH_SKILL_ID,
                                   user_id=f"amzn1.ask.account.cold-start-{n}"))

    floor_s: list[float] = []
    ours_s: list[float] = []
    floor_info: list[dict[str, Any]] = []
    ours_info: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="bench-cold-") as folder:
        root = Path(folder)
        pycache = root / "pycache"
        # One SQLite file, made by the untimed first run: a restart, not a first install.
        ours_env = _child_env(pycache, str(root / "cold.sqlite3") if store == "sqlite" else "memory:")
        floor_env = _child_env(pycache, "memory:")
        # Untimed: fill the bytecode cache (and create the SQLite file).
        _run_child(FLOOR_CHILD, floor_env, folder)
        _run_child(OURS_CHILD, ours_env, folder, event(-1))
        for n in range(runs):  # alternate, so that both see the same machine
            wall, info = _run_child(FLOOR_CHILD, floor_env, folder)
            floor_s.append(wall)
            floor_info.append(info)
            wall, info = _run_child(OURS_CHILD, ours_env, folder, event(n))
            ours_s.append(wall)
            ours_info.append(info)
        _, built = _run_child(BUILD_CHILD, _child_env(pycache, "dynamodb:bench-table"), folder)

    floor_med, ours_med = statistics.median(floor_s), statistics.median(ours_s)
    rss_mb = statistics.median(i["hwm_kb"] for i in ours_info) / 1024
    floor_rss = statistics.median(i["hwm_kb"] for i in floor_info) / 1024
    boto_sqlite = any(i["boto3"] or i["botocore"] for i in ours_info)
    boto_build = bool(built["boto3"] or built["botocore"])
    answered = all(i["ok"] for i in ours_info)
    rows = [
        Row(ROWS[13], ms(floor_med), ms(max(floor_s)), "1.00x floor",
            note=f"inside {ms(statistics.median(i['inside_s'] for i in floor_info))}; "
                 f"{floor_rss:.1f} MB"),
        Row(ROWS[14], ms(ours_med), ms(max(ours_s)), ratio(ours_med, floor_med),
            f"<= {COLD_RATIO}x floor", ours_med <= COLD_RATIO * floor_med,
            note=f"inside {ms(statistics.median(i['inside_s'] for i in ours_info))}; "
                 f"{ours_info[0]['modules']} modules vs {floor_info[0]['modules']}"
                 + ("" if answered else "; THE ANSWER WAS AN ERROR")),
        Row(ROWS[15], f"{rss_mb:.1f} MB", "", ratio(rss_mb, floor_rss), f"< {RSS_LIMIT_MB:.0f} MB",
            rss_mb < RSS_LIMIT_MB),
        Row(ROWS[16], "yes" if boto_sqlite else "no", "", "", "no", not boto_sqlite,
            note="after the answer" + ("; flask loaded" if any(i["flask"] for i in ours_info) else "")),
        Row(ROWS[17], "yes" if boto_build else "no", "", "", "no", not boto_build,
            note="import + build, store not used yet"),
    ]
    notes = [
        f"Cold start: {runs} fresh processes each ({sys.executable} -c ...), alternating; wall time from spawn "
        "to exit; 'p99' column = slowest run. 'inside' = from the first import to the answer.",
        ("Cold start: BACK_ROUTINE_STORE = one existing SQLite file in a temp dir, a new user each run. "
         if store == "sqlite" else "Cold start: BACK_ROUTINE_STORE = memory:. ")
        + "JSON logs at INFO to stderr (captured). "
        "Bytecode cached (PYTHONPYCACHEPREFIX in a temp dir, one untimed run first), as after "
        "pip install.",
    ]
    return Section("Cold start (fresh process)", rows, notes)


# --------------------------------------------------------------------------------------
# The table


def render(sections: Sequence[Section]) -> str:
    header = ("measure", "median", "p99", "ratio", "target", "result")
    table: list[tuple[str, ...]] = []
    for section in sections:
        for row in section.rows:
            result = "" if row.met is None else ("met" if row.met else "MISSED")
            table.append((row.name, row.median, row.p99, row.ratio, row.target, result))
    widths = [max(len(header[i]), *(len(r[i]) for r in table)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cells[i].rjust(widths[i]) if i < 4 else cells[i].ljust(widths[i])
                for i in range(1, len(cells))]
        return "  ".join([first, *rest]).rstrip()

    out = [line(header), "-" * len(line(header))]
    for section in sections:
        out.append(f"[{section.title}]")
        for row in section.rows:
            result = "" if row.met is None else ("met" if row.met else "MISSED")
            text = line((row.name, row.median, row.p99, row.ratio, row.target, result))
            out.append(f"{text}   ({row.note})" if row.note else text)
    out.append("")
    for section in sections:
        out += [f"* {note}" for note in section.notes]
    return "\n".join(out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--turns", type=int, help=f"turns to time in process [{DEFAULT['turns']}; "
                        f"--quick {QUICK['turns']}]")
    parser.add_argument("--requests", type=int, help=f"HTTP requests per app [{DEFAULT['requests']}; "
                        f"--quick {QUICK['requests']}]")
    parser.add_argument("--cold-runs", type=int, help=f"fresh processes of each kind "
                        f"[{DEFAULT['cold_runs']}; --quick {QUICK['cold_runs']}]")
    parser.add_argument("--cold-store", choices=("sqlite", "memory"), default="sqlite",
                        help="the store of the cold-start process: a SQLite file in a temp dir, "
                        "or memory: [sqlite]")
    parser.add_argument("--quick", action="store_true", help="fewer samples: a run of about 10 s")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any target is missed")


def run(args: argparse.Namespace) -> int:
    sizes = QUICK if args.quick else DEFAULT
    turns = sizes["turns"] if args.turns is None else args.turns
    requests = sizes["requests"] if args.requests is None else args.requests
    cold_runs = sizes["cold_runs"] if args.cold_runs is None else args.cold_runs
    if min(turns, requests, cold_runs) < 1:
        print("back-routine bench: --turns, --requests and --cold-runs must be at least 1",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    sections = [bench_turns(turns), bench_http(requests), bench_cold(cold_runs, args.cold_store)]
    elapsed = time.perf_counter() - started
    print(f"back-routine bench, {dt.date.today().isoformat()}, Python {sys.version.split()[0]} "
          f"on {sys.platform}, {os.cpu_count()} CPUs; took {elapsed:.1f} s")
    print()
    print(render(sections))
    missed = [row.name for s in sections for row in s.rows if row.met is False]
    print()
    if missed:
        print(f"MISSED {len(missed)} target(s): " + "; ".join(missed))
    else:
        print("Every target met.")
    return 1 if missed and args.strict else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.bench", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
