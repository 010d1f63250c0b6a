"""``back-routine serve``: run the verified web service on this machine.

This uses Werkzeug's development server. In production run the same app under gunicorn
behind HTTPS, configured by the same environment variables:
``gunicorn --bind 127.0.0.1:8080 'skill.web:create_app()'``.
"""

from __future__ import annotations

import argparse
import sys

from skill.web.config import ConfigError, Settings, load_settings


def add_arguments(parser: argparse.ArgumentParser) -> None:
    d = Settings()
    parser.add_argument("--host", help=f"address to listen on [BACK_ROUTINE_HOST; {d.host}]")
    parser.add_argument("--port", help=f"port to listen on [BACK_ROUTINE_PORT; {d.port}]")
    parser.add_argument(
        "--store",
        help="'memory:', 'dynamodb:TABLE' or a SQLite file [BACK_ROUTINE_STORE; "
        "a file in the user data directory]",
    )
    parser.add_argument(
        "--skill-id",
        action="append",
        help="skill ID to answer; repeat or comma-separate for several [SKILL_ID]",
    )
    parser.add_argument(
        "--insecure-skip-verification",
        action="store_true",
        help="do not verify that requests come from Alexa; local testing only "
        "[BACK_ROUTINE_VERIFY=0]",
    )
    parser.add_argument(
        "--console",
        action="store_true",
        help="also serve the voice console at /console (talk to the skill in a browser); it sends no "
        "request signature, so the service then listens on loopback only; POST / keeps its checks",
    )
    parser.add_argument(
        "--max-body", help=f"largest request body in bytes [BACK_ROUTINE_MAX_BODY; {d.max_body}]"
    )
    parser.add_argument(
        "--log-level", help=f"DEBUG, INFO, WARNING or ERROR [BACK_ROUTINE_LOG_LEVEL; {d.log_level}]"
    )


def run(args: argparse.Namespace) -> int:
    config = {
        "HOST": args.host,
        "PORT": args.port,
        "STORE": args.store,
        "SKILL_ID": args.skill_id,
        "VERIFY": False if args.insecure_skip_verification else None,
        "MAX_BODY": args.max_body,
        "LOG_LEVEL": args.log_level,
        "CONSOLE": True if args.console else None,
    }
    from skill.stores.keys import StoreError

    try:
        settings = load_settings(config)
        from skill.web.app import create_app

        app = create_app(config)
    except (ConfigError, StoreError) as error:  # a store spec without its table or path, too
        print(f"back-routine serve: {error}", file=sys.stderr)
        return 2
    if settings.console:
        host = f"[{settings.host}]" if ":" in settings.host else settings.host
        print(f"Voice console: http://{host}:{settings.port}/console", file=sys.stderr)
    app.run(host=settings.host, port=settings.port, threaded=True)
    return 0
