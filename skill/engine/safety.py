"""Safety first: red flags, dizziness, pain said at any moment, and the pain check-ins
before and after a routine. Short and plain; never "skip it and go on" after a red
flag or high pain."""

from skill.content import Content
from skill.engine.events import Act, Event, Rate
from skill.engine.lead import complete_set, lead
from skill.engine.places import aside, first_set, name_at, place, reprompt
from skill.engine.reply import Part, Pause, Reply, say, spoken_list
from skill.engine.state import Halt, HaltReason, Outcome, Turn
from skill.progress import PainRating
from skill.text import normalize

HIGH_PAIN = 8  # from here on, no exercise today
PAIN_JUMP = 3  # a rise this big offers to stop


def symptom_in(content: Content, words: str) -> Event | None:
    """The symptom some words describe ("a sharp pain" is pain), red flags first; None
    for words that describe none (content/safety.yaml, under symptoms:)."""
    said = f" {normalize(words)} "
    symptoms = content.safety.symptoms
    for kind, event in ((symptoms.red_flag, Act.RED_FLAG), (symptoms.dizzy, Act.DIZZY), (symptoms.hurt, Act.HURT)):
        if any(f" {normalize(word)} " in said for word in kind):
            return event
    return None


def warning_list(turn: Turn) -> Part:
    return say("red_flags", flags=spoken_list(list(turn.content.safety.red_flags), "or"))


def _halt(turn: Turn, reason: HaltReason, *parts: Part) -> Outcome:
    """Stop for today: the place saved, the day remembered, the session ended."""
    turn = turn.with_profile(halt=Halt(turn.today(), reason))
    if turn.session.position is not None:
        turn = turn.with_profile(saved=place(turn))
    session = turn.session._replace(pending_routine=None, question=None)
    return Outcome(session, turn.profile, Reply(parts, end_session=True))


def red_flag(turn: Turn) -> Outcome:
    """Numbness, bladder or bowel trouble, chest pain, a fall...: stop and get help."""
    saved = (say("place_saved"),) if turn.session.position is not None else ()
    return _halt(turn, "red_flag", say("red_flag_stop"), say("emergency"), say("ended_today"), *saved)


def dizzy(turn: Turn) -> Outcome:
    """Sit or lie down and breathe, led inside the answer; then: has it passed?"""
    parts = (say("dizzy_rest"), Pause(8), say("dizzy_breathe"), Pause(10), say("dizzy_check"))
    return aside(turn, parts, end=(say("dizzy_question"),), question="dizzy", said="warning")


def dizzy_passed(turn: Turn, passed: bool) -> Outcome:
    if passed:
        return aside(turn, (say("dizzy_better"),))
    saved: tuple[Part, ...] = ()
    if turn.session.position is not None:
        turn, saved = turn.with_profile(saved=place(turn)), (say("place_saved"),)
    return Outcome(turn.session._replace(question=None), turn.profile,
                   Reply((say("dizzy_stop"), *saved), end_session=True))


def hurt(turn: Turn) -> Outcome:
    """"It hurts": a few words. During a set (or between two parts of one exercise): stop
    that movement; skip the exercise, or stop for today? After an exercise's last set,
    at "on to band pull aparts?": rest; go on to it, skip it, or stop for today?"""
    position = turn.session.position
    if position is None:
        return aside(turn, (say("hurt_idle"),), end=(say("more_signs"),), said="hurt")
    upcoming = place(turn)
    if upcoming is not None and upcoming.exercise_id != position.exercise_id:
        return aside(turn, (say("hurt_rest"), say("hurt_next", name=name_at(turn, upcoming))),
                     end=(say("more_signs"),), question="ready", said="hurt")
    return aside(turn, (say("hurt_stop"), say("hurt_skip", name=name_at(turn, position))),
                 end=(say("more_signs"),), question="skip", said="hurt")


def warning_signs(turn: Turn) -> Outcome:
    return aside(turn, (warning_list(turn), say("emergency")), said="warning")


def _record(turn: Turn, moment: str, value: int) -> Turn:
    rating = PainRating(turn.today(), moment, value)  # type: ignore[arg-type]
    return turn._replace(profile=turn.profile.record(rating))


def rate(turn: Turn, value: int | None) -> Outcome:
    """A rating said at any moment: "my pain is a nine now"."""
    if value is None:
        return aside(turn, (say("pain_range"),), repeatable=False)
    start = turn.profile.progress.today_before(turn.today())
    turn = _record(turn, "check", value)
    in_routine = turn.session.position is not None or turn.session.pending_routine is not None
    if value >= HIGH_PAIN:
        saved = (say("place_saved"),) if turn.session.position is not None else ()
        return _halt(turn, "pain", say("pain_high"), say("pain_rest"), *saved)
    if in_routine and start is not None and value - start >= PAIN_JUMP:
        return aside(turn, (say("pain_rise", before=start),), end=(say("stop_offer"),),
                     question="stop_offer")
    return aside(turn, (say("pain_noted", rating=value),))


def _halted_for_pain(turn: Turn) -> bool:
    halt = turn.profile.halt
    return halt is not None and halt.reason == "pain" and halt.day == turn.today()


def pain_before(turn: Turn, event: Event) -> Outcome:
    """The answer to "how's your back today, from zero to ten?"; then exercise one (or,
    after high pain earlier today, the saved place, once a lower rating is given)."""
    routine = turn.content.routines[turn.session.pending_routine or turn.content.default_routine.id]
    halted = _halted_for_pain(turn)
    unrated = not isinstance(event, Rate) or event.value is None
    if unrated and (halted or isinstance(event, Rate)):
        session = turn.session._replace(question="pain_before")
        return Outcome(session, turn.profile, Reply((say("pain_range"),), reprompt(turn, "pain_before"),
                                                    repeatable=False))
    saved = turn.profile.saved
    start = saved if halted and saved is not None and saved.routine_id == routine.id else first_set(routine)
    if not isinstance(event, Rate) or event.value is None:
        return lead(turn, start, (say("pain_skipped"),))
    previous = turn.profile.progress.before_today(turn.today())
    started = turn.profile.progress.today_before(turn.today()) if halted else None
    turn = _record(turn, "before", event.value)
    if event.value >= HIGH_PAIN:
        return _halt(turn, "pain", say("pain_high"), warning_list(turn), say("pain_rest"))
    if started is not None and event.value - started >= PAIN_JUMP:
        return _halt(turn, "pain", say("pain_worse", before=started), warning_list(turn), say("pain_rest"))
    if previous is not None and event.value - previous >= PAIN_JUMP:
        return _halt(turn, "pain", say("pain_jump", before=previous), warning_list(turn), say("pain_rest"))
    turn = turn.with_profile(halt=None)
    return lead(turn, start, (say("pain_thanks", rating=event.value),))


def _tally(turn: Turn, routine_id: str) -> Part:
    progress = turn.profile.progress
    days, done = progress.streak(turn.today()), progress.times(routine_id)
    name = turn.content.routines[routine_id].spoken_name if routine_id in turn.content.routines else ""
    if days >= 2:
        return say("streak", days=days)
    if done <= 1:
        return say("completions_first", name=name)
    return say("completions", name=name, times=done)


def pain_after(turn: Turn, value: int | None, rated: bool) -> Outcome:
    """The answer to "how's your back now?" at the end of a routine."""
    turn = complete_set(turn)
    if rated and value is None:
        session = turn.session._replace(question="pain_after")
        return Outcome(session, turn.profile, Reply((say("pain_range"),), reprompt(turn, "pain_after"),
                                                    repeatable=False))
    finished = turn.profile.progress.last_routine or ""
    parts: list[Part] = []
    if value is not None:
        before = turn.profile.progress.today_before(turn.today())
        turn = _record(turn, "after", value)
        if value >= HIGH_PAIN:
            return _halt(turn, "pain", say("pain_high"), warning_list(turn), say("pain_rest"))
        if before is not None and value - before >= PAIN_JUMP:
            return _halt(turn, "pain", say("pain_worse", before=before), warning_list(turn), say("pain_rest"))
        parts.append(say("pain_thanks_after", rating=value))
        if before is not None and value < before:
            parts.append(say("pain_lower", before=before))
    parts += [_tally(turn, finished), say("goodbye")]
    session = turn.session._replace(position=None, question=None)
    return Outcome(session, turn.profile, Reply(tuple(parts), end_session=True))
