"""The profile sized for the turn, through the whole skill: after 120 finished routines
the record every turn reads and writes stays small; the history record beside it is
written only when a routine is finished or a rating given; a version 1 profile is
migrated on its next save with the same answers; a newer one is left alone."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

from long_history import long_history, reference_words, v1_record

from skill.factory import build_skill
from skill.persisted import history_from_attributes
from skill.sim import Simulator
from skill.stores.keys import HISTORY_SUFFIX, history_envelope, user_key
from skill.stores.memory import MemoryStore
from skill.stores.sqlite import SqliteStore
from skill.tools.bench.history import DayClock, finish_routines, record_bytes

USER = "amzn1.ask.account.LONGTIME"


def envelope(user_id: str = USER) -> SimpleNamespace:
    return SimpleNamespace(context=SimpleNamespace(system=SimpleNamespace(user=SimpleNamespace(user_id=user_id))))


class CountingStore(MemoryStore):
    """A memory store that notes the key of every write."""

    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def save_attributes(self, request_envelope, attributes):
        self.writes.append(user_key(request_envelope))
        super().save_attributes(request_envelope, attributes)


def test_after_120_finished_routines_the_record_read_every_turn_is_under_a_kilobyte(tmp_path):
    store, clock = SqliteStore(tmp_path / "store.sqlite3"), DayClock()
    finish_routines(Simulator(build_skill(store, today=clock), user_id=USER), clock, 120)
    profile, history = store.get_attributes(envelope()), store.get_attributes(history_envelope(envelope()))
    assert profile["v"] == 2 and profile["progress"]["finished"] == {"back_routine": 120}
    assert record_bytes(profile) <= 1024
    assert len(history["completions"]) == 120 and len(history["pains"]) == 240
    assert {p["moment"] for p in history["pains"]} == {"before", "after"}


def test_the_history_record_is_written_only_when_a_routine_is_finished_or_a_rating_given():
    store, clock = CountingStore(), DayClock()
    simulator = Simulator(build_skill(store, today=clock), user_id=USER)
    history_writes = []
    turn = simulator.say("alexa, start my back routine")
    lines = ["alexa, start my back routine"]
    history_writes.append(store.writes.count(USER + HISTORY_SUFFIX))
    while simulator.session_open:
        line = "three" if "zero to ten" in turn.speech.lower() else "yes"
        before = store.writes.count(USER + HISTORY_SUFFIX)
        turn = simulator.say(line)
        lines.append(line)
        history_writes.append(store.writes.count(USER + HISTORY_SUFFIX) - before)
    assert lines.count("three") == 2 and lines.count("yes") == 9  # ready for each exercise after the first
    assert [n for line, n in zip(lines, history_writes, strict=True) if line != "three"] == [0] * (len(lines) - 2)
    assert [n for line, n in zip(lines, history_writes, strict=True) if line == "three"] == [1, 1]
    assert store.writes.count(USER) >= len(lines) - 1  # the profile: the place moves on every turn
    history = history_from_attributes(store.peek(USER + HISTORY_SUFFIX))
    assert history is not None and [p.moment for p in history.pains] == ["before", "after"]
    assert [c.routine_id for c in history.completions] == ["back_routine"]


def test_a_version_1_profile_is_migrated_with_the_same_answers_and_its_whole_history_kept(tmp_path):
    for finished in (120, 500):
        completions, pains = long_history(finished, seed=finished)
        store = SqliteStore(tmp_path / f"store-{finished}.sqlite3")
        store.save_attributes(envelope(), v1_record(completions, pains))
        today = completions[-1].day + timedelta(days=1)
        simulator = Simulator(build_skill(store, today=lambda day=today: day), user_id=USER)
        simulator.say("alexa, open my back routine")
        first = simulator.say("how am I doing").speech
        assert first.startswith(reference_words(completions, pains, today))
        simulator.say("alexa, stop")
        profile = store.get_attributes(envelope())
        assert profile["v"] == 2 and "completions" not in profile and record_bytes(profile) <= 1024
        history = history_from_attributes(store.get_attributes(history_envelope(envelope())))
        assert history is not None
        assert history.completions == tuple(completions) and history.pains == tuple(pains)
        simulator.say("alexa, open my back routine")
        again = simulator.say("how am I doing").speech
        assert again.startswith(reference_words(completions, pains, today))


def test_a_profile_of_a_newer_version_is_answered_without_and_left_as_it_is():
    store = MemoryStore()
    newer = {"v": 3, "disclaimer_heard": True, "something": ["new"]}
    store.save_attributes(envelope(), newer)
    simulator = Simulator(build_skill(store, today=DayClock()), user_id=USER)
    assert "zero to ten" in simulator.say("alexa, start my back routine").speech
    assert "Exercise 1 of 10" in simulator.say("three").speech
    assert store.peek(USER) == newer and store.peek(USER + HISTORY_SUFFIX) == {}


def test_a_user_id_with_a_hash_is_answered_but_nothing_is_stored():
    store = MemoryStore()
    simulator = Simulator(build_skill(store, today=DayClock()), user_id=USER + HISTORY_SUFFIX)
    assert "zero to ten" in simulator.say("alexa, start my back routine").speech
    assert "Exercise 1 of 10" in simulator.say("three").speech
    assert store.peek(USER + HISTORY_SUFFIX) == {} and store.peek(USER + HISTORY_SUFFIX + HISTORY_SUFFIX) == {}
