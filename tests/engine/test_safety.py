"""Safety first: red flags stop the routine for today, dizziness has its own answer,
pain is heard whenever it is said, and "it hurts" is short."""

from __future__ import annotations

from datetime import timedelta

import pytest
from engine_talk import CONTENT, Talk

from skill.engine import events as ev
from skill.engine.state import Profile

KNOWN = frozenset(CONTENT.exercises)


def at(moment: str) -> Talk:
    """A person at one moment of a routine."""
    if moment == "idle":
        talk = Talk(Profile(disclaimer_heard=True))
        talk(ev.Act.HOW_AM_I_DOING)
        return talk
    talk = Talk(Profile(disclaimer_heard=True, known=KNOWN))
    talk(ev.Act.LAUNCH)
    if moment == "pain question":
        return talk
    talk(ev.Rate(3))
    talk(ev.Act.YES)
    return talk


MOMENTS = ("idle", "pain question", "during a set", "after a set")


@pytest.mark.parametrize("moment", MOMENTS)
def test_a_red_flag_stops_now_sends_for_help_and_ends_the_routine_for_today(moment):
    talk = at(moment)
    talk(ev.Act.RED_FLAG, barge_in=moment == "during a set")
    words = talk.words
    assert talk.reply.end_session
    assert "stop exercising now and get medical help" in words and "emergency number" in words
    assert "skip" not in words.lower() and "go on" not in words.lower()
    assert talk.profile.halt is not None and talk.profile.halt.reason == "red_flag"
    if moment in ("during a set", "after a set"):
        assert talk.place is not None and "saved your place" in words
    talk.new_session()
    for event in (ev.Act.LAUNCH, ev.Start(), ev.Act.NEXT, ev.Act.RESUME, ev.Act.SKIP, ev.JumpTo("bird_dog")):
        talk(event)
        assert talk.reply.end_session and "medical help" in talk.words, event
        talk.new_session()
    talk.new_session(talk.today + timedelta(days=1))
    talk(ev.Start())
    assert not talk.reply.end_session


def test_dizziness_has_its_own_answer_led_with_rest():
    talk = at("during a set")
    talk(ev.Act.DIZZY, barge_in=True)
    assert talk.words.startswith("Stop, and sit or lie down where you are. Breathe slowly.")
    assert "pain" not in talk.words.lower()
    assert talk.words.endswith("Has it passed?") and talk.session.question == "dizzy"
    talk(ev.Act.NO)
    assert talk.reply.end_session and "Let's stop for today" in talk.words and talk.place == ("cat_cow", 0)
    talk = at("after a set")
    talk(ev.Act.DIZZY)
    talk(ev.Act.YES)
    assert talk.words.startswith("Good. Take it gently") and not talk.reply.end_session


@pytest.mark.parametrize("moment", ["during a set", "after a set", "pain question"])
def test_a_pain_of_eight_or_more_mid_routine_ends_it_whatever_is_said_next(moment):
    talk = at(moment)
    talk(ev.Rate(9), barge_in=moment == "during a set")
    assert talk.reply.end_session and "Let's stop here for today" in talk.words
    assert talk.profile.halt is not None and talk.profile.halt.reason == "pain"
    talk.new_session()
    talk(ev.Act.YES)
    assert "Exercise" not in talk.words and talk.session.question == "pain_before"
    talk(ev.Rate(9))
    assert talk.reply.end_session
    talk.new_session()
    talk(ev.Act.NEXT)
    talk(ev.Rate(4))
    assert "Exercise" in talk.words and not talk.reply.end_session  # better now: it carries on at the place
    assert talk.profile.halt is None


def test_a_rise_of_three_offers_to_stop():
    talk = at("after a set")
    talk(ev.Rate(6))
    assert "up from the 3 you started with" in talk.words and talk.words.endswith("Shall we stop for today?")
    talk(ev.Act.YES)
    assert talk.reply.end_session and talk.place == ("band_pull_apart", 0)
    talk = at("after a set")
    talk(ev.Rate(4))
    assert "noted 4" in talk.words and talk.session.question == "ready"


def test_it_hurts_is_short_and_next_skips_the_exercise_that_hurt():
    for barge_in in (True, False):
        talk = at("during a set")
        talk(ev.Act.HURT, barge_in=barge_in)
        assert len(talk.words.split()) <= 45, talk.words
        if barge_in:  # while Alexa leads cat cow's set
            assert talk.words.startswith("Stop that movement now.") and "skip cat cow" in talk.words
        else:  # after it, at "on to band pull aparts?"
            assert talk.words.startswith("Rest there.") and "go on to band pull aparts" in talk.words
        assert talk.words.endswith("For the warning signs to watch for, say tell me more.")
        talk(ev.Act.NEXT)
        assert "Exercise 3 of 10: band pull aparts" in talk.words
        assert ("Skipping cat cow" in talk.words) is barge_in


def test_next_after_it_hurts_skips_the_rest_of_a_split_set():
    talk = Talk(Profile(disclaimer_heard=True, pace=2, levels=(("frisbee_reach", 2),)))
    talk(ev.Act.LAUNCH)
    talk(ev.Rate(2))
    talk(ev.JumpTo("frisbee_reach"))
    assert talk.session.position.part == 0
    talk(ev.Act.HURT, barge_in=True)
    talk(ev.Act.NEXT)
    assert "Exercise 8 of 10: bird dog" in talk.words


def test_the_warning_signs_are_listed_on_request():
    talk = at("during a set")
    talk(ev.Act.HURT, barge_in=True)
    talk(ev.Act.MORE)
    for sign in ("groin", "weakness in your legs", "bladder", "chest pain", "fall", "fever", "shooting down a leg"):
        assert sign in talk.words
    talk = at("idle")
    talk(ev.Act.WARNING_SIGNS)
    assert "bladder" in talk.words and not talk.reply.end_session


@pytest.mark.parametrize(("answer", "heard"), [
    (ev.Act.YES, "Exercise 3 of 10: band pull aparts"),
    (ev.Act.SKIP, "Exercise 4 of 10: hip hinge"),
])
def test_it_hurts_after_a_set_offers_the_next_exercise_not_the_one_done(answer, heard):
    talk = at("after a set")  # cat cow led through; "on to band pull aparts?"
    talk(ev.Act.HURT)
    assert talk.words.startswith("Rest there. Pain is your signal to stop.")
    assert "go on to band pull aparts" in talk.words and "skip cat cow" not in talk.words
    talk(answer)
    assert heard in talk.words and "Skipping cat cow" not in talk.words


def test_stop_or_no_after_it_hurts_stops_for_today():
    talk = at("after a set")
    talk(ev.Act.HURT)
    talk(ev.Act.STOP)
    assert talk.reply.end_session and talk.place is not None
    talk = at("during a set")  # "shall we skip cat cow and go on?" "no"
    talk(ev.Act.HURT, barge_in=True)
    talk(ev.Act.NO)
    assert talk.reply.end_session and talk.place is not None


def test_no_to_going_on_after_it_hurts_waits_and_says_what_to_say():
    talk = at("after a set")  # "shall we go on to band pull aparts?" "no"
    talk(ev.Act.HURT)
    talk(ev.Act.NO)
    assert not talk.reply.end_session and "Exercise" not in talk.words
    assert talk.words.endswith("Say next when you're ready for band pull aparts.")


@pytest.mark.parametrize(("event", "answer"), [
    (ev.HaveEquipment("sharp pain", "sharp pain"), "Pain is your signal to stop"),  # "I've got a sharp pain"
    (ev.NoEquipment("feeling in my legs", "no feeling in my legs"), "get medical help"),
    (ev.JumpTo("the numbness in my leg", "the numbness in my leg"), "get medical help"),
    (ev.Explain("how", "dizzy spell", "dizzy spell"), "sit or lie down"),
    (ev.Start("chest pain", "chest pain"), "get medical help"),  # a red flag before the pain in it
    # "I got up too fast, my head's swimming", taken by Alexa as "I got {equipment}"
    (ev.HaveEquipment("up too fast my head's swimming", "up too fast my head's swimming"), "sit or lie down"),
    (ev.Start("more time I can't move", "more time I can't move"), "get medical help"),
    (ev.JumpTo("the bit that stings", "the bit that stings"), "Pain is your signal to stop"),
])
def test_a_symptom_heard_where_a_name_belongs_is_answered_as_that_symptom(event, answer):
    talk = at("after a set")
    talk(event)
    assert answer in talk.words


@pytest.mark.parametrize("event", [
    ev.NoEquipment("chest strap", "chest strap"),  # a body part alone is no symptom
    ev.JumpTo("bird hog", "bird hog"),
    ev.HaveEquipment("band", "a band"),
    ev.Explain("why", "groin stretch", "the groin stretch"),
    ev.Explain("how", "swimming", "the swimming one"),  # no head swimming in it
])
def test_a_name_that_describes_no_symptom_is_taken_as_a_name(event):
    talk = at("after a set")
    talk(event)
    assert "medical help" not in talk.words and "signal to stop" not in talk.words
    assert "sit or lie down" not in talk.words.lower()
