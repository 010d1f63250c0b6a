"""Fuzzing the web door: Flask's test client against ``create_app`` with verification off.

Any body that is an Alexa request envelope at all (JSON, an object, with a ``request``
object that has a string ``type``) gets a 200 and a valid Alexa response, however mangled
the rest of it is. Anything else gets a 400 (or 413 when too big) with a short JSON
reason. Never a 500, never a traceback, and the skill logs no error.

Examples per test: ``--fuzz-examples N`` or ``$FUZZ_EXAMPLES`` (see tests/conftest.py).
"""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import SKILL_ID, fuzz_test, request_bodies
from support import alexa_problems, is_envelope, no_errors_logged, put_profile, with_user

from skill.factory import build_skill
from skill.stores.memory import MemoryStore
from skill.text import dig
from skill.web import create_app

MAX_BODY = 256 * 1024


@pytest.fixture(scope="module")
def web() -> Any:
    """The app as ``back-routine serve --insecure-skip-verification --store memory:`` builds
    it, whatever the environment says."""
    app = create_app({"STORE": "memory:", "VERIFY": False, "SKILL_ID": "", "MAX_BODY": MAX_BODY})
    return app.test_client()


@pytest.fixture(scope="module")
def web_with_store() -> Any:
    """The same app with the skill built on a store the test can pre-populate."""
    store = MemoryStore()
    app = create_app({"VERIFY": False, "SKILL_ID": "", "SKILL": build_skill(store=store)})
    return app.test_client(), store


@pytest.fixture(scope="module")
def web_with_skill_id() -> Any:
    """Verification off, but the skill ID still checked."""
    return create_app({"STORE": "memory:", "VERIFY": False, "SKILL_ID": SKILL_ID}).test_client()


def post(client: Any, body: bytes, **headers: str) -> Any:
    with no_errors_logged():
        response = client.post("/", data=body, headers=headers or {"Content-Type": "application/json"})
    assert response.status_code != 500
    return response


def assert_answered(response: Any) -> dict[str, Any]:
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    data = json.loads(response.get_data(), parse_constant=_no_constants)
    problems = alexa_problems(data)
    assert problems == [], problems
    return data


def assert_refused(response: Any, statuses: tuple[int, ...] = (400,)) -> str:
    assert response.status_code in statuses, (response.status_code, response.get_data(as_text=True)[:500])
    assert response.mimetype == "application/json"
    reason = response.get_json()["error"]
    assert isinstance(reason, str) and 0 < len(reason) < 300
    assert "Traceback" not in reason
    return reason


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def encode(envelope: Any, ascii_only: bool) -> bytes:
    """A request body as a client would send it (lone surrogates can only travel escaped)."""
    text = json.dumps(envelope, ensure_ascii=ascii_only)
    return text.encode("utf-8", "surrogatepass")


def check(client: Any, body: bytes) -> Any:
    """Post ``body``; an envelope must be answered, anything else refused."""
    response = post(client, body)
    if len(body) > MAX_BODY:
        assert_refused(response, (413,))
    elif is_envelope(body):
        return assert_answered(response)
    else:
        assert_refused(response)
    return None


@fuzz_test
@given(data=st.data())
def test_an_envelope_however_mangled_is_answered_with_a_valid_response(fuzz, web, data) -> None:
    """Mutated real envelopes, every request type, tampered attributes, odd slots."""
    envelope = data.draw(fuzz.any_envelope, label="envelope")
    check(web, encode(envelope, data.draw(st.booleans(), label="ascii")))


@fuzz_test
@given(data=st.data())
def test_garbage_stored_attributes_get_a_valid_response(fuzz, web_with_store, data) -> None:
    client, store = web_with_store
    user = data.draw(fuzz.user_ids, label="user")
    put_profile(store, user, data.draw(fuzz.persistent_attributes, label="stored"))
    envelopes = st.one_of(fuzz.attribute_envelopes, fuzz.slot_envelopes, fuzz.typed_envelopes)
    envelope = data.draw(envelopes, label="envelope")
    check(client, encode(with_user(envelope, user), True))


def _shell(request: Any) -> dict[str, Any]:
    return {"version": "1.0", "request": request}



@fuzz_test
@given(data=st.data())
def test_a_body_that_is_no_envelope_is_refused_with_a_reason_never_a_500(fuzz, web, data) -> None:
    """Bytes, JSON that is not an envelope, envelope shells, bodies past the size limit."""
    kind = data.draw(st.sampled_from(["bytes", "json", "shell", "huge"]), label="kind")
    if kind == "bytes":
        body = data.draw(request_bodies, label="body")
    elif kind == "json":
        body = json.dumps(data.draw(fuzz.json_values, label="value")).encode()
    elif kind == "shell":
        body = json.dumps(_shell(data.draw(fuzz.json_values | st.fixed_dictionaries(
            {"type": fuzz.json_values}), label="request"))).encode()
    else:
        envelope = data.draw(fuzz.typed_envelopes, label="envelope")
        envelope["padding"] = "x" * data.draw(st.integers(MAX_BODY - 2_000, MAX_BODY + 2_000), label="pad")
        body = json.dumps(envelope).encode()
    check(web, body)


@fuzz_test
@given(data=st.data())
def test_the_body_decides_whatever_the_content_type_and_other_methods_are_refused(fuzz, web, data) -> None:
    """Whatever the headers claim, the body decides."""
    envelope = data.draw(st.one_of(fuzz.typed_envelopes, fuzz.slot_envelopes), label="envelope")
    content_type = data.draw(st.sampled_from(
        ["application/json", "application/json; charset=utf-8", "text/plain", "application/x-www-form-urlencoded",
         "multipart/form-data; boundary=x", "", "application/json; charset=latin-1"]
    ), label="content type")
    body = encode(envelope, True)
    response = post(web, body, **{"Content-Type": content_type})
    if len(body) > MAX_BODY:
        assert_refused(response, (413,))
    else:
        assert_answered(response)
    method = data.draw(st.sampled_from(["GET", "PUT", "DELETE", "PATCH"]), label="method")
    with no_errors_logged():
        other = web.open("/", method=method, data=b"{}")
    assert other.status_code in (400, 405), other.status_code
    assert other.get_json()["error"]


@fuzz_test
@given(data=st.data())
def test_an_envelope_with_another_skill_id_or_none_is_refused(fuzz, web_with_skill_id, data) -> None:
    """With a skill ID configured, an envelope is answered unless it carries another or none."""
    envelope = data.draw(fuzz.any_envelope, label="envelope")
    body = encode(envelope, True)
    response = post(web_with_skill_id, body)
    if len(body) > MAX_BODY:
        assert_refused(response, (413,))
        return
    if not is_envelope(body):
        assert_refused(response)
        return
    ids = [
        dig(envelope, "context", "System", "application", "applicationId"),
        dig(envelope, "session", "application", "applicationId"),
    ]
    found = [i for i in ids if i is not None]
    if found and all(i == SKILL_ID for i in found):
        assert_answered(response)
    else:
        assert "skill ID" in assert_refused(response)
