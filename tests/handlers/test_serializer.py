"""The skill's serializer reads Alexa's ISO 8601 timestamps itself, and everything else
exactly as ask-sdk's DefaultSerializer does."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, datetime, timezone

import pytest
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import RequestEnvelope
from support import REQUESTS, load_request

from skill.serializer import RequestSerializer

VALUES = [
    "2026-11-25T05:00:00Z", "2026-11-25T05:00:00.123Z", "2026-11-25T05:00:00.1Z",
    "2026-11-25T05:00:00.123456+02:00", "2026-11-25T05:00:00-07:30", "2026-11-25T05:00:00",
    "2026-02-30T05:00:00Z", "2026-11-25", "25 Nov 2026 5am", "garbage", "", 5, None, ["x"],
]


def _read(serializer: DefaultSerializer, value: object, kind: type) -> object:
    try:
        return serializer._DefaultSerializer__deserialize_datetime(value, kind)  # type: ignore[attr-defined]
    except Exception as exc:  # the same failure, as a value to compare
        return (type(exc), str(exc))


@pytest.mark.parametrize("value", VALUES)
@pytest.mark.parametrize("kind", [datetime, date])
def test_timestamps_read_as_ask_sdk_reads_them(value: object, kind: type) -> None:
    assert _read(RequestSerializer(), value, kind) == _read(DefaultSerializer(), value, kind)


def test_a_whole_request_reads_the_same() -> None:
    payload = json.dumps(load_request("launch.json"))
    ours = RequestSerializer().deserialize(payload, RequestEnvelope)
    theirs = DefaultSerializer().deserialize(payload, RequestEnvelope)
    assert ours == theirs
    assert ours.request.timestamp.tzinfo == timezone.utc


def test_reading_a_request_does_not_import_dateutils_parser() -> None:
    code = ("import json, sys; from ask_sdk_model import RequestEnvelope; "
            "from skill.serializer import RequestSerializer; "
            f"RequestSerializer().deserialize({json.dumps(json.dumps(load_request('launch.json')))}, RequestEnvelope); "
            "assert 'dateutil.parser' not in sys.modules")
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("name", sorted(p.name for p in REQUESTS.glob("*.json")))
def test_a_decoded_request_reads_as_its_json_text_does(name: str) -> None:
    event = load_request(name)
    serializer = RequestSerializer()
    assert serializer.read_request(event) == serializer.deserialize(json.dumps(event), RequestEnvelope)


def test_undeclared_fields_are_dropped_either_way() -> None:
    event = load_request("launch.json")
    event["request"]["__dict__"] = {}
    event["request"]["object_type"] = [1]
    event["context"]["System"]["user"]["to_dict"] = "x"
    serializer = RequestSerializer()
    read = serializer.read_request(event)
    assert read == serializer.deserialize(json.dumps(event), RequestEnvelope)
    assert read.request.object_type == "LaunchRequest" and callable(read.context.system.user.to_dict)
