"""Moving through a routine: starting, going on, going back, skipping, jumping,
stopping, and picking up again."""

from skill.content import Routine, find
from skill.engine.lead import finish_now, lead
from skill.engine.places import (
    aside,
    exercise_of,
    first_set,
    mid_set,
    name_at,
    next_exercise,
    next_set,
    number_of,
    place,
    previous_set,
    reprompt,
    routine_gear,
    routine_of,
    spoken_equipment,
)
from skill.engine.reply import Part, Reply, Say, say, spoken_list
from skill.engine.state import QUESTIONS, Outcome, Position, Question, Turn


def halted(turn: Turn, routine: Routine) -> Outcome | None:
    """Earlier today the routine was stopped for safety: no exercise today after a red
    flag; after high pain, a fresh rating first."""
    halt = turn.profile.halt
    if halt is None or halt.day != turn.today():
        return None
    if halt.reason == "red_flag":
        reply = Reply((say("halt_red_flag"), say("emergency")), end_session=True)
        return Outcome(turn.session._replace(position=None), turn.profile, reply)
    session = turn.session._replace(position=None, pending_routine=routine.id, pain_asked=True,
                                    question="pain_before")
    reply = Reply((say("halt_pain"), say("pain_ask_short")), reprompt(turn, "pain_before"))
    return Outcome(session, turn.profile, reply)


def kept_place(turn: Turn, routine_id: str) -> Position | None:
    return next((p for p in turn.profile.places if p.routine_id == routine_id), None)


def begin(turn: Turn, routine: Routine, prefix: tuple[Part, ...] = (), *, announce: bool = True) -> Outcome:
    """Start a routine: what it needs, the pain check-in (once a session), then the
    first set, led."""
    stopped = halted(turn, routine)
    if stopped is not None:
        return stopped
    if announce:
        prefix = (*prefix, say("routine_start", name=routine.spoken_name))
    needs = [e for e in routine_gear(turn, routine) if e not in turn.profile.missing]
    if needs:
        prefix = (*prefix, say("routine_needs", equipment=spoken_list([spoken_equipment(turn, e) for e in needs])))
    first = turn.content.exercises[routine.exercises[0]]
    gear = first.equipment if first.equipment in needs else None
    places = tuple(p for p in turn.profile.places if p.routine_id != routine.id)
    turn = turn._replace(session=turn.session._replace(gear=gear, position=None, finished=None),
                         profile=turn.profile._replace(places=places))
    if turn.session.pain_asked:
        return lead(turn, first_set(routine), prefix)
    session = turn.session._replace(pending_routine=routine.id, pain_asked=True, question="pain_before", last=None)
    reply = Reply((*prefix, say("pain_ask_before")), reprompt(turn, "pain_before"))
    return Outcome(session, turn.profile, reply)


def offer_resume(turn: Turn, position: Position, prefix: tuple[Part, ...] = ()) -> Outcome:
    routine = routine_of(turn, position)
    speech = (*prefix, say("offer_resume", name=name_at(turn, position), number=number_of(turn, position),
                           total=len(routine.exercises)))
    turn = turn._replace(session=turn.session._replace(position=None, question="resume"),
                         profile=turn.profile._replace(saved=position))
    return Outcome(turn.session, turn.profile, Reply(speech, reprompt(turn, "resume")))


def launch(turn: Turn, content_changed: bool = False) -> Outcome:
    saved = turn.profile.saved
    if saved is not None and turn.profile.disclaimer_heard:
        stopped = halted(turn, routine_of(turn, saved))
        if stopped is not None:
            return stopped
        prefix: tuple[Part, ...] = (say("welcome_back"),)
        if content_changed:
            prefix = (*prefix, say("content_changed", name=routine_of(turn, saved).spoken_name))
        return offer_resume(turn, saved, prefix)
    prefix = (say("welcome_back"),) if turn.profile.disclaimer_heard else ()
    return begin(turn, turn.content.default_routine, prefix, announce=False)


def start(turn: Turn, routine: Routine) -> Outcome:
    """"Start the desk break": in another routine, ask first (that place is kept)."""
    current = turn.session.position
    if current is not None and current.routine_id != routine.id:
        now_in = routine_of(turn, current)
        session = turn.session._replace(question="switch", switch_to=routine.id)
        reply = Reply((say("switch_offer", name=routine.spoken_name, current=now_in.spoken_name),),
                      reprompt(turn._replace(session=session), "switch"))
        return Outcome(session, turn.profile, reply)
    if current is not None:
        return aside(turn, (say("already_in", name=routine.spoken_name),))
    kept = kept_place(turn, routine.id)
    if kept is not None:
        return offer_resume(turn, kept, (say("routine_start", name=routine.spoken_name),))
    return begin(turn, routine)


def switch(turn: Turn) -> Outcome:
    """Yes to "switch to the desk break?": the place in this routine is kept."""
    target = turn.content.routines.get(turn.session.switch_to or "")
    if target is None:
        return aside(turn, (say("okay"),))
    here = place(turn)
    places = tuple(p for p in turn.profile.places if here is None or p.routine_id != here.routine_id)
    if here is not None:
        places = (*places, here)
    turn = turn._replace(profile=turn.profile._replace(places=places),
                         session=turn.session._replace(switch_to=None))
    return begin(turn, target)


def go_on(turn: Turn) -> Outcome:
    """"Next": the set after the one last led (during it, or after it)."""
    position = turn.session.position
    if position is None:
        return resume(turn)
    upcoming = next_set(turn, position)
    if upcoming is None:
        return finish_now(turn, position.routine_id)
    return lead(turn, upcoming)


def go_back(turn: Turn) -> Outcome:
    """"Go back": during a set, the set before it; after a set, that set again (the one
    before the one offered); said again, one further back each time."""
    position = turn.session.position
    if position is None:
        return resume(turn)
    current = position if turn.session.said == "back" else place(turn)
    if current is None:  # after the routine's last set: that set again
        return lead(turn, position, (say("going_back", name=name_at(turn, position)),), said="back")
    earlier = previous_set(turn, current)
    if earlier is None:
        return lead(turn, current, (say("at_start"),))
    return lead(turn, earlier, (say("going_back", name=name_at(turn, earlier)),), said="back")


def skip_exercise(turn: Turn, position: Position) -> Outcome:
    """Leave this exercise out today, and lead the next one."""
    prefix = (say("skipping", name=name_at(turn, position)),)
    upcoming = next_exercise(turn, position)
    if upcoming is None:
        return finish_now(turn, position.routine_id, prefix)
    return lead(turn, upcoming, prefix)


def skip(turn: Turn) -> Outcome:
    """"Skip this one": during a set, that set's exercise; after it, the one offered; with
    no routine under way ("Pick up at cat cow?"), the saved one, unless the routine was
    stopped for safety earlier today."""
    if turn.session.position is not None:
        current = place(turn)
    else:
        current = turn.profile.saved
        stopped = halted(turn, routine_of(turn, current) if current else turn.content.default_routine)
        if stopped is not None:
            return stopped
    if current is None:
        return aside(turn, (say("nothing_to_skip"),), repeatable=False)
    return skip_exercise(turn, current)


def jump_to(turn: Turn, exercise_id: str) -> Outcome:
    """"Skip to bird dog": lead that exercise now, in this routine."""
    exercise = find(turn.content.exercises, exercise_id)
    assert exercise is not None
    current = turn.session.position or turn.profile.saved
    routine = routine_of(turn, current) if current else turn.content.default_routine
    if exercise.id not in routine.exercises:
        return aside(turn, (say("not_in_routine", name=exercise.spoken_name, routine=routine.spoken_name),))
    stopped = halted(turn, routine)
    if stopped is not None:
        return stopped
    return lead(turn, Position(routine.id, exercise.id, 0), (say("jumping", name=exercise.spoken_name),))


def again(turn: Turn) -> Outcome:
    """"Repeat": the last answer again; for a set, the set from its start."""
    session = turn.session
    if session.last is not None:
        last = session.last
        return Outcome(session._replace(question=question_of(turn, last)), turn.profile,
                       Reply(last.speech, last.reprompt or reprompt(turn, None), repeatable=False, varied=True))
    if session.position is not None:
        return lead(turn, session.position, (say("from_the_top", name=name_at(turn, session.position)),))
    return aside(turn, (say("nothing_to_repeat"),), repeatable=False)


def question_of(turn: Turn, reply: Reply) -> Question | None:
    """The question a repeated answer asks again, read from its reprompt."""
    ids = {p.id for p in reply.reprompt if isinstance(p, Say)}
    for question in QUESTIONS:
        if f"reprompt_{question}" in ids:
            return question
    if "reprompt_pain" in ids:
        spoken = {p.id for p in reply.speech if isinstance(p, Say)}
        return "pain_after" if "pain_ask_after" in spoken else "pain_before"
    return None


def start_over(turn: Turn) -> Outcome:
    current = turn.session.position or turn.profile.saved
    routine = routine_of(turn, current) if current else turn.content.default_routine
    return begin(turn, routine, (say("starting_over", name=routine.spoken_name),), announce=False)


def resume(turn: Turn) -> Outcome:
    """Carry on at once where the person left off: no question."""
    target = place(turn)
    if target is None:
        if turn.session.position is not None:
            return finish_now(turn, turn.session.position.routine_id)
        return begin(turn, turn.content.default_routine, (say("nothing_to_resume"),), announce=False)
    stopped = halted(turn, routine_of(turn, target))
    if stopped is not None:
        return stopped
    return lead(turn, target)


def stop(turn: Turn, *, paused: bool = False) -> Outcome:
    """Stop for now, saving the first set not yet finished."""
    if turn.session.position is None:
        return Outcome(turn.session, turn.profile, Reply((say("goodbye"),), end_session=True))
    target = place(turn)
    profile = turn.profile._replace(saved=target)
    if target is None:
        return Outcome(turn.session, profile, Reply((say("goodbye"),), end_session=True))
    name = name_at(turn, target)
    speech = (say("paused", name=name),) if paused else (say("goodbye_saved", name=name),)
    unsaved = (say("paused_unsaved"),) if paused else (say("goodbye"),)
    return Outcome(turn.session, profile, Reply(speech, end_session=True, unsaved_speech=unsaved))


def not_now(turn: Turn) -> Outcome:
    """"No" with nothing asked: in a routine, take your time; otherwise, goodbye."""
    if turn.session.position is None:
        return stop(turn)
    return wait(turn)


def wait(turn: Turn) -> Outcome:
    """"Hold on": the session stays open, and says what to say when ready."""
    position = turn.session.position
    if position is not None and not mid_set(turn):
        upcoming = next_set(turn, position)
        if upcoming is not None:
            return aside(turn, (say("take_your_time"),), end=(say("wait_ready", name=name_at(turn, upcoming)),),
                         question="ready")
    return aside(turn, (say("take_your_time"),))


def tired(turn: Turn) -> Outcome:
    """"I'm tired": a rest, an easier version, or stopping."""
    position = turn.session.position
    if position is None:
        return aside(turn, (say("tired_idle"),))
    name = exercise_of(turn, place(turn) or position).spoken_name
    return aside(turn, (say("tired_offer", name=name),), end=(say("tired_question"),), question="tired")
