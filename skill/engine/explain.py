"""Answers about the exercises and the routine: how, why, what it needs, how many,
how long, which side, where we are and what is left. None of them moves the place."""

from collections.abc import Iterable
from typing import Literal

from skill.content import Exercise, Routine, named
from skill.engine.places import (
    as_done,
    aside,
    exercise_of,
    mid_set,
    name_at,
    number_of,
    place,
    reprompt,
    routine_gear,
    routine_of,
    spoken_equipment,
)
from skill.engine.reply import Card, Part, Pause, Reply, Screen, minutes_words, say, spoken_list
from skill.engine.sets import hold_seconds, reps, set_seconds, side_text
from skill.engine.state import Outcome, Position, Topic, Turn
from skill.text import normalize

CHANGE_S = 15  # between two exercises: the question, the answer, getting into position


def current(turn: Turn) -> Position | None:
    """The exercise "this" means: the set being led or just led; outside a routine,
    the saved place."""
    return turn.session.position or turn.profile.saved


def current_routine(turn: Turn) -> Routine | None:
    position = current(turn)
    if position is not None:
        return routine_of(turn, position)
    if turn.session.pending_routine in turn.content.routines:
        return turn.content.routines[turn.session.pending_routine or ""]
    return None


def closest(names: Iterable[tuple[str, str]], heard: str, count: int = 2) -> tuple[str, ...]:
    """The ids whose names sound most like what was heard, best first (rapidfuzz's
    weighted ratio over normalized names)."""
    from rapidfuzz import fuzz, process  # only for a name heard that matches nothing

    pairs = list(names)
    scored = process.extract(normalize(heard), [normalize(name) for _, name in pairs], scorer=fuzz.WRatio,
                             limit=None)
    ranked: list[str] = []
    for _, _, index in scored:
        if pairs[index][0] not in ranked:
            ranked.append(pairs[index][0])
    return tuple(ranked[:count])


def did_you_mean(turn: Turn, heard: str, topic: Topic) -> Outcome:
    options = closest(((e.id, n) for e in turn.content.exercises.values() for n in e.names), heard)
    names = [turn.content.exercises[i].spoken_name for i in options]
    parts = (say("unknown_exercise", heard=heard), say("did_you_mean", first=names[0], second=names[1]))
    session = turn.session._replace(question="pick", options=options, topic=topic)
    return Outcome(session, turn.profile, Reply(parts, reprompt(turn, "pick"), repeatable=False))


def dose_words(turn: Turn, exercise: Exercise) -> Part:
    """This person's dose, said as a fact: "Bird dog is 6 on each side, with 5 second holds."."""
    count, hold = reps(exercise, turn.profile), hold_seconds(exercise, turn.profile)
    name, per_side = exercise.spoken_name, exercise.dose.per_side
    if count and hold:
        return say("dose_reps_hold_side" if per_side else "dose_reps_hold", name=name, reps=count, seconds=hold)
    if count:
        return say("dose_reps_side" if per_side else "dose_reps", name=name, reps=count)
    return say("dose_hold_side" if per_side else "dose_hold", name=name, seconds=hold or 0)


def how_to(turn: Turn, exercise: Exercise) -> tuple[Part, ...]:
    side = exercise.sides.first if exercise.sides else None
    parts: list[Part] = [say("how_intro", name=exercise.spoken_name), say("text", text=exercise.start), Pause(1)]
    for step in exercise.steps:
        parts.append(say("text", text=side_text(step.say, side)))
    if exercise.sides and not exercise.dose.alternate:
        parts.append(say("how_switch"))
    parts += [Pause(1), dose_words(turn, exercise), say("text", text=exercise.safety)]
    return tuple(parts)


def explain(turn: Turn, topic: Topic, name: str | None, heard: str | None) -> Outcome:
    turn = turn.with_session(options=())
    if topic == "equipment" and not (name or heard) and current(turn) is None:
        return aside(turn, (routine_needs(turn, current_routine(turn) or turn.content.default_routine),))
    exercise = _asked_about(turn, name, heard, topic)
    if not isinstance(exercise, Exercise):
        return exercise
    if topic == "why":
        return aside(turn, (say("why_intro", name=exercise.spoken_name), say("text", text=exercise.why)),
                     said="explain")
    if topic == "equipment":
        if exercise.equipment:
            gear = say("equipment_for", name=exercise.spoken_name,
                       equipment=spoken_equipment(turn, exercise.equipment))
        else:
            gear = say("equipment_for_none", name=exercise.spoken_name)
        return aside(turn, (gear,))
    parts = how_to(turn, exercise)
    outcome = aside(turn, parts, said="explain")
    steps = tuple(p for p in parts[1:] if not isinstance(p, Pause))
    routine = current_routine(turn)
    number = routine.exercises.index(exercise.id) + 1 if routine and exercise.id in routine.exercises else 0
    screen = Screen("explain", routine.name if routine else "", exercise.name, number,
                    len(routine.exercises) if routine else 0, 1, 1, steps,
                    spoken_equipment(turn, exercise.equipment) if exercise.equipment else None)
    return outcome._replace(reply=outcome.reply._replace(screen=screen, card=Card(exercise.name, steps)))


def routine_needs(turn: Turn, routine: Routine) -> Part:
    needs = [spoken_equipment(turn, e) for e in routine_gear(turn, routine)]
    if not needs:
        return say("routine_equipment_none", name=routine.spoken_name)
    return say("routine_equipment", name=routine.spoken_name, equipment=spoken_list(needs))


def unknown_routine(turn: Turn, heard: str) -> Outcome:
    """A routine name the content does not have: what was heard, and the closest two."""
    options = closest(((r.id, n) for r in turn.content.routines.values() for n in r.names), heard)
    names = spoken_list([turn.content.routines[i].spoken_name for i in options], "or")
    return aside(turn, (say("unknown_routine", heard=heard, names=names),), repeatable=False)


def list_exercises(turn: Turn, name: str | None = None, heard: str | None = None) -> Outcome:
    """The exercises of the routine named ("what's in the desk break"), or of this one, or
    all of them outside a routine."""
    target = named(turn.content, name) if name else None
    if (name or heard) and not isinstance(target, Routine):
        return unknown_routine(turn, heard or name or "")
    routine = target if isinstance(target, Routine) else current_routine(turn)
    if routine is not None:
        names = [turn.content.exercises[i].spoken_name for i in routine.exercises]
        return aside(turn, (say("list_routine", name=routine.spoken_name, count=len(names),
                                names=spoken_list(names)),))
    names = [e.spoken_name for e in turn.content.exercises.values()]
    return aside(turn, (say("list_exercises", count=len(names), names=spoken_list(names)),))


def list_routines(turn: Turn) -> Outcome:
    parts = [say("list_routines", count=len(turn.content.routines),
                 names=spoken_list([r.spoken_name for r in turn.content.routines.values()]))]
    parts += [say("routine_about", name=r.spoken_name, text=r.description) for r in turn.content.routines.values()]
    return aside(turn, tuple(parts))


def where_am_i(turn: Turn) -> Outcome:
    position = turn.session.position
    if position is None:
        return aside(turn, (say("where_idle"),), repeatable=False)
    total = len(routine_of(turn, position).exercises)
    if mid_set(turn):
        part = say("where_am_i", number=number_of(turn, position), total=total, name=name_at(turn, position))
    else:
        part = say("where_after", number=number_of(turn, position), total=total, name=name_at(turn, position))
    return aside(turn, (part,))


def remaining(turn: Turn, start: Position | None) -> tuple[int, float]:
    """(exercises left from ``start`` on, and the seconds they take at this pace)."""
    if start is None:
        return 0, 0.0
    routine = routine_of(turn, start)
    ids = routine.exercises[routine.exercises.index(start.exercise_id):]
    total = 0.0
    for exercise_id in ids:
        exercise = turn.content.exercises[exercise_id]
        total += set_seconds(turn.content, exercise, turn.profile, exercise_id not in turn.profile.known) + CHANGE_S
    return len(ids), total


def how_many_left(turn: Turn) -> Outcome:
    if turn.session.position is None:
        return aside(turn, (say("where_idle"),), repeatable=False)
    count, total = remaining(turn, place(turn))
    if count == 0:
        return aside(turn, (say("left_done"),))
    key = "left_one" if count == 1 else "left_some"
    return aside(turn, (say(key, count=count, time=minutes_words(total)),))


def _current_exercise(turn: Turn) -> Exercise | None:
    here = current(turn)
    return exercise_of(turn, here) if here is not None else None


def _asked_about(turn: Turn, name: str | None, heard: str | None, topic: Topic = "how") -> Exercise | Outcome:
    """The exercise named ("how long do I hold child's pose"), as this person does it, or
    this one; or the answer when there is none: "did you mean" for a name the content
    lacks (a routine's, "why the desk break", is no exercise's), else "which one?"."""
    if name or heard:
        target = named(turn.content, name) if name else None
        if isinstance(target, Exercise):
            return as_done(turn, target)
        return did_you_mean(turn, heard or name or "", topic)
    exercise = _current_exercise(turn)
    return exercise if exercise is not None else aside(turn, (say("explain_which"),), repeatable=False)


def how_many_reps(turn: Turn, name: str | None = None, heard: str | None = None) -> Outcome:
    exercise = _asked_about(turn, name, heard)
    if not isinstance(exercise, Exercise):
        return exercise
    return aside(turn, (dose_words(turn, exercise),))


def how_long_hold(turn: Turn, name: str | None = None, heard: str | None = None) -> Outcome:
    exercise = _asked_about(turn, name, heard)
    if not isinstance(exercise, Exercise):
        return exercise
    if name:  # "how long do I hold child's pose": its dose, named
        return aside(turn, (dose_words(turn, exercise),))
    hold = hold_seconds(exercise, turn.profile)
    if hold is None:
        return aside(turn, (say("no_hold", name=exercise.spoken_name),))
    key = "hold_each_side" if exercise.dose.per_side and not exercise.dose.reps else "hold_each"
    return aside(turn, (say(key, name=exercise.spoken_name, seconds=hold),))


def which_side(turn: Turn) -> Outcome:
    here = current(turn)
    if here is None:
        return aside(turn, (say("explain_which"),), repeatable=False)
    exercise = exercise_of(turn, here)
    if exercise.sides is None:
        return aside(turn, (say("side_both", name=exercise.spoken_name),))
    first, second = exercise.sides.order
    if exercise.dose.alternate:
        return aside(turn, (say("side_alternate", name=exercise.spoken_name, part=exercise.sides.part),))
    if here.part > 0:
        return aside(turn, (say("side_now", side=second, part=exercise.sides.part),))
    return aside(turn, (say("side_order", first=first, second=second, part=exercise.sides.part),))


Where = Literal["first", "previous", "current", "next", "last"]


def which_exercise(turn: Turn, where: Where | None) -> Outcome:
    routine = current_routine(turn) or turn.content.default_routine
    ids = routine.exercises
    now = place(turn) if turn.session.position is not None else None
    index = ids.index(now.exercise_id) if now is not None else None
    position = turn.session.position
    if where == "first":
        return aside(turn, (say("first_was", name=turn.content.exercises[ids[0]].spoken_name),))
    if where == "last":  # "what was the last one" may mean the one just done: both, then
        last = say("last_is", name=turn.content.exercises[ids[-1]].spoken_name)
        if index and ids[index - 1] != ids[-1]:  # index is None outside a routine
            return aside(turn, (last, say("previous_also", name=turn.content.exercises[ids[index - 1]].spoken_name)))
        return aside(turn, (last,))
    if where == "current" or (where is None and position is not None):  # "which exercise is this"
        return where_am_i(turn)
    if where == "previous":
        if index is None and position is not None:  # the routine is done: the last one
            index = len(ids)
        if not index:
            return aside(turn, (say("no_previous"),))
        return aside(turn, (say("previous_was", name=turn.content.exercises[ids[index - 1]].spoken_name),))
    if position is not None and now is None:
        return aside(turn, (say("left_done"),))
    if index is None:
        return aside(turn, (say("next_is", name=turn.content.exercises[ids[0]].spoken_name),))
    upcoming = index if not mid_set(turn) else index + 1
    if upcoming >= len(ids):
        return aside(turn, (say("left_none"),))
    return aside(turn, (say("next_is", name=turn.content.exercises[ids[upcoming]].spoken_name),))


def in_bed(turn: Turn) -> Outcome:
    exercise = _current_exercise(turn)
    if exercise is None:
        fine = [e.spoken_name for e in turn.content.exercises.values() if e.in_bed]
        return aside(turn, (say("bed_general", names=spoken_list(fine)),))
    if exercise.in_bed:
        return aside(turn, (say("bed_yes", name=exercise.spoken_name),))
    return aside(turn, (say("bed_no", name=exercise.spoken_name),))
