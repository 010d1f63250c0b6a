"""DynamoDbStore and the Lambda handler against a real local DynamoDB-compatible server.

The server is moto's standalone mode, started once per session on a free loopback port:
``python -m moto.server -p PORT -H 127.0.0.1``.
"""

from __future__ import annotations

import logging
import os
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from support import stop

from skill.stores.dynamodb import DynamoDbStore, from_dynamo
from skill.stores.keys import StoreError

pytestmark = pytest.mark.integration

boto3 = pytest.importorskip("boto3", reason="boto3 is needed to talk to the local DynamoDB")

ROOT = Path(__file__).resolve().parents[2]

DUMMY_AWS_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_DEFAULT_REGION": "us-east-1",
    "AWS_REGION": "us-east-1",
    "AWS_CONFIG_FILE": "/nonexistent/aws-config",
    "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/aws-credentials",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def dynamodb_endpoint() -> Iterator[str]:
    """The URL of a moto server on loopback, stopped at the end of the session."""
    try:
        import moto.server  # noqa: F401
    except ImportError as exc:
        pytest.skip(f"moto[server] is not installed, so no local DynamoDB can run: {exc}")
    port = _free_port()
    command = [sys.executable, "-m", "moto.server", "-p", str(port), "-H", "127.0.0.1"]
    proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            if proc.poll() is not None:
                err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
                pytest.fail(f"moto server exited with {proc.returncode}: {err[-2000:]}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"moto server did not answer on {url} within 30 s")
                time.sleep(0.1)
        yield url
    finally:
        stop(proc)
        if proc.stderr:
            proc.stderr.close()


@pytest.fixture
def aws_env(monkeypatch: pytest.MonkeyPatch, dynamodb_endpoint: str) -> str:
    """Dummy credentials, no real AWS config, and the store pointed at the moto server."""
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    monkeypatch.delenv("AWS_SESSION_TOKEN", raising=False)
    for name, value in DUMMY_AWS_ENV.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BACK_ROUTINE_DYNAMODB_ENDPOINT", dynamodb_endpoint)
    return dynamodb_endpoint


def _client(endpoint: str) -> Any:
    return boto3.client("dynamodb", endpoint_url=endpoint, region_name="us-east-1")


@pytest.fixture
def table(aws_env: str) -> str:
    """A fresh table with the template's key schema; each test gets its own."""
    name = f"progress-{uuid.uuid4().hex[:12]}"
    _client(aws_env).create_table(
        TableName=name,
        AttributeDefinitions=[{"AttributeName": "id", "AttributeType": "S"}],
        KeySchema=[{"AttributeName": "id", "KeyType": "HASH"}],
        BillingMode="PAY_PER_REQUEST",
    )
    return name


def envelope_for(user_id: str) -> Any:
    """Just enough of a request envelope for ``user_key``."""
    user = SimpleNamespace(user_id=user_id)
    return SimpleNamespace(context=SimpleNamespace(system=SimpleNamespace(user=user)))


ALICE = envelope_for("amzn1.ask.account.ALICE")
BOB = envelope_for("amzn1.ask.account.BOB")

RICH = {
    "position": 3,
    "completed": 12,
    "big": 2**62,
    "negative": -7,
    "ratio": 0.1,
    "pace": 1.5e-7,
    "done": True,
    "skipped": False,
    "nothing": None,
    "name": "Zoë – 背中 🧘",
    "empty": "",
    "history": [1, 2.5, "three", [4, {"five": 5}], [], {}],
    "nested": {"routine": {"steps": ["cat-cow", "bridge"], "level": 2}, "none": None},
}


def test_first_time_user_has_no_attributes(table: str) -> None:
    assert DynamoDbStore(table_name=table).get_attributes(ALICE) == {}


def test_round_trip_keeps_numbers_nesting_and_unicode(table: str) -> None:
    store = DynamoDbStore(table_name=table)
    store.save_attributes(ALICE, RICH)
    got = DynamoDbStore(table_name=table).get_attributes(ALICE)  # a new client reads it back
    assert got == RICH
    assert type(got["position"]) is int and type(got["big"]) is int
    assert type(got["ratio"]) is float and got["ratio"] == 0.1
    assert type(got["history"][1]) is float


def test_overwrite_delete_and_users_kept_apart(table: str) -> None:
    store = DynamoDbStore(table_name=table)
    store.save_attributes(ALICE, {"position": 1})
    store.save_attributes(BOB, {"position": 9})
    store.save_attributes(ALICE, {"position": 2})
    assert store.get_attributes(ALICE) == {"position": 2}
    assert store.get_attributes(BOB) == {"position": 9}
    store.delete_attributes(ALICE)
    assert store.get_attributes(ALICE) == {}
    assert store.get_attributes(BOB) == {"position": 9}
    store.delete_attributes(ALICE)  # deleting what is not there is fine


def test_item_shape_is_id_and_attributes_map(table: str, aws_env: str) -> None:
    DynamoDbStore(table_name=table).save_attributes(ALICE, {"position": 4, "r": 0.5})
    item = _client(aws_env).get_item(TableName=table, Key={"id": {"S": "amzn1.ask.account.ALICE"}})
    assert item["Item"] == {
        "id": {"S": "amzn1.ask.account.ALICE"},
        "attributes": {"M": {"position": {"N": "4"}, "r": {"N": "0.5"}}},
    }


def test_lazy_init_is_thread_safe(table: str) -> None:
    store = DynamoDbStore(table_name=table)
    store.save_attributes(BOB, {"n": 1})
    fresh = DynamoDbStore(table_name=table)
    barrier = threading.Barrier(8)
    results: list[Any] = []

    def worker() -> None:
        barrier.wait()
        try:
            results.append(fresh.get_attributes(BOB))
        except Exception as exc:  # collected and reported below
            results.append(exc)

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [{"n": 1}] * 8


@pytest.mark.parametrize(
    "bad",
    [{"x": float("nan")}, {"x": float("inf")}, {"x": {1, 2}}, {"x": object()}, {"x": {1: "a"}}],
)
def test_values_dynamodb_cannot_hold_raise_store_error(table: str, bad: dict[str, Any]) -> None:
    with pytest.raises(StoreError):
        DynamoDbStore(table_name=table).save_attributes(ALICE, bad)


# -- it is ask-sdk's DynamoDbAdapter underneath ------------------------------------------


@pytest.fixture
def adapter_module(aws_env: str) -> Any:
    """``ask_sdk_dynamodb.adapter``, imported only once a region is set (it needs one)."""
    return pytest.importorskip("ask_sdk_dynamodb.adapter", reason="the ask-sdk DynamoDB adapter is not installed")


def plain_adapter(adapter_module: Any, table: str, endpoint: str) -> Any:
    """A ``DynamoDbAdapter`` configured the way the ask-sdk documentation shows, on its own resource."""
    resource = boto3.resource("dynamodb", endpoint_url=endpoint, region_name="us-east-1")
    return adapter_module.DynamoDbAdapter(table_name=table, create_table=False, dynamodb_resource=resource)


def test_store_is_a_wrapper_around_the_ask_sdk_adapter(
    table: str, aws_env: str, adapter_module: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []
    adapter_class = adapter_module.DynamoDbAdapter
    for name in ("get_attributes", "save_attributes", "delete_attributes"):
        original = getattr(adapter_class, name)

        def spy(self: Any, *args: Any, _name: str = name, _original: Any = original) -> Any:
            calls.append(_name)
            return _original(self, *args)

        monkeypatch.setattr(adapter_class, name, spy)

    store = DynamoDbStore(table_name=table)
    store.save_attributes(ALICE, {"position": 1})
    assert store.get_attributes(ALICE) == {"position": 1}
    store.delete_attributes(ALICE)
    assert calls == ["save_attributes", "get_attributes", "delete_attributes"]

    adapter = store.adapter()
    assert type(adapter) is adapter_class
    assert (adapter.table_name, adapter.partition_key_name, adapter.attribute_name) == (table, "id", "attributes")
    assert adapter.create_table is False
    client_meta = adapter.dynamodb.meta.client.meta
    assert client_meta.endpoint_url == aws_env  # our resource, not the one built at import
    assert client_meta.config.connect_timeout == 0.5 and client_meta.config.read_timeout == 0.5


def test_plain_adapter_and_store_read_each_other(table: str, aws_env: str, adapter_module: Any) -> None:
    plain = plain_adapter(adapter_module, table, aws_env)
    plain.save_attributes(BOB, {"position": Decimal(5), "ratio": Decimal("0.25"), "steps": ["cat-cow", Decimal(2)]})
    got = DynamoDbStore(table_name=table).get_attributes(BOB)
    assert got == {"position": 5, "ratio": 0.25, "steps": ["cat-cow", 2]}
    assert type(got["position"]) is int and type(got["ratio"]) is float and type(got["steps"][1]) is int

    DynamoDbStore(table_name=table).save_attributes(ALICE, RICH)
    raw = plain.get_attributes(ALICE)
    assert raw["position"] == Decimal(3) and isinstance(raw["position"], Decimal)
    assert raw["ratio"] == Decimal("0.1")
    assert from_dynamo(raw) == RICH


def test_local_endpoint_needs_no_region_and_leaves_boto3_default_session_alone(table: str, aws_env: str) -> None:
    """The adapter module builds a resource at import; with no region set that must not fail."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("AWS_REGION", None)
    env.pop("AWS_DEFAULT_REGION", None)
    code = (
        "import boto3, sys\n"
        "from types import SimpleNamespace as NS\n"
        "from skill.stores.dynamodb import DynamoDbStore\n"
        "env = NS(context=NS(system=NS(user=NS(user_id='amzn1.ask.account.NOREGION'))))\n"
        f"store = DynamoDbStore(table_name={table!r})\n"
        "store.save_attributes(env, {'position': 7})\n"
        "assert store.get_attributes(env) == {'position': 7}\n"
        "assert 'ask_sdk_dynamodb.adapter' in sys.modules\n"
        "assert boto3.DEFAULT_SESSION is None, boto3.DEFAULT_SESSION\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr


# -- faults ----------------------------------------------------------------------------


@pytest.mark.parametrize("operation", ["get", "save", "delete"])
def test_missing_table_is_a_store_error(aws_env: str, operation: str) -> None:
    store = DynamoDbStore(table_name="no-such-table")
    with pytest.raises(StoreError, match="no-such-table") as caught:
        if operation == "get":
            store.get_attributes(ALICE)
        elif operation == "save":
            store.save_attributes(ALICE, {"position": 1})
        else:
            store.delete_attributes(ALICE)
    assert "does not exist" in str(caught.value)
    assert type(caught.value) is StoreError  # not a botocore exception leaking through


def test_server_down_is_a_store_error(aws_env: str) -> None:
    dead = f"http://127.0.0.1:{_free_port()}"  # nothing listens here
    store = DynamoDbStore(table_name="t", endpoint_url=dead, connect_timeout_s=0.5, max_attempts=1)
    with pytest.raises(StoreError, match="cannot read DynamoDB table t"):
        store.get_attributes(ALICE)
    with pytest.raises(StoreError, match="cannot write DynamoDB table t"):
        store.save_attributes(ALICE, {"position": 1})


def test_no_user_in_the_request_is_a_store_error(table: str) -> None:
    with pytest.raises(StoreError):
        DynamoDbStore(table_name=table).get_attributes(SimpleNamespace(context=None, session=None))


# -- the Lambda handler, end to end ------------------------------------------------------


def launch_event(user_id: str) -> dict[str, Any]:
    application = {"applicationId": "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"}
    user = {"userId": user_id}
    return {
        "version": "1.0",
        "session": {
            "new": True,
            "sessionId": "amzn1.echo-api.session.test",
            "application": application,
            "user": user,
            "attributes": {},
        },
        "context": {
            "System": {
                "application": application,
                "user": user,
                "device": {"deviceId": "test-device", "supportedInterfaces": {}},
                "apiEndpoint": "https://api.amazonalexa.com",
            }
        },
        "request": {
            "type": "LaunchRequest",
            "requestId": f"amzn1.echo-api.request.{uuid.uuid4()}",
            "timestamp": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "locale": "en-US",
        },
    }


@pytest.fixture
def lambda_module(monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    pytest.importorskip("skill.factory", reason="skill.factory (build_skill, invoke) not built yet")
    from skill import lambda_function

    lambda_function.reset()
    yield lambda_function
    lambda_function.reset()


def _speech(response: dict[str, Any]) -> str:
    speech = response["response"]["outputSpeech"]
    return str(speech.get("ssml") or speech.get("text") or "")


def test_lambda_handler_answers_launch_and_saves_to_dynamodb(
    lambda_module: Any, table: str, aws_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACK_ROUTINE_STORE", f"dynamodb:{table}")
    user_id = f"amzn1.ask.account.{uuid.uuid4().hex}"
    response = lambda_module.handler(launch_event(user_id), None)
    assert response["version"] == "1.0"
    assert _speech(response).strip()
    item = _client(aws_env).get_item(TableName=table, Key={"id": {"S": user_id}})
    assert "Item" in item, "the launch saved nothing to DynamoDB"
    assert "M" in item["Item"]["attributes"]
    assert item["Item"]["attributes"]["M"], "the saved attributes are empty"


def test_lambda_handler_still_answers_when_dynamodb_fails(
    lambda_module: Any, aws_env: str, monkeypatch: pytest.MonkeyPatch, caplog: Any
) -> None:
    monkeypatch.setenv("BACK_ROUTINE_STORE", "dynamodb:no-such-table")
    caplog.set_level(logging.WARNING)
    response = lambda_module.handler(launch_event("amzn1.ask.account.FAULT"), None)
    speech = _speech(response)
    assert speech.strip(), "the user got no spoken answer"
    assert "saved" not in speech.lower(), f"claims progress was saved: {speech!r}"
    faults = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(faults) == 1, [r.getMessage() for r in faults]


def _said(user_id: str, intent: str, attributes: dict[str, Any]) -> dict[str, Any]:
    """An intent said in the session that ``attributes`` came from."""
    event = launch_event(user_id)
    event["session"].update(new=False, attributes=attributes)
    event["request"] = {**event["request"], "type": "IntentRequest",
                        "intent": {"name": intent, "confirmationStatus": "NONE"}}
    return event


def _disabled(user_id: str, status: str) -> dict[str, Any]:
    event = launch_event(user_id)
    del event["session"]
    event["request"] = {**event["request"], "type": "AlexaSkillEvent.SkillDisabled",
                        "body": {"userInformationPersistenceStatus": status}}
    return event


def _stored(aws_env: str, table: str, user_id: str) -> bool:
    return "Item" in _client(aws_env).get_item(TableName=table, Key={"id": {"S": user_id}})


def test_delete_my_data_by_voice_leaves_no_item_in_dynamodb(
    lambda_module: Any, table: str, aws_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACK_ROUTINE_STORE", f"dynamodb:{table}")
    user_id = f"amzn1.ask.account.{uuid.uuid4().hex}"
    launched = lambda_module.handler(launch_event(user_id), None)
    assert _stored(aws_env, table, user_id)
    asked = lambda_module.handler(_said(user_id, "DeleteDataIntent", launched["sessionAttributes"]), None)
    assert "Should I delete it all?" in _speech(asked)
    assert _stored(aws_env, table, user_id)
    done = lambda_module.handler(_said(user_id, "AMAZON.YesIntent", asked["sessionAttributes"]), None)
    assert "deleted everything I kept for you" in _speech(done)
    assert not _stored(aws_env, table, user_id)


def test_skill_disabled_through_the_lambda_handler_deletes_only_when_not_persisted(
    lambda_module: Any, table: str, aws_env: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BACK_ROUTINE_STORE", f"dynamodb:{table}")
    gone, kept = (f"amzn1.ask.account.{uuid.uuid4().hex}" for _ in range(2))
    for user_id in (gone, kept):
        lambda_module.handler(launch_event(user_id), None)
    for user_id, status in ((gone, "NOT_PERSISTED"), (kept, "PERSISTED")):
        response = lambda_module.handler(_disabled(user_id, status), None)
        assert response["version"] == "1.0" and "outputSpeech" not in response["response"]
    assert not _stored(aws_env, table, gone)
    assert _stored(aws_env, table, kept)
