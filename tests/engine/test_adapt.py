"""Coaching that adapts: the pace, easier and harder forms, missing equipment, pain
check-ins, progress, and phrasings that vary."""

from __future__ import annotations

from datetime import timedelta

from engine_talk import CONTENT, DAY, Talk, started
from hypothesis import given
from hypothesis import strategies as st

from skill.engine import events as ev
from skill.engine.reply import Pause, Say
from skill.engine.sets import hold_seconds, led_set, reps
from skill.engine.state import LEVEL_LIMIT, PACE_LIMIT, Position, Profile, Session
from skill.progress import Completion, PainRating, Progress

KNOWN = frozenset(CONTENT.exercises)


def at_hamstrings(profile: Profile | None = None) -> Talk:
    talk = Talk(profile or Profile(disclaimer_heard=True, known=KNOWN),
                Session(pain_asked=True))
    talk(ev.JumpTo("hamstring_stretch"))
    return talk


# --- pace --------------------------------------------------------------------------------


def test_slower_during_a_set_starts_it_again_slower_and_normal_pace_resets():
    talk = at_hamstrings()
    assert "Hold for 20 seconds" in talk.words or "20 seconds" in talk.words
    talk(ev.Act.SLOWER, barge_in=True)
    assert talk.profile.pace == 1
    assert talk.words.startswith("Okay, I'll slow down, with longer holds.") and "25 seconds" in talk.words
    talk(ev.Act.NORMAL_PACE)
    assert talk.profile.pace == 0 and talk.words.startswith("Okay, back to the normal pace.")
    assert talk.session.question == "ready"  # after the set: from the next one on


def test_pace_stops_at_its_limit_and_says_so():
    talk = at_hamstrings(Profile(disclaimer_heard=True, known=KNOWN, pace=PACE_LIMIT))
    talk(ev.Act.SLOWER)
    assert talk.profile.pace == PACE_LIMIT and "already as slow" in talk.words


@given(pace=st.integers(-PACE_LIMIT, PACE_LIMIT),
       levels=st.lists(st.integers(-LEVEL_LIMIT, LEVEL_LIMIT), min_size=10, max_size=10))
def test_pace_and_dose_always_stay_inside_the_content_ranges(pace, levels):
    for exercise, level in zip(CONTENT.exercises.values(), levels, strict=True):
        profile = Profile(pace=pace).with_level(exercise.id, level)
        seconds, count = hold_seconds(exercise, profile), reps(exercise, profile)
        dose = exercise.dose
        if seconds is not None:
            low, high = (dose.hold_range.low, dose.hold_range.high) if dose.hold_range else (dose.hold_seconds,) * 2
            assert low <= seconds <= high
        if count is not None and dose.reps_range:
            assert dose.reps_range.low <= count <= dose.reps_range.high
        for teach in (False, True):
            parts = led_set(exercise, profile, teach=teach)
            assert all(1 <= p.seconds for p in parts if isinstance(p, Pause))
            if count:
                counted = [p for p in parts if isinstance(p, Say) and p.id in ("rep_count", "rep_last")]
                sides = 2 if dose.per_side and not dose.alternate else 1
                assert len(counted) == (count - 1) * sides


# --- easier and harder ---------------------------------------------------------------------


def test_too_hard_after_bird_dog_moves_to_the_easier_form_for_next_time():
    talk = Talk(Profile(disclaimer_heard=True, known=KNOWN), Session(pain_asked=True))
    talk(ev.JumpTo("bird_dog"))
    talk(ev.Act.TOO_HARD)
    assert talk.profile.level("bird_dog") == -1
    assert talk.words.startswith("Okay, an easier bird dog: arm only.")
    talk(ev.JumpTo("bird_dog"))
    assert "Your easier form: arm only." in talk.words


def test_too_hard_during_a_set_starts_it_again_in_the_easier_form():
    talk = Talk(Profile(disclaimer_heard=True, known=KNOWN), Session(pain_asked=True))
    talk(ev.JumpTo("bird_dog"))
    talk(ev.Act.TOO_HARD, barge_in=True)
    assert talk.words.startswith("Okay, an easier bird dog: arm only.") and "Exercise 8 of 10" in talk.words


def test_too_easy_twice_goes_to_the_top_of_the_dose_range_then_stops():
    talk = Talk(Profile(disclaimer_heard=True, known=KNOWN), Session(pain_asked=True))
    talk(ev.JumpTo("bird_dog"))
    talk(ev.Act.TOO_EASY)
    assert talk.profile.level("bird_dog") == 1 and "harder bird dog: longer hold" in talk.words
    talk(ev.Act.TOO_EASY)
    assert talk.profile.level("bird_dog") == 2 and "8 reps and 10 second holds" in talk.words
    talk(ev.Act.TOO_EASY)
    assert talk.profile.level("bird_dog") == 2 and "hardest form" in talk.words


def test_adjusting_needs_an_exercise():
    talk = Talk(Profile(disclaimer_heard=True))
    talk(ev.Act.TOO_EASY)
    assert "during or right after an exercise" in talk.words and talk.profile.levels == ()


def test_tired_offers_a_rest_an_easier_version_or_stopping():
    talk = started(Profile(disclaimer_heard=True, known=KNOWN))
    talk(ev.Act.TIRED)
    assert "rest a moment, try an easier cat cow, or stop for today" in talk.words
    assert talk.session.question == "tired"
    talk(ev.Act.TOO_HARD)
    assert talk.profile.level("cat_cow") == -1 and "Exercise 2 of 10: cat cow" in talk.words


# --- equipment -----------------------------------------------------------------------------


def test_skip_it_after_the_substitute_leaves_that_exercise_out():
    """The offer says "skip it", which leaves out the exercise just offered."""
    talk = started(Profile(disclaimer_heard=True, known=KNOWN))
    talk(ev.Act.YES)  # cat cow; band pull aparts is next
    talk(ev.NoEquipment("band"))
    talk(ev.Act.SKIP)  # "skip it"
    assert talk.words.startswith("Skipping band pull aparts.") and "Exercise 4 of 10" in talk.words


def test_no_band_gets_a_substitute_remembered_for_next_time():
    talk = started(Profile(disclaimer_heard=True, known=KNOWN))
    talk(ev.Act.YES)  # cat cow; band pull aparts is next
    talk(ev.NoEquipment("band"))
    assert talk.words.startswith("No resistance band? No problem. Hold a towel or a belt taut")
    assert "I'll remember that" in talk.words and "say skip it to leave band pull aparts out" in talk.words
    assert talk.profile.missing == frozenset({"band"})
    talk(ev.Act.YES)
    assert "No resistance band today: Hold a towel or a belt taut" in talk.words
    # the set itself names what is used instead
    assert "Pull the towel wide." in talk.words and "the band" not in talk.words
    talk(ev.Explain("how", "band_pull_apart"))
    assert "holding the towel in both hands" in talk.words and "band in" not in talk.words
    talk(ev.NoEquipment(None, "trampoline"))
    assert "I don't know trampoline" in talk.words



def test_a_band_back_again_is_used_from_the_next_set_and_remembered():
    talk = started(Profile(disclaimer_heard=True, known=KNOWN, missing=frozenset({"band", "chair"})))
    talk(ev.Act.YES)  # cat cow; band pull aparts is next
    talk(ev.HaveEquipment("band"))
    assert talk.words.startswith("Good, I'll use the resistance band again.") and "I'll remember that" in talk.words
    assert talk.profile.missing == frozenset({"chair"})
    talk(ev.Act.YES)
    assert "Exercise 3 of 10: band pull aparts" in talk.words and "No resistance band today" not in talk.words
    assert "Pull the band wide." in talk.words and "the towel wide" not in talk.words
    talk(ev.HaveEquipment("mat"))
    assert "Your exercises already use the mat" in talk.words and talk.profile.missing == frozenset({"chair"})
    talk(ev.HaveEquipment(None, "trampoline"))
    assert "I don't know trampoline" in talk.words and talk.profile.missing == frozenset({"chair"})


def test_found_it_with_no_name_is_the_one_piece_said_missing():
    talk = started(Profile(disclaimer_heard=True, known=KNOWN))
    talk(ev.Act.YES)  # cat cow; band pull aparts is next
    talk(ev.HaveEquipment())  # "found it", nothing set aside
    assert talk.words.startswith("Good. Nothing's set aside") and talk.words.endswith("?")
    talk(ev.NoEquipment("band"))
    talk(ev.NoEquipment("towel"))
    talk(ev.HaveEquipment())  # two set aside: which one?
    assert talk.words.startswith("Tell me which one you found") and talk.profile.missing == frozenset({"band", "towel"})
    talk(ev.HaveEquipment("towel"))
    talk(ev.HaveEquipment())  # only the band now
    assert talk.words.startswith("Good, I'll use the resistance band again.") and talk.profile.missing == frozenset()

# --- pain check-ins ----------------------------------------------------------------------


def test_the_pain_check_in_can_be_skipped():
    talk = Talk()
    talk(ev.Act.LAUNCH)
    talk(ev.Act.SKIP)
    assert "Exercise 1 of 10" in talk.words and talk.profile.logged == ()


def test_a_high_rating_before_starting_brings_safety_and_no_nudge_to_go_on():
    talk = Talk()
    talk(ev.Act.LAUNCH)
    talk(ev.Rate(8))
    assert "Let's stop here for today" in talk.words and "chest pain" in talk.words and talk.reply.end_session
    assert "Exercise 1" not in talk.words and "say next" not in talk.words.lower()


def test_a_big_jump_since_last_time_brings_safety():
    rated = PainRating(DAY - timedelta(days=2), "before", 2)
    talk = Talk(Profile(disclaimer_heard=True, progress=Progress.of((), (rated,))))
    talk(ev.Act.LAUNCH)
    talk(ev.Rate(6))
    assert "above the 2 you gave last time" in talk.words and talk.reply.end_session


def test_feeling_worse_after_a_routine_brings_safety():
    talk = Talk(Profile(disclaimer_heard=True, progress=Progress.of((), (PainRating(DAY, "before", 2),))),
                Session(question="pain_after"))
    talk(ev.Rate(6))
    assert "higher than the 2 you started with" in talk.words and "bladder" in talk.words


# --- progress -----------------------------------------------------------------------------


def test_streak_days_this_week_and_pain_trend_come_from_the_history():
    days = [DAY - timedelta(days=n) for n in (0, 1, 2, 5)]
    completions = [Completion(d, "back_routine") for d in days]
    pains = [PainRating(DAY - timedelta(days=n), "before", v) for n, v in ((12, 6), (10, 6), (3, 4), (1, 4))]
    progress = Progress.of(completions, pains)
    assert progress.streak(DAY) == 3
    assert progress.streak(DAY + timedelta(days=1)) == 3  # today not done yet
    assert progress.streak(DAY + timedelta(days=2)) == 0
    assert progress.this_week(DAY) == 3  # Monday, Tuesday, Wednesday
    shape = progress.trend(DAY)
    assert (shape.early, shape.late, shape.last) == (6, 4, 4)


def test_how_am_i_doing_says_week_streak_and_trend():
    completions = tuple(Completion(DAY - timedelta(days=n), "back_routine") for n in (0, 1))
    pains = tuple(PainRating(DAY - timedelta(days=n), "before", v) for n, v in ((12, 6), (2, 4)))
    talk = Talk(Profile(disclaimer_heard=True, progress=Progress.of(completions, pains)))
    talk(ev.Act.HOW_AM_I_DOING)
    assert "You've finished 2 routines this week." in talk.words
    assert "2 days in a row." in talk.words and "went from 6 to 4 over two weeks" in talk.words


def test_a_finished_routine_mentions_the_streak():
    completions = tuple(Completion(DAY - timedelta(days=n), "back_routine") for n in (1, 2, 3))
    talk = Talk(Profile(disclaimer_heard=True, known=KNOWN, progress=Progress.of(completions, ())),
                Session(position=Position("floor_routine", "childs_pose"), question="pain_after"))
    talk(ev.Rate(2))
    assert "4 days in a row." in talk.words and talk.reply.end_session


# --- variety ----------------------------------------------------------------------------------


def test_the_same_phrasing_is_never_used_twice_in_a_row_for_a_person():
    profile = Profile(disclaimer_heard=True)
    heard = []
    for _ in range(6):  # six sessions, each skipping one exercise
        talk = Talk(profile, Session(position=Position("back_routine", "cat_cow"), set_done=True))
        talk(ev.Act.SKIP, barge_in=False)
        profile = talk.profile
        heard.append(next(p for p in talk.reply.speech if isinstance(p, Say) and p.id == "skipping").variant)
    assert all(a != b for a, b in zip(heard, heard[1:], strict=False))


def test_repeat_keeps_the_phrasing_of_an_answer():
    talk = started()
    talk(ev.Act.WHERE_AM_I)
    first = talk.reply.speech
    talk(ev.Act.REPEAT)
    assert talk.reply.speech == first
