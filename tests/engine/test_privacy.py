"""Deleting a person's data, in the engine: one question first, then everything goes;
"no" keeps it all and carries on; disabling the skill deletes only when Alexa says that
user id never comes back."""

from __future__ import annotations

from engine_talk import PROMPTS, Talk, started

from skill.engine import events as ev
from skill.engine.reply import plain_text
from skill.engine.state import Profile, Session


def reprompt(talk: Talk) -> str:
    return plain_text(talk.reply.reprompt, PROMPTS)


def test_delete_asks_one_question_first_and_keeps_everything_until_yes():
    talk = started()
    history = talk.profile.progress, talk.profile.logged
    talk(ev.Act.DELETE_DATA)
    assert talk.words == ("I keep your place, your finished routines, your pain ratings, and your settings. "
                          "Deleting them can't be undone. Should I delete it all?")
    assert reprompt(talk) == "Should I delete your data? Say yes or no."
    assert talk.session.question == "delete" and not talk.reply.end_session
    assert not talk.reply.erase
    assert (talk.profile.progress, talk.profile.logged) == history
    assert talk.profile.disclaimer_heard  # the set just led counts as done


def test_yes_deletes_everything_and_ends_the_session():
    talk = started()
    talk(ev.Act.DELETE_DATA)
    talk(ev.Act.YES)
    assert talk.words == "Done. I've deleted everything I kept for you. If you come back, we'll start fresh."
    assert talk.reply.erase and talk.reply.end_session
    assert plain_text(talk.reply.unsaved_speech or (), PROMPTS) == (
        "Sorry, I couldn't delete your data just now. Please try again later.")
    assert talk.profile == Profile() and talk.session == Session()


def test_after_deleting_the_person_is_new_and_hears_the_disclaimer_again():
    talk = started()
    talk(ev.Act.DELETE_DATA)
    talk(ev.Act.YES)
    talk.new_session()
    talk(ev.Act.LAUNCH)
    assert talk.words.startswith("Welcome to My Back Routine. This skill is for education only")
    assert "Welcome back" not in talk.words and "Pick up at" not in talk.words


def test_no_keeps_everything_and_carries_on_where_the_person_was():
    talk = started()
    history = talk.profile.progress, talk.profile.logged
    talk(ev.Act.DELETE_DATA)
    talk(ev.Act.NO)
    assert talk.words == "Okay, I haven't deleted anything. Next is cat cow. Ready?"
    assert talk.session.question == "ready" and not talk.reply.erase
    assert (talk.profile.progress, talk.profile.logged) == history and talk.profile.saved is not None
    talk(ev.Act.YES)
    assert "Exercise 2 of 10: cat cow" in talk.words


def test_at_the_pain_question_no_goes_back_to_it_and_yes_is_not_a_rating():
    talk = Talk(Profile(disclaimer_heard=True))
    talk(ev.Act.LAUNCH)
    assert talk.session.question == "pain_before"
    talk(ev.Act.DELETE_DATA)
    talk(ev.Act.NO)
    assert talk.words == "Okay, I haven't deleted anything. How's your back, from zero to ten? Or say skip."
    talk(ev.Act.DELETE_DATA)
    talk(ev.Act.YES)
    assert talk.reply.erase and talk.profile == Profile()


def test_help_and_misunderstandings_at_the_question_keep_it_asked():
    talk = started()
    talk(ev.Act.DELETE_DATA)
    talk(ev.Act.HELP)
    assert "Say yes to delete everything I keep for you, or no to keep it." in talk.words
    assert talk.session.question == "delete" and reprompt(talk) == "Should I delete your data? Say yes or no."
    talk(ev.Act.FALLBACK)
    talk(ev.Act.FALLBACK)
    assert "Right now you can say yes to delete your data, or no to keep it." in talk.words
    talk(ev.Act.YES)
    assert talk.reply.erase


def test_repeat_asks_the_question_again():
    talk = started()
    talk(ev.Act.DELETE_DATA)
    asked = talk.words
    talk(ev.Act.REPEAT)
    assert talk.words == asked and talk.session.question == "delete"


def test_anything_else_drops_the_question_and_deletes_nothing():
    talk = started()
    talk(ev.Act.DELETE_DATA)
    talk(ev.Act.NEXT)
    assert "Exercise 2 of 10: cat cow" in talk.words and not talk.reply.erase
    talk(ev.Act.YES)  # a yes now is not the answer to the old question
    assert not talk.reply.erase


def test_stop_at_the_question_deletes_nothing():
    talk = started()
    talk(ev.Act.DELETE_DATA)
    talk(ev.Act.STOP)
    assert talk.reply.end_session and not talk.reply.erase
    assert talk.profile.saved is not None


def test_a_new_person_asking_to_delete_hears_no_disclaimer_and_gets_nothing_stored():
    talk = Talk()
    talk(ev.Act.DELETE_DATA)
    assert talk.words.startswith("I keep your place")
    assert talk.profile == Profile()  # asking to delete adds nothing to delete


def test_red_flags_come_first_even_at_the_question():
    talk = started()
    talk(ev.Act.DELETE_DATA)
    talk(ev.Act.RED_FLAG)
    assert "medical help" in talk.words and not talk.reply.erase


def test_skill_disabled_deletes_only_when_the_user_id_never_comes_back():
    talk = started()
    kept = talk.profile
    for status in ("PERSISTED", None):
        talk.new_session()
        talk(ev.SkillDisabled(status))
        assert not talk.reply.erase and talk.reply.speech == () and talk.profile == kept
    talk(ev.SkillDisabled("NOT_PERSISTED"))
    assert talk.reply.erase and talk.reply.speech == () and talk.profile == Profile()
