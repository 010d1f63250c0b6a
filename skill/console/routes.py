"""The console's Flask blueprint: ``GET /console`` (the page, with its static files) and
a small JSON API that goes through the simulator.

=================================  =========================================================
``POST /console/api/session``      ``{user?, listen_ms?}`` -> a new console (one Echo Show):
                                   ``{session, user, listen_ms, invocation}``
``POST /console/api/say``          ``{session, text}``: what the person says
``POST /console/api/event``        ``{session, arguments, token?, source?}``: a touch on the
                                   screen (an APL UserEvent)
``POST /console/api/end``          ``{session, reason?}``: the person walked away
                                   (``EXCEEDED_MAX_REPROMPTS``, the default) or left
                                   (``USER_INITIATED``): a SessionEndedRequest
=================================  =========================================================

``say``, ``event`` and ``end`` answer one turn (see :func:`skill.console.sessions.payload`):
the request and response envelopes, the speech and reprompt as segments, the screen or
null, and whether the Alexa session is still open.

The console sends requests straight to the skill, with no request signature: it answers
only this machine (the client address and the ``Host`` header must be loopback, which
also stops a web page from reaching it through DNS rebinding) and only JSON bodies (a
form or ``text/plain`` post from another site is refused, and a cross-site JSON post
needs a CORS preflight that is never granted). Bad input gets a 4xx with a reason.
"""

from __future__ import annotations

import logging
import re
from importlib import resources
from typing import Any

from flask import Blueprint, Response, request

from skill.console.sessions import Console, Consoles, Invoke, payload
from skill.sim.envelope import DEFAULT_USER_ID, END_REASONS
from skill.state import int_in
from skill.web.config import is_loopback

log = logging.getLogger("skill.console")

MAX_TEXT = 300  # characters in one line said
MAX_ARGUMENTS = 8
MAX_ARGUMENT = 100  # characters in one UserEvent argument
LISTEN_MS = 8000  # an Echo listens about 8 s after an answer, and 8 s after the reprompt
LISTEN_RANGE = (100, 60_000)
SESSION_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
USER_ID = re.compile(r"amzn1\.ask\.account\.[A-Za-z0-9._-]{1,200}")


class Refused(Exception):
    """A console request the API will not serve: ``status`` and a reason for the page."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status


def is_loopback_host(host: str | None) -> bool:
    """True for a ``Host`` header (or address) on 127.0.0.0/8, ::1 or localhost, port ignored."""
    if not host:
        return False
    name = host.strip()
    if name.startswith("["):  # [::1]:8080
        name = name[1:].split("]", 1)[0]
    elif name.count(":") == 1:  # 127.0.0.1:8080, localhost:8080
        name = name.split(":", 1)[0]
    return is_loopback(name)


def console_blueprint(invoke: Invoke, *, limit: int = 32) -> Blueprint:
    """The console, over ``invoke`` (a request envelope -> a response envelope): the same
    skill as the app's Alexa endpoint, called without request verification."""
    consoles = Consoles(invoke, limit=limit)
    static = resources.files("skill.console") / "static"
    console = Blueprint("console", __name__, url_prefix="/console",
                        static_folder=str(static), static_url_path="/static")

    @console.before_request
    def only_this_machine() -> Any:
        if not is_loopback_host(request.remote_addr) or not is_loopback_host(request.host):
            return {"error": "the console answers only this machine: open it at a loopback address, "
                             "e.g. http://127.0.0.1:8080/console"}, 403
        if request.method == "POST" and not request.is_json:
            return {"error": "send JSON (Content-Type: application/json)"}, 415
        return None

    @console.errorhandler(Refused)
    def refused(error: Refused) -> Any:
        return {"error": str(error)}, error.status

    @console.get("")
    @console.get("/")
    def page() -> Any:
        html = (static / "console.html").read_text(encoding="utf-8")
        response = Response(html, mimetype="text/html")
        response.headers["Content-Security-Policy"] = (
            "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; media-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")
        response.cache_control.no_store = True
        return response

    @console.post("/api/session")
    def new_session() -> Any:
        body = _body()
        user = body.get("user", DEFAULT_USER_ID)
        if not isinstance(user, str) or not USER_ID.fullmatch(user):
            raise Refused(400, "user must be an Alexa user id like amzn1.ask.account.local-user")
        listen_ms = _listen_ms(body.get("listen_ms", LISTEN_MS))
        opened = consoles.open(user)
        return {"session": opened.id, "user": user, "listen_ms": listen_ms,
                "invocation": opened.simulator.matcher.invocation_name}

    @console.post("/api/say")
    def say() -> Any:
        body = _body()
        opened = _console(consoles, body)
        text = body.get("text")
        if not isinstance(text, str):
            raise Refused(400, "text is required: what the person says, as a string")
        if not text.strip():
            raise Refused(400, "text is empty: say something")
        if len(text) > MAX_TEXT:
            raise Refused(400, f"text is too long: {len(text)} characters, at most {MAX_TEXT}")
        with opened.lock:
            return _turn(opened, lambda: opened.simulator.say(" ".join(text.split())))

    @console.post("/api/event")
    def event() -> Any:
        body = _body()
        opened = _console(consoles, body)
        arguments = body.get("arguments")
        if (not isinstance(arguments, list) or not 0 < len(arguments) <= MAX_ARGUMENTS
                or not all(isinstance(a, str) and 0 < len(a) <= MAX_ARGUMENT for a in arguments)):
            raise Refused(400, f"arguments must be a list of 1 to {MAX_ARGUMENTS} strings of at most "
                               f"{MAX_ARGUMENT} characters, as the button's SendEvent sends them")
        token = _optional_str(body, "token")
        source = _optional_str(body, "source")
        with opened.lock:
            if not opened.simulator.session_open:
                raise Refused(409, "no Alexa session is open, so the screen is not live: say "
                                   f"'open {opened.simulator.matcher.invocation_name}'")
            return _turn(opened, lambda: opened.simulator.press(arguments, token=token, source_id=source))

    @console.post("/api/end")
    def end() -> Any:
        body = _body()
        opened = _console(consoles, body)
        reason = body.get("reason", "EXCEEDED_MAX_REPROMPTS")
        if reason not in END_REASONS or reason == "ERROR":
            raise Refused(400, "reason must be EXCEEDED_MAX_REPROMPTS (walked away) or USER_INITIATED (left)")
        with opened.lock:
            turn = opened.simulator.end(reason)
            return _no_turn("no Alexa session was open") if turn is None else payload(turn, opened.simulator)

    return console


def _body() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise Refused(400, "the body must be a JSON object")
    return body


def _console(consoles: Consoles, body: dict[str, Any]) -> Console:
    console_id = body.get("session")
    if not isinstance(console_id, str) or not SESSION_ID.fullmatch(console_id):
        raise Refused(400, "session is required: the id POST /console/api/session returned")
    found = consoles.get(console_id)
    if found is None:
        raise Refused(404, "no such console session (it may have been closed to make room): start a new one")
    return found


def _optional_str(body: dict[str, Any], key: str) -> str | None:
    value = body.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > MAX_ARGUMENT:
        raise Refused(400, f"{key} must be a string of at most {MAX_ARGUMENT} characters")
    return value


def _listen_ms(value: Any) -> int:
    low, high = LISTEN_RANGE
    if int_in(value, low, high) is None:
        raise Refused(400, f"listen_ms must be a whole number of milliseconds from {low} to {high}")
    return value


def _turn(console: Console, act: Any) -> dict[str, Any]:
    """Run one turn; a skill that fails closes the session, as Alexa does, and says so."""
    try:
        turn = act()
    except Exception as exc:
        log.exception("the skill failed in a console turn")
        try:
            console.simulator.end("ERROR", error=str(exc)[:200])
        except Exception:  # noqa: BLE001 - already broken; the session is closed either way
            console.simulator.session = None
        return _no_turn("(the skill failed; the session is closed: see the server's log)")
    return payload(turn, console.simulator)


def _no_turn(note: str) -> dict[str, Any]:
    """What the page gets when no turn was played: only a note, and the session closed."""
    return {"line": "", "note": note, "exchanges": [], "speech": [], "reprompt": [], "screen": None,
            "session_open": False}
