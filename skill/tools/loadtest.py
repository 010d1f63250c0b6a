"""Concurrent load on the web service, and a check that no one's progress is lost.

    python -m skill.tools.loadtest --url http://127.0.0.1:8080 --users 50 --rounds 2 \\
        --store /path/to/the/servers/store.sqlite3

Start the service first, with verification off and the simulator's skill id, e.g.
``BACK_ROUTINE_VERIFY=0 SKILL_ID=amzn1.ask.skill.back-routine-local
BACK_ROUTINE_STORE=/tmp/load.sqlite3 gunicorn --workers 2 --threads 4
--bind 127.0.0.1:8080 'skill.web:create_app()'``.

Every simulated person (one thread each, all starting together) has an Alexa user id and
a device of their own, and holds ``--rounds`` whole conversations over HTTP through the
local simulator (:class:`skill.sim.Simulator`): open the skill or ask for the floor
routine, answer the pain check-in with a number, several "next", "repeat that", an
explanation, "skip this one"; then either finish the routine to the end (and rate the
pain after it), or stop, pause or walk away half-way. Which, depends on the person and
the round.

Each person's conversation is also held in process, with the same skill and a store of
its own (a shadow): what the service answers must be word for word what the shadow
answers. Checked on every request: HTTP 200 with a JSON body, a valid Alexa response (it
round-trips through ask-sdk-model, its SSML is valid, an open session has a reprompt),
no network error or timeout, and the shadow's answer. With ``--store``, afterwards: each
person's row holds exactly the place, the finished routines and the pain ratings of
their shadow's record, and no row of this run belongs to anyone else.

Bounded: loopback URLs only, at most ``MAX_TURNS`` requests a conversation (so a fixed
ceiling on the count), a per-request timeout and a hard wall-clock limit. Prints the
request count, throughput and latency percentiles; exit status 1 on any error.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import sys
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from skill.factory import build_skill, utc_today
from skill.sim import SKILL_ID, Simulator
from skill.sim.matcher import Matcher, matcher_for_locale
from skill.stores.keys import HISTORY_SUFFIX
from skill.stores.memory import MemoryStore
from skill.tools.load_store import Expected, check_store
from skill.tools.responses import response_problems

MAX_TURNS = 80  # requests in one conversation, at most
MAX_NEXTS = 60  # "next" said while finishing a routine, at most
DEFAULT_TIME_LIMIT_S = 120.0
DEFAULT_REQUEST_TIMEOUT_S = 10.0
USER_PREFIX = "amzn1.ask.account.load-"

__all__ = ["Expected", "LoadError", "Result", "check_loopback", "check_store", "main", "response_problems",
           "run_load"]


class LoadError(Exception):
    """One request failed; str(error) says how."""


def check_loopback(url: str) -> tuple[str, int]:
    """(host, port) of an http:// URL on this machine; ValueError for anything else."""
    parts = urlsplit(url)
    if parts.scheme != "http":
        raise ValueError(f"only http:// URLs on this machine are allowed, got {url!r}")
    host = parts.hostname or ""
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"refusing {host!r}: the load runs on loopback only (use 127.0.0.1)")
    return host, parts.port or 80


# --------------------------------------------------------------------------------------
# The run


@dataclass
class Result:
    url: str
    users: int
    rounds: int
    elapsed_s: float = 0.0
    latencies_s: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    expected: dict[str, Expected] = field(default_factory=dict)
    store_problems: list[str] = field(default_factory=list)
    store_checked: bool = False

    @property
    def requests(self) -> int:
        return len(self.latencies_s)

    @property
    def throughput(self) -> float:
        return self.requests / self.elapsed_s if self.elapsed_s > 0 else 0.0

    def percentile_ms(self, q: float) -> float:
        """The nearest-rank ``q`` percentile (0-100) of request latency, in ms."""
        if not self.latencies_s:
            return 0.0
        ordered = sorted(self.latencies_s)
        rank = max(1, min(len(ordered), int(-(-q * len(ordered) // 100))))
        return ordered[rank - 1] * 1000

    @property
    def ok(self) -> bool:
        return not self.errors and not self.store_problems

    def report(self) -> str:
        lines = [
            f"users: {self.users}, rounds each: {self.rounds}, requests: {self.requests}, "
            f"errors: {len(self.errors)}",
            f"elapsed: {self.elapsed_s:.2f} s, throughput: {self.throughput:.0f} requests/s",
            "latency: " + ", ".join(f"{name} {self.percentile_ms(q):.1f} ms" for name, q in
                                    (("p50", 50), ("p90", 90), ("p99", 99), ("max", 100))),
        ]
        if self.store_checked:
            lines.append(f"stored state: {len(self.expected)} users checked, "
                         f"{len(self.store_problems)} mismatches")
        else:
            lines.append("stored state: not checked (give --store)")
        lines.extend(f"error: {e}" for e in self.errors[:20])
        lines.extend(f"store: {p}" for p in self.store_problems[:20])
        return "\n".join(lines)


class _Budget:
    """The wall-clock limit and the request ceiling shared by every person."""

    def __init__(self, deadline: float, max_requests: int) -> None:
        self.deadline = deadline
        self.left = max_requests
        self._lock = threading.Lock()

    def take(self) -> None:
        if time.monotonic() > self.deadline:
            raise LoadError("the wall-clock limit was reached")
        with self._lock:
            if self.left <= 0:
                raise LoadError("the request ceiling was reached")
            self.left -= 1


class _Person:
    """One simulated person: an HTTP client, a Simulator and what they expect stored."""

    def __init__(self, index: int, user_id: str, run_id: str, host: str, port: int,
                 matcher: Matcher, budget: _Budget, timeout: float, skill_id: str) -> None:
        self.index = index
        self.user_id = user_id
        self.host, self.port, self.timeout = host, port, timeout
        self.budget = budget
        self.latencies: list[float] = []
        self.expected = Expected()
        self.turns_left = 0
        device = f"amzn1.ask.device.load-{run_id}-{index:04d}"
        self.sim = Simulator(invoke=self._post, user_id=user_id, matcher=matcher, skill_id=skill_id, device_id=device)
        self.shadow_store = MemoryStore()  # the same conversation, held in process
        self.shadow = Simulator(build_skill(self.shadow_store, today=utc_today), user_id=user_id, matcher=matcher,
                                skill_id=skill_id, device_id=device)

    # ---- HTTP ------------------------------------------------------------------------

    def _post(self, event: dict[str, Any]) -> dict[str, Any]:
        if self.turns_left <= 0:
            raise LoadError(f"more than {MAX_TURNS} requests in one conversation")
        self.turns_left -= 1
        self.budget.take()
        body = json.dumps(event).encode()
        kind = event["request"].get("intent", {}).get("name") or event["request"]["type"]
        conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        start = time.perf_counter()
        try:
            conn.request("POST", "/", body=body,
                         headers={"Content-Type": "application/json", "Connection": "close"})
            answer = conn.getresponse()
            data = answer.read()
        except (OSError, http.client.HTTPException) as exc:
            raise LoadError(f"{kind}: {type(exc).__name__}: {exc}") from None
        finally:
            conn.close()
        self.latencies.append(time.perf_counter() - start)
        self.expected.requests += 1
        if answer.status != 200:
            raise LoadError(f"{kind}: HTTP {answer.status}: {data[:200]!r}")
        try:
            response = json.loads(data)
        except ValueError:
            raise LoadError(f"{kind}: the body is not JSON: {data[:200]!r}") from None
        problems = response_problems(response)
        if problems:
            raise LoadError(f"{kind}: invalid response: {'; '.join(problems)}")
        return response

    # ---- talking ---------------------------------------------------------------------

    def say(self, line: str) -> dict[str, Any]:
        """Say a line in the open session (or open one), over HTTP and in the shadow; the
        session attributes after it."""
        turn, shadow = self.sim.say(line), self.shadow.say(line)
        if not turn.sent:
            raise LoadError(f"{line!r} was not sent: {turn.note}")
        if turn.speech != shadow.speech:
            at = next((i for i, (a, b) in enumerate(zip(turn.speech, shadow.speech, strict=False)) if a != b),
                      min(len(turn.speech), len(shadow.speech)))
            raise LoadError(f"{line!r}: the service said ...{turn.speech[max(0, at - 20):at + 60]!r}, the same "
                            f"skill in process ...{shadow.speech[max(0, at - 20):at + 60]!r}")
        return self.sim.attributes

    def walk_away(self) -> None:
        self.sim.end()  # Alexa sends SessionEndedRequest
        self.shadow.end()

    def keep(self) -> None:
        """What the stored record must now hold: the shadow's."""
        record = self.shadow_store.peek(self.sim.user_id) or {}
        history = self.shadow_store.peek(self.sim.user_id + HISTORY_SUFFIX) or {}
        self.expected.saved = record.get("saved")
        self.expected.completions = [c["routine"] for c in history.get("completions", [])]
        self.expected.pains = [(p["moment"], p["rating"]) for p in history.get("pains", [])]

    def question(self) -> str | None:
        value = self.sim.attributes.get("question")
        return value if isinstance(value, str) else None

    def rate(self, rating: int) -> None:
        self.say(str(rating))

    def open(self, line: str, before: int, resume: bool) -> None:
        """Open a session; answer "pick up where you left off?" and the pain check-in."""
        self.say(line)
        if self.question() == "resume":
            self.say("yes" if resume else "no")
        if self.question() == "pain_before":
            self.rate(before)

    def steps(self, lines: Sequence[str], before: int, after: int) -> bool:
        """Say each line while the session is open; False once a routine got finished
        (the pain question after it answered, which closes the session)."""
        for line in lines:
            if not self.sim.session_open:
                raise LoadError(f"the session closed before {line!r}")
            self.say(line)
            if self.question() == "pain_after":
                self.rate(after)
                return False
        return True

    def conversation(self, round_index: int) -> None:
        i = self.index
        before = i % 5  # each person rates their own way: low, so nothing stops a routine
        after = max(0, before - round_index % 2)
        self.turns_left = MAX_TURNS
        if (i + round_index) % 3 == 0:  # the floor routine, to the end
            self.open("alexa, ask my back routine to start the floor routine", before, resume=False)
            if self.steps(["next", "next", "repeat that", "why do I do cat cow", "skip this one"],
                          before, after):
                if self.steps(["next"] * MAX_NEXTS, before, after):
                    raise LoadError("the floor routine did not finish")
            if self.sim.session_open:
                raise LoadError("the session stayed open after the pain rating")
            self.expected.endings.append("finished")
            self.keep()
            return
        self.open("alexa, open my back routine", before, resume=round_index % 2 == 0)
        lines = ["next"] * (1 + i % 4) + ["repeat that", "how do I do child's pose", "skip this one"]
        lines += ["next"] * (i % 3) + ["where am I"]
        if not self.steps(lines, before, after):
            self.expected.endings.append("finished")
            self.keep()
            return
        ending = ("stop", "pause", "walk away")[(i // 3 + round_index) % 3]
        if ending == "walk away":
            self.walk_away()
        else:
            self.say(ending)
        if self.sim.session_open:
            raise LoadError(f"the session stayed open after {ending!r}")
        self.expected.endings.append(ending)
        self.keep()

    def run(self, rounds: int, start: threading.Barrier, errors: list[str], lock: threading.Lock) -> None:
        try:
            start.wait()
            for round_index in range(rounds):
                self.conversation(round_index)
            self.expected.finished = True
        except Exception as exc:  # noqa: BLE001 - every failure is an error of the run
            with lock:
                errors.append(f"user {self.index:03d}: {type(exc).__name__}: {exc}")


def run_load(
    url: str,
    users: int = 50,
    rounds: int = 1,
    *,
    time_limit_s: float = DEFAULT_TIME_LIMIT_S,
    request_timeout_s: float = DEFAULT_REQUEST_TIMEOUT_S,
    store: str | Path | None = None,
    run_id: str | None = None,
    skill_id: str = SKILL_ID,
) -> Result:
    """Run ``users`` people at once against ``url`` (loopback only), ``rounds``
    conversations each; then, with ``store`` (the server's SQLite file), check it."""
    if users < 1 or rounds < 1:
        raise ValueError("users and rounds must be at least 1")
    host, port = check_loopback(url)
    run_id = run_id or uuid.uuid4().hex[:8]
    matcher = matcher_for_locale("en-US")  # compiled once, shared read-only
    budget = _Budget(time.monotonic() + time_limit_s, users * rounds * MAX_TURNS)
    result = Result(url=url, users=users, rounds=rounds)
    people = [
        _Person(i, f"{USER_PREFIX}{run_id}-{i:04d}", run_id, host, port, matcher, budget, request_timeout_s,
                skill_id)
        for i in range(users)
    ]
    start = threading.Barrier(users + 1)
    lock = threading.Lock()
    threads = [
        threading.Thread(target=p.run, args=(rounds, start, result.errors, lock), daemon=True,
                         name=f"load-user-{p.index}")
        for p in people
    ]
    for thread in threads:
        thread.start()
    began = time.perf_counter()
    start.wait()
    for thread in threads:  # a request past the deadline is refused; one in flight times out
        thread.join(max(0.0, budget.deadline - time.monotonic()) + request_timeout_s + 1)
    result.elapsed_s = time.perf_counter() - began
    stuck = [t.name for t in threads if t.is_alive()]
    with lock:
        if stuck:
            result.errors.append(f"{len(stuck)} users still running at the wall-clock limit")
        for person in people:
            result.latencies_s.extend(person.latencies)
            result.expected[person.user_id] = person.expected
    if store is not None:
        result.store_problems = check_store(store, result.expected, f"{USER_PREFIX}{run_id}-")
        result.store_checked = True
    return result


# --------------------------------------------------------------------------------------
# Command line


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", required=True, help="the service, on loopback: http://127.0.0.1:PORT")
    parser.add_argument("--users", type=int, default=50, help="people talking at once (default: 50)")
    parser.add_argument("--rounds", type=int, default=2, help="conversations per person (default: 2)")
    parser.add_argument("--store", help="the server's SQLite file, to check what was stored afterwards")
    parser.add_argument("--skill-id", default=SKILL_ID,
                        help=f"the skill id the requests carry (default: the simulator's, {SKILL_ID})")
    parser.add_argument("--time-limit", type=float, default=DEFAULT_TIME_LIMIT_S,
                        help=f"hard wall-clock limit in seconds (default: {DEFAULT_TIME_LIMIT_S:g})")
    parser.add_argument("--timeout", type=float, default=DEFAULT_REQUEST_TIMEOUT_S,
                        help=f"per-request timeout in seconds (default: {DEFAULT_REQUEST_TIMEOUT_S:g})")


def run(args: argparse.Namespace) -> int:
    try:
        check_loopback(args.url)
        if not 1 <= args.users <= 1000 or not 1 <= args.rounds <= 100:
            raise ValueError("--users must be 1-1000 and --rounds 1-100")
        if not 0 < args.time_limit <= 3600 or not 0 < args.timeout <= 60:
            raise ValueError("--time-limit must be 0-3600 s and --timeout 0-60 s")
    except ValueError as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        return 2
    result = run_load(args.url, args.users, args.rounds, time_limit_s=args.time_limit,
                      request_timeout_s=args.timeout, store=args.store, skill_id=args.skill_id)
    print(result.report())
    return 0 if result.ok else 1


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.loadtest", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    raise SystemExit(main())
