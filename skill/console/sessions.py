"""The console's conversations: one simulated Echo Show per browser tab, kept in memory.

Each console session holds a :class:`skill.sim.Simulator` (with a screen), so a line
typed or spoken in the page goes exactly the way ``back-routine chat`` sends it:
utterance -> request envelope -> skill. At most ``limit`` are kept; making room closes
the least recently used one (its open Alexa session gets the SessionEndedRequest a walk
away sends, so the skill saves the place).
"""

from __future__ import annotations

import logging
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from skill.console.speech import screen, segments
from skill.sim import Exchange, Simulator, Turn

log = logging.getLogger("skill.console")

Invoke = Callable[[dict[str, Any]], dict[str, Any]]


@dataclass
class Console:
    """One browser tab's Echo: its simulator, and a lock so that its turns go one by one."""

    id: str
    simulator: Simulator
    lock: threading.Lock = field(default_factory=threading.Lock)


class Consoles:
    """The open console sessions, oldest use first."""

    def __init__(self, invoke: Invoke, *, limit: int = 32, locale: str = "en-US") -> None:
        if limit < 1:
            raise ValueError("limit must be at least 1")
        self._invoke = invoke
        self.limit = limit
        self.locale = locale
        self._consoles: OrderedDict[str, Console] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._consoles)

    def open(self, user_id: str) -> Console:
        console = Console(secrets.token_urlsafe(16), Simulator(
            invoke=self._invoke, user_id=user_id, locale=self.locale, screen=True))
        with self._lock:
            self._consoles[console.id] = console
            evicted = []
            while len(self._consoles) > self.limit:
                evicted.append(self._consoles.popitem(last=False)[1])
        for old in evicted:
            close_quietly(old)
        return console

    def get(self, console_id: str) -> Console | None:
        with self._lock:
            console = self._consoles.get(console_id)
            if console is not None:
                self._consoles.move_to_end(console_id)
            return console


def close_quietly(console: Console) -> None:
    """Close an evicted console's Alexa session, as a walk away would."""
    with console.lock:
        try:
            console.simulator.end("EXCEEDED_MAX_REPROMPTS")
        except Exception:  # noqa: BLE001 - it is gone either way; the skill logged its own failure
            log.warning("closing an evicted console session failed", exc_info=True)
            console.simulator.session = None


def _exchange(exchange: Exchange) -> dict[str, Any]:
    return {"request": exchange.request, "response": exchange.response}


def _card(response: Any) -> dict[str, Any] | None:
    card = response.get("response", {}).get("card") if isinstance(response, dict) else None
    if not isinstance(card, dict):
        return None
    return {"type": card.get("type"), "title": card.get("title"), "content": card.get("content") or card.get("text")}


def payload(turn: Turn, simulator: Simulator) -> dict[str, Any]:
    """What the page needs of one turn: what to play and draw, and the raw JSON."""
    last = turn.exchanges[-1] if turn.exchanges else None
    output = last.output if last is not None else {}
    reprompt = output.get("reprompt")
    reprompt = reprompt if isinstance(reprompt, dict) else {}
    understood = None
    if turn.match is not None:
        understood = {"intent": turn.match.intent, "source": turn.match.source, "sample": turn.match.sample}
    return {
        "line": turn.line,
        "note": turn.note,
        "understood": understood,
        "exchanges": [_exchange(e) for e in turn.exchanges],
        "request_type": last.request_type if last is not None else None,
        "text": last.speech if last is not None else "",
        "speech": segments(output.get("outputSpeech")),
        "reprompt": segments(reprompt.get("outputSpeech")),
        "screen": screen(last.response) if last is not None else None,
        "card": _card(last.response) if last is not None else None,
        "session_open": simulator.session_open,
    }
