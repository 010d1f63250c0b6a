"""The partition key of a request: the Alexa user id."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any


class StoreError(Exception):
    """The store could not be read or written."""


def user_key(request_envelope: Any) -> str:
    """The user id of a request envelope, from the context or else the session (or the
    key of another of the user's records: :func:`history_envelope`). A user id with a
    "#" (never an Alexa one) is refused, so that none can name another's history."""
    record_key = getattr(request_envelope, "record_key", None)
    if isinstance(record_key, str):
        return record_key
    context = getattr(request_envelope, "context", None)
    system = getattr(context, "system", None)
    user = getattr(system, "user", None)
    if user is None:
        session = getattr(request_envelope, "session", None)
        user = getattr(session, "user", None)
    user_id = getattr(user, "user_id", None)
    if not isinstance(user_id, str) or not user_id:
        raise StoreError("the request names no user")
    if "#" in user_id:
        raise StoreError("not a user id: it has a '#'")
    return user_id


HISTORY_SUFFIX = "#history"


def history_envelope(request_envelope: Any) -> Any:
    """Just enough of a request envelope for a store to find the history record of its
    user, ``<user id>#history``: that record is read, written and deleted through the
    same persistence adapter (the same SQLite file or DynamoDB table) as the profile."""
    return SimpleNamespace(record_key=user_key(request_envelope) + HISTORY_SUFFIX)
