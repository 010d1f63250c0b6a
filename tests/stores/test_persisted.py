"""The profile sized for the turn (version 2) and the history record apart: the
progress aggregates answer as the full history does, a version 1 profile is migrated
with the same answers, and stored values are checked one by one."""

from __future__ import annotations

import json
import random
from datetime import date, timedelta

from engine_talk import Talk
from hypothesis import given
from hypothesis import strategies as st
from long_history import (
    FIRST,
    ROUTINES,
    before_today,
    long_history,
    reference_words,
    streak,
    this_week,
    today_before,
    trend,
    v1_record,
)

from skill.engine import events as ev
from skill.engine.state import Position, Profile, Session
from skill.persisted import (
    PROFILE_VERSION,
    History,
    history_from_attributes,
    history_to_attributes,
    newer_version,
    profile_from_attributes,
    profile_to_attributes,
)
from skill.progress import Completion, PainRating, Progress


def assert_same_answers(progress: Progress, completions: list[Completion], pains: list[PainRating], today: date):
    assert progress.this_week(today) == this_week(completions, today), today
    assert progress.streak(today) == streak(completions, today), today
    assert progress.trend(today) == trend(pains, today), today
    earlier, started = before_today(pains, today), today_before(pains, today)
    assert progress.before_today(today) == (earlier.rating if earlier else None), today
    assert progress.today_before(today) == (started.rating if started else None), today
    for routine in ROUTINES:
        assert progress.times(routine) == sum(1 for c in completions if c.routine_id == routine)
    assert progress.last_routine == (completions[-1].routine_id if completions else None)


# --- the aggregates against the whole history ------------------------------------------------


def test_progress_answers_as_the_whole_history_does_on_every_day_after_it():
    for seed in range(12):
        completions, pains = long_history(random.Random(seed).choice((3, 40, 120, 500)), seed)
        latest = max(c.day for c in completions)
        progress = Progress.of(completions, pains)
        for offset in range(-2, 20):  # a clock set back up to two days, then the days after
            assert_same_answers(progress, completions, pains, latest + timedelta(days=offset))


def test_progress_kept_one_routine_and_one_rating_at_a_time_is_the_same():
    completions, pains = long_history(200, seed=7)
    progress = Progress()
    for item in sorted([*completions, *pains], key=lambda x: x.day):  # as the turns add them
        progress = Profile(progress=progress).record(item).progress
    assert progress == Progress.of(completions, pains)


@given(st.lists(st.tuples(st.integers(0, 40), st.sampled_from(ROUTINES), st.integers(0, 10)), max_size=60),
       st.integers(-2, 30))
def test_any_history_in_day_order_gives_the_same_answers(items, offset):
    days = sorted(FIRST + timedelta(days=n) for n, _, _ in items)
    completions = [Completion(d, r) for d, (_, r, _) in zip(days, items, strict=True)]
    pains = [PainRating(d, "before", v) for d, (_, _, v) in zip(days, items, strict=True)]
    today = (days[-1] if days else FIRST) + timedelta(days=offset)
    assert_same_answers(Progress.of(completions, pains), completions, pains, today)


# --- migration of a version 1 profile --------------------------------------------------------


def test_a_version_1_profile_with_120_and_500_routines_is_migrated_with_the_same_answers():
    for finished in (120, 500):
        completions, pains = long_history(finished, seed=finished)
        raw = v1_record(completions, pains)
        profile = profile_from_attributes(raw)
        assert profile.logged == (*completions, *pains)  # the whole history, for the history record
        assert (profile.pace, profile.levels, profile.missing) == (1, (("bird_dog", -1),), frozenset({"band"}))
        stored = profile_to_attributes(profile)
        assert stored["v"] == PROFILE_VERSION == 2 and "completions" not in stored and "pains" not in stored
        assert len(json.dumps(stored, separators=(",", ":"))) <= 1024 < len(json.dumps(raw, separators=(",", ":")))
        again = profile_from_attributes(stored)  # version 2, read back
        assert again == profile._replace(logged=())
        latest = completions[-1].day
        for today in (latest, latest + timedelta(days=1), latest + timedelta(days=6), latest + timedelta(days=10)):
            talk = Talk(again, today=today)
            talk(ev.Act.HOW_AM_I_DOING)
            assert talk.words == reference_words(completions, pains, today) + " Want to start your back routine?"
            assert_same_answers(again.progress, completions, pains, today)


def test_a_migrated_profile_tallies_a_finished_routine_as_the_whole_history_does():
    completions, pains = long_history(120, seed=3)
    today = completions[-1].day + timedelta(days=1)
    talk = Talk(profile_from_attributes(profile_to_attributes(profile_from_attributes(v1_record(completions, pains)))),
                Session(position=Position("floor_routine", "childs_pose"), question="pain_after"), today=today)
    talk(ev.Rate(2))
    done = [*completions, Completion(today, "floor_routine")]
    days = streak(done, today)
    times = sum(1 for c in done if c.routine_id == "floor_routine")
    expected = f"That's {days} days in a row." if days >= 2 else f"You've finished the floor routine {times} times now."
    assert expected in talk.words
    assert talk.profile.logged[-1] == PainRating(today, "after", 2)
    assert Completion(today, "floor_routine") in talk.profile.logged


# --- the history record ----------------------------------------------------------------------


def test_the_history_record_round_trips_and_keeps_the_last_500_of_each():
    completions, pains = long_history(500, seed=1)
    history = History().adding([*completions, *pains]).adding([Completion(FIRST, "desk_break")] * 3)
    assert len(history.completions) == 500 and history.completions[-1] == Completion(FIRST, "desk_break")
    assert history.completions[:497] == tuple(completions[3:]) and history.pains == tuple(pains)
    assert history_from_attributes(history_to_attributes(history)) == history


def test_a_history_record_of_a_newer_version_is_not_to_be_written_over():
    assert history_from_attributes({"v": 2, "completions": []}) is None
    assert history_from_attributes({"v": "2"}) == History() and history_from_attributes(None) == History()
    assert newer_version({"v": 3}) and not newer_version({"v": 2}) and not newer_version({"v": True})


def test_tampered_history_values_are_dropped_one_by_one():
    history = history_from_attributes({"v": 1, "completions": [
        {"day": "2026-13-40", "routine": "back_routine"}, {"day": "2026-11-24", "routine": "x" * 80},
        {"day": "2026-11-24", "routine": "back_routine"}, "junk"], "pains": [
        {"day": "2026-11-24", "moment": "before", "rating": 11}, {"day": "2026-11-24", "moment": "later", "rating": 2},
        {"day": "2026-11-24", "moment": "after", "rating": True},
        {"day": "2026-11-24", "moment": "after", "rating": 3}]})
    assert history == History((Completion(date(2026, 11, 24), "back_routine"),),
                              (PainRating(date(2026, 11, 24), "after", 3),))


# --- version 2, checked ----------------------------------------------------------------------


def test_tampered_progress_values_are_dropped():
    good = profile_to_attributes(Profile(progress=Progress.of(*long_history(40, seed=2))))["progress"]
    assert profile_from_attributes({"v": 2, "progress": good}).progress == Progress.of(*long_history(40, seed=2))
    cases = [
        ({"days": {"to": "2026-01-01", "n": [1] * 17}}, "days"),  # longer than the window
        ({"days": {"to": "2026-01-01", "n": [1, True]}}, "days"),
        ({"days": {"to": "2026-01-01", "n": [1, 0]}}, "days"),  # the latest day has nothing
        ({"days": {"to": "someday", "n": [1]}}, "days"),
        ({"days": {"to": "2026-01-01", "n": [-1, 1]}}, "days"),
        ({"before": {"to": "2026-01-01", "n": [11]}}, "before"),
        ({"before": {"to": "2026-01-01", "n": [[2, 99, 3]]}}, "before"),  # a sum no two ratings make
        ({"before": {"to": "2026-01-01", "n": [[1, 3, 3]]}}, "before"),  # one rating is written as itself
        ({"before": {"to": "2026-01-01", "n": [3, None]}}, "before"),
        ({"finished": {"back_routine": 0, "<speak>": 3}}, "finished"),
        ({"last": "no such thing!"}, "last_routine"),
        ({"run": -4}, "run"),
    ]
    for change, field in cases:
        progress = profile_from_attributes({"v": 2, "progress": {**good, **change}}).progress
        assert getattr(progress, field) == getattr(Progress(), field), change
    earlier = {**good["before"], "earlier": [good["before"]["to"], 3]}  # not before the window: dropped
    full = Progress.of(*long_history(40, seed=2)).before
    window = tuple(e for e in full if e.day > full[-1].day - timedelta(days=16))
    assert len(window) < len(full)
    assert profile_from_attributes({"v": 2, "progress": {**good, "before": earlier}}).progress.before == window
    assert profile_from_attributes({"v": 2, "progress": {**good, "run": 5, "days": "x"}}).progress.run == 0
