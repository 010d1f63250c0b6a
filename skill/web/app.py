"""The Flask app: ``POST /`` for Alexa request envelopes, ``GET /health`` for monitors,
``GET /privacy`` and ``GET /terms`` for the privacy policy and terms of use (plain HTML
pages, the URLs a self-hoster gives the skill's manifest), and with ``CONSOLE`` (``back-routine
serve --console``, loopback only) the voice console at ``/console`` (see skill.console).

Every request is verified (see skill.web.verify) before the skill sees it. A request that
fails a check gets 400 with a short JSON reason; a body over the limit gets 413; a request
the skill fails on gets a spoken apology. Nothing gets a 500.
"""

from __future__ import annotations

import functools
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any

from ask_sdk_webservice_support import verifier_constants as amazon
from flask import Flask, Response, jsonify, request
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from skill.web.config import Settings, load_settings
from skill.web.verify import RequestRefused, Verifier, check_skill_id

log = logging.getLogger("skill.web")

Handler = Callable[[dict[str, Any]], dict[str, Any]]

WARNING = """
################################################################################
#  REQUEST VERIFICATION IS OFF (--insecure-skip-verification, VERIFY=0).
#  Anyone who can reach this service can talk to the skill, as any user.
#  Use this for local testing only, never on the internet.
################################################################################"""


def create_app(config: Mapping[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` overrides the environment (keys: see skill.web.config; and
    ``CONSOLE``, which has no environment variable),
    and may also inject ``SKILL`` (an ask-sdk skill, or a function from request envelope to
    response envelope) and ``VERIFIER`` (a skill.web.verify.Verifier)."""
    config = dict(config or {})
    settings = load_settings(config)
    _configure_logging(settings.log_level)
    app = Flask(__name__)
    app.config.from_mapping(config)
    # One byte over the limit, so that a chunked body (no Content-Length) that Werkzeug cuts
    # short at the limit is told apart from one that fits.
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body + 1
    app.extensions["back_routine"] = settings
    handle = _handler(config.get("SKILL"), settings)
    verifier: Verifier | None = None
    if settings.verify:
        verifier = config.get("VERIFIER") or Verifier()
    else:
        log.warning(WARNING)

    if settings.console:
        from skill.console.routes import console_blueprint

        app.register_blueprint(console_blueprint(handle))

    @app.get("/health")
    def health() -> Any:
        return {"status": "ok"}

    @app.get("/privacy")
    def privacy() -> Any:
        return _document("privacy")

    @app.get("/terms")
    def terms() -> Any:
        return _document("terms")

    @app.post("/")
    def alexa() -> Any:
        body = request.get_data(cache=False)  # 413 if Content-Length is past the limit
        if len(body) > settings.max_body:
            raise RequestEntityTooLarge()
        try:
            if verifier:
                verifier.check_signature(
                    request.headers.get(amazon.SIGNATURE_CERT_CHAIN_URL_HEADER),
                    request.headers.get(amazon.SIGNATURE_HEADER),
                    body,
                )
            envelope = parse_envelope(body)
            if verifier:
                verifier.check_timestamp(envelope)
            if settings.skill_ids:
                check_skill_id(envelope, settings.skill_ids)
            elif verifier:  # --console without --skill-id: the console works, this door answers no skill
                raise RequestRefused("no skill ID configured: start the service with --skill-id (SKILL_ID) "
                                     "to answer Alexa")
        except RequestRefused as refusal:
            log.info("refused a request from %s: %s", request.remote_addr, refusal)
            return {"error": str(refusal)[:200]}, 400
        try:
            return jsonify(handle(envelope))
        except Exception:
            log.exception("the skill failed on a %s", envelope["request"]["type"])
            from skill.sorry import sorry_envelope  # importing skill.web loads no engine or content

            return sorry_envelope()

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Any:
        code = error.code if error.code and error.code < 500 else 400
        return {"error": error.name}, code

    @app.errorhandler(Exception)
    def any_error(error: Exception) -> Any:
        log.exception("unexpected error on %s %s", request.method, request.path)
        return {"error": "bad request"}, 400

    return app


def _document(name: str) -> Response:
    from skill import legal

    response = Response(legal.page(name), mimetype="text/html")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response


def parse_envelope(body: bytes) -> dict[str, Any]:
    try:
        envelope = json.loads(body)
    except (ValueError, RecursionError):  # ValueError includes UnicodeDecodeError
        raise RequestRefused("body is not JSON") from None
    if not (
        isinstance(envelope, dict)
        and isinstance(envelope.get("request"), dict)
        and isinstance(envelope["request"].get("type"), str)
    ):
        raise RequestRefused("body is not an Alexa request envelope")
    return envelope


def _handler(skill: Any, settings: Settings) -> Handler:
    if skill is None:
        from skill.factory import build_skill
        from skill.stores import check_store, open_store

        store = open_store(settings.store)
        check_store(store)
        skill = build_skill(store=store)
    if callable(skill):
        return skill
    from skill.factory import invoke

    return functools.partial(invoke, skill)


def _configure_logging(level: str) -> None:
    from skill.logs import configure

    configure(level)
