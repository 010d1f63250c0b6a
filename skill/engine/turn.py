"""One turn: the state checked against today's content, the set last led counted done
when it is, the event dispatched (safety first, then the question just asked), and the
first-use disclaimer and the phrasings added.

:func:`handle` is the engine's one entry point: session, profile and an event in; the
new session, the new profile and a Reply of prompt ids out.
"""

from collections.abc import Callable
from datetime import date
from typing import Any

from skill.content import Content, Exercise, Routine, find, named
from skill.engine import adapt, explain, navigate, privacy, safety
from skill.engine import events as ev
from skill.engine.events import Act
from skill.engine.helping import fallback, helping, moment, more
from skill.engine.lead import complete_set
from skill.engine.phrasing import vary
from skill.engine.places import aside, first_set, mid_set, place
from skill.engine.reply import Part, Pause, Reply, say, unclaimed
from skill.engine.state import Outcome, Position, Profile, Question, Session, Today, Turn


def _once(today: date | Today) -> Today:
    """A function giving today's date, worked out at most once."""
    if isinstance(today, date):
        day = today
        return lambda: day
    found: list[date] = []

    def once() -> date:
        if not found:
            found.append(today())
        return found[0]

    return once


def settle(content: Content, position: Position | None) -> tuple[Position | None, bool]:
    """A position checked against today's content: (usable position, was it changed?).
    A routine that no longer exists gives None; an exercise no longer in its routine
    restarts the routine; a part that no longer exists is the exercise's start."""
    if position is None:
        return None, False
    routine = content.routines.get(position.routine_id)
    if routine is None:
        return None, True
    if position.exercise_id not in routine.exercises:
        return first_set(routine), True
    if not 0 <= position.part <= 1:
        return position._replace(part=0), True
    return position, False


# --------------------------------------------------------------------------------------
# The question just asked


def answer(turn: Turn, question: Question, event: ev.Event) -> Outcome | None:
    """The answer to the question just asked, or None to handle the event as usual."""
    if event is Act.HELP:
        return helping(turn, question)
    yes, no = event is Act.YES, event is Act.NO
    position = turn.session.position
    if question == "pain_after":
        if isinstance(event, ev.Rate):
            return safety.pain_after(turn, event.value, rated=True)
        if event in (Act.YES, Act.NO, Act.SKIP, Act.NEXT, Act.STOP) and not mid_set(turn):
            return safety.pain_after(turn, None, rated=False)
        return None  # during the last set: "Alexa, stop" saves it, "Alexa, next" ends the routine
    if isinstance(event, ev.Rate):
        return None
    if question == "resume":
        if event in (Act.YES, Act.NEXT, Act.RESUME) and turn.profile.saved is not None:
            return navigate.resume(turn)
        if no or event is Act.START_OVER:
            saved = turn.profile.saved
            routine = turn.content.routines[saved.routine_id] if saved else turn.content.default_routine
            return navigate.begin(turn, routine, (say("fresh_start"),), announce=False)
    if question == "start" and (yes or event is Act.NEXT):
        return navigate.resume(turn)
    if question == "start" and no:
        return navigate.stop(turn)
    if question == "skip" and position is not None:
        if yes or event in (Act.SKIP, Act.NEXT):
            return navigate.skip_exercise(turn, position)
        if no or event is Act.STOP:
            return navigate.stop(turn)
    if question == "pick" and (yes or no):
        if yes and turn.session.options:
            chosen = turn.session.options[0]
            if turn.session.topic == "jump":
                return navigate.jump_to(turn.with_session(options=()), chosen)
            return explain.explain(turn, turn.session.topic, chosen, None)
        return aside(turn.with_session(options=()), (say("okay"),), repeatable=False)
    if question == "ready":
        if yes:
            return navigate.go_on(turn)
        if no:
            return navigate.wait(turn)
    if question == "switch" and (yes or no):
        if yes:
            return navigate.switch(turn)
        return aside(turn.with_session(switch_to=None), (say("staying"),))
    if question == "stop_offer":
        if yes or event is Act.STOP:
            return navigate.stop(turn)
        if no or event is Act.NEXT:
            return aside(turn, (say("go_gently"),))
    if question == "dizzy" and (yes or no or event is Act.STOP):
        return safety.dizzy_passed(turn, yes)
    if question == "delete":
        return privacy.answer(turn, event)
    if question == "tired":
        if yes or event is Act.WAIT:
            return navigate.wait(turn)
        if event is Act.TOO_HARD:
            return adapt.adjust(turn, -1, place(turn))
        if no:
            return aside(turn, (say("okay"),))
    return None


# --------------------------------------------------------------------------------------
# Events


def _start(turn: Turn, event: ev.Start) -> Outcome:
    target = named(turn.content, event.routine)
    if isinstance(target, Exercise):  # "let's do bird dog", heard as a routine
        return navigate.jump_to(turn, target.id)
    if target is None and (event.routine or event.heard):
        heard = event.heard or event.routine or ""
        return explain.unknown_routine(turn, heard)
    return navigate.start(turn, target or turn.content.default_routine)


def _jump(turn: Turn, event: ev.JumpTo) -> Outcome:
    target = named(turn.content, event.exercise)
    if isinstance(target, Routine):  # "skip to the floor one": switching routine asks first
        return navigate.start(turn, target)
    if target is None:
        if event.exercise or event.heard:
            return explain.did_you_mean(turn, event.heard or event.exercise or "", "jump")
        return aside(turn, (say("explain_which"),), repeatable=False)
    return navigate.jump_to(turn, target.id)


def _list(parts: Callable[[Turn], tuple[Part, ...]]) -> Callable[[Turn, Any], Outcome]:
    return lambda turn, _event: aside(turn, parts(turn))


HANDLERS: dict[Act | type, Callable[[Turn, Any], Outcome]] = {  # an Act by member, any other event by type
    Act.LAUNCH: lambda turn, _: navigate.launch(turn),
    ev.Start: _start,
    Act.NEXT: lambda turn, _: navigate.go_on(turn),
    Act.YES: lambda turn, _: navigate.go_on(turn),
    Act.PREVIOUS: lambda turn, _: navigate.go_back(turn),
    Act.REPEAT: lambda turn, _: navigate.again(turn),
    Act.SKIP: lambda turn, _: navigate.skip(turn),
    ev.JumpTo: _jump,
    Act.START_OVER: lambda turn, _: navigate.start_over(turn),
    Act.RESUME: lambda turn, _: navigate.resume(turn),
    Act.PAUSE_ROUTINE: lambda turn, _: navigate.stop(turn, paused=True),
    Act.STOP: lambda turn, _: navigate.stop(turn),
    Act.NO: lambda turn, _: navigate.not_now(turn),
    Act.WAIT: lambda turn, _: navigate.wait(turn),
    Act.THANKS: lambda turn, _: aside(turn, (say("welcome"),)),
    Act.TIRED: lambda turn, _: navigate.tired(turn),
    Act.WHERE_AM_I: lambda turn, _: explain.where_am_i(turn),
    Act.HOW_MANY_LEFT: lambda turn, _: explain.how_many_left(turn),
    ev.HowManyReps: lambda turn, e: explain.how_many_reps(turn, e.exercise, e.heard),
    ev.HowLongHold: lambda turn, e: explain.how_long_hold(turn, e.exercise, e.heard),
    Act.WHICH_SIDE: lambda turn, _: explain.which_side(turn),
    ev.WhichExercise: lambda turn, event: explain.which_exercise(turn, event.place),
    ev.Explain: lambda turn, event: explain.explain(turn, event.topic, event.exercise, event.heard),
    ev.NoEquipment: lambda turn, event: adapt.no_equipment(turn, event.equipment, event.heard),
    ev.HaveEquipment: lambda turn, event: adapt.have_equipment(turn, event.equipment, event.heard),
    Act.IN_BED: lambda turn, _: explain.in_bed(turn),
    ev.ListExercises: lambda turn, e: explain.list_exercises(turn, e.routine, e.heard),
    Act.LIST_ROUTINES: lambda turn, _: explain.list_routines(turn),
    Act.HURT: lambda turn, _: safety.hurt(turn),
    Act.RED_FLAG: lambda turn, _: safety.red_flag(turn),
    Act.DIZZY: lambda turn, _: safety.dizzy(turn),
    Act.WARNING_SIGNS: lambda turn, _: safety.warning_signs(turn),
    Act.MORE: lambda turn, _: more(turn),
    Act.READ_DISCLAIMER: _list(lambda turn: tuple(say("text", text=t) for t in turn.content.safety.disclaimer)),
    Act.HELP: lambda turn, _: helping(turn, moment(turn)),
    Act.FALLBACK: lambda turn, _: fallback(turn, moment(turn)),
    ev.Rate: lambda turn, event: safety.rate(turn, event.value),
    Act.TOO_EASY: lambda turn, _: adapt.adjust(turn, +1),
    Act.TOO_HARD: lambda turn, _: adapt.adjust(turn, -1),
    Act.SLOWER: lambda turn, _: adapt.pace(turn, +1),
    Act.FASTER: lambda turn, _: adapt.pace(turn, -1),
    Act.NORMAL_PACE: lambda turn, _: adapt.pace(turn, 0),
    Act.HOW_AM_I_DOING: lambda turn, _: adapt.how_am_i_doing(turn),
    ev.Reminder: lambda turn, event: adapt.reminder(turn, event),
    Act.DELETE_DATA: lambda turn, _: privacy.ask(turn),
}

SAFETY = (Act.RED_FLAG, Act.DIZZY, Act.HURT)  # answered first, whatever was asked
# "Never mind" to an offer of a change ("Switch to the desk break?", "Did you mean bird
# dog?", "Should I delete it all?") declines it and stays; said anywhere else, it stops.
CANCEL_DECLINES: frozenset[Question | None] = frozenset({"switch", "pick", "delete"})


def handler_for(event: ev.Event) -> Callable[[Turn, Any], Outcome]:
    return HANDLERS[event if isinstance(event, Act) else type(event)]


NAMING = (ev.Start, ev.JumpTo, ev.Explain, ev.NoEquipment, ev.HaveEquipment, ev.HowManyReps, ev.HowLongHold,
          ev.ListExercises)  # events with a name heard


def symptom_for_name(turn: Turn, event: ev.Event) -> ev.Event:
    """Words heard where a name belongs that name nothing but describe a symptom ("I've got
    a sharp pain", taken for a piece of equipment): that symptom, answered as one."""
    heard = getattr(event, "heard", None) if isinstance(event, NAMING) else None
    if not heard:
        return event
    equipment = isinstance(event, ev.NoEquipment | ev.HaveEquipment)
    if (find(turn.content.equipment, heard) if equipment else named(turn.content, heard)) is not None:
        return event
    symptom = safety.symptom_in(turn.content, heard)
    return event if symptom is None else symptom


def dispatch(turn: Turn, event: ev.Event, saved_changed: bool) -> Outcome:
    question = turn.session.question
    if question is not None:
        turn = turn.with_session(question=None)
    event = symptom_for_name(turn, event)
    if event in SAFETY:
        return handler_for(event)(turn, event)
    pending = turn.session.pending_routine is not None and question != "delete"
    if pending and (isinstance(event, ev.Rate)
                    or event in (Act.HELP, Act.FALLBACK, Act.YES, Act.NO, Act.NEXT, Act.SKIP)):
        if event in (Act.FALLBACK, Act.HELP):
            return handler_for(event)(turn.with_session(question="pain_before"), event)
        return safety.pain_before(turn, event)
    if question is not None:
        answered = answer(turn, question, event)
        if answered is not None:
            return answered
    if event in (Act.FALLBACK, Act.HELP) and question is not None:
        return handler_for(event)(turn.with_session(question=question), event)
    if event is Act.LAUNCH:
        return navigate.launch(turn, saved_changed)
    return handler_for(event)(turn, event)


# --------------------------------------------------------------------------------------
# The turn


def handle(content: Content, session: Session, profile: Profile, event: ev.Event, today: date | Today,
           now: float | None = None, *, stored: bool = True) -> Outcome:
    """One turn. ``today`` is a date, or a function giving it, called only if the turn
    needs the date (a completion, a rating, progress); ``now`` is the request's time in
    seconds, which tells a barge-in during a set from an answer after it. ``stored`` is
    False when the store could not be read: ``profile`` is then unknown rather than new
    (an empty one), and opening the skill says so."""
    if isinstance(event, ev.SkillDisabled):
        return privacy.disabled(session, profile, event)
    if event is Act.CANCEL:
        event = Act.NO if session.question in CANCEL_DECLINES else Act.STOP
    position, changed = settle(content, session.position)
    pending = session.pending_routine if session.pending_routine in content.routines else None
    if changed or pending != session.pending_routine:
        session = session._replace(position=position, pending_routine=pending)
    saved, saved_changed = settle(content, profile.saved)
    places = tuple(p for p in (settle(content, p)[0] for p in profile.places) if p is not None)
    if saved_changed or places != profile.places:
        profile = profile._replace(saved=saved, places=places)
    turn = Turn(content, session, profile, _once(today), now)
    notes: tuple[Part, ...] = ()
    if changed and position is not None:
        notes = (say("content_changed", name=content.routines[position.routine_id].spoken_name),)
    if not stored and event is Act.LAUNCH:
        notes = (*notes, say("store_unreachable"))

    cut_short = mid_set(turn)
    if session.position is not None and not session.set_done:
        timeout = isinstance(event, ev.SessionEnded) and event.reason == "timeout" and not session.cut
        if timeout or not cut_short:
            turn = complete_set(turn)
    if isinstance(event, ev.SessionEnded):
        return turn.outcome(Reply(()))

    outcome = dispatch(turn, event, saved_changed)
    if outcome.reply.erase:  # nothing of the person is kept, nor added
        return outcome
    if cut_short and outcome.session.led_until == turn.session.led_until and not outcome.session.set_done:
        outcome = outcome._replace(session=outcome.session._replace(cut=True))  # the set did not go on
    reply, profile_out = unclaimed(outcome.reply), outcome.profile
    greeting: tuple[Part, ...] = ()
    # Once per person, and never twice in a session: when the store cannot be read, the
    # profile is unknown (an empty one), and the session remembers it was read.
    heard = turn.profile.disclaimer_heard or session.disclaimer
    if not heard and event not in (Act.STOP, Act.DELETE_DATA):
        first, *rest = (say("text", text=t) for t in content.safety.disclaimer)
        greeting = (say("welcome_first"), first, Pause(1), *rest, Pause(1))
    if greeting or (heard and not profile_out.disclaimer_heard):  # heard earlier this session: kept once saved
        profile_out = profile_out._replace(disclaimer_heard=True)
    if greeting or notes:
        prefix = (*greeting, *notes)
        reply = reply._replace(speech=(*prefix, *reply.speech),
                               unsaved_speech=None if reply.unsaved_speech is None else
                               (*prefix, *reply.unsaved_speech))
    if not reply.varied:
        reply, profile_out = vary(content, reply, profile_out)
    changes: dict[str, Any] = {"turn": min(outcome.session.turn + 1, 10_000)}
    if greeting or event is Act.READ_DISCLAIMER:
        changes["disclaimer"] = True
    if reply.repeatable and reply.speech:
        changes["last"] = reply
    if event is not Act.FALLBACK:
        changes["misses"] = 0
    return Outcome(outcome.session._replace(**changes), profile_out, reply)


__all__ = ["handle", "settle"]
