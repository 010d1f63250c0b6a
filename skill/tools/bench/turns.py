"""Per turn, in process: a conversation mix through ``skill.factory.invoke``, against a
hello-world ask-sdk skill fed the same envelopes; the store timed apart."""

from __future__ import annotations

import gc
import json
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from skill.tools.bench.figures import BENCH_SKILL_ID, ROWS, TURN_RATIO, Row, Section, ms, production_logs, ratio, times

# --------------------------------------------------------------------------------------
# 1. Per turn, in process



def hello_skill() -> Any:
    """The floor: a hello-world ask-sdk-core skill with one handler for every request."""
    from ask_sdk_core.dispatch_components import AbstractRequestHandler
    from ask_sdk_core.skill_builder import SkillBuilder

    class Hello(AbstractRequestHandler):
        def can_handle(self, handler_input: Any) -> bool:
            return True

        def handle(self, handler_input: Any) -> Any:
            return handler_input.response_builder.speak("Hello").response

    builder = SkillBuilder()
    builder.add_request_handler(Hello())
    return builder.create()


def counting_sqlite_store(path: Path) -> Any:
    """The SQLite store, counting and timing the reads and writes the skill makes, and
    keeping the records it writes (to replay them when the store is measured alone)."""
    from skill.stores.sqlite import SqliteStore

    class CountingStore(SqliteStore):
        gets = 0
        saves = 0
        spent = 0.0  # seconds inside get/save
        written: list[dict[str, Any]] = []

        def get_attributes(self, request_envelope: Any) -> dict[str, Any]:
            start = time.perf_counter()
            try:
                return super().get_attributes(request_envelope)
            finally:
                self.gets += 1
                self.spent += time.perf_counter() - start

        def save_attributes(self, request_envelope: Any, attributes: dict[str, Any]) -> None:
            start = time.perf_counter()
            try:
                super().save_attributes(request_envelope, attributes)
            finally:
                self.saves += 1
                self.spent += time.perf_counter() - start
                self.written.append(attributes)

    store = CountingStore(path)
    store.written = []
    return store


def _ssml(response: dict[str, Any]) -> str:
    speech = (response.get("response") or {}).get("outputSpeech") or {}
    return str(speech.get("ssml") or speech.get("text") or "")


class Conversation:
    """One person's session, played through ``invoke``: each envelope and its time."""

    def __init__(self, call: Callable[[dict[str, Any]], dict[str, Any]], user_id: str) -> None:
        from skill.sim.envelope import Session

        self.call = call
        self.user_id = user_id
        self.session = Session()
        self.envelopes: list[dict[str, Any]] = []
        self.seconds: list[float] = []

    def send(self, request: dict[str, Any]) -> dict[str, Any]:
        from skill.sim.envelope import envelope

        event = envelope(request, user_id=self.user_id, session=self.session,
                         skill_id=BENCH_SKILL_ID)
        start = time.perf_counter()
        response = self.call(event)
        self.seconds.append(time.perf_counter() - start)
        self.envelopes.append(event)
        self.session.new = False
        self.session.attributes = dict(response.get("sessionAttributes") or {})
        return response


def play(call: Callable[[dict[str, Any]], dict[str, Any]], user_id: str, number: int,
         nexts: int, exercise: tuple[str, str]) -> Conversation:
    """Launch, answer the check-in (a rating, or "next" to skip it, or "yes" to resume),
    next xN, repeat, how do I do <exercise>, help, stop."""
    from skill import intents
    from skill.sim.envelope import SlotFill, intent_request, launch_request

    def intent(name: str, **fills: SlotFill) -> dict[str, Any]:
        slots = intents.CUSTOM_SLOTS.get(name, {})
        return intent_request(name, "en-US", slot_names=slots, fills=fills, skill_id=BENCH_SKILL_ID)

    talk = Conversation(call, user_id)
    answer = talk.send(launch_request("en-US"))
    for _ in range(3):  # the pain check-in, or "pick up where you left off?"
        spoken = _ssml(answer)
        if "zero to ten" in spoken:
            if number % 2:
                answer = talk.send(intent(intents.NEXT))
            else:
                rating = SlotFill("rating", "AMAZON.NUMBER", "3", builtin=True)
                answer = talk.send(intent(intents.PAIN_RATING, rating=rating))
        elif spoken.removesuffix("</speak>").rstrip().endswith("?"):
            answer = talk.send(intent(intents.YES))
        else:
            break
    for _ in range(nexts):
        talk.send(intent(intents.NEXT))
    talk.send(intent(intents.REPEAT))
    exercise_id, spoken_name = exercise
    fill = SlotFill("exercise", "EXERCISE", spoken_name, resolved_id=exercise_id,
                    resolved_name=spoken_name)
    talk.send(intent(intents.HOW_TO, exercise=fill))
    talk.send(intent(intents.HELP))
    talk.send(intent(intents.STOP))
    return talk


def bench_turns(turns: int, nexts: int = 6, users: int = 10) -> Section:
    from ask_sdk_model import RequestEnvelope

    from skill.factory import build_skill, invoke, utc_today

    with tempfile.TemporaryDirectory(prefix="bench-turns-") as folder, production_logs() as problems:
        store = counting_sqlite_store(Path(folder) / "bench.sqlite3")
        ours = build_skill(store, today=utc_today)
        floor = hello_skill()
        exercises = [(e.id, e.spoken_name) for e in ours.content.exercises.values()]  # type: ignore[attr-defined]
        in_store: list[float] = []  # per turn: seconds inside the store

        def call_ours(event: dict[str, Any]) -> dict[str, Any]:
            before = store.spent
            response = invoke(ours, event)
            in_store.append(store.spent - before)
            return response

        # Warm up both (ask-sdk-model's deserializer imports model classes on first use).
        for n in range(2):
            warm = play(call_ours, f"amzn1.ask.account.warmup-{n}", n, nexts, exercises[0])
            for event in warm.envelopes:
                invoke(floor, event)
        store.gets = store.saves = 0
        store.written.clear()
        in_store.clear()
        ours_s: list[float] = []
        floor_s: list[float] = []
        mix: dict[str, int] = {}
        conversations = 0
        gc.collect()
        while len(ours_s) < turns:
            user = f"amzn1.ask.account.bench-user-{conversations % users}"
            talk = play(call_ours, user, conversations, nexts, exercises[conversations % len(exercises)])
            ours_s += talk.seconds
            for event in talk.envelopes:
                kind = event["request"].get("intent", {}).get("name") or event["request"]["type"]
                kind = kind.removeprefix("AMAZON.").removesuffix("Intent").removesuffix("Request")
                mix[kind] = mix.get(kind, 0) + 1
            for event in talk.envelopes:  # the same envelopes through the floor
                start = time.perf_counter()
                invoke(floor, event)
                floor_s.append(time.perf_counter() - start)
            conversations += 1
        gets_per_turn, saves_per_turn = store.gets / len(ours_s), store.saves / len(ours_s)
        net_s = [total - spent for total, spent in zip(ours_s, in_store, strict=True)]

        # The store alone: the same file and connection, one user's record read, then the
        # records the skill wrote replayed in turn (an unchanged record costs SQLite
        # almost nothing to write again, so the same one over and over would flatter it).
        written = store.written or [{}]
        sizes = [len(json.dumps(r, separators=(",", ":"))) for r in written]
        envelope = ours.serializer.deserialize(json.dumps(talk.envelopes[0]), RequestEnvelope)
        get_s: list[float] = []
        save_s: list[float] = []
        for n in range(max(200, turns)):
            start = time.perf_counter()
            store.get_attributes(envelope)
            middle = time.perf_counter()
            store.save_attributes(envelope, written[n % len(written)])
            get_s.append(middle - start)
            save_s.append(time.perf_counter() - middle)

    floor_med, ours_med = statistics.median(floor_s), statistics.median(ours_s)
    pair = [g + s for g, s in zip(get_s, save_s, strict=True)]
    share = gets_per_turn * statistics.median(get_s) + saves_per_turn * statistics.median(save_s)
    net_med = statistics.median(net_s)
    rows = [
        Row(ROWS[0], *times(floor_s), "1.00x floor"),
        Row(ROWS[1], *times(ours_s), ratio(ours_med, floor_med)),
        Row(ROWS[2], *times(pair), ratio(statistics.median(pair), floor_med),
            note=f"get {ms(statistics.median(get_s))}, save {ms(statistics.median(save_s))}; "
                 f"records of {min(sizes)}-{max(sizes)} B"),
        Row(ROWS[3], ms(share), "", ratio(share, floor_med),
            note=f"{gets_per_turn:.2f} get + {saves_per_turn:.2f} save per turn"),
        Row(ROWS[4], *times(net_s), ratio(net_med, floor_med), f"<= {TURN_RATIO}x floor",
            net_med <= TURN_RATIO * floor_med,
            note="each turn less the time it spent inside the store"),
    ]
    notes = [
        f"Per turn: {len(ours_s)} turns in {conversations} conversations of {users} returning users "
        f"(launch, check-in answer, next x{nexts}, repeat, how-to, help, stop), each as Lambda "
        "calls it: dict -> deserialize -> skill -> serialize, JSON logs at INFO to /dev/null, "
        "today's date in UTC (no Settings API call); "
        "the floor gets the same envelopes.",
        "Per turn, the mix: " + ", ".join(
            f"{kind} {count / sum(mix.values()):.0%}" for kind, count in sorted(mix.items(), key=lambda i: -i[1])
        ) + ".",
        f"Per turn: skill warnings/errors during the run: {len(problems)}.",
    ]
    return Section("Per turn, in process (SQLite store in a temp dir)", rows, notes)
