"""The fuzz tests' input strategies (hypothesis), and ``fuzz_test``, which puts a test on
the ``fuzz`` profile and marks it ``fuzz``.

``make_strategies`` builds them from the real-shaped envelopes in tests/requests/ and from
the attributes a scripted conversation really produces; tests/conftest.py builds them once
per session and hands them to the tests as the ``fuzz`` fixture (draw from them with
``st.data()``). How many examples: ``--fuzz-examples N`` or ``$FUZZ_EXAMPLES`` (see
tests/conftest.py). The checks the fuzz tests make live in support.py.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable, Iterator
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from ask_sdk_model.request import Request
from hypothesis import settings
from hypothesis import strategies as st
from support import REQUESTS, TODAY

SKILL_ID = "amzn1.ask.skill.00000000-0000-0000-0000-000000000000"
USER_ID = "amzn1.ask.account.TESTUSER"


def fuzz_test(test: Callable[..., Any]) -> Any:
    """A hypothesis test run with the ``fuzz`` profile (registered by tests/conftest.py, so
    apply this at import time, never earlier) and marked ``fuzz``."""
    return pytest.mark.fuzz(settings(settings.get_profile("fuzz"))(test))


# --------------------------------------------------------------------------------------
# Strategies

ODD_CHARS = [
    "\u202e", "\u202b", "\u200f", "\u061c",  # right-to-left overrides and marks
    "\u0301", "\u0308", "\u20dd", "\u0489",  # combining marks
    "\x00", "\x01", "\x08", "\x0b", "\x1b", "\x7f", "\x85",  # control characters
    "\ud800", "\udfff", "\udbff\udc00",  # lone surrogates (and a pair made of two)
    "\ufeff", "\ufffe", "\uffff", "\U0010ffff", "\u2028", "\u2029", "\u3000", "\u00a0",
    "😀", "👩‍👩‍👧", "🏳️‍🌈", "\U0001f9d8\u200d\u2640\ufe0f", "🇺🇸",
    "\u0627\u0644\u0638\u0647\u0631", "\u05d2\u05d1", "\u4e2d\u6587", "\u0928\u092e\u0938\u094d\u0924\u0947",
    "<", ">", "&", "'", '"', "]]>", "<speak>", "</speak>", "<break time='99s'/>", "&amp;",
    "{", "}", "{0}", "{name}", "{exercise}", "%s", "\\", "\n", "\r\n", "\t", " ",
]
NUMBER_WORDS = ["4", "10", "0", "11", "-1", "007", "4.5", "1e3", "²", "٣", "৪", "Ⅳ", "99999999999999999999", "?"]

_chars = st.characters(exclude_categories=())  # every code point, surrogates too
odd_text = st.one_of(
    st.text(max_size=30),
    st.text(_chars, max_size=30),
    st.lists(st.sampled_from(ODD_CHARS) | st.text(_chars, max_size=3), max_size=12).map("".join),
    st.sampled_from(["", " ", "\u3000", "\x00", "\ud800", *NUMBER_WORDS]),
    st.builds(lambda unit, n: (unit * n)[:n], st.sampled_from(["a", "😀", "e\u0301", "word ", "\u202e", "\x00"]),
              st.sampled_from([1_000, 9_999, 10_000, 10_001])),
)
keys = st.one_of(
    st.sampled_from(["v", "type", "value", "name", "id", "request", "session", "x"]),
    # Python-side names of ask-sdk models: its deserializer used to set them as attributes.
    st.sampled_from(["__dict__", "__class__", "_private", "object_type", "user_id", "to_dict", "attribute_map"]),
    odd_text,
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([-1, 0, 1, 2, 1000, 1001, 10_000, 2**31, 2**63, -(2**63), 10**30]),
    st.floats(),  # NaN and infinities too: Python's json reads them
    odd_text,
)
json_values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(keys, inner, max_size=4),
    max_leaves=12,
)


# Items of huge lists: short (a 10k list of 10k strings is 100M characters) and immutable
# (``[item] * n`` shares one item n times; a mutation inside a shared dict would repeat).
small_values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.text(_chars, max_size=10), st.sampled_from(ODD_CHARS),
)


def nested(depth: int, leaf: Any = 1) -> Any:
    value = leaf
    for i in range(depth):
        value = {"a": value} if i % 2 else [value]
    return value


awkward_values = st.one_of(
    json_values,
    st.builds(nested, st.integers(1, 400), scalars),
    st.builds(lambda item, n: [item] * n, small_values, st.integers(1_000, 10_000)),
    st.builds(lambda n: {f"k{i}": i for i in range(n)}, st.integers(100, 3_000)),
)


def _paths(obj: Any, prefix: tuple[Any, ...] = (), depth: int = 0) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if depth >= 12:
        return
    if isinstance(obj, dict):
        for key, value in list(obj.items())[:40]:
            yield from _paths(value, (*prefix, key), depth + 1)
    elif isinstance(obj, list):
        for index, value in enumerate(obj[:5]):
            yield from _paths(value, (*prefix, index), depth + 1)


def _fresh(obj: Any) -> Any:
    """A copy that shares nothing, not even what the original shared with itself
    (``copy.deepcopy`` keeps that sharing, so one mutation would land in many places and
    a few could grow the JSON exponentially)."""
    if isinstance(obj, dict):
        return {key: _fresh(value) for key, value in obj.items()}
    if isinstance(obj, list):
        return [_fresh(value) for value in obj]
    return obj


def _get(obj: Any, path: tuple[Any, ...]) -> Any:
    for step in path:
        obj = obj[step]
    return obj


def _retyped(value: Any) -> list[Any]:
    """Values of other JSON types that a careless sender could put in place of ``value``."""
    if isinstance(value, bool):
        return ["true", 1, None, [value]]
    if isinstance(value, (int, float)):
        return [str(value), -value, 10**20, None, [value], True, value + 0.5]
    if isinstance(value, str):
        return [0, 1, -1, "", None, [value], {"value": value}, True, value * 3]
    if isinstance(value, dict):
        return [list(value.values()), [], "", None, 0, True]
    if isinstance(value, list):
        return [{str(i): v for i, v in enumerate(value)}, {}, "", None, 0]
    return [{}, [], "null", 0, False]


@st.composite
def mutated(draw: st.DrawFn, base: Any, max_mutations: int = 6, values: Any = json_values) -> Any:
    """``base`` (a JSON value) with random fields deleted, replaced, retyped or added, at
    random depths."""
    obj = _fresh(base)
    for _ in range(draw(st.integers(0, max_mutations))):
        path = draw(st.sampled_from(list(_paths(obj))))
        target = _get(obj, path)
        op = draw(st.sampled_from(["delete", "replace", "retype", "add"]))
        if op == "add" and isinstance(target, dict):
            target[draw(keys)] = draw(values)
            continue
        if op == "add" and isinstance(target, list):
            target.insert(draw(st.integers(0, len(target))), draw(values))
            continue
        if not path:
            continue  # keep the top level an object, or there is nothing left to mutate
        parent, last = _get(obj, path[:-1]), path[-1]
        if op == "delete":
            del parent[last]
        elif op == "retype":
            parent[last] = draw(st.sampled_from(_retyped(target)))
        else:
            parent[last] = draw(values)
    return obj


def _base_envelopes() -> dict[str, dict[str, Any]]:
    return {path.name: json.loads(path.read_text()) for path in sorted(REQUESTS.glob("*.json"))}


def _conversation() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The session and persistent attributes that a scripted conversation really produces."""
    from skill import intents
    from skill.factory import build_skill, invoke
    from skill.stores.memory import MemoryStore

    store = MemoryStore()
    skill = build_skill(store, today=lambda: TODAY)
    bases = _base_envelopes()
    script: list[tuple[str, dict[str, str]]] = [
        ("LaunchRequest", {}), (intents.YES, {}), (intents.PAIN_RATING, {"rating": "4"}),
        (intents.NEXT, {}), (intents.NEXT, {}), (intents.REPEAT, {}), (intents.HOW_TO, {"exercise": "bird dog"}),
        (intents.NEXT, {}), (intents.SLOWER, {}), (intents.TOO_EASY, {}), (intents.PAUSE, {}),
        (intents.RESUME, {}), (intents.SKIP_EXERCISE, {}), (intents.PREVIOUS, {}), (intents.WHERE_AM_I, {}),
        (intents.HOW_MANY_LEFT, {}), (intents.HURT, {}), (intents.NO, {}), (intents.LIST_ROUTINES, {}),
        (intents.START_ROUTINE, {"routine": "desk break"}), (intents.YES, {}), *[(intents.NEXT, {})] * 20,
        (intents.PAIN_RATING, {"rating": "2"}), (intents.HOW_AM_I_DOING, {}), (intents.STOP, {}),
    ]
    sessions: list[dict[str, Any]] = []
    attributes: dict[str, Any] = {}
    for turn, (name, slots) in enumerate(script):
        event = copy.deepcopy(bases["next_in_session.json"])
        event["session"]["new"] = turn == 0
        event["session"]["attributes"] = attributes
        if name == "LaunchRequest":
            event["request"] = {**bases["launch.json"]["request"]}
        else:
            event["request"]["intent"] = {
                "name": name,
                "confirmationStatus": "NONE",
                "slots": {k: {"name": k, "value": v, "confirmationStatus": "NONE"} for k, v in slots.items()},
            }
        response = invoke(skill, event)
        attributes = response.get("sessionAttributes") or {}
        if attributes:
            sessions.append(attributes)
        if response["response"].get("shouldEndSession"):
            attributes = {}
    profile = store.peek(USER_ID)
    return sessions, [profile] if profile else []


def _tamper_session(draw: st.DrawFn, attributes: dict[str, Any]) -> dict[str, Any]:
    attributes = copy.deepcopy(attributes)
    for _ in range(draw(st.integers(1, 4))):
        what = draw(st.sampled_from(["v", "position", "turn", "question", "lists", "last", "nest", "other"]))
        if what == "v":
            attributes["v"] = draw(st.sampled_from([0, 2, 99, -1, "1", 1.0, 1.5, True, None, 2**64, [1], {}]))
        elif what == "position":
            position = attributes.setdefault("position", {})
            if not isinstance(position, dict):
                continue
            field = draw(st.sampled_from(["routine", "exercise", "beat", "compact"]))
            position[field] = draw(st.one_of(
                st.sampled_from([-1, 1001, 10**30, -(10**30), "3", 3.5, None, True, "no_such_routine",
                                 "back_routine", "desk_break", "cat_cow", "<speak>", "", []]),
                st.integers(),
            ))
        elif what == "turn":
            attributes["turn"] = draw(st.sampled_from([-5, 10_001, 10**12, "lots", None, 2.5]))
        elif what == "question":
            attributes["question"] = draw(st.sampled_from(["resume", "skip", "pick", "launch missiles", None, 7]))
        elif what == "lists":
            key = draw(st.sampled_from(["options", "known", "completions", "topic"]))
            item = draw(st.sampled_from(["cat_cow", "no_such_exercise", None, 7, "a" * 60]))
            attributes[key] = [item] * draw(st.sampled_from([0, 3, 4, 1_000, 10_000]))
        elif what == "last":
            part = draw(st.sampled_from([
                {"say": "welcome", "values": {}, "variant": 0},
                {"say": "no_such_prompt", "values": {"name": "x" * 600}, "variant": 51},
                {"say": "welcome", "values": {"x": [1]}, "variant": -1},
                {"pause": 11}, {"pause": -1}, {"pause": 10}, {"pause": "3"}, {},
            ]))
            count = draw(st.sampled_from([0, 1, 24, 80, 81, 1_000]))
            attributes["last"] = {"speech": [part] * count, "reprompt": draw(st.sampled_from([[], [part], None]))}
        elif what == "nest":
            attributes[draw(st.sampled_from(["last", "position", "options", "junk"]))] = nested(
                draw(st.integers(1, 400))
            )
        else:
            attributes[draw(keys)] = draw(awkward_values)
    return attributes


def _tamper_profile(draw: st.DrawFn, profile: dict[str, Any]) -> Any:
    profile = copy.deepcopy(profile)
    for _ in range(draw(st.integers(1, 4))):
        key = draw(st.sampled_from(
            ["v", "disclaimer_heard", "saved", "completions", "known", "pace", "levels", "pains", "phrases", "x",
             "progress"]
        ))
        profile[key] = draw(st.one_of(
            awkward_values,
            st.sampled_from([
                0, 2, -1, 10**30, 1.0, True, "1", None, Decimal("1"), Decimal("NaN"), Decimal("2.5"),
                {"routine": "back_routine", "exercise": "cat_cow", "beat": 10**9},
                {"routine": "gone_routine", "exercise": "gone_exercise", "beat": 0},
                [{"day": "2026-13-45", "routine": "back_routine"}] * 1_000,
                [{"day": "2026-11-24", "routine": "back_routine"}] * 10_000,
                [{"day": "2026-11-24", "moment": "before", "rating": 11}] * 500,
                {f"k{i}": 1 for i in range(500)}, {"cat_cow": 10**9, "bird_dog": -(10**9)},
                ["cat_cow"] * 10_000,
                {"finished": {"back_routine": 10**9}, "days": {"to": "2026-11-24", "n": [1] * 17}, "run": -1},
                {"days": {"to": "2026-11-24", "n": [1, 0]}, "run": 10**12, "last": "<speak>"},
                {"before": [["2026-11-24", 1, 99, 3]] * 1_000, "finished": [1]},
            ]),
        ))
    return profile


def make_strategies() -> SimpleNamespace:
    from skill import intents
    from skill.content import default_content

    content = default_content()
    bases = _base_envelopes()
    sessions, profiles = _conversation()
    ids = sorted(content.exercises) + sorted(content.routines)

    base = st.sampled_from(sorted(bases)).map(lambda name: bases[name])
    real_sessions = st.sampled_from(sessions)

    @st.composite
    def session_attributes(draw: st.DrawFn) -> Any:
        kind = draw(st.sampled_from(["real", "tampered", "mutated", "garbage"]))
        if kind == "real":
            return draw(real_sessions)
        if kind == "tampered":
            return _tamper_session(draw, draw(real_sessions))
        if kind == "mutated":
            return draw(mutated(draw(real_sessions), values=awkward_values))
        return draw(st.one_of(st.dictionaries(keys, json_values, max_size=6), awkward_values))

    @st.composite
    def persistent_attributes(draw: st.DrawFn) -> Any:
        kind = draw(st.sampled_from(["tampered", "mutated", "garbage"] if profiles else ["garbage"]))
        if kind == "tampered":
            return _tamper_profile(draw, draw(st.sampled_from(profiles)))
        if kind == "mutated":
            return draw(mutated(draw(st.sampled_from(profiles)), values=awkward_values))
        return draw(st.one_of(
            st.dictionaries(keys, json_values, max_size=6),
            st.fixed_dictionaries({"v": st.sampled_from([1, 2, "1", None])}, optional={
                "saved": json_values, "completions": awkward_values, "known": awkward_values,
                "pace": json_values, "levels": awkward_values, "pains": awkward_values, "progress": awkward_values,
            }),
            json_values,
        ))

    locales = st.one_of(
        st.sampled_from(["en-US", "en-GB", "en-CA", "en-AU", "en-IN", "de-DE", "fr-FR", "ja-JP", "ar-SA",
                         "hi-IN", "pt-BR", "es-US", "xx-YY", "EN-us", "en_US", "", "en"]),
        odd_text,
    )

    resolution_status = st.sampled_from(
        ["ER_SUCCESS_MATCH", "ER_SUCCESS_NO_MATCH", "ER_ERROR_TIMEOUT", "ER_ERROR_EXCEPTION", "NOPE", ""]
    )
    resolution_value = st.fixed_dictionaries({"value": st.fixed_dictionaries(
        {"name": odd_text, "id": st.sampled_from(ids) | odd_text | st.sampled_from(["", "Cat_Cow", "a" * 50])}
    )})
    resolutions = st.fixed_dictionaries({"resolutionsPerAuthority": st.lists(st.fixed_dictionaries(
        {"authority": st.sampled_from(["amzn1.er-authority.echo-sdk.x.EXERCISE", "amzn1.er-authority.x.ROUTINE"]),
         "status": st.fixed_dictionaries({"code": resolution_status}),
         "values": st.lists(resolution_value, max_size=3)}
    ), max_size=3)})

    def slot_object(name: str) -> Any:
        return st.fixed_dictionaries(
            {"name": st.just(name)},
            optional={
                "value": odd_text | st.sampled_from(NUMBER_WORDS),
                "confirmationStatus": st.sampled_from(["NONE", "CONFIRMED", "DENIED", "MAYBE"]),
                "source": st.sampled_from(["USER", "SYSTEM"]),
                "resolutions": resolutions,
                "slotValue": st.fixed_dictionaries({"type": st.sampled_from(["Simple", "List", "Odd"]),
                                                    "value": odd_text}),
            },
        )

    known_intents = list(intents.ALL_INTENTS)
    slot_intents = sorted(name for name, slots in intents.CUSTOM_SLOTS.items() if slots)
    other_intents = [
        "AMAZON.ShuffleOnIntent", "AMAZON.LoopOffIntent", "AMAZON.SelectIntent", "AMAZON.MoreIntent",
        "AMAZON.ScrollDownIntent", "AMAZON.SendToPhoneIntent", "NoSuchIntent", "", "howtointent",
    ]

    @st.composite
    def slot_envelopes(draw: st.DrawFn) -> dict[str, Any]:
        """An IntentRequest, known intent or not, with odd slot values, in any locale."""
        name = draw(st.one_of(
            st.sampled_from(slot_intents), st.sampled_from(known_intents), st.sampled_from(other_intents), odd_text
        ))
        slot_names = list(intents.CUSTOM_SLOTS.get(name, {}))
        slot_names += draw(st.lists(st.sampled_from(["exercise", "routine", "rating", "x"]) | odd_text, max_size=2))
        slots = {n: draw(slot_object(n)) for n in slot_names}
        event = copy.deepcopy(bases[draw(st.sampled_from(["one_shot_how_to.json", "next_in_session.json"]))])
        event["request"]["intent"] = {"name": name, "confirmationStatus": "NONE", "slots": slots}
        if draw(st.booleans()):
            event["request"]["dialogState"] = draw(st.sampled_from(["STARTED", "IN_PROGRESS", "COMPLETED"]))
        locale = draw(st.none() | locales)
        if locale is None:
            event["request"].pop("locale", None)
        else:
            event["request"]["locale"] = locale
        if draw(st.booleans()):
            event["session"]["attributes"] = draw(real_sessions)
        return event

    # Fields that each family of request types carries (enough to look real; more are random).
    shapes: dict[str, dict[str, Any]] = {
        "IntentRequest": {"intent": {"name": "AMAZON.NextIntent", "confirmationStatus": "NONE"}},
        "CanFulfillIntentRequest": {"intent": {"name": "HowToIntent", "slots": {"exercise": {
            "name": "exercise", "value": "cat cow"}}}},
        "SessionEndedRequest": {"reason": "ERROR", "error": {"type": "INVALID_RESPONSE", "message": "oops"}},
        "SessionResumedRequest": {"cause": {"type": "ConnectionCompleted", "token": "t",
                                            "status": {"code": "200", "message": "OK"}, "result": {}}},
        "AudioPlayer.": {"token": "t", "offsetInMilliseconds": 1234,
                         "error": {"type": "MEDIA_ERROR_UNKNOWN", "message": "m"},
                         "currentPlaybackState": {"token": "t", "offsetInMilliseconds": 0,
                                                  "playerActivity": "PLAYING"}},
        "PlaybackController.": {},
        "AlexaSkillEvent.": {"eventCreationTime": "2026-11-25T04:00:00Z",
                             "eventPublishingTime": "2026-11-25T04:00:01Z",
                             "body": {"acceptedPermissions": [{"scope": "alexa::profile:email:read"}],
                                      "subscriptions": [{"eventName": "AMAZON.MessageAlert.Activated"}]}},
        "AlexaHouseholdListEvent.": {"body": {"listId": "l", "listItemIds": ["a", "b"]}, "eventCreationTime": 5},
        "Alexa.Presentation.": {"token": "t", "arguments": ["next", 3, {"x": None}],
                                "source": {"type": "TouchWrapper", "handler": "Press", "id": "b"},
                                "components": {}, "errors": [{"type": "LINK_ERROR", "message": "m"}],
                                "message": {"x": 1}},
        "Connections.": {"name": "AskFor", "status": {"code": "200", "message": "OK"},
                         "payload": {"status": "ACCEPTED", "isCardThrown": False}, "token": "t"},
        "Messaging.": {"message": {"text": "hi"}},
        "Dialog.": {"apiRequest": {"name": "GetRoutine", "arguments": {"a": 1}, "slots": {}}},
        "System.": {"error": {"type": "INVALID_RESPONSE", "message": "m"}, "cause": {"requestId": "r"}},
        "Reminders.": {"body": {"alertToken": "a"}, "eventCreationTime": "2026-11-25T04:00:00Z"},
        "Alexa.Authorization.": {"body": {"grant": {"type": "OAuth2.AuthorizationCode", "code": "c"}}},
        "": {"events": [], "token": "t", "body": {}},
    }
    request_types = sorted(Request.discriminator_value_class_map) + [
        "Alexa.Presentation.APL.NewEvent", "Dialog.Delegate", "Unknown.Type", "", "launchrequest", "IntentRequest ",
    ]

    @st.composite
    def typed_envelopes(draw: st.DrawFn) -> dict[str, Any]:
        """Every request type Alexa sends (and a few it does not), with or without a session."""
        request_type = draw(st.sampled_from(request_types))
        event = copy.deepcopy(bases["launch.json"])
        shape = next(v for k, v in shapes.items() if request_type.startswith(k) or k == "")
        shape = shapes.get(request_type, shape)
        extras = draw(st.dictionaries(keys, json_values, max_size=3))
        event["request"] = {**event["request"], **copy.deepcopy(shape), **extras, "type": request_type}
        session = draw(st.sampled_from(["new", "continuing", "none"]))
        if session == "none":
            del event["session"]
        else:
            event["session"]["new"] = session == "new"
            if session == "continuing":
                event["session"]["attributes"] = draw(session_attributes())
        return event

    @st.composite
    def attribute_envelopes(draw: st.DrawFn) -> dict[str, Any]:
        """A real request in a session whose attributes are tampered with."""
        event = copy.deepcopy(draw(base))
        if event.get("session") is None:
            event = copy.deepcopy(bases["next_in_session.json"])
        event["session"]["attributes"] = draw(session_attributes())
        return event

    mutated_envelopes = base.flatmap(lambda b: mutated(b, max_mutations=8))
    any_envelope = st.one_of(
        mutated_envelopes,
        typed_envelopes(),
        attribute_envelopes(),
        slot_envelopes(),
        st.one_of(typed_envelopes(), attribute_envelopes(), slot_envelopes()).flatmap(
            lambda e: mutated(e, max_mutations=3)
        ),
    )
    user_ids = st.one_of(st.just(USER_ID), st.sampled_from(["", "amzn1.ask.account.OTHER"]), odd_text)

    return SimpleNamespace(
        mutated_envelopes=mutated_envelopes,
        typed_envelopes=typed_envelopes(),
        attribute_envelopes=attribute_envelopes(),
        slot_envelopes=slot_envelopes(),
        any_envelope=any_envelope,
        persistent_attributes=persistent_attributes(),
        session_attributes=session_attributes(),
        user_ids=user_ids,
        json_values=json_values,
        odd_text=odd_text,
        real_sessions=sessions,
        real_profiles=profiles,
        skill_id=SKILL_ID,
        user_id=USER_ID,
    )


# Request bodies for the web door: bytes, JSON that is not an envelope, odd framings.
request_bodies = st.one_of(
    st.binary(max_size=300),
    st.text(max_size=200).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.sampled_from([
        b"", b"{", b"null", b"[]", b"{}", b'"request"', b"NaN", b"\xff\xfe{}", b"\x00" * 10,
        b'{"request": null}', b'{"request": {"type": 5}}', b'{"request": []}', b'{"request": {}}',
        b'{"request": {"type": "LaunchRequest"}}', b'{"request": {"type": ""}}',
        b'{"request": {"type": "LaunchRequest"}, "request": 1}', b'{"request": {"type": "LaunchRequest", "x": NaN}}',
        b"[" * 100_000 + b"]" * 100_000,  # too deep for any JSON parser: refused, not a crash
        b'{"request": {"type": "LaunchRequest"}, "x": ' + b"[" * 900 + b"]" * 900 + b"}",
    ]),
)
