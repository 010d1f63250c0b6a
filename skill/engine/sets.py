"""A led set: an exercise done in real time inside one answer.

The set is built from the exercise's content (its start, steps, lead beats, finish and
safety cue), its dose (reps, hold, sides) and the person's pace and level: every beat
is followed by a pause as long as the movement takes, holds are counted aloud, both
sides are done in turn with the side named. Nothing is left for the person to do on
their own once the answer ends.
"""

import re
from collections.abc import Sequence
from typing import NamedTuple

from skill.content import Content, Exercise, Step, rewrite_set_words
from skill.engine.reply import Part, Pause, say, seconds
from skill.engine.state import LEVEL_LIMIT, PACE_STEP_S, TEMPO_STEP, Profile

LONGEST_SET_S = 200  # a set's share of one answer: under Alexa's 240 s with the talk around it
SIDE_CHANGE_S = 3  # to change sides
OVERLAP_S = 1  # a led beat's words overlap its movement by about this much
MAX_TEMPO_S = 10


def clamp(value: int, low: int, high: int) -> int:
    return max(low, min(high, value))


def hold_seconds(exercise: Exercise, profile: Profile) -> int | None:
    """This person's hold: the dose, moved by their level and pace, inside the dose range."""
    dose = exercise.dose
    if dose.hold_seconds is None:
        return None
    low, high = (dose.hold_range.low, dose.hold_range.high) if dose.hold_range else (dose.hold_seconds,) * 2
    level = profile.level(exercise.id)
    base = high if level >= LEVEL_LIMIT else low if level <= -LEVEL_LIMIT else dose.hold_seconds
    return clamp(base + profile.pace * PACE_STEP_S, low, high)


def reps(exercise: Exercise, profile: Profile) -> int | None:
    """This person's reps (per side, for a per-side exercise): the dose, or the edge of
    its range at the outer levels."""
    dose = exercise.dose
    if dose.reps is None:
        return None
    level = profile.level(exercise.id)
    if dose.reps_range and level >= LEVEL_LIMIT:
        return dose.reps_range.high
    if dose.reps_range and level <= -LEVEL_LIMIT:
        return dose.reps_range.low
    return dose.reps


class Timing(NamedTuple):
    """One person's timing for one exercise: its hold, and the pace that scales every beat."""

    hold: int
    pace: int

    def pause(self, step: Step, overlap: int = 0) -> Pause:
        """The time a step takes (less ``overlap``: a led beat's words are said as it moves)."""
        if step.hold:
            return Pause(self.hold)
        return Pause(max(1, clamp(round(step.seconds * (1 + TEMPO_STEP * self.pace)), 1, MAX_TEMPO_S) - overlap))


def timing(exercise: Exercise, profile: Profile) -> Timing:
    return Timing(hold_seconds(exercise, profile) or 1, profile.pace)


def side_text(text: str, side: str | None) -> str:
    if side is None:
        return text
    other = "left" if side == "right" else "right"
    return text.replace("{side}", side).replace("{other_side}", other)


def with_stand_in(exercise: Exercise, word: str, stand_in: str) -> Exercise:
    """``exercise`` with ``word`` ("band") said as ``stand_in`` ("towel") in every set's words."""
    pattern = re.compile(rf"\b{re.escape(word)}\b", re.IGNORECASE)

    def swap(text: str) -> str:
        return pattern.sub(lambda m: stand_in.capitalize() if m.group()[0].isupper() else stand_in, text)

    return rewrite_set_words(exercise, swap)


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def hold_parts(seconds_: int, cue: str | None = None) -> tuple[Part, ...]:
    """A counted hold: "Hold for 30 seconds." (5 s) the safety cue (5 s) "20 more." (10 s)
    "10 more." (10 s) "And release." No silence is longer than 10 s; the words are said
    during the hold."""
    parts: list[Part] = [say("hold_start", seconds=seconds_)]
    left = seconds_
    if cue:
        first = 5 if left >= 15 else 2
        parts += [Pause(first), say("text", text=cue)]
        left -= first
    while left > 0:
        chunk = left % 10 or 10  # then the count is in tens: "20 more", "10 more"
        parts.append(Pause(chunk))
        left -= chunk
        if left > 0:
            parts.append(say("hold_more", seconds=left))
    parts.append(say("hold_release"))
    return tuple(parts)


def _beats(time: Timing, steps: Sequence[Step], side: str | None, lead_in: str | None = None, count: int = 0,
           overlap: int = 0) -> list[Part]:
    """One rep, beat by beat, each beat followed by the time it takes (less ``overlap``:
    the movement starts as its words are said). ``lead_in`` (a prompt id) counts the rep
    in: "And 3, round your back as you breathe out."."""
    out: list[Part] = []
    for index, step in enumerate(steps):
        words = side_text(step.say, side)
        if index == 0 and lead_in:
            out.append(say(lead_in, count=count, text=lower_first(words)))
        else:
            out.append(say("text", text=words))
        out.append(time.pause(step, overlap))
    return out


def _count_in(rep: int, last: int) -> str:
    return "rep_last" if rep == last else "rep_count"


def sides_of(exercise: Exercise) -> tuple[str | None, ...]:
    return exercise.sides.order if exercise.sides else (None,)


def _split(exercise: Exercise, profile: Profile, part: int, parts: int
           ) -> tuple[tuple[str | None, ...], range, bool]:
    """(the sides in this part, the rounds in it, whether it opens the set)."""
    sides, count = sides_of(exercise), reps(exercise, profile) or 0
    if parts == 1:
        return sides, range(1, count + 1), True
    if exercise.dose.alternate:
        half = (count + 1) // 2
        return sides, range(1, half + 1) if part == 0 else range(half + 1, count + 1), part == 0
    return sides[part:part + 1], range(1, count + 1), part == 0


def _reps_set(exercise: Exercise, profile: Profile, teach: bool, sides: tuple[str | None, ...],
              opens: bool, settle: int) -> list[Part]:
    count, time = reps(exercise, profile) or 1, timing(exercise, profile)
    out: list[Part] = []
    for index, side in enumerate(sides):
        first = index == 0 and opens
        if first:
            out += [say("text", text=exercise.start if teach else side_text(exercise.cue.say, side)), Pause(settle)]
        else:
            out += [say("side_switch", side=side or "", part=exercise.sides.part if exercise.sides else ""),
                    say("text", text=side_text(exercise.cue.say, side)), Pause(SIDE_CHANGE_S)]
        if teach and first:
            out += _beats(time, exercise.steps, side)
        else:
            out += _beats(time, exercise.lead, side, overlap=OVERLAP_S)
        if index == 0:
            out.append(say("text", text=exercise.safety))
        for rep in range(2, count + 1):
            out += _beats(time, exercise.lead, side, _count_in(rep, count), rep, OVERLAP_S)
        if exercise.finish:
            out.append(say("text", text=exercise.finish))
    return out


def _alternating_set(exercise: Exercise, profile: Profile, teach: bool, rounds: range, opens: bool,
                     settle: int) -> list[Part]:
    """Sides taking turns, rep by rep; a round is one rep on each side."""
    count, time, sides = reps(exercise, profile) or 1, timing(exercise, profile), sides_of(exercise)
    opening = exercise.start if teach and opens else side_text(exercise.cue.say, sides[0])
    out: list[Part] = [say("text", text=opening), Pause(settle)]
    for number in rounds:
        for index, side in enumerate(sides):
            if teach and opens and number == 1 and index == 0:
                out += _beats(time, exercise.steps, side)
            elif index == 0 and number > rounds.start:
                out += _beats(time, exercise.lead, side, _count_in(number, count), number, OVERLAP_S)
            else:
                out += _beats(time, exercise.lead, side, overlap=OVERLAP_S)
        if number == rounds.start:
            out.append(say("text", text=exercise.safety))
    if exercise.finish:
        out.append(say("text", text=exercise.finish))
    return out


def _stretch_set(exercise: Exercise, profile: Profile, teach: bool, sides: tuple[str | None, ...],
                 opens: bool, settle: int) -> list[Part]:
    """A stretch held: the way in, the hold counted aloud, the way out; side by side."""
    time = timing(exercise, profile)
    out: list[Part] = []
    if teach and opens:
        out += [say("text", text=exercise.start), Pause(settle)]
    for index, side in enumerate(sides):
        if index > 0 or not opens:
            out.append(say("side_switch", side=side or "", part=exercise.sides.part if exercise.sides else ""))
        for step in exercise.steps if teach else (exercise.cue,):
            out.append(say("text", text=side_text(step.say, side)))
            if step.hold:
                out += hold_parts(time.hold, exercise.safety if index == 0 else None)
            else:
                out.append(time.pause(step))
        if exercise.finish:
            out.append(say("text", text=exercise.finish))
        if index + 1 < len(sides):
            out.append(Pause(SIDE_CHANGE_S))
    return out


def led_set(exercise: Exercise, profile: Profile, *, teach: bool, part: int = 0, parts: int = 1,
            settle: int = 4) -> tuple[Part, ...]:
    """The set itself, from the starting position to the finish: taught (the first
    time: the full start and one slow demonstration rep) or cued (a short start)."""
    sides, rounds, opens = _split(exercise, profile, part, parts)
    if exercise.dose.reps is None:
        return tuple(_stretch_set(exercise, profile, teach, sides, opens, settle))
    if exercise.dose.alternate:
        return tuple(_alternating_set(exercise, profile, teach, rounds, opens, settle))
    return tuple(_reps_set(exercise, profile, teach, sides, opens, settle))


def plan(content: Content, exercise: Exercise, profile: Profile, teach: bool, settle: int = 4
         ) -> tuple[tuple[Part, ...], ...]:
    """The set as the answers that lead it: one, or two when a per-side set is too long
    for one answer (split at the side change, or halfway through the rounds)."""
    whole = led_set(exercise, profile, teach=teach, settle=settle)
    if not exercise.dose.per_side or seconds(whole, content.prompts) <= LONGEST_SET_S:
        return (whole,)
    return tuple(led_set(exercise, profile, teach=teach, part=p, parts=2, settle=settle) for p in (0, 1))


def set_seconds(content: Content, exercise: Exercise, profile: Profile, teach: bool = False) -> float:
    """How long the whole set takes, every part of it."""
    return sum(seconds(parts, content.prompts) for parts in plan(content, exercise, profile, teach))
