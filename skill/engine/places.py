"""Where a person is in a routine, and the question that ends an answer.

A session's position is the set last led. While Alexa is still leading it (the
request came before the set's end, by the request clock) the person is mid-set;
afterwards the set is done and the person is at the next one. :func:`place` is the
first set not yet finished: where "stop" saves and "continue" picks up.
"""

from skill.content import Exercise, Routine
from skill.engine.reply import Part, Reply, Say, say
from skill.engine.sets import plan, with_stand_in
from skill.engine.state import Outcome, Position, Question, Said, Turn


def routine_of(turn: Turn, position: Position) -> Routine:
    return turn.content.routines[position.routine_id]


def exercise_of(turn: Turn, position: Position) -> Exercise:
    return as_done(turn, turn.content.exercises[position.exercise_id])


def as_done(turn: Turn, exercise: Exercise) -> Exercise:
    """``exercise`` as this person does it: while they have none of its equipment, what it
    says names the stand-in ("Stand tall holding the towel", not "the band")."""
    item = turn.content.equipment.get(exercise.equipment or "")
    if item is None or not item.word or not item.stand_in or item.id not in turn.profile.missing:
        return exercise
    return with_stand_in(exercise, item.word, item.stand_in)


def number_of(turn: Turn, position: Position) -> int:
    return routine_of(turn, position).exercises.index(position.exercise_id) + 1


def teaches(turn: Turn, exercise: Exercise) -> bool:
    """Whether this exercise is taught in full (the first time) rather than cued."""
    return exercise.id not in turn.profile.known


def part_count(turn: Turn, position: Position) -> int:
    """The answers the set at ``position`` takes, as it was (or will be) led."""
    led = turn.session.position
    if led is not None and led.exercise_id == position.exercise_id:
        return turn.session.parts
    exercise = exercise_of(turn, position)
    return len(plan(turn.content, exercise, turn.profile, teaches(turn, exercise)))


def first_set(routine: Routine) -> Position:
    return Position(routine.id, routine.exercises[0], 0)


def next_exercise(turn: Turn, position: Position) -> Position | None:
    """The start of the exercise after this one; None after the last."""
    routine = routine_of(turn, position)
    index = routine.exercises.index(position.exercise_id)
    if index + 1 < len(routine.exercises):
        return Position(routine.id, routine.exercises[index + 1], 0)
    return None


def next_set(turn: Turn, position: Position) -> Position | None:
    """The set after this one: the next part of the same exercise, or the next
    exercise; None at the end of the routine."""
    if position.part + 1 < part_count(turn, position):
        return position._replace(part=position.part + 1)
    return next_exercise(turn, position)


def previous_set(turn: Turn, position: Position) -> Position | None:
    """The set before this one (the start of the exercise before); None at the first."""
    if position.part > 0:
        return position._replace(part=position.part - 1)
    routine = routine_of(turn, position)
    index = routine.exercises.index(position.exercise_id)
    return Position(routine.id, routine.exercises[index - 1], 0) if index > 0 else None


def mid_set(turn: Turn) -> bool:
    """Whether the set last led is unfinished: this request came while Alexa was still
    leading it (a barge-in with the wake word; by the request clock, before the set's
    last rep ended), or an earlier one cut it short."""
    session = turn.session
    if session.position is None or session.set_done:
        return False
    return session.cut or (session.led_until is not None and turn.now is not None and turn.now < session.led_until)


def place(turn: Turn) -> Position | None:
    """The first set not yet finished: the one being led, or the one after the set
    just finished (None when the routine is done); outside a routine, the saved place."""
    position = turn.session.position
    if position is None:
        return turn.profile.saved
    return position if mid_set(turn) else next_set(turn, position)


def name_at(turn: Turn, position: Position) -> str:
    return exercise_of(turn, position).spoken_name


# --------------------------------------------------------------------------------------
# The question at the end of an answer


def tail(turn: Turn) -> tuple[tuple[Part, ...], Question | None]:
    """What ends an answer that leaves the place as it was: a question or a prompt that
    says what to say next, and the question it asks."""
    session, position = turn.session, turn.session.position
    if position is not None:
        if mid_set(turn):
            return (say("carry_on_mid", name=name_at(turn, position)),), None
        upcoming = next_set(turn, position)
        if upcoming is None:
            return (say("pain_ask_after"),), "pain_after"
        return (ready_prompt(turn, upcoming),), "ready"
    if session.pending_routine is not None:
        return (say("pain_ask_short"),), "pain_before"
    if turn.profile.saved is not None and turn.profile.saved.routine_id in turn.content.routines:
        return (say("offer_resume_short", name=name_at(turn, turn.profile.saved)),), "resume"
    return (say("offer_start", name=turn.content.default_routine.spoken_name),), "start"


def ready_prompt(turn: Turn, upcoming: Position) -> Say:
    """"Ready for bird dog?", or for the second part of the set just led."""
    exercise = exercise_of(turn, upcoming)
    if upcoming.part == 0:
        return say("ready_for", name=exercise.spoken_name)
    if exercise.sides is not None and not exercise.dose.alternate:
        return say("ready_side", side=exercise.sides.order[upcoming.part % 2], part=exercise.sides.part)
    return say("ready_rest", name=exercise.spoken_name)


def reprompt(turn: Turn, question: Question | None) -> tuple[Part, ...]:
    """Shorter than the prompt, and says what to say."""
    position = turn.session.position
    if question == "resume" and turn.profile.saved is not None:
        return (say("reprompt_resume", name=name_at(turn, turn.profile.saved)),)
    if question == "ready" and position is not None:
        upcoming = next_set(turn, position)
        if upcoming is not None:
            return (say("reprompt_ready", name=name_at(turn, upcoming)),)
    target = turn.content.routines.get(turn.session.switch_to or "")
    if question == "switch" and target is not None:
        return (say("reprompt_switch", name=target.spoken_name),)
    if question in ("pain_before", "pain_after"):
        return (say("reprompt_pain"),)
    if question is not None and question != "ready":
        return (say(f"reprompt_{question}"),)
    if position is None:
        return (say("reprompt_idle"),)
    return (say("reprompt_routine"),)


def aside(turn: Turn, parts: tuple[Part, ...], *, repeatable: bool = True, said: Said | None = None,
          question: Question | None = None, end: tuple[Part, ...] | None = None) -> Outcome:
    """An answer that leaves the place as it was, ending with the question of the
    moment (or ``end`` and ``question``, when given)."""
    if end is None:
        end, question = tail(turn)
    session = turn.session._replace(question=question, said=said)
    reply = Reply((*parts, *end), reprompt(turn._replace(session=session), question), repeatable=repeatable)
    return Outcome(session, turn.profile, reply)


def spoken_equipment(turn: Turn, equipment_id: str) -> str:
    item = turn.content.equipment.get(equipment_id)
    return item.spoken_name if item else equipment_id


def routine_gear(turn: Turn, routine: Routine) -> list[str]:
    """The equipment a routine needs, in order of first use, without repeats."""
    needs: list[str] = []
    for exercise_id in routine.exercises:
        equipment = turn.content.exercises[exercise_id].equipment
        if equipment and equipment not in needs:
            needs.append(equipment)
    return needs


def is_say(part: Part, *ids: str) -> bool:
    return isinstance(part, Say) and part.id in ids
