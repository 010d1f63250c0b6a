"""Every answer of whole routines, first time and returning, at every pace: the sets are
led in real time, nothing is left for the person to do on their own, every open answer
ends with a prompt, and everything stays inside what a real Echo allows."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from skill.content import Exercise, default_content
from skill.engine.reply import Pause, Say, plain_text, seconds, stretches, text
from skill.engine.sets import led_set, plan, side_text, timing
from skill.engine.state import PACE_LIMIT, Profile
from skill.speech import MAX_SSML_CHARS, render
from skill.tools.rehearse import Step, play
from skill.tools.responses import ssml_problems

CONTENT = default_content()
PROMPTS = CONTENT.prompts
KNOWN = frozenset(CONTENT.exercises)
PACES = range(-PACE_LIMIT, PACE_LIMIT + 1)
SELF_PACED_LIMIT_S = 8
WORDS_PER_BREATH = 28  # 12 s at 150 words a minute, with room for espeak's pauses


def whole(routine_id: str, pace: int, returning: bool) -> list[Step]:
    profile = Profile(disclaimer_heard=True, known=KNOWN, pace=pace) if returning else Profile(pace=pace)
    return list(play(CONTENT, routine_id, profile))


CASES = [(r, pace, returning) for r in CONTENT.routines for pace in PACES for returning in (False, True)]
IDS = [f"{r}-pace{pace}-{'returning' if back else 'first'}" for r, pace, back in CASES]


def movements(exercise: Exercise, profile: Profile) -> dict[str, int]:
    """Each movement the person is told to make, with the seconds of work it implies."""
    time = timing(exercise, profile)
    out: dict[str, int] = {}
    for side in (exercise.sides.order if exercise.sides else (None,)):
        for step in (*exercise.steps, *exercise.lead, exercise.cue):
            words = side_text(step.say, side)
            out[words] = time.pause(step).seconds if step.hold or step.seconds else 0
    return out


def self_paced(step: Step) -> float:
    """The most work one movement leaves to the person beyond the time the answer gives
    it: the seconds it implies, less the talk and pauses after it until the next movement."""
    position = step.session.position
    if position is None:
        return 0.0
    moves = movements(CONTENT.exercises[position.exercise_id], step.profile)
    worst, owed = 0.0, 0.0
    for part in step.reply.speech:
        if isinstance(part, Pause):
            owed -= part.seconds
            continue
        words = text(PROMPTS, part)
        implied = next((s for m, s in moves.items() if m and m[:-1].lower() in words.lower()), None)
        if implied is not None:
            worst = max(worst, owed)
            owed = implied
        else:
            owed -= seconds((part,), PROMPTS)
    return max(worst, owed)


@pytest.mark.parametrize(("routine_id", "pace", "returning"), CASES, ids=IDS)
def test_no_open_answer_leaves_work_for_the_person(routine_id, pace, returning):
    for step in whole(routine_id, pace, returning):
        spoken = plain_text(step.reply.speech, PROMPTS)
        if step.reply.end_session:
            continue
        assert self_paced(step) <= SELF_PACED_LIMIT_S, spoken
        for phrase in ("at your own pace", "of those", "when you're done", "on this side"):
            assert phrase not in spoken.lower(), spoken


@pytest.mark.parametrize(("routine_id", "pace", "returning"), CASES, ids=IDS)
def test_every_open_answer_ends_with_a_spoken_prompt(routine_id, pace, returning):
    for step in whole(routine_id, pace, returning):
        if step.reply.end_session:
            continue
        last = [p for p in step.reply.speech if isinstance(p, Say)][-1]
        ending = text(PROMPTS, last)
        assert ending.endswith("?") or ending.lower().startswith("say ") or " say " in ending.lower(), ending
        assert step.reply.reprompt, ending
        assert seconds(step.reply.reprompt, PROMPTS) < seconds(step.reply.speech, PROMPTS)


@pytest.mark.parametrize(("routine_id", "pace", "returning"), CASES, ids=IDS)
def test_answers_stay_inside_what_an_echo_allows(routine_id, pace, returning):
    for step in whole(routine_id, pace, returning):
        ssml = render(step.reply.speech, PROMPTS)
        assert ssml_problems(ssml) == []
        assert len(ssml) < MAX_SSML_CHARS
        spoken = plain_text(step.reply.speech, PROMPTS)
        last = [p for p in step.reply.speech if isinstance(p, Say)][-1]
        assert ssml.endswith(re.sub("&", "&amp;", text(PROMPTS, last)).replace("'", "'") + "</speak>")  # nothing cut
        assert step.seconds < 240, spoken
        for breath in stretches(step.reply.speech, PROMPTS):
            assert len(breath.split()) <= WORDS_PER_BREATH or not step.session.position, breath


@pytest.mark.parametrize(("routine_id", "returning"), [(r, b) for r in CONTENT.routines for b in (False, True)])
def test_a_whole_routine_takes_few_things_said(routine_id, returning):
    first = whole(routine_id, 0, returning=False)
    steps = whole(routine_id, 0, returning)
    exercises = len(CONTENT.routines[routine_id].exercises)
    assert len(steps) <= exercises + 3  # the start, a rating, a yes per exercise, a rating at the end
    assert len(steps) <= len(first)
    assert steps[-1].reply.end_session
    assert steps[-1].profile.progress.last_routine == routine_id
    assert steps[-1].profile.saved is None


def sentences(step: Step) -> set[str]:
    spoken = plain_text(step.reply.speech, PROMPTS)
    return {s.strip().lower() for s in re.split(r"(?<=[.?!])\s+", spoken) if s.strip()}


@pytest.mark.parametrize(("routine_id", "returning"), [(r, b) for r in CONTENT.routines for b in (False, True)])
def test_no_sentence_is_repeated_exercise_after_exercise(routine_id, returning):
    by_exercise: dict[str, set[str]] = defaultdict(set)
    for step in whole(routine_id, 0, returning)[1:]:
        if step.session.position is not None and not step.reply.end_session:
            by_exercise[step.session.position.exercise_id] |= sentences(step)
    ordered = [by_exercise[e] for e in CONTENT.routines[routine_id].exercises if e in by_exercise]
    for before, after in zip(ordered, ordered[1:], strict=False):
        assert not before & after, before & after
    counts: dict[str, int] = defaultdict(int)
    for said in ordered:
        for sentence in said:
            counts[sentence] += 1
    assert max(counts.values()) <= 3, sorted((n, s) for s, n in counts.items() if n > 3)


@pytest.mark.parametrize("returning", [False, True])
def test_the_physical_therapists_safety_cues_are_spoken_during_the_routine(returning):
    spoken = " ".join(plain_text(s.reply.speech, PROMPTS) for s in whole("back_routine", 0, returning))
    for cue in ("soft bend in your knees", "shoulders down, away from your ears", "No bouncing", "hips level"):
        assert cue in spoken


def test_the_routine_names_its_equipment_once_then_only_changes():
    steps = whole("back_routine", 0, returning=False)
    launch = plain_text(steps[0].reply.speech, PROMPTS)
    assert "you'll need a chair, a mat, a resistance band, and a large towel" in launch
    mentions = [p for s in steps[1:] for p in s.reply.speech if isinstance(p, Say) and p.id == "equipment_needed"]
    said = [dict(p.values)["equipment"] for p in mentions]
    assert said == ["a mat", "a resistance band", "a large towel", "a mat"]


def test_per_side_sets_name_the_side_and_count_the_hold():
    exercise = CONTENT.exercises["hamstring_stretch"]
    parts = led_set(exercise, Profile(), teach=False)
    spoken = plain_text(parts, PROMPTS)
    assert "Your right heel forward" in spoken and "left leg" in spoken and "Your left heel forward" in spoken
    holds = [p for p in parts if isinstance(p, Say) and p.id == "hold_start"]
    assert len(holds) == 2 and all(dict(h.values)["seconds"] == 20 for h in holds)
    assert all(p.seconds <= 10 for p in parts if isinstance(p, Pause))
    held = 0
    for part in parts[parts.index(holds[0]):]:
        if isinstance(part, Say) and part.id == "hold_release":
            break
        held += part.seconds if isinstance(part, Pause) else 0
    assert held == 20


def test_pace_scales_every_pause_within_bounds():
    exercise = CONTENT.exercises["cat_cow"]
    totals = [sum(p.seconds for p in led_set(exercise, Profile(pace=pace), teach=False) if isinstance(p, Pause))
              for pace in PACES]
    assert totals == sorted(totals) and totals[0] < totals[-1]
    for pace in PACES:
        for part in led_set(exercise, Profile(pace=pace), teach=True):
            assert not isinstance(part, Pause) or 1 <= part.seconds <= 10


def test_a_long_per_side_set_is_split_at_the_side_change():
    slow = Profile(pace=PACE_LIMIT, levels=(("frisbee_reach", 2),))
    exercise = CONTENT.exercises["frisbee_reach"]
    first, second = plan(CONTENT, exercise, slow, teach=True)
    assert "right" in plain_text(first, PROMPTS) and "left" not in plain_text(first, PROMPTS).split("hip")[-1]
    assert plain_text(second, PROMPTS).startswith(("Now your left arm", "And now your left arm", "Switch to your left"))
