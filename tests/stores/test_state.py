"""Session and persistent attributes: versioned, validated, never trusted."""

from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from skill.engine.reply import Pause, Reply, say
from skill.engine.state import Halt, Position, Profile, Session
from skill.persisted import profile_from_attributes, profile_to_attributes
from skill.progress import Completion, PainRating, Progress
from skill.state import session_from_attributes, session_to_attributes

POSITION = Position("back_routine", "frisbee_reach", 1)


def test_session_round_trips():
    reply = Reply((say("text", text="Hi."), Pause(5)), (say("reprompt_routine"),))
    session = Session(position=POSITION, led_until=1_800_000_123.5, set_done=True, cut=True, teach=True, gear="mat",
                      question="pick", last=reply, said="hurt", turn=7, pending_routine="desk_break",
                      pain_asked=True, options=("bird_dog", "cat_cow"), topic="jump", switch_to="floor_routine",
                      misses=2, finished="back_routine")
    assert session_from_attributes(session_to_attributes(session)) == session
    assert session_from_attributes(session_to_attributes(Session(gear=""))) == Session(gear="")


def test_profile_round_trips():
    profile = Profile(
        disclaimer_heard=True, saved=POSITION,
        progress=Progress.of([Completion(date(2026, 11, 24), "back_routine")],
                             [PainRating(date(2026, 11, 24), "before", 4)]),
        known=frozenset({"cat_cow", "bird_dog"}), pace=-1, levels=(("bird_dog", -2), ("cat_cow", 1)),
        phrases=(("goodbye", 1),),
        missing=frozenset({"band"}), places=(Position("desk_break", "hip_flexor_stretch"),),
        halt=Halt(date(2026, 11, 24), "red_flag"),
    )
    assert profile_from_attributes(profile_to_attributes(profile)) == profile


def test_a_profile_saved_before_sets_were_led_whole_keeps_its_place():
    old = {"v": 1, "disclaimer_heard": True, "saved": {"routine": "back_routine", "exercise": "bird_dog", "beat": 3,
                                                       "compact": True}, "known": ["cat_cow"]}
    profile = profile_from_attributes(old)
    assert profile.saved == Position("back_routine", "bird_dog") and profile.known == frozenset({"cat_cow"})


def test_a_session_from_before_starts_clean_and_the_saved_place_carries_on():
    old = {"v": 1, "position": {"routine": "back_routine", "exercise": "bird_dog", "beat": 3}, "turn": 4,
           "taught_next": True}
    assert session_from_attributes(old) == Session(turn=4)


def test_a_missing_or_other_version_starts_clean():
    assert session_from_attributes(None) == Session()
    assert session_from_attributes({"v": 99, "position": {"routine": "back_routine"}}) == Session()
    assert profile_from_attributes({"v": "1", "disclaimer_heard": True}) == Profile()


def test_tampered_values_are_dropped_one_by_one():
    profile = profile_from_attributes({
        "v": 1, "disclaimer_heard": True,
        "saved": {"routine": "back_routine", "exercise": "<speak>", "part": 0},
        "completions": [{"day": "2026-13-40", "routine": "back_routine"}, {"day": "2026-11-24", "routine": "x" * 80},
                        {"day": "2026-11-24", "routine": "back_routine"}],
        "pace": 99, "levels": {"bird_dog": 7, "cat_cow": -1, "BAD KEY": 1},
        "pains": [{"day": "2026-11-24", "moment": "before", "rating": 11}, {"day": "2026-11-24", "moment": "after",
                                                                            "rating": 3}],
        "known": ["cat_cow", 5, "../etc"], "phrases": {"goodbye": True}, "missing": ["band", None],
        "places": [{"routine": "desk_break", "exercise": "cat_cow", "part": 7}], "halt": {"day": "x", "reason": "pain"},
    })
    assert profile.disclaimer_heard and profile.saved is None
    completion, pain = Completion(date(2026, 11, 24), "back_routine"), PainRating(date(2026, 11, 24), "after", 3)
    assert profile.logged == (completion, pain)  # a version 1 profile's history, for the history record
    assert profile.progress == Progress.of([completion], [pain])
    assert profile.pace == 0 and profile.levels == (("cat_cow", -1),)
    assert profile.known == frozenset({"cat_cow"}) and profile.phrases == ()
    assert profile.missing == frozenset({"band"}) and profile.places == () and profile.halt is None
    session = session_from_attributes({"v": 2, "led_until": "soon", "question": "<x>", "gear": "A B", "misses": 40,
                                       "position": {"routine": "back_routine", "exercise": "cat_cow", "part": -1}})
    assert session == Session()


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
KEYS = st.sampled_from(["v", "position", "led_until", "set_done", "cut", "teach", "gear", "question", "last", "said",
                        "turn", "pending_routine", "options", "topic", "switch_to", "misses", "finished", "saved",
                        "completions", "known", "pace", "levels", "pains", "phrases", "disclaimer_heard", "missing",
                        "places", "halt", "progress"])


@given(st.dictionaries(KEYS, JSON, max_size=8), st.sampled_from([1, 2, None]))
def test_any_attributes_give_a_usable_state(raw, version):
    if version is not None:
        raw["v"] = version
    session, profile = session_from_attributes(raw), profile_from_attributes(raw)
    assert isinstance(session, Session) and isinstance(profile, Profile)
    assert session_from_attributes(session_to_attributes(session)) == session
    kept = profile._replace(logged=())  # what was logged goes to the history record
    assert profile_from_attributes(profile_to_attributes(profile)) == kept
