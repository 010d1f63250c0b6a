"""Amazon DynamoDB store: ask-sdk's ``DynamoDbAdapter`` behind a lazy, thread-safe wrapper.

One item per user, ``{"id": <user id>, "attributes": {...}}``, the adapter's own shape,
so a table written by either can be read by the other. The adapter module builds a
boto3 resource in a default argument when it is imported (``NoRegionError`` where no
region is set, and about 200 ms), so neither boto3 nor the adapter is imported here:
both are loaded on first use, and the adapter gets our own resource.

That resource gives up quickly, so that a store that is down costs a turn at most about
1 s and the person still gets an answer well inside Alexa's 8 s: each call waits 0.5 s to
connect (TCP and TLS) and 0.5 s for an answer, and is made at most twice in all (one
retry, 50 ms later; botocore's "legacy" retry mode, whose DynamoDB delays do not change
with the botocore version that Lambda's runtime ships). A store that accepts connections
and never answers costs a read 2 x 0.5 s + 50 ms; after a failed read the turn writes
nothing (see :mod:`skill.handlers`). DynamoDB answers a GetItem or PutItem in a few
milliseconds, so 0.5 s is far from its normal latency.

Numbers go in as ``Decimal`` (boto3 refuses ``float``) and come back as ``int`` or
``float``. Every failure (the adapter's ``PersistenceException``, botocore errors, values
DynamoDB cannot hold) becomes ``StoreError``; a missing table says so.

``BACK_ROUTINE_DYNAMODB_ENDPOINT`` points the store at a local DynamoDB-compatible
server (moto, dynalite, DynamoDB Local); with one, the region defaults to us-east-1.
"""

from __future__ import annotations

import math
import os
import threading
from decimal import Decimal, DecimalException
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter
from ask_sdk_core.exceptions import PersistenceException

from skill.stores.keys import StoreError, user_key

ENDPOINT_ENV = "BACK_ROUTINE_DYNAMODB_ENDPOINT"
PARTITION_KEY = "id"
ATTRIBUTES = "attributes"
ADAPTER_MODULE = "ask_sdk_dynamodb.adapter"
CONNECT_TIMEOUT_S = 0.5  # to open a connection (TCP and TLS)
READ_TIMEOUT_S = 0.5  # for an answer, once the request is sent
MAX_ATTEMPTS = 2  # attempts of one call in all: one retry

_import_lock = threading.Lock()


def to_dynamo(value: Any) -> Any:
    """JSON-like data with every number as ``Decimal``; refuses what JSON cannot hold."""
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise StoreError(f"cannot store the number {value!r}")
        return Decimal(repr(value))
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            if not isinstance(key, str):
                raise StoreError(f"cannot store a mapping key of type {type(key).__name__}")
            out[key] = to_dynamo(item)
        return out
    if isinstance(value, (list, tuple)):
        return [to_dynamo(item) for item in value]
    raise StoreError(f"cannot store a value of type {type(value).__name__}")


def from_dynamo(value: Any) -> Any:
    """The inverse of ``to_dynamo``: ``Decimal`` back to ``int`` or ``float``."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {key: from_dynamo(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        return [from_dynamo(item) for item in value]
    return value


def _import_adapter_class(session: Any) -> Any:
    """``DynamoDbAdapter``, importing its module with ``session`` as boto3's default.

    The module evaluates ``boto3.resource("dynamodb")`` once, at import, from boto3's
    default session. Lending it our session (which has a region) keeps that from raising
    ``NoRegionError`` and shares its loaded service model with the resource we build.
    boto3's own default session is put back afterwards.
    """
    import sys

    if ADAPTER_MODULE not in sys.modules:
        import boto3

        with _import_lock:
            if ADAPTER_MODULE not in sys.modules:
                previous = boto3.DEFAULT_SESSION
                boto3.DEFAULT_SESSION = session
                try:
                    import ask_sdk_dynamodb.adapter  # noqa: F401
                finally:
                    boto3.DEFAULT_SESSION = previous
    from ask_sdk_dynamodb.adapter import DynamoDbAdapter

    return DynamoDbAdapter


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and what it was raised from or while handling, outermost first."""
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    return chain


class DynamoDbStore(AbstractPersistenceAdapter):
    def __init__(
        self,
        table_name: str,
        endpoint_url: str | None = None,
        region_name: str | None = None,
        connect_timeout_s: float = CONNECT_TIMEOUT_S,
        read_timeout_s: float = READ_TIMEOUT_S,
        max_attempts: int = MAX_ATTEMPTS,
    ) -> None:
        """``max_attempts`` counts every attempt of a call, the first one included."""
        if not table_name:
            raise StoreError("the DynamoDB store needs a table name (dynamodb:TABLE)")
        self.table_name = table_name
        self.endpoint_url = endpoint_url or os.environ.get(ENDPOINT_ENV) or None
        self.region_name = region_name
        self.connect_timeout_s = connect_timeout_s
        self.read_timeout_s = read_timeout_s
        self.max_attempts = max_attempts
        self._adapter: AbstractPersistenceAdapter | None = None
        self._lock = threading.Lock()

    def _region(self) -> str | None:
        return (
            self.region_name
            or os.environ.get("AWS_REGION")
            or os.environ.get("AWS_DEFAULT_REGION")
            or ("us-east-1" if self.endpoint_url else None)
        )

    def adapter(self) -> AbstractPersistenceAdapter:
        """ask-sdk's ``DynamoDbAdapter`` on our own boto3 resource, built once (thread-safe)."""
        adapter = self._adapter
        if adapter is not None:
            return adapter
        with self._lock:
            if self._adapter is not None:
                return self._adapter
            try:
                import boto3
                from botocore.config import Config
            except ImportError as exc:
                raise StoreError(f"the DynamoDB store needs boto3 ({exc})") from exc
            config = Config(
                connect_timeout=self.connect_timeout_s,
                read_timeout=self.read_timeout_s,
                retries={"total_max_attempts": self.max_attempts, "mode": "legacy"},
            )
            try:
                session = boto3.session.Session(region_name=self._region())
                adapter_class = _import_adapter_class(session)
                resource = session.resource("dynamodb", endpoint_url=self.endpoint_url, config=config)
                self._adapter = adapter_class(
                    table_name=self.table_name,
                    partition_key_name=PARTITION_KEY,
                    attribute_name=ATTRIBUTES,
                    create_table=False,
                    partition_keygen=user_key,
                    dynamodb_resource=resource,
                )
            except ImportError as exc:
                raise StoreError(
                    f"the DynamoDB store needs ask-sdk-dynamodb-persistence-adapter ({exc})"
                ) from exc
            except Exception as exc:  # NoRegionError, a bad endpoint URL, ...
                raise StoreError(f"cannot open DynamoDB table {self.table_name}: {exc}") from exc
            return self._adapter

    def _fail(self, doing: str, exc: BaseException) -> StoreError:
        """A ``StoreError`` naming the root cause of an adapter failure."""
        causes = _causes(exc)
        for cause in causes:
            if isinstance(cause, StoreError):  # from our key generator: no user in the request
                return StoreError(str(cause))
            code = getattr(cause, "response", {}).get("Error", {}).get("Code")
            if code == "ResourceNotFoundException":
                return StoreError(f"cannot {doing} DynamoDB: table {self.table_name} does not exist")
        # The adapter's message only wraps the error it caught; name that error instead.
        cause = next((c for c in causes if not isinstance(c, PersistenceException)), exc)
        return StoreError(f"cannot {doing} DynamoDB table {self.table_name}: {cause}")

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        adapter = self.adapter()
        try:
            stored = adapter.get_attributes(request_envelope)
        except Exception as exc:  # PersistenceException wrapping botocore's errors
            raise self._fail("read", exc) from exc
        try:
            body = from_dynamo(stored)
        except (TypeError, ValueError, DecimalException) as exc:
            raise StoreError(f"a stored item in {self.table_name} cannot be read: {exc}") from exc
        return body if isinstance(body, dict) else {}

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        body = to_dynamo(dict(attributes))
        adapter = self.adapter()
        try:
            adapter.save_attributes(request_envelope, body)
        except Exception as exc:  # PersistenceException wrapping botocore's errors
            raise self._fail("write", exc) from exc

    def delete_attributes(self, request_envelope: Any) -> None:
        adapter = self.adapter()
        try:
            adapter.delete_attributes(request_envelope)
        except Exception as exc:  # PersistenceException wrapping botocore's errors
            raise self._fail("write", exc) from exc
