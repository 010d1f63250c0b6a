"""AWS Lambda entry point: ``skill.lambda_function.handler``.

Importing this module loads nothing heavy. The skill is built on the first call and
kept for the life of the container; its store comes from ``BACK_ROUTINE_STORE``
(``dynamodb:TABLE`` in template.yaml), so boto3 is loaded only when the store is first
used. Nothing from Flask is imported on this path.
"""

from __future__ import annotations

import os
import threading
from typing import Any

_skill: Any = None
_lock = threading.Lock()


def get_skill() -> Any:
    """The skill for this container, built once on first use."""
    global _skill
    if _skill is None:
        with _lock:
            if _skill is None:
                from skill.factory import build_skill
                from skill.logs import configure
                from skill.stores import open_store

                configure(os.environ.get("BACK_ROUTINE_LOG_LEVEL", "INFO"))
                _skill = build_skill(store=open_store())
    return _skill


def reset() -> None:
    """Forget the cached skill (tests change the environment between builds)."""
    global _skill
    with _lock:
        _skill = None


def handler(event: dict[str, Any], context: Any = None) -> dict[str, Any]:
    from skill.factory import invoke

    return invoke(get_skill(), event, context)
