"""One exercise's answer: where we are, what is needed, the set led in real time, and
the question that opens the microphone once the person has nothing left to do."""

from skill.content import Exercise
from skill.engine.places import (
    exercise_of,
    next_set,
    number_of,
    ready_prompt,
    reprompt,
    routine_of,
    spoken_equipment,
    teaches,
)
from skill.engine.reply import Card, Part, Pause, Reply, Say, Screen, say, seconds
from skill.engine.sets import plan, side_text
from skill.engine.state import Outcome, Position, Question, Said, Turn
from skill.progress import Completion

SETTLE_S = 4  # to get into the starting position
TEACH_SETTLE_S = 5
POSTURE_CHANGE_S = 2  # more, from a chair to the floor or the floor to standing


def variation_parts(turn: Turn, exercise: Exercise) -> tuple[Part, ...]:
    level = turn.profile.level(exercise.id)
    if level == 0:
        return ()
    variation = exercise.easier if level < 0 else exercise.harder
    key = "variation_easier" if level < 0 else "variation_harder"
    return (say(key, label=variation.label, text=variation.say),)


def gear_parts(turn: Turn, exercise: Exercise) -> tuple[Part, ...]:
    """The equipment, said only when it changes from the set before (or its substitute,
    when the person has none)."""
    equipment = exercise.equipment
    if not equipment or equipment == turn.session.gear:
        return ()
    item = turn.content.equipment.get(equipment)
    if item is not None and equipment in turn.profile.missing:
        return (say("substitute_now", name=item.name.lower(), text=item.substitute),)
    return (say("equipment_needed", equipment=spoken_equipment(turn, equipment)),)


def _settle(turn: Turn, exercise: Exercise, teach: bool) -> int:
    settle = TEACH_SETTLE_S if teach else SETTLE_S
    before = turn.session.position
    if before is not None and exercise_of(turn, before).posture != exercise.posture:
        settle += POSTURE_CHANGE_S
    return settle


def _closing(turn: Turn, position: Position) -> tuple[tuple[Part, ...], Question]:
    exercise = exercise_of(turn, position)
    upcoming = next_set(turn, position)
    if upcoming is None:
        routine = routine_of(turn, position)
        return (say("exercise_done", name=exercise.spoken_name), say("routine_done", name=routine.spoken_name),
                say("pain_ask_after")), "pain_after"
    if upcoming.exercise_id == position.exercise_id:
        return (say("part_done"), ready_prompt(turn, upcoming)), "ready"
    return (say("exercise_done", name=exercise.spoken_name), say("encourage"), ready_prompt(turn, upcoming)), "ready"


def screen_for(turn: Turn, position: Position, parts: int) -> Screen:
    routine, exercise = routine_of(turn, position), exercise_of(turn, position)
    side = exercise.sides.first if exercise.sides else None
    steps = tuple(say("text", text=side_text(step.say, side)) for step in exercise.steps)
    equipment = spoken_equipment(turn, exercise.equipment) if exercise.equipment else None
    return Screen("step", routine.name, exercise.name, number_of(turn, position), len(routine.exercises),
                  position.part + 1, parts, (say("text", text=exercise.start), *steps), equipment)


def lead(turn: Turn, position: Position, prefix: tuple[Part, ...] = (), said: Said | None = None) -> Outcome:
    """Lead the set at ``position``: taught the first time, cued after that. ``said``: how
    the person got there, when that matters to what comes next ("back")."""
    routine, exercise = routine_of(turn, position), exercise_of(turn, position)
    before = turn.session.position
    again = before is not None and before.exercise_id == exercise.id  # its next part, or the set repeated
    teach = turn.session.teach if again else teaches(turn, exercise)
    answers = plan(turn.content, exercise, turn.profile, teach, _settle(turn, exercise, teach))
    position = position._replace(part=min(position.part, len(answers) - 1))
    intro: list[Part] = []
    if position.part == 0:
        intro.append(say("exercise_intro", number=number_of(turn, position), total=len(routine.exercises),
                         name=exercise.spoken_name))
        if teach:
            intro.append(say("text", text=exercise.why))
    else:
        intro.append(say("part_intro", name=exercise.spoken_name))
    intro += gear_parts(turn, exercise)
    intro += variation_parts(turn, exercise)
    played = (*prefix, *intro, Pause(1), *answers[position.part])
    session = turn.session._replace(
        position=position, set_done=False, cut=False, parts=len(answers), teach=teach,
        gear=exercise.equipment or "", last=None, said=said, pending_routine=None, options=(), switch_to=None,
        led_until=None if turn.now is None else turn.now + seconds(played, turn.content.prompts))
    profile = turn.profile._replace(known=turn.profile.known | {exercise.id}, saved=position)
    after = turn._replace(session=session, profile=profile)
    closing, question = _closing(after, position)
    session = session._replace(question=question)
    card = None
    if question == "pain_after":
        card = Card(f"{routine.name} finished",
                    (say("card_summary", name=routine.spoken_name, count=len(routine.exercises)),))
    reply = Reply((*played, Pause(1), *closing), reprompt(after._replace(session=session), question),
                  repeatable=False, screen=screen_for(turn, position, len(answers)), card=card)
    return Outcome(session, profile, reply)  # not kept for "repeat": that leads the set again


def _record_finish(turn: Turn, routine_id: str) -> Turn:
    """The routine is finished: recorded once a session, and no place left to resume."""
    if turn.session.finished == routine_id:
        return turn.with_profile(saved=None)
    profile = turn.profile.record(Completion(turn.today(), routine_id))._replace(saved=None)
    return turn._replace(profile=profile,
                         session=turn.session._replace(finished=routine_id))


def complete_set(turn: Turn) -> Turn:
    """The set last led is done: the saved place moves on to the next set, or, after
    the routine's last set, the routine is recorded as finished. Done once per set."""
    session = turn.session
    if session.position is None or session.set_done:
        return turn
    upcoming = next_set(turn, session.position)
    if upcoming is None:
        turn = _record_finish(turn, session.position.routine_id)
    else:
        turn = turn.with_profile(saved=upcoming)
    return turn.with_session(set_done=True)


def finish_now(turn: Turn, routine_id: str, prefix: tuple[Part, ...] = ()) -> Outcome:
    """The end of the routine reached without its last set done (skipped, or "next"
    during it): recorded as finished, and the pain check after it asked."""
    position = turn.session.position
    recorded = position is not None and turn.session.set_done and next_set(turn, position) is None
    if not recorded:
        turn = _record_finish(turn, routine_id)
    routine = turn.content.routines[routine_id]
    session = turn.session._replace(question="pain_after", last=None, set_done=True, pending_routine=None)
    parts = (*prefix, say("routine_done", name=routine.spoken_name), say("pain_ask_after"))
    card = Card(f"{routine.name} finished",
                (say("card_summary", name=routine.spoken_name, count=len(routine.exercises)),))
    reply = Reply(parts, reprompt(turn._replace(session=session), "pain_after"), card=card)
    return Outcome(session, turn.profile, reply)


def said_ids(parts: tuple[Part, ...]) -> set[str]:
    return {p.id for p in parts if isinstance(p, Say)}
