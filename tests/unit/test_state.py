"""Session and persistent attributes: versioned, validated, never trusted."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from skill import routine as r
from skill.progress import Completion, PainRating
from skill.state import (
    profile_from_attributes,
    profile_to_attributes,
    session_from_attributes,
    session_to_attributes,
)

POSITION = r.Position("back_routine", "bird_dog", 3, compact=True)


def test_session_round_trips():
    reply = r.Reply((r.say("text", text="Hi."), r.Pause(5)), (r.say("reprompt_routine"),))
    session = r.Session(position=POSITION, question="pick", last=reply, taught_next=True, turn=7,
                        pending_routine="desk_break", pain_asked=True, options=("bird_dog", "cat_cow"), topic="why")
    assert session_from_attributes(session_to_attributes(session)) == session


def test_profile_round_trips():
    profile = r.Profile(
        disclaimer_heard=True, saved=POSITION,
        completions=(Completion(date(2026, 11, 24), "back_routine"),),
        known=frozenset({"cat_cow", "bird_dog"}), pace=-1, levels=(("bird_dog", -2), ("cat_cow", 1)),
        pains=(PainRating(date(2026, 11, 24), "before", 4),), phrases=(("goodbye", 1),),
    )
    assert profile_from_attributes(profile_to_attributes(profile)) == profile


def test_a_missing_or_other_version_starts_clean():
    assert session_from_attributes(None) == r.Session()
    assert session_from_attributes({"v": 99, "position": {"routine": "back_routine"}}) == r.Session()
    assert profile_from_attributes({"v": "1", "disclaimer_heard": True}) == r.Profile()


def test_tampered_values_are_dropped_one_by_one():
    profile = profile_from_attributes({
        "v": 1, "disclaimer_heard": True,
        "saved": {"routine": "back_routine", "exercise": "<speak>", "beat": 2},
        "completions": [{"day": "2026-13-40", "routine": "back_routine"}, {"day": "2026-11-24", "routine": "x" * 80},
                        {"day": "2026-11-24", "routine": "back_routine"}],
        "pace": 99, "levels": {"bird_dog": 7, "cat_cow": -1, "BAD KEY": 1},
        "pains": [{"day": "2026-11-24", "moment": "before", "rating": 11}, {"day": "2026-11-24", "moment": "after",
                                                                            "rating": 3}],
        "known": ["cat_cow", 5, "../etc"], "phrases": {"goodbye": True},
    })
    assert profile.disclaimer_heard and profile.saved is None
    assert profile.completions == (Completion(date(2026, 11, 24), "back_routine"),)
    assert profile.pace == 0 and profile.levels == (("cat_cow", -1),)
    assert profile.pains == (PainRating(date(2026, 11, 24), "after", 3),)
    assert profile.known == frozenset({"cat_cow"}) and profile.phrases == ()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
KEYS = st.sampled_from(["v", "position", "question", "last", "turn", "taught_next", "pending_routine", "options",
                        "topic", "saved", "completions", "known", "pace", "levels", "pains", "phrases",
                        "disclaimer_heard"])


@given(st.dictionaries(KEYS, JSON, max_size=8), st.booleans())
def test_any_attributes_give_a_usable_state(raw, version_one):
    if version_one:
        raw["v"] = 1
    session, profile = session_from_attributes(raw), profile_from_attributes(raw)
    assert isinstance(session, r.Session) and isinstance(profile, r.Profile)
    assert session_from_attributes(session_to_attributes(session)) == session
    assert profile_from_attributes(profile_to_attributes(profile)) == profile
