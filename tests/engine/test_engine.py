"""The engine, turn by turn: starting, the first time and after, going on during a set
and after it, going back, skipping, jumping, stopping, timing out, and picking up."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from engine_talk import CONTENT, PROMPTS, Talk, started

from skill.engine import events as ev
from skill.engine.reply import Say, plain_text
from skill.engine.state import Position, Profile, Session
from skill.engine.turn import handle, settle

KNOWN = frozenset(CONTENT.exercises)


def test_first_launch_reads_the_disclaimer_names_the_equipment_and_asks_about_pain():
    talk = Talk()
    talk(ev.Act.LAUNCH)
    assert talk.words.startswith("Welcome to My Back Routine. This skill is for education only, not medical advice.")
    assert "emergency number" in talk.words
    assert "you'll need a chair, a mat, a resistance band, and a large towel" in talk.words
    assert talk.words.endswith("How's your back today, from zero to ten? Or say skip.")
    assert talk.profile.disclaimer_heard and talk.session.question == "pain_before"


def test_the_first_time_an_exercise_is_taught_then_led():
    talk = started()
    words = talk.words
    assert words.startswith("Thanks, 3 it is. Exercise 1 of 10: seated cat cow. It gently moves your whole spine")
    assert "Sit tall near the front of a chair" in words  # the starting position
    assert "Breathe out slowly as you round your back" in words  # one slow demonstration rep
    assert "And 2, round forward as you breathe out." in words and "Last one, round forward" in words
    assert "Move slowly, and only as far as feels easy." in words  # the safety cue, during the set
    assert words.endswith("That's seated cat cow done. Nice work. Ready for cat cow?")
    assert "You'll need a chair" not in words  # named with the routine, just before
    assert talk.session.question == "ready" and talk.session.teach
    assert talk.place == ("seated_cat_cow", 0)


def test_a_returning_person_gets_a_short_cue_and_the_led_set():
    talk = started(Profile(disclaimer_heard=True, known=KNOWN))
    words = talk.words
    assert "Sit tall on your chair, hands clasped behind your head." in words
    assert "Sit tall near the front" not in words and "gently moves your whole spine" not in words
    assert "Round forward as you breathe out." in words and "Move slowly" in words
    assert not talk.session.teach


def test_yes_leads_the_next_exercise_and_moves_the_saved_place():
    talk = started()
    talk(ev.Act.YES)
    assert talk.words.startswith("Exercise 2 of 10: cat cow.")
    assert "You'll need a mat." in talk.words
    assert talk.place == ("cat_cow", 0)
    assert talk.profile.known >= {"seated_cat_cow", "cat_cow"}


def test_next_during_a_set_goes_to_the_next_exercise():
    talk = started()
    talk(ev.Act.NEXT, barge_in=True)
    assert talk.words.startswith("Exercise 2 of 10: cat cow.")


def test_repeat_during_or_after_a_set_leads_it_again_from_the_top():
    for barge_in in (True, False):
        talk = started()
        talk(ev.Act.REPEAT, barge_in=barge_in)
        assert talk.words.startswith("From the top of seated cat cow. Exercise 1 of 10: seated cat cow.")
        assert "Breathe out slowly as you round your back" in talk.words  # taught again, as the first time
        assert "Ready" in talk.words.split(". ")[-1] and talk.session.question == "ready"


def test_stop_during_a_set_saves_that_set_and_after_it_the_next():
    talk = started()
    talk(ev.Act.STOP, barge_in=True)
    assert talk.reply.end_session and "saved your place at seated cat cow" in talk.words
    assert talk.place == ("seated_cat_cow", 0)
    talk = started()
    talk(ev.Act.STOP)
    assert "saved your place at cat cow" in talk.words and talk.place == ("cat_cow", 0)
    talk = started()
    talk(ev.Act.PAUSE_ROUTINE, barge_in=True)
    assert "Paused at seated cat cow" in talk.words and talk.place == ("seated_cat_cow", 0)


def test_cancel_declines_an_offered_change_and_anywhere_else_stops():
    talk = started()
    talk(ev.Start("desk_break"))
    assert talk.session.question == "switch"
    talk(ev.Act.CANCEL)  # "never mind"
    assert "stay with this routine" in talk.words and not talk.reply.end_session
    talk(ev.Act.CANCEL)  # at "ready for cat cow?": stop, the place saved
    assert talk.reply.end_session and "saved your place at cat cow" in talk.words


def test_after_a_timeout_the_place_is_the_first_set_not_finished_and_next_carries_on_at_once():
    talk = started()
    talk(ev.Act.YES)  # cat cow, led in full; then nobody answers "ready for band pull aparts?"
    talk.walk_away()
    assert talk.place == ("band_pull_apart", 0)
    talk.new_session()
    talk(ev.Act.NEXT)  # "Alexa, ask my back routine for the next one"
    assert talk.words.startswith("Exercise 3 of 10: band pull aparts.")
    assert "Pick up" not in talk.words
    talk.walk_away()
    talk.new_session()
    talk(ev.Act.RESUME)  # "Alexa, ask my back routine to continue"
    assert talk.words.startswith("Exercise 4 of 10: hip hinge with towel pull.")


def test_a_launch_after_a_break_offers_to_resume():
    talk = started()
    talk(ev.Act.STOP)
    talk.new_session(talk.today + timedelta(days=1))
    talk(ev.Act.LAUNCH)
    assert talk.words == "Welcome back. Pick up at cat cow, exercise 2 of 10?"
    talk(ev.Act.YES)
    assert talk.words.startswith("Exercise 2 of 10: cat cow.")
    talk(ev.Act.STOP)
    talk.new_session()
    talk(ev.Act.LAUNCH)
    talk(ev.Act.NO)
    assert talk.words.startswith("Okay, starting from the top.") and talk.session.question == "pain_before"


def test_go_back_and_skip_depend_on_whether_the_set_was_finished():
    talk = started()
    talk(ev.Act.YES)  # cat cow
    talk(ev.Act.PREVIOUS, barge_in=True)  # during cat cow: back to the one before
    assert talk.words.startswith("Back to seated cat cow.")
    talk(ev.Act.SKIP)  # after seated cat cow, at "ready for cat cow?": skip that one
    assert talk.ids[:2] == ["skipping", "exercise_intro"] and "cat cow" in talk.words.split("Exercise")[0]
    assert "Exercise 3 of 10: band pull aparts." in talk.words
    talk(ev.Act.SKIP, barge_in=True)  # during band pull aparts: skip it
    assert "band pull aparts" in talk.words.split("Exercise")[0] and "Exercise 4 of 10" in talk.words
    talk(ev.Act.PREVIOUS)  # after the hip hinge: go back to it
    assert talk.words.startswith("Back to hip hinge with towel pull.")


def test_jump_to_an_exercise_by_name():
    talk = started()
    talk(ev.JumpTo("bird_dog"), barge_in=True)
    assert talk.words.startswith("Okay, bird dog. Exercise 8 of 10: bird dog.")
    talk(ev.JumpTo("no such thing", "bird hog"))
    assert "I don't know an exercise called bird hog" in talk.words and "bird dog" in talk.words
    talk(ev.Act.YES)
    assert talk.words.startswith("Okay, bird dog.")


def test_a_name_of_the_other_kind_is_taken_for_what_it_names():
    talk = started()
    talk(ev.JumpTo("the floor one", "the floor one"), barge_in=True)  # a routine, heard as an exercise
    assert talk.words == "Your place in the back routine is kept. Switch to the floor routine?"
    talk(ev.Act.NO)
    talk(ev.Start("bird dog", "bird dog"))  # an exercise, heard as a routine
    assert talk.words.startswith("Okay, bird dog. Exercise 8 of 10: bird dog.")
    talk(ev.JumpTo("the towel thing", "the towel thing"))  # one exercise uses a towel
    assert talk.words.startswith("Okay, hip hinge with towel pull.")
    talk(ev.JumpTo("the back one", "the back one"))  # a routine's first word and an exercise's
    assert "I don't know an exercise called the back one" in talk.words


def test_the_last_set_finishes_the_routine_and_asks_about_pain():
    talk = Talk(Profile(disclaimer_heard=True, known=KNOWN))
    talk(ev.Start("floor_routine"))
    talk(ev.Rate(5))
    for _ in range(3):
        talk(ev.Act.YES)
    assert talk.words.endswith("How's your back now, from zero to ten?")
    assert "whole floor routine" in talk.words and talk.session.question == "pain_after"
    talk(ev.Rate(2))
    assert talk.reply.end_session
    assert "I've noted 2" in talk.words and "lower than the 5" in talk.words and "first floor routine" in talk.words
    assert talk.profile.progress.finished == (("floor_routine", 1),)
    assert talk.profile.saved is None


def test_a_routine_is_recorded_once_even_if_its_last_set_is_repeated():
    talk = Talk(Profile(disclaimer_heard=True, known=KNOWN))
    talk(ev.Start("floor_routine"))
    talk(ev.Rate(5))
    talk(ev.JumpTo("childs_pose"))
    talk(ev.Act.REPEAT)
    talk(ev.Act.REPEAT)
    talk(ev.Rate(4))
    assert talk.profile.progress.finished == (("floor_routine", 1),)


def test_a_timeout_after_the_last_set_still_records_the_routine():
    talk = Talk(Profile(disclaimer_heard=True, known=KNOWN))
    talk(ev.Start("floor_routine"))
    talk(ev.Rate(5))
    talk(ev.JumpTo("childs_pose"))
    talk.walk_away()
    assert talk.profile.progress.finished == (("floor_routine", 1),) and talk.profile.saved is None


def test_stopping_mid_way_through_the_last_set_does_not_count_it():
    talk = Talk(Profile(disclaimer_heard=True, known=KNOWN))
    talk(ev.Start("floor_routine"))
    talk(ev.Rate(5))
    talk(ev.JumpTo("childs_pose"))
    talk(ev.Act.STOP, barge_in=True)
    assert talk.profile.progress.finished == () and talk.place == ("childs_pose", 0)


def test_equipment_comes_up_only_when_it_changes_and_a_missing_item_gets_its_substitute():
    talk = started(Profile(disclaimer_heard=True, missing=frozenset({"band"})))
    assert "No band today: Hold a towel or a belt taut" not in talk.words
    talk(ev.Act.YES)
    talk(ev.Act.YES)
    assert "No resistance band today: Hold a towel or a belt taut" in talk.words


def test_a_position_is_checked_against_the_content():
    assert settle(CONTENT, Position("gone", "cat_cow")) == (None, True)
    assert settle(CONTENT, Position("desk_break", "bird_dog")) == (Position("desk_break", "seated_cat_cow"), True)
    assert settle(CONTENT, Position("back_routine", "cat_cow", 5)) == (Position("back_routine", "cat_cow"), True)
    outcome = handle(CONTENT, Session(position=Position("desk_break", "bird_dog"), set_done=True),
                     Profile(disclaimer_heard=True), ev.Act.NEXT, CONTENT and talk_day())
    assert plain_text(outcome.reply.speech, PROMPTS).startswith("The desk break has changed since last time")


def talk_day():
    from engine_talk import DAY

    return DAY


def test_every_prompt_the_engine_names_exists():
    source = "\n".join(p.read_text() for p in Path("skill/engine").glob("*.py"))
    named = set(re.findall(r'say\(\s*"([a-z_]+)"', source))
    named |= set(re.findall(r'"((?:adjust|pace|progress|dose|help|reprompt|fallback|examples)_[a-z_]+)"', source))
    missing = sorted(n for n in named if n not in PROMPTS)
    assert not missing
    for moment in ("idle", "routine", "mid_set", "resume", "skip", "start", "pain_before", "pain_after", "pick",
                   "ready", "switch", "stop_offer", "dizzy", "tired", "delete"):
        assert f"help_{moment}" in PROMPTS and f"examples_{moment}" in PROMPTS
    for question in ("resume", "skip", "start", "pick", "ready", "switch", "stop_offer", "dizzy", "tired", "delete"):
        assert f"reprompt_{question}" in PROMPTS


def test_every_event_in_every_state_gets_a_valid_answer():
    from skill.speech import render
    from skill.tools.responses import ssml_problems

    events = [*ev.Act,  # every event without fields, and the others with the values that matter
              ev.Start(), ev.Start("desk_break"), ev.Start("nope", "nope"),
              ev.JumpTo("bird_dog"), ev.JumpTo(None, "plank"), ev.HowManyReps(), ev.HowLongHold(),
              ev.WhichExercise("first"), ev.WhichExercise("previous"), ev.WhichExercise("next"), ev.WhichExercise(None),
              ev.Explain("how"), ev.Explain("why", "cat_cow"), ev.Explain("equipment"), ev.Explain("how", None, "x"),
              ev.NoEquipment("band"), ev.NoEquipment(None, "trampoline"), ev.ListExercises(),
              ev.Rate(None), ev.Rate(4), ev.Rate(9),
              ev.Reminder("created"), ev.Reminder("no_permission"), ev.Reminder("failed"), ev.Reminder("no_time")]
    mid = Position("back_routine", "bird_dog")
    states = {
        "new": (Session(), Profile()),
        "idle": (Session(), Profile(disclaimer_heard=True)),
        "saved": (Session(), Profile(disclaimer_heard=True, saved=mid)),
        "pain question": (Session(pending_routine="back_routine", question="pain_before", pain_asked=True),
                          Profile(disclaimer_heard=True)),
        "mid set": (Session(position=mid, led_until=2e9), Profile(disclaimer_heard=True, saved=mid)),
        "set done": (Session(position=mid, set_done=True, question="ready"), Profile(disclaimer_heard=True)),
        "last set": (Session(position=Position("back_routine", "childs_pose"), question="pain_after"),
                     Profile(disclaimer_heard=True)),
    }
    for question in ("resume", "skip", "start", "pick", "switch", "stop_offer", "dizzy", "tired", "delete"):
        states[question] = (Session(position=mid, set_done=True, question=question, options=("cat_cow", "bird_dog"),
                                    switch_to="desk_break"), Profile(disclaimer_heard=True, saved=mid))
    for name, (session, profile) in states.items():
        for event in events:
            outcome = handle(CONTENT, session, profile, event, talk_day(), 1.9e9)
            reply = outcome.reply
            assert reply.speech, (name, event)
            for parts in (reply.speech, reply.reprompt, reply.unsaved_speech or ()):
                for part in parts:
                    assert not isinstance(part, Say) or part.id in PROMPTS, (name, event, part.id)
                assert ssml_problems(render(parts, PROMPTS)) == []
            if not reply.end_session:
                assert reply.reprompt, (name, event)
                last = plain_text(reply.speech, PROMPTS).split(". ")[-1]
                assert last.endswith("?") or "say" in last.lower() or "Say" in last, (name, event, last)


def test_three_misunderstandings_in_a_row_get_three_different_answers_and_examples():
    for session in (Session(position=Position("back_routine", "cat_cow"), set_done=True),
                    Session(pending_routine="back_routine", question="pain_before", pain_asked=True), Session()):
        talk = Talk(Profile(disclaimer_heard=True), session)
        heard = []
        for _ in range(3):
            talk(ev.Act.FALLBACK)
            heard.append(talk.words)
            assert not talk.reply.end_session and talk.reply.reprompt
        assert len(set(heard)) == 3
        assert "Right now you can say" in heard[1] and "Right now you can say" in heard[2]
        assert "Say help to hear what I can do, or stop to finish." in heard[2]
        talk(ev.Act.HELP)
        assert talk.words.startswith("I lead you through a physical therapist's back routine")
        talk(ev.Act.FALLBACK)
        assert talk.words.startswith("Sorry, I")  # understood in between: back to the first level


def test_the_core_imports_neither_ask_sdk_nor_flask_nor_boto3():
    code = (
        "import sys, skill.engine, skill.engine.turn, skill.content, skill.speech, skill.state, skill.persisted,"
        " skill.progress, skill.tools.rehearse;"
        "bad=[m for m in sys.modules if m.split('.')[0] in ('ask_sdk_core','ask_sdk_model','flask','boto3')];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_engine_modules_stay_small():
    for path in Path("skill/engine").glob("*.py"):
        assert len(path.read_text().splitlines()) < 400, path


def test_which_exercise_is_this_is_answered_as_where_am_i():
    idle = Talk(Profile(disclaimer_heard=True), Session())
    idle(ev.WhichExercise("current"))
    assert idle.words.startswith("You haven't started a routine yet.")
    talk = started()
    talk(ev.Act.WHERE_AM_I)
    where = talk.reply.speech[0]
    talk(ev.WhichExercise("current"))
    assert talk.reply.speech[0] == where and "of 10" in talk.words


def test_reps_and_holds_of_a_named_exercise_and_the_exercises_of_a_named_routine():
    talk = started()  # in the back routine, at its first exercise
    talk(ev.HowLongHold("childs_pose"))
    assert talk.words.startswith("Child's pose is one 30 second hold.")
    talk(ev.HowManyReps("bird_dog"))
    assert talk.words.lower().startswith("bird dog is")
    talk(ev.HowManyReps(None, "plank"))
    assert "I don't know an exercise called plank" in talk.words and "Did you mean" in talk.words
    talk(ev.Act.NO)
    talk(ev.ListExercises("desk_break"))
    assert "desk break" in talk.words.lower() and "seated cat cow" in talk.words
    talk(ev.ListExercises(None, "yoga flow"))
    assert talk.words.startswith("I don't know a routine called yoga flow.")
    talk(ev.ListExercises())
    assert "back routine" in talk.words.lower() and "child's pose" in talk.words
