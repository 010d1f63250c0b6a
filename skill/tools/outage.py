"""``python -m skill.tools.outage``: what a DynamoDB outage costs each turn, and what is said.

The skill, on the DynamoDB store as Lambda runs it (``skill.factory.invoke``, default
timeouts and retries), holds one short session against a store that is down:

- **hanging**: a socket on 127.0.0.1 that accepts every connection, reads the request and
  never answers (a store that is overloaded, or a network that drops the answers);
- **refusing**: a port on 127.0.0.1 where nothing listens.

The session: open the skill, a pain rating, next, "I don't have a band" (a setting the
skill would remember), stop mid-routine (a place it would save). For each turn it prints
the time, whether the disclaimer was read, whether the answer claimed that something was
kept, and how many requests reached the hanging store. The target is at most 1.5 s a turn
(Alexa waits 8 s in all). The times are only reported here: no test asserts them
(``tests/stores/test_outage.py`` checks the behaviour). ``--strict`` exits 1 when a
turn is over the target. Only loopback is used; the run is bounded (5 turns a scenario).
"""

from __future__ import annotations

import argparse
import html
import logging
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, NamedTuple

TARGET_S = 1.5
TURNS = ("open the skill", "pain rating", "next", "no band", "stop")
CLAIMS = ("i've saved", "is saved", "i'll remember")  # how the prompts say something was kept
DUMMY_AWS = {"AWS_ACCESS_KEY_ID": "outage", "AWS_SECRET_ACCESS_KEY": "outage", "AWS_EC2_METADATA_DISABLED": "true",
             "AWS_CONFIG_FILE": os.devnull, "AWS_SHARED_CREDENTIALS_FILE": os.devnull}


class HangingServer:
    """Accepts connections on 127.0.0.1 and reads from them, never answering; counts
    them (botocore opens a new connection for each attempt after a timeout)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = int(self.listener.getsockname()[1])
        self.connections = 0
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        self._thread = threading.Thread(target=self._accept, name="hanging-store", daemon=True)

    def __enter__(self) -> HangingServer:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self.listener.close()
        with self._lock:
            for conn in self._open:
                conn.close()
        self._thread.join(timeout=5)

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.listener.accept()
            except OSError:  # closed: the run is over
                return
            with self._lock:
                self.connections += 1
                self._open.append(conn)
            threading.Thread(target=self._drain, args=(conn,), daemon=True).start()

    @staticmethod
    def _drain(conn: socket.socket) -> None:
        try:
            while conn.recv(65536):
                pass
        except OSError:
            pass


def closed_port() -> int:
    """A loopback port where nothing listens (connections are refused at once)."""
    with socket.create_server(("127.0.0.1", 0)) as probe:
        return int(probe.getsockname()[1])


class Turn(NamedTuple):
    said: str
    seconds: float
    speech: str  # the words, SSML tags removed
    disclaimer: bool  # the disclaimer was read in this answer
    claims: bool  # the answer says something was kept for next time
    requests: int  # requests that reached the hanging store during the turn
    ended: bool  # the answer ends the session


def _words(response: dict[str, Any]) -> str:
    ssml = str(((response.get("response") or {}).get("outputSpeech") or {}).get("ssml") or "")
    inner = ssml.replace("<speak>", "").replace("</speak>", "")
    while "<" in inner and ">" in inner:
        start = inner.index("<")
        inner = inner[:start] + " " + inner[inner.index(">", start) + 1:]
    return " ".join(html.unescape(inner).split())


def _requests(user_id: str) -> Iterator[tuple[str, dict[str, Any]]]:
    from skill import intents
    from skill.sim.envelope import SlotFill, intent_request, launch_request

    def intent(name: str, **fills: SlotFill) -> dict[str, Any]:
        return intent_request(name, "en-US", slot_names=intents.CUSTOM_SLOTS.get(name, {}), fills=fills)

    yield TURNS[0], launch_request("en-US")
    yield TURNS[1], intent(intents.PAIN_RATING, rating=SlotFill("rating", "AMAZON.NUMBER", "3", builtin=True))
    yield TURNS[2], intent(intents.NEXT)
    band = SlotFill("equipment", "EQUIPMENT", "band", resolved_id="band", resolved_name="resistance band")
    yield TURNS[3], intent(intents.NO_EQUIPMENT, equipment=band)
    yield TURNS[4], intent(intents.STOP)


def play(store: Any, count: Callable[[], int] = lambda: 0,
         user_id: str = "amzn1.ask.account.OUTAGE") -> list[Turn]:
    """The session, through the Lambda entry, on ``store``; ``count`` tells how many
    requests the store has had so far."""
    from skill.factory import build_skill, invoke, utc_today
    from skill.sim.envelope import Session, envelope

    skill = build_skill(store, today=utc_today)  # no Alexa Settings API: loopback only
    disclaimer = skill.content.safety.disclaimer[0]  # type: ignore[attr-defined]
    session, turns = Session(), []
    for said, request in _requests(user_id):
        before = count()
        start = time.perf_counter()
        response = invoke(skill, envelope(request, user_id=user_id, session=session))
        seconds = time.perf_counter() - start
        words = _words(response)
        ended = (response.get("response") or {}).get("shouldEndSession") is True
        turns.append(Turn(said, seconds, words, disclaimer in words,
                          any(c in words.lower() for c in CLAIMS), count() - before, ended))
        session.new = False
        session.attributes = dict(response.get("sessionAttributes") or {})
    return turns


@contextmanager
def quiet_store_warnings() -> Iterator[list[logging.LogRecord]]:
    """The skill's warnings (one per failed store call), collected rather than printed."""
    records: list[logging.LogRecord] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            records.append(record)

    logger, handler = logging.getLogger("skill"), Collect(logging.WARNING)
    previous = logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield records
    finally:
        logger.removeHandler(handler)
        logger.propagate = previous


class Outcome(NamedTuple):
    turns: list[Turn]
    warnings: int  # the skill's warnings logged during the session
    first_use_s: float  # loading boto3 and building the client: once a container, store up or down


def scenario(kind: str) -> Outcome:
    """Play the session against a ``hanging`` or ``refusing`` store. The store's client is
    built first and timed apart: every cold start pays that, whatever the store does."""
    from skill.stores.dynamodb import DynamoDbStore

    with quiet_store_warnings() as warnings, HangingServer() as server:
        port = server.port if kind == "hanging" else closed_port()
        store = DynamoDbStore("progress", endpoint_url=f"http://127.0.0.1:{port}", region_name="us-east-1")
        start = time.perf_counter()
        store.adapter()
        first_use = time.perf_counter() - start
        turns = play(store, (lambda: server.connections) if kind == "hanging" else (lambda: 0))
        return Outcome(turns, len(warnings), first_use)


def render(kind: str, outcome: Outcome) -> str:
    from skill.stores.dynamodb import CONNECT_TIMEOUT_S, MAX_ATTEMPTS, READ_TIMEOUT_S

    title = {"hanging": "store accepts connections and never answers",
             "refusing": "store refuses connections"}[kind]
    turns = outcome.turns
    lines = [f"{kind}: {title} (connect {CONNECT_TIMEOUT_S} s, read {READ_TIMEOUT_S} s, "
             f"{MAX_ATTEMPTS} attempts a call)",
             f"  before the first turn, loading boto3 and building the client: {outcome.first_use_s * 1000:.0f} ms "
             f"(every cold start, store up or down)",
             f"  {'turn':<16}{'ms':>7}  {'disclaimer':<11}{'claims a save':<15}requests to the store"]
    for turn in turns:
        lines.append(f"  {turn.said:<16}{turn.seconds * 1000:>7.0f}  {'read' if turn.disclaimer else '-':<11}"
                     f"{'YES' if turn.claims else 'no':<15}{turn.requests if kind == 'hanging' else '-'}")
    slowest = max(turn.seconds for turn in turns)
    verdict = "met" if slowest <= TARGET_S else "MISSED"
    lines.append(f"  slowest turn: {slowest * 1000:.0f} ms (target <= {TARGET_S * 1000:.0f} ms): {verdict}; "
                 f"disclaimer read {sum(t.disclaimer for t in turns)} time(s); "
                 f"store warnings logged: {outcome.warnings}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.outage", description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("hanging", "refusing"), help="run one scenario")
    parser.add_argument("--strict", action="store_true", help="exit 1 if a turn takes over 1.5 s")
    args = parser.parse_args(argv)
    for name, value in DUMMY_AWS.items():  # never a real account: loopback only
        os.environ.setdefault(name, value)
    missed = False
    for kind in (args.only,) if args.only else ("hanging", "refusing"):
        outcome = scenario(kind)
        print(render(kind, outcome))
        missed = missed or max(t.seconds for t in outcome.turns) > TARGET_S
    return 1 if missed and args.strict else 0


if __name__ == "__main__":
    raise SystemExit(main())
