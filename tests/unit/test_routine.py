"""The routine engine, on its own: events in, positions and prompt ids out."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from skill import routine as r
from skill.content import default_content
from skill.speech import plain_text, render, ssml_problems

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def content():
    return default_content()


@pytest.fixture(scope="module")
def coach(content):
    return r.Coach(content)


def ids(reply: r.Reply) -> list[str]:
    return [p.id for p in reply.speech if isinstance(p, r.Say)]


def text(coach: r.Coach, reply: r.Reply) -> str:
    return plain_text(reply.speech, coach.content.prompts)


ASKED = r.Session(pain_asked=True)  # the pain check-in is done: straight to the exercises


def play(coach, events, session=None, profile=None):
    """Run events in order; return the outcomes."""
    session = session or ASKED
    profile = profile or r.Profile()
    outcomes = []
    for event in events:
        outcome = coach.handle(session, profile, event, TODAY)
        outcomes.append(outcome)
        session, profile = outcome.session, outcome.profile
        if outcome.reply.end_session:
            session = r.Session()
    return outcomes


def returning() -> r.Profile:
    return r.Profile(disclaimer_heard=True)


# --- shape of an exercise ------------------------------------------------------------


def test_beats_are_intro_start_then_steps_per_side(content):
    cat_cow = content.exercises["cat_cow"]
    assert [b.kind for b in r.beats(cat_cow)] == ["intro", "start"] + ["step"] * len(cat_cow.steps)
    hamstring = content.exercises["hamstring_stretch"]
    sides = [b.side for b in r.beats(hamstring) if b.kind == "step"]
    assert sides == ["right"] * len(hamstring.steps) + ["left"] * len(hamstring.steps)


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (20, ["hold_start", 10, "hold_more", 10, "hold_release"]),
        (25, ["hold_start", 10, "hold_more", 10, "hold_more", 5, "hold_release"]),
        (5, ["hold_start", 5, "hold_release"]),
    ],
)
def test_counted_holds_never_pause_more_than_ten_seconds(seconds, expected):
    parts = r.hold_parts(seconds)
    assert [p.seconds if isinstance(p, r.Pause) else p.id for p in parts] == expected
    assert sum(p.seconds for p in parts if isinstance(p, r.Pause)) == seconds


def test_hold_counts_down_what_is_left(coach):
    parts = r.hold_parts(20)
    spoken = plain_text(parts, coach.content.prompts)
    assert spoken == "Hold for 20 seconds. 10 more. And release."
    assert render(parts, coach.content.prompts).count('<break time="10s"/>') == 2


# --- launch ------------------------------------------------------------------------------


def test_first_launch_reads_the_disclaimer_asks_about_pain_then_starts_exercise_one(coach):
    launch, rate = play(coach, [r.Launch(), r.Rate(3)], session=r.Session())
    spoken = text(coach, launch.reply)
    assert spoken.startswith("Welcome to My Back Routine")
    assert "not medical advice" in spoken and "emergency" in spoken
    assert spoken.index("emergency") < spoken.index("how's your back today, from zero to ten?")
    assert launch.profile.disclaimer_heard
    assert launch.session.question == "pain_before"
    assert launch.reply.reprompt and not launch.reply.end_session
    assert "Exercise 1 of 10: seated cat cow" in text(coach, rate.reply)
    assert rate.session.position == r.Position("back_routine", "seated_cat_cow", 0)
    assert rate.profile.pains == (r.PainRating(TODAY, "before", 3),)


def test_a_one_shot_first_use_hears_the_disclaimer_before_the_answer(coach):
    outcome = coach.handle(ASKED, r.Profile(), r.Explain("how", "kid's pose", "kid's pose"), TODAY)
    spoken = text(coach, outcome.reply)
    assert spoken.index("not medical advice") < spoken.index("Here's child's pose")
    assert outcome.profile.disclaimer_heard


def test_the_disclaimer_is_not_read_again(coach):
    outcome = coach.handle(ASKED, returning(), r.Launch(), TODAY)
    assert "not medical advice" not in text(coach, outcome.reply)
    assert ids(outcome.reply)[0] == "welcome_back"


def test_returning_with_a_saved_place_is_offered_resume(coach):
    profile = r.replace(returning(), saved=r.Position("back_routine", "cat_cow", 3))
    launch, yes = play(coach, [r.Launch(), r.Yes()], profile=profile)
    assert "Pick up at cat cow, exercise 2 of 10?" in text(coach, launch.reply)
    assert launch.session.question == "resume"
    assert text(coach, yes.reply).startswith("You were on cat cow, step 4 of 6.")
    assert yes.session.position == r.Position("back_routine", "cat_cow", 3)


def test_no_to_resume_starts_from_the_top(coach):
    profile = r.replace(returning(), saved=r.Position("back_routine", "cat_cow", 3))
    _, no = play(coach, [r.Launch(), r.No()], profile=profile)
    assert ids(no.reply)[0] == "fresh_start"
    assert no.session.position == r.Position("back_routine", "seated_cat_cow", 0)


def test_yes_that_confirms_what_started_moves_on_without_repeating_the_intro(coach):
    launch, yes = play(coach, [r.Launch(), r.Yes()], profile=returning())
    assert "exercise_intro" not in ids(yes.reply)
    assert yes.session.position.beat == launch.session.position.beat + 1


# --- moving through -----------------------------------------------------------------------


def test_next_walks_the_whole_routine_and_never_says_the_same_thing_twice(coach, content):
    routine = content.default_routine
    total_beats = sum(coach.beat_count(e) for e in routine.exercises)
    outcomes = play(coach, [r.Launch()] + [r.Next()] * total_beats, profile=returning())
    spoken = [text(coach, o.reply) for o in outcomes]
    assert all(a != b for a, b in zip(spoken, spoken[1:], strict=False))
    for number, ex_id in enumerate(routine.exercises, start=1):
        name = content.exercises[ex_id].spoken_name
        assert any(f"Exercise {number} of 10: {name}." in s for s in spoken)
    final = outcomes[-1]
    assert "That's all 10" in spoken[-1] and "How's your back now" in spoken[-1]
    assert final.session.question == "pain_after" and not final.reply.end_session
    assert final.profile.completions == (r.Completion(TODAY, "back_routine"),)
    assert final.profile.saved is None
    assert final.profile.known == frozenset(routine.exercises)


def test_per_side_exercises_name_the_side(coach):
    session = r.Session(position=r.Position("back_routine", "hamstring_stretch", 0))
    outcomes = play(coach, [r.Next()] * (coach.beat_count("hamstring_stretch") - 1), session, returning())
    spoken = " ".join(text(coach, o.reply) for o in outcomes)
    assert "right" in spoken and "Now your left leg." in spoken
    assert "Hold for 20 seconds." in spoken


def test_the_last_step_gives_the_dose_and_what_comes_next(coach):
    last = coach.beat_count("seated_cat_cow") - 1
    session = r.Session(position=r.Position("back_routine", "seated_cat_cow", last - 1))
    (outcome,) = play(coach, [r.Next()], session, returning())
    assert "Do 5 of those" in text(coach, outcome.reply)
    assert "cat cow" in text(coach, outcome.reply).split("those")[-1]


def test_previous_on_the_first_step_stays_and_says_so(coach):
    session = r.Session(position=r.Position("back_routine", "seated_cat_cow", 0))
    (outcome,) = play(coach, [r.Previous()], session, returning())
    assert ids(outcome.reply)[0] == "at_start"
    assert outcome.session.position == session.position


def test_previous_from_an_introduction_goes_to_the_last_step_before(coach):
    session = r.Session(position=r.Position("back_routine", "cat_cow", 0))
    (outcome,) = play(coach, [r.Previous()], session, returning())
    assert outcome.session.position == r.Position(
        "back_routine", "seated_cat_cow", coach.beat_count("seated_cat_cow") - 1
    )


def test_repeat_says_exactly_what_was_last_said(coach):
    outcomes = play(coach, [r.Launch(), r.Next(), r.Explain("why", None), r.Repeat()], profile=returning())
    assert outcomes[-1].reply.speech == outcomes[-2].reply.speech
    assert outcomes[-1].session.position == outcomes[1].session.position


def test_skip_goes_to_the_next_exercise(coach):
    session = r.Session(position=r.Position("back_routine", "seated_cat_cow", 2))
    (outcome,) = play(coach, [r.Skip()], session, returning())
    assert outcome.session.position == r.Position("back_routine", "cat_cow", 0)
    assert ids(outcome.reply)[0] == "skipping"


def test_start_over_and_switching_routines(coach):
    session = r.Session(position=r.Position("back_routine", "bird_dog", 2), pain_asked=True)
    over, switch = play(coach, [r.StartOver(), r.Start("floor routine", "floor routine")], session, returning())
    assert over.session.position == r.Position("back_routine", "seated_cat_cow", 0)
    assert switch.session.position == r.Position("floor_routine", "cat_cow", 0)
    assert "Exercise 1 of 4: cat cow." in text(coach, switch.reply)


def test_an_unknown_routine_keeps_the_place_and_names_the_routines(coach):
    session = r.Session(position=r.Position("back_routine", "bird_dog", 2))
    (outcome,) = play(coach, [r.Start("yoga flow", "yoga flow")], session, returning())
    assert outcome.session.position == session.position
    spoken = text(coach, outcome.reply)
    assert "yoga flow" in spoken and "desk break" in spoken


def test_an_explanation_keeps_the_place_and_next_goes_on_from_it(coach):
    session = r.Session(position=r.Position("back_routine", "cat_cow", 3))
    explain, after = play(coach, [r.Explain("how", "kid's pose", "kid's pose"), r.Next()], session, returning())
    assert "Here's child's pose" in text(coach, explain.reply)
    assert "Say next to carry on with cat cow." in text(coach, explain.reply)
    assert after.session.position == r.Position("back_routine", "cat_cow", 4)


def test_an_unknown_exercise_offers_the_two_closest_and_yes_explains_the_first(coach):
    asked, yes = play(coach, [r.Explain("how", "bird hog", "bird hog"), r.Yes()], profile=returning())
    spoken = text(coach, asked.reply)
    assert "bird hog" in spoken and "Did you mean bird dog, or" in spoken
    assert "what exercises are there" in plain_text(asked.reply.reprompt, coach.content.prompts)
    assert asked.session.question == "pick"
    assert "Here's bird dog" in text(coach, yes.reply)


def test_where_am_i_and_how_many_left(coach):
    session = r.Session(position=r.Position("back_routine", "band_pull_apart", 1))
    where, left = play(coach, [r.WhereAmI(), r.HowManyLeft()], session, returning())
    assert "exercise 3 of 10, band pull aparts, step 2 of" in text(coach, where.reply)
    assert text(coach, left.reply).startswith("7 more after this one.")


# --- safety, pause, stop ----------------------------------------------------------------


def test_hurt_stops_names_red_flags_and_offers_skip_or_end(coach):
    session = r.Session(position=r.Position("back_routine", "bird_dog", 2))
    hurt, yes = play(coach, [r.Hurt(), r.Yes()], session, returning())
    spoken = text(coach, hurt.reply)
    assert spoken.startswith("Stop that movement now.")
    assert "chest pain" in spoken and "bladder" in spoken
    assert hurt.session.question == "skip"
    assert yes.session.position == r.Position("back_routine", "diaphragmatic_breathing", 0)
    (no,) = play(coach, [r.No()], hurt.session, hurt.profile)
    assert no.reply.end_session and no.profile.saved == session.position


def test_pause_saves_and_resume_later_goes_on_at_the_same_step(coach):
    session = r.Session(position=r.Position("back_routine", "bird_dog", 3))
    (pause,) = play(coach, [r.PauseRoutine()], session, returning())
    assert pause.reply.end_session and pause.profile.saved == session.position
    (resume,) = play(coach, [r.Resume()], r.Session(), pause.profile)
    assert text(coach, resume.reply).startswith("You were on bird dog, step 4 of")
    assert resume.session.position == session.position


def test_stop_claims_a_saved_place_only_in_the_saved_reply(coach):
    session = r.Session(position=r.Position("back_routine", "bird_dog", 3))
    (stop,) = play(coach, [r.Stop()], session, returning())
    assert "saved your place" in text(coach, stop.reply)
    assert stop.reply.unsaved_speech is not None
    assert "saved" not in plain_text(stop.reply.unsaved_speech, coach.content.prompts)


def test_session_end_keeps_the_place_silently(coach):
    session = r.Session(position=r.Position("back_routine", "bird_dog", 3))
    (ended,) = play(coach, [r.SessionEnded()], session, returning())
    assert ended.reply.speech == () and ended.profile.saved == session.position


# --- content changes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stale", "expected"),
    [
        (r.Position("back_routine", "gone_exercise", 2), r.Position("back_routine", "seated_cat_cow", 0)),
        (r.Position("back_routine", "cat_cow", 99), r.Position("back_routine", "cat_cow", 0)),
        (r.Position("gone_routine", "cat_cow", 1), None),
    ],
)
def test_a_position_from_older_content_starts_cleanly(coach, stale, expected):
    assert coach.settle(stale) == (expected, True)
    (outcome,) = play(coach, [r.WhereAmI()], r.Session(position=stale), returning())
    assert outcome.session.position == expected
    if expected is not None:
        assert "content_changed" in ids(outcome.reply)


# --- every reply ----------------------------------------------------------------------------

ALL_EVENTS = [
    r.Launch(), r.Start(), r.Start("desk break"), r.Start("nope", "nope"), r.Next(), r.Previous(),
    r.Repeat(), r.Skip(), r.StartOver(), r.Resume(), r.PauseRoutine(), r.WhereAmI(), r.HowManyLeft(),
    r.Yes(), r.No(), r.Explain("how"), r.Explain("why", "bird dog"), r.Explain("equipment"),
    r.Explain("how", "zzz", "zzz"), r.ListExercises(), r.ListRoutines(), r.Hurt(), r.ReadDisclaimer(),
    r.Help(), r.Stop(), r.Fallback(), r.Rate(2), r.Rate(9), r.Rate(None), r.TooEasy(), r.TooHard(),
    r.Slower(), r.Faster(), r.NormalPace(), r.HowAmIDoing(),
]

STATES = [
    (r.Session(), r.Profile()),
    (r.Session(), returning()),
    (r.Session(pending_routine="back_routine", pain_asked=True, question="pain_before"), returning()),
    (r.Session(question="pain_after", pain_asked=True), returning()),
    (r.Session(question="pick", options=("bird_dog", "cat_cow"), topic="why"), returning()),
    (r.Session(position=r.Position("back_routine", "childs_pose", 3)), returning()),
    (r.Session(position=r.Position("desk_break", "frisbee_reach", 0)), returning()),
    (r.Session(question="resume"), r.replace(returning(), saved=r.Position("back_routine", "cat_cow", 2))),
    (r.Session(position=r.Position("floor_routine", "bird_dog", 2), question="skip"), returning()),
    (r.Session(question="start"), returning()),
]


@pytest.mark.parametrize("state", range(len(STATES)))
@pytest.mark.parametrize("event", ALL_EVENTS, ids=lambda e: type(e).__name__)
def test_every_reply_is_valid_ssml_with_a_reprompt_when_open(coach, state, event):
    session, profile = STATES[state]
    outcome = coach.handle(session, profile, event, TODAY)
    reply = outcome.reply
    assert reply.speech, "every event but a session end says something"
    for parts in (reply.speech, reply.reprompt, reply.unsaved_speech or ()):
        for part in parts:
            assert not isinstance(part, r.Say) or part.id in coach.content.prompts, part.id
        assert ssml_problems(render(parts, coach.content.prompts)) == []
    if not reply.end_session:
        assert reply.reprompt
    assert outcome.session.question is None or not reply.end_session


def test_the_core_imports_neither_ask_sdk_nor_flask():
    code = (
        "import sys, skill.routine, skill.content, skill.speech, skill.state;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('ask_sdk_core','ask_sdk_model','flask','boto3')];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_the_engines_replace_copies_each_kind_of_state():
    import dataclasses

    position = r.Position("back_routine", "cat_cow", 2)
    session = r.Session(position=position, turn=3, options=("cat_cow",))
    profile = r.Profile(disclaimer_heard=True, saved=position, pace=1)
    assert r.replace(session, question="skip", turn=4) == dataclasses.replace(session, question="skip", turn=4)
    assert r.replace(position, beat=4, compact=True) == r.Position("back_routine", "cat_cow", 4, True)
    assert r.replace(profile, saved=None, levels=(("cat_cow", 1),)) == r.Profile(
        disclaimer_heard=True, pace=1, levels=(("cat_cow", 1),))
    for state, changes in ((position, {"beat": 4}), (session, {"turn": 4}), (profile, {"pace": 2})):
        copy = r.replace(state, **changes)
        assert type(copy) is type(state) and copy != state and r.replace(state) == state
        with pytest.raises((AttributeError, dataclasses.FrozenInstanceError)):
            copy.turn = 9  # type: ignore[misc,union-attr]
        with pytest.raises((TypeError, ValueError)):
            r.replace(state, no_such_field=1)
