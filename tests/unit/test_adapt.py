"""Coaching that adapts: short cues, pace, easier and harder forms, pain, progress, variety."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from skill import routine as r
from skill.content import default_content
from skill.progress import Completion, PainRating, streak, this_week, trend
from skill.speech import plain_text

TODAY = date(2026, 11, 25)  # a Wednesday


@pytest.fixture(scope="module")
def coach():
    return r.Coach(default_content())


def text(coach, reply):
    return plain_text(reply.speech, coach.content.prompts)


def run(coach, events, session=None, profile=None, today=TODAY):
    session = session or r.Session(pain_asked=True)
    profile = profile or r.Profile(disclaimer_heard=True)
    out = []
    for event in events:
        outcome = coach.handle(session, profile, event, today)
        out.append(outcome)
        session, profile = outcome.session, outcome.profile
    return out


# --- say less to people who know -------------------------------------------------------


def test_a_known_exercise_gets_a_short_cue_and_compact_steps(coach):
    profile = r.Profile(disclaimer_heard=True, known=frozenset({"seated_cat_cow"}))
    (launch,) = run(coach, [r.Launch()], profile=profile)
    spoken = text(coach, launch.reply)
    assert "Exercise 1 of 10: seated cat cow." in spoken
    assert "You know this one: say how do I do this for the full steps." in spoken
    assert "moves your whole spine" not in spoken  # no "why" for people who know it
    assert launch.session.position.compact
    assert coach.beat_count("seated_cat_cow", compact=True) == 2
    (cue,) = run(coach, [r.Next()], launch.session, launch.profile)
    assert "Round forward as you breathe out" in text(coach, cue.reply)
    assert "Do 5 of those" in text(coach, cue.reply)


def test_compact_per_side_exercises_still_count_holds_and_name_sides(coach):
    profile = r.Profile(disclaimer_heard=True, known=frozenset({"hamstring_stretch"}))
    session = r.Session(position=coach.entry(default_content().routines["back_routine"], "hamstring_stretch", profile),
                        pain_asked=True, taught_next=True)
    right, left = run(coach, [r.Next(), r.Next()], session, profile)
    assert "Your right heel forward" in text(coach, right.reply)
    assert "Hold for 20 seconds." in text(coach, right.reply)
    assert text(coach, left.reply).startswith("Now your left leg. Your left heel forward")


def test_how_do_i_do_this_gives_the_full_version_and_keeps_the_place(coach):
    profile = r.Profile(disclaimer_heard=True, known=frozenset({"bird_dog"}))
    position = r.Position("back_routine", "bird_dog", 1, compact=True)
    explain, after = run(coach, [r.Explain("how"), r.Next()], r.Session(position=position, pain_asked=True), profile)
    assert "Here's bird dog. Come onto all fours" in text(coach, explain.reply)
    assert after.session.position == r.replace(position, beat=2)


def test_finishing_an_exercise_makes_it_known(coach):
    last = coach.beat_count("cat_cow") - 1
    session = r.Session(position=r.Position("back_routine", "cat_cow", last), pain_asked=True)
    (outcome,) = run(coach, [r.Next()], session)
    assert "cat_cow" in outcome.profile.known
    (skipped,) = run(coach, [r.Skip()], r.Session(position=r.Position("back_routine", "cat_cow", 1)))
    assert "cat_cow" not in skipped.profile.known


# --- pace --------------------------------------------------------------------------------


def test_slower_lengthens_holds_and_normal_pace_resets(coach):
    session = r.Session(position=r.Position("back_routine", "hamstring_stretch", 3), pain_asked=True)
    slower, normal = run(coach, [r.Slower(), r.NormalPace()], session)
    assert slower.profile.pace == 1
    assert "For hamstring stretch, that's 25 seconds." in text(coach, slower.reply)
    assert normal.profile.pace == 0
    assert slower.session.position == session.position


def test_pace_stops_at_its_limit_and_says_so(coach):
    profile = r.Profile(disclaimer_heard=True, pace=r.PACE_LIMIT)
    (outcome,) = run(coach, [r.Slower()], profile=profile)
    assert outcome.profile.pace == r.PACE_LIMIT
    assert "already as long" in text(coach, outcome.reply)


@given(pace=st.integers(-r.PACE_LIMIT, r.PACE_LIMIT),
       levels=st.lists(st.integers(-r.LEVEL_LIMIT, r.LEVEL_LIMIT), min_size=10, max_size=10))
def test_pace_and_dose_always_stay_inside_the_content_ranges(pace, levels):
    content = default_content()
    for exercise, level in zip(content.exercises.values(), levels, strict=True):
        profile = r.Profile(pace=pace).with_level(exercise.id, level)
        seconds, count = r.hold_seconds(exercise, profile), r.reps(exercise, profile)
        dose = exercise.dose
        if seconds is not None:
            low, high = (dose.hold_range.low, dose.hold_range.high) if dose.hold_range else (dose.hold_seconds,) * 2
            assert low <= seconds <= high
        if count is not None and dose.reps_range:
            assert dose.reps_range.low <= count <= dose.reps_range.high


# --- easier and harder ---------------------------------------------------------------------


def test_too_hard_after_bird_dog_moves_to_the_easier_form_and_announces_it(coach):
    session = r.Session(position=r.Position("back_routine", "diaphragmatic_breathing", 0), pain_asked=True)
    (outcome,) = run(coach, [r.TooHard()], session)
    assert outcome.profile.level("bird_dog") == -1
    assert "I'll make the bird dog easier next time: arm only." in text(coach, outcome.reply)
    start = coach.beat_parts(r.Position("back_routine", "bird_dog", 1), outcome.session, outcome.profile)
    assert "Your easier form: arm only." in plain_text(start, coach.content.prompts)


def test_too_easy_twice_goes_to_the_top_of_the_dose_range_then_stops(coach):
    session = r.Session(position=r.Position("back_routine", "bird_dog", 3), pain_asked=True)
    one, two, three = run(coach, [r.TooEasy(), r.TooEasy(), r.TooEasy()], session)
    assert one.profile.level("bird_dog") == 1
    assert "harder next time: longer hold" in text(coach, one.reply)
    assert two.profile.level("bird_dog") == 2
    assert "8 reps and 10 second holds" in text(coach, two.reply)
    assert three.profile.level("bird_dog") == 2
    assert "hardest form" in text(coach, three.reply)


def test_adjusting_needs_an_exercise(coach):
    (outcome,) = run(coach, [r.TooEasy()])
    assert "right after an exercise" in text(coach, outcome.reply)
    assert outcome.profile.levels == ()


# --- pain ------------------------------------------------------------------------------------


def test_the_pain_check_in_can_be_skipped(coach):
    launch, skip = run(coach, [r.Launch(), r.Skip()], session=r.Session())
    assert launch.session.question == "pain_before"
    assert "Exercise 1 of 10" in text(coach, skip.reply)
    assert skip.profile.pains == ()


def test_a_high_rating_brings_safety_and_no_nudge_to_go_on(coach):
    launch, rate = run(coach, [r.Launch(), r.Rate(8)], session=r.Session())
    spoken = text(coach, rate.reply)
    assert "Please don't exercise through it today" in spoken
    assert "chest pain" in spoken and rate.reply.end_session
    assert "Exercise 1" not in spoken and "say next" not in spoken.lower()


def test_a_big_jump_since_last_time_brings_safety(coach):
    profile = r.Profile(disclaimer_heard=True, pains=(PainRating(TODAY - timedelta(days=2), "before", 2),))
    _, rate = run(coach, [r.Launch(), r.Rate(6)], session=r.Session(), profile=profile)
    assert "above the 2 you gave last time" in text(coach, rate.reply)
    assert rate.reply.end_session


def test_the_end_of_a_routine_asks_again_and_stores_both_ratings(coach):
    routine = default_content().routines["floor_routine"]
    last_ex = routine.exercises[-1]
    session = r.Session(position=r.Position(routine.id, last_ex, coach.beat_count(last_ex) - 1), pain_asked=True)
    profile = r.Profile(disclaimer_heard=True, pains=(PainRating(TODAY, "before", 5),))
    finish, rate = run(coach, [r.Next(), r.Rate(3)], session, profile)
    assert "That's all 4" in text(coach, finish.reply) and "How's your back now" in text(coach, finish.reply)
    assert rate.profile.pains[-1] == PainRating(TODAY, "after", 3)
    assert "lower than the 5 you started with" in text(coach, rate.reply)
    assert rate.reply.end_session


def test_feeling_worse_after_a_routine_brings_safety(coach):
    profile = r.Profile(disclaimer_heard=True, pains=(PainRating(TODAY, "before", 2),))
    (rate,) = run(coach, [r.Rate(6)], r.Session(question="pain_after"), profile)
    assert "higher than the 2 you started with" in text(coach, rate.reply)
    assert "bladder" in text(coach, rate.reply)


# --- progress -----------------------------------------------------------------------------


def test_streak_week_and_trend():
    days = [TODAY - timedelta(days=n) for n in (0, 1, 2, 5)]
    completions = [Completion(d, "back_routine") for d in days]
    assert streak(completions, TODAY) == 3
    assert streak(completions, TODAY + timedelta(days=1)) == 3  # today not done yet
    assert streak(completions, TODAY + timedelta(days=2)) == 0
    assert this_week(completions, TODAY) == 3  # Monday, Tuesday, Wednesday
    pains = [PainRating(TODAY - timedelta(days=n), "before", v) for n, v in ((12, 6), (10, 6), (3, 4), (1, 4))]
    shape = trend(pains, TODAY)
    assert (shape.early, shape.late, shape.last) == (6, 4, 4)


def test_how_am_i_doing_says_week_streak_and_trend(coach):
    completions = tuple(Completion(TODAY - timedelta(days=n), "back_routine") for n in (0, 1))
    pains = tuple(PainRating(TODAY - timedelta(days=n), "before", v) for n, v in ((12, 6), (2, 4)))
    profile = r.Profile(disclaimer_heard=True, completions=completions, pains=pains)
    (outcome,) = run(coach, [r.HowAmIDoing()], profile=profile)
    spoken = text(coach, outcome.reply)
    assert "You've finished 2 routines this week." in spoken
    assert "2 days in a row." in spoken
    assert "went from 6 to 4 over two weeks" in spoken


def test_a_finished_routine_mentions_the_streak(coach):
    routine = default_content().routines["floor_routine"]
    last_ex = routine.exercises[-1]
    session = r.Session(position=r.Position(routine.id, last_ex, coach.beat_count(last_ex) - 1), pain_asked=True)
    completions = tuple(Completion(TODAY - timedelta(days=n), "back_routine") for n in (1, 2, 3))
    (finish,) = run(coach, [r.Next()], session, r.Profile(disclaimer_heard=True, completions=completions))
    assert "That's all 4" in text(coach, finish.reply) and "4 days in a row." in text(coach, finish.reply)


# --- variety ----------------------------------------------------------------------------------


def test_the_same_phrasing_is_never_used_twice_in_a_row_for_a_person(coach):
    profile = r.Profile(disclaimer_heard=True)
    heard = []
    for _ in range(6):  # six sessions, each skipping one exercise
        (outcome,) = run(coach, [r.Skip()], r.Session(position=r.Position("back_routine", "cat_cow", 1)), profile)
        profile = outcome.profile
        heard.append(next(p for p in outcome.reply.speech if isinstance(p, r.Say) and p.id == "skipping").variant)
    assert all(a != b for a, b in zip(heard, heard[1:], strict=False))


def test_repeat_keeps_the_phrasing(coach):
    session = r.Session(position=r.Position("back_routine", "cat_cow", 5), pain_asked=True)
    nxt, again = run(coach, [r.Next(), r.Repeat()], session)
    assert again.reply.speech == nxt.reply.speech
