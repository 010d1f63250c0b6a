"""Amazon DynamoDB store: one item per user, ``{"id": <user id>, "attributes": {...}}``.

The item shape is the one ask-sdk's DynamoDB adapter uses, so a table written by
either can be read by the other. boto3 is imported and the client built on first use,
never at import, so a Lambda cold start that does not touch the store does not pay
for it. Numbers travel as ``Decimal`` (DynamoDB's rule) and come back as ``int`` or
``float``. Every boto3/botocore failure becomes ``StoreError``. Timeouts are short
(1 s, one retry) so that a read and a write together stay inside Alexa's 8 s deadline.

``BACK_ROUTINE_DYNAMODB_ENDPOINT`` points the store at a local DynamoDB-compatible
server (moto, dynalite, DynamoDB Local).
"""

from __future__ import annotations

import math
import os
import threading
from decimal import Decimal, DecimalException
from typing import Any

from ask_sdk_core.attributes_manager import AbstractPersistenceAdapter

from skill.stores.keys import StoreError, user_key

ENDPOINT_ENV = "BACK_ROUTINE_DYNAMODB_ENDPOINT"
PARTITION_KEY = "id"
ATTRIBUTES = "attributes"


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


class DynamoDbStore(AbstractPersistenceAdapter):
    def __init__(
        self,
        table_name: str,
        endpoint_url: str | None = None,
        region_name: str | None = None,
        connect_timeout_s: float = 1.0,
        read_timeout_s: float = 1.0,
        max_attempts: int = 2,
    ) -> None:
        if not table_name:
            raise StoreError("the DynamoDB store needs a table name (dynamodb:TABLE)")
        self.table_name = table_name
        self.endpoint_url = endpoint_url or os.environ.get(ENDPOINT_ENV) or None
        self.region_name = region_name
        self.connect_timeout_s = connect_timeout_s
        self.read_timeout_s = read_timeout_s
        self.max_attempts = max_attempts
        self._client: Any = None
        self._errors: tuple[type[BaseException], ...] = ()
        self._serializer: Any = None
        self._deserializer: Any = None
        self._lock = threading.Lock()

    def _connect(self) -> Any:
        """The botocore client (thread-safe), built once, on first use."""
        client = self._client
        if client is not None:
            return client
        with self._lock:
            if self._client is not None:
                return self._client
            try:
                import boto3
                from boto3.dynamodb.types import TypeDeserializer, TypeSerializer
                from botocore.config import Config
                from botocore.exceptions import BotoCoreError, ClientError
            except ImportError as exc:
                raise StoreError(f"the DynamoDB store needs boto3 ({exc})") from exc
            region = (
                self.region_name
                or os.environ.get("AWS_REGION")
                or os.environ.get("AWS_DEFAULT_REGION")
                or ("us-east-1" if self.endpoint_url else None)
            )
            config = Config(
                connect_timeout=self.connect_timeout_s,
                read_timeout=self.read_timeout_s,
                retries={"max_attempts": self.max_attempts, "mode": "standard"},
            )
            try:
                client = boto3.session.Session().client(
                    "dynamodb", region_name=region, endpoint_url=self.endpoint_url, config=config
                )
            except (BotoCoreError, ClientError, ValueError) as exc:
                raise StoreError(f"cannot open DynamoDB table {self.table_name}: {exc}") from exc
            self._errors = (BotoCoreError, ClientError)
            self._serializer = TypeSerializer()
            self._deserializer = TypeDeserializer()
            self._client = client
            return client

    def _fail(self, doing: str, exc: BaseException) -> StoreError:
        code = getattr(exc, "response", {}).get("Error", {}).get("Code")
        if code == "ResourceNotFoundException":
            return StoreError(f"cannot {doing} DynamoDB: table {self.table_name} does not exist")
        return StoreError(f"cannot {doing} DynamoDB table {self.table_name}: {exc}")

    def _key(self, request_envelope: Any) -> dict[str, Any]:
        return {PARTITION_KEY: {"S": user_key(request_envelope)}}

    def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
        key = self._key(request_envelope)
        client = self._connect()
        try:
            reply = client.get_item(TableName=self.table_name, Key=key, ConsistentRead=True)
        except self._errors as exc:
            raise self._fail("read", exc) from exc
        stored = reply.get("Item", {}).get(ATTRIBUTES)
        if not stored:
            return {}
        try:
            body = from_dynamo(self._deserializer.deserialize(stored))
        except (TypeError, ValueError, DecimalException) as exc:
            raise StoreError(f"a stored item in {self.table_name} cannot be read: {exc}") from exc
        return body if isinstance(body, dict) else {}

    def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
        key = self._key(request_envelope)
        client = self._connect()
        try:
            body = self._serializer.serialize(to_dynamo(dict(attributes)))
        except (TypeError, ValueError, DecimalException) as exc:
            raise StoreError(f"cannot store these attributes in DynamoDB: {exc}") from exc
        try:
            client.put_item(TableName=self.table_name, Item={**key, ATTRIBUTES: body})
        except self._errors as exc:
            raise self._fail("write", exc) from exc

    def delete_attributes(self, request_envelope: Any) -> None:
        key = self._key(request_envelope)
        client = self._connect()
        try:
            client.delete_item(TableName=self.table_name, Key=key)
        except self._errors as exc:
            raise self._fail("write", exc) from exc
