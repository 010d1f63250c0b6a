"""The partition key of a request: the Alexa user id."""

from __future__ import annotations

from typing import Any


class StoreError(Exception):
    """The store could not be read or written."""


def user_key(request_envelope: Any) -> str:
    """The user id of a request envelope, from the context or else the session."""
    context = getattr(request_envelope, "context", None)
    system = getattr(context, "system", None)
    user = getattr(system, "user", None)
    if user is None:
        session = getattr(request_envelope, "session", None)
        user = getattr(session, "user", None)
    user_id = getattr(user, "user_id", None)
    if not isinstance(user_id, str) or not user_id:
        raise StoreError("the request names no user")
    return user_id
