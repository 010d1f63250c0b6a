"""The routine engine: where the person is, and what each thing they say does to that.

Plain Python and frozen dataclasses, no ask_sdk, flask or AWS. ``Coach.handle`` takes
the session, the user's profile and an event, and returns the new session, the new
profile and a :class:`Reply`: what to say as prompt ids and values, never SSML.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Literal

from skill.content import Content, Exercise, Routine, find_exercise, find_routine

# --------------------------------------------------------------------------------------
# What to say

Value = str | int


@dataclass(frozen=True)
class Say:
    """A prompt id and the values that fill its placeholders."""

    id: str
    values: tuple[tuple[str, Value], ...] = ()
    variant: int = 0  # which phrasing of the prompt's pool

    def value(self, key: str) -> Value | None:
        return dict(self.values).get(key)


@dataclass(frozen=True)
class Pause:
    seconds: int


Part = Say | Pause


def say(prompt_id: str, **values: Value) -> Say:
    return Say(prompt_id, tuple(sorted(values.items())))


@dataclass(frozen=True)
class Reply:
    speech: tuple[Part, ...]
    reprompt: tuple[Part, ...] = ()
    end_session: bool = False
    # Spoken instead of ``speech`` when the user's profile could not be saved, so the
    # skill never claims to have saved a place it did not save.
    unsaved_speech: tuple[Part, ...] | None = None
    repeatable: bool = True  # False for replies that "repeat" must not replace


# --------------------------------------------------------------------------------------
# State


@dataclass(frozen=True)
class Position:
    routine_id: str
    exercise_id: str
    beat: int  # 0: introduction, 1: starting position, 2..: the steps, side by side


Question = Literal["resume", "skip", "start"]


@dataclass(frozen=True)
class Session:
    """What lives in the session attributes."""

    position: Position | None = None
    question: Question | None = None
    last: Reply | None = None  # what was last said, for "repeat"
    taught_next: bool = False  # "say next when you're ready" has been said this session
    turn: int = 0  # turns taken this session


@dataclass(frozen=True)
class Completion:
    day: date
    routine_id: str


@dataclass(frozen=True)
class Profile:
    """What is kept for a user between sessions."""

    disclaimer_heard: bool = False
    saved: Position | None = None  # where to resume
    completions: tuple[Completion, ...] = ()


MAX_COMPLETIONS = 500

# --------------------------------------------------------------------------------------
# Events


@dataclass(frozen=True)
class Launch:
    pass


@dataclass(frozen=True)
class Start:
    routine: str | None = None  # an id, a name, or None for the default
    heard: str | None = None  # what the person said, for an answer when it matches nothing


@dataclass(frozen=True)
class Next:
    pass


@dataclass(frozen=True)
class Previous:
    pass


@dataclass(frozen=True)
class Repeat:
    pass


@dataclass(frozen=True)
class Skip:
    pass


@dataclass(frozen=True)
class StartOver:
    pass


@dataclass(frozen=True)
class Resume:
    pass


@dataclass(frozen=True)
class PauseRoutine:
    pass


@dataclass(frozen=True)
class WhereAmI:
    pass


@dataclass(frozen=True)
class HowManyLeft:
    pass


@dataclass(frozen=True)
class Yes:
    pass


@dataclass(frozen=True)
class No:
    pass


@dataclass(frozen=True)
class Explain:
    topic: Literal["how", "why", "equipment"]
    exercise: str | None = None  # an id or a name; None means the current exercise
    heard: str | None = None


@dataclass(frozen=True)
class ListExercises:
    pass


@dataclass(frozen=True)
class ListRoutines:
    pass


@dataclass(frozen=True)
class Hurt:
    pass


@dataclass(frozen=True)
class ReadDisclaimer:
    pass


@dataclass(frozen=True)
class Help:
    pass


@dataclass(frozen=True)
class Stop:
    pass


@dataclass(frozen=True)
class Fallback:
    pass


@dataclass(frozen=True)
class SessionEnded:
    pass


Event = (
    Launch | Start | Next | Previous | Repeat | Skip | StartOver | Resume | PauseRoutine
    | WhereAmI | HowManyLeft | Yes | No | Explain | ListExercises | ListRoutines | Hurt
    | ReadDisclaimer | Help | Stop | Fallback | SessionEnded
)


@dataclass(frozen=True)
class Outcome:
    session: Session
    profile: Profile
    reply: Reply


# --------------------------------------------------------------------------------------
# The shape of an exercise, turn by turn


@dataclass(frozen=True)
class Beat:
    kind: Literal["intro", "start", "step"]
    step: int = 0
    side: str | None = None
    side_index: int = 0


def beats(exercise: Exercise) -> tuple[Beat, ...]:
    """The turns of an exercise: introduction, starting position, then each step per side."""
    sides: Sequence[str | None] = exercise.sides.order if exercise.sides else (None,)
    out = [Beat("intro"), Beat("start")]
    for side_index, side in enumerate(sides):
        out.extend(Beat("step", i, side, side_index) for i in range(len(exercise.steps)))
    return tuple(out)


def hold_parts(seconds: int) -> tuple[Part, ...]:
    """A counted hold: "Hold for 20 seconds." [10 s] "Ten more." [10 s] "And release."."""
    parts: list[Part] = [say("hold_start", seconds=seconds)]
    left = seconds
    while left > 0:
        chunk = min(10, left)
        parts.append(Pause(chunk))
        left -= chunk
        if left > 0:
            parts.append(say("hold_more", seconds=left))
    parts.append(say("hold_release"))
    return tuple(parts)


def side_text(text: str, side: str | None) -> str:
    if side is None:
        return text
    other = "left" if side == "right" else "right"
    return text.replace("{side}", side).replace("{other_side}", other)


# --------------------------------------------------------------------------------------
# The engine


@dataclass(frozen=True)
class Coach:
    content: Content
    _beats: dict[str, tuple[Beat, ...]] = field(default_factory=dict, compare=False, repr=False)

    def __post_init__(self) -> None:
        for exercise in self.content.exercises.values():
            self._beats[exercise.id] = beats(exercise)

    # ---- lookups -------------------------------------------------------------------

    def routine(self, position: Position) -> Routine:
        return self.content.routines[position.routine_id]

    def exercise(self, position: Position) -> Exercise:
        return self.content.exercises[position.exercise_id]

    def number(self, position: Position) -> int:
        return self.routine(position).exercises.index(position.exercise_id) + 1

    def beat_count(self, exercise_id: str) -> int:
        return len(self._beats[exercise_id])

    def first(self, routine: Routine) -> Position:
        return Position(routine.id, routine.exercises[0], 0)

    def settle(self, position: Position | None) -> tuple[Position | None, bool]:
        """A position checked against today's content: (usable position, was it changed?).

        A routine that no longer exists gives None. An exercise no longer in its
        routine restarts the routine. A step past the end of a shortened exercise goes
        back to that exercise's introduction.
        """
        if position is None:
            return None, False
        routine = self.content.routines.get(position.routine_id)
        if routine is None:
            return None, True
        if position.exercise_id not in routine.exercises:
            return self.first(routine), True
        if not 0 <= position.beat < self.beat_count(position.exercise_id):
            return replace(position, beat=0), True
        return position, False

    # ---- what a beat sounds like ------------------------------------------------------

    def beat_parts(self, position: Position, session: Session) -> tuple[Part, ...]:
        routine, exercise = self.routine(position), self.exercise(position)
        beat = self._beats[exercise.id][position.beat]
        number, total = self.number(position), len(routine.exercises)
        if beat.kind == "intro":
            parts: list[Part] = [
                say("exercise_intro", number=number, total=total, name=exercise.spoken_name)
            ]
            if exercise.equipment:
                parts.append(say("equipment_needed", equipment=exercise.equipment))
            else:
                parts.append(say("equipment_none"))
            parts.append(say("text", text=exercise.why))
            if not session.taught_next:
                parts.append(say("teach_next"))
            return tuple(parts)
        if beat.kind == "start":
            return (say("text", text=exercise.start),)
        step = exercise.steps[beat.step]
        parts = []
        if beat.step == 0 and beat.side_index > 0 and exercise.sides is not None:
            parts.append(say("side_switch", side=beat.side or "", part=exercise.sides.part))
        parts.append(say("text", text=side_text(step.say, beat.side)))
        if step.hold and exercise.dose.hold_seconds:
            parts.extend(hold_parts(exercise.dose.hold_seconds))
        last_of_side = beat.step == len(exercise.steps) - 1
        is_last = position.beat == self.beat_count(exercise.id) - 1
        if last_of_side:
            parts.extend(self._dose_parts(exercise, is_last))
        if is_last:
            parts.append(self._next_up(position))
        return tuple(parts)

    def _dose_parts(self, exercise: Exercise, is_last: bool) -> tuple[Part, ...]:
        dose = exercise.dose
        if dose.reps and dose.per_side and dose.hold_seconds:
            if is_last:
                return (say("dose_alternate", reps=dose.reps, seconds=dose.hold_seconds),)
            return ()
        if dose.reps and dose.per_side:
            return (say("dose_reps_side", reps=dose.reps),)
        if dose.reps:
            return (say("dose_reps", reps=dose.reps),)
        if dose.hold_seconds and is_last:
            key = "dose_hold_sides" if dose.per_side else "dose_hold"
            return (say(key, seconds=dose.hold_seconds),)
        return ()

    def _next_up(self, position: Position) -> Say:
        routine = self.routine(position)
        index = routine.exercises.index(position.exercise_id)
        if index + 1 < len(routine.exercises):
            upcoming = self.content.exercises[routine.exercises[index + 1]]
            return say("next_up", name=upcoming.spoken_name)
        return say("last_one")

    def reprompt_for(self, position: Position | None, question: Question | None = None) -> tuple[Part, ...]:
        if question == "resume" and position is not None:
            return (say("reprompt_resume", name=self.exercise(position).spoken_name),)
        if question == "skip":
            return (say("reprompt_skip"),)
        if question == "start":
            return (say("reprompt_start"),)
        if position is None:
            return (say("reprompt_idle"),)
        return (say("reprompt_routine"),)

    # ---- the turn ----------------------------------------------------------------------

    def handle(self, session: Session, profile: Profile, event: Event, today: date) -> Outcome:
        position, changed = self.settle(session.position)
        session = replace(session, position=position)
        saved, saved_changed = self.settle(profile.saved)
        profile = replace(profile, saved=saved)
        notes: list[Part] = []
        if changed and position is not None:
            notes.append(say("content_changed", name=self.routine(position).spoken_name))

        if isinstance(event, SessionEnded):
            return Outcome(session, self._keep_place(profile, position), Reply(()))

        outcome = self._dispatch(session, profile, event, today, saved_changed)
        greeting: list[Part] = []
        if not profile.disclaimer_heard and not isinstance(event, Stop):
            greeting = [say("welcome_first"), *(say("text", text=t) for t in self.content.safety.disclaimer)]
            if isinstance(event, Launch):
                greeting.append(say("lets_begin"))
            outcome = replace(outcome, profile=replace(outcome.profile, disclaimer_heard=True))
        reply = outcome.reply
        if greeting or notes:
            prefix = (*greeting, *notes)
            reply = replace(
                reply,
                speech=(*prefix, *reply.speech),
                unsaved_speech=None if reply.unsaved_speech is None else (*prefix, *reply.unsaved_speech),
            )
        reply = self._vary(reply, session.turn)
        new_session = replace(outcome.session, turn=min(session.turn + 1, 10_000))
        if reply.repeatable and reply.speech:
            new_session = replace(new_session, last=reply)
        if any(isinstance(p, Say) and p.id == "teach_next" for p in reply.speech):
            new_session = replace(new_session, taught_next=True)
        profile_out = outcome.profile
        if not reply.end_session and new_session.position is not None:
            profile_out = self._keep_place(profile_out, new_session.position)
        return Outcome(new_session, profile_out, reply)

    def _vary(self, reply: Reply, turn: int) -> Reply:
        """Pick a phrasing for every prompt that has a pool, turn by turn."""

        def pick(parts: tuple[Part, ...] | None) -> tuple[Part, ...] | None:
            if parts is None:
                return None
            out: list[Part] = []
            for index, part in enumerate(parts):
                pool = self.content.prompts.get(part.id, ()) if isinstance(part, Say) else ()
                if isinstance(part, Say) and len(pool) > 1:
                    part = replace(part, variant=(turn + index) % len(pool))
                out.append(part)
            return tuple(out)

        return replace(reply, speech=pick(reply.speech) or (), reprompt=pick(reply.reprompt) or (),
                       unsaved_speech=pick(reply.unsaved_speech))

    def _keep_place(self, profile: Profile, position: Position | None) -> Profile:
        if position is None or profile.saved == position:
            return profile
        return replace(profile, saved=position)

    def _dispatch(
        self, session: Session, profile: Profile, event: Event, today: date, saved_changed: bool
    ) -> Outcome:
        question, session = session.question, replace(session, question=None)
        if question is not None and isinstance(event, Yes | No | Help):
            return self._answer(question, session, profile, event, today)
        match event:
            case Launch():
                return self._launch(session, profile, saved_changed)
            case Start(routine=name, heard=heard):
                return self._start(session, profile, name, heard)
            case Next() | Yes():
                return self._next(session, profile, today)
            case Previous():
                return self._previous(session, profile)
            case Repeat():
                return self._repeat(session, profile)
            case Skip():
                return self._skip(session, profile, today)
            case StartOver():
                return self._start_over(session, profile)
            case Resume():
                return self._resume(session, profile)
            case PauseRoutine():
                return self._pause(session, profile)
            case WhereAmI():
                return self._where(session, profile)
            case HowManyLeft():
                return self._left(session, profile)
            case No():
                return self._no(session, profile)
            case Explain():
                return self._explain(session, profile, event)
            case ListExercises():
                names = [e.spoken_name for e in self.content.exercises.values()]
                return self._aside(session, profile, (say("list_exercises", count=len(names), names=spoken_list(names)),))
            case ListRoutines():
                names = [r.spoken_name for r in self.content.routines.values()]
                return self._aside(session, profile, (say("list_routines", count=len(names), names=spoken_list(names)),))
            case Hurt():
                return self._hurt(session, profile)
            case ReadDisclaimer():
                parts = tuple(say("text", text=t) for t in self.content.safety.disclaimer)
                return self._aside(session, profile, parts)
            case Help():
                key = "help_routine" if session.position else "help_idle"
                return self._aside(session, profile, (say(key),))
            case Stop():
                return self._stop(session, profile)
            case Fallback():
                key = "fallback_routine" if session.position else "fallback_idle"
                return self._aside(session, profile, (say(key),), repeatable=False)
        raise AssertionError(f"unhandled event {event!r}")  # pragma: no cover

    # ---- replies that keep the place ---------------------------------------------------

    def _aside(
        self, session: Session, profile: Profile, parts: tuple[Part, ...], *, repeatable: bool = True
    ) -> Outcome:
        """An answer that leaves the place in the routine as it was."""
        position = session.position
        tail: tuple[Part, ...] = ()
        question: Question | None = None
        if position is not None:
            tail = (say("carry_on", name=self.exercise(position).spoken_name),)
        else:
            question = "start"
            tail = (say("offer_start", name=self.content.default_routine.spoken_name),)
        reply = Reply((*parts, *tail), self.reprompt_for(position, question), repeatable=repeatable)
        return Outcome(replace(session, question=question), profile, reply)

    def _at(self, session: Session, profile: Profile, position: Position, prefix: tuple[Part, ...] = ()) -> Outcome:
        """Move to a position and say its beat."""
        session = replace(session, position=position)
        parts = (*prefix, *self.beat_parts(position, session))
        return Outcome(session, profile, Reply(parts, self.reprompt_for(position)))

    # ---- navigation ----------------------------------------------------------------------

    def _launch(self, session: Session, profile: Profile, saved_changed: bool) -> Outcome:
        if profile.saved is not None and profile.disclaimer_heard:
            position = profile.saved
            routine = self.routine(position)
            speech: list[Part] = [say("welcome_back")]
            if saved_changed:
                speech.append(say("content_changed", name=routine.spoken_name))
            speech.append(say("offer_resume", name=self.exercise(position).spoken_name,
                              number=self.number(position), total=len(routine.exercises)))
            reply = Reply(tuple(speech), self.reprompt_for(position, "resume"))
            return Outcome(replace(session, position=None, question="resume"), profile, reply)
        prefix: tuple[Part, ...] = (say("welcome_back"),) if profile.disclaimer_heard else ()
        return self._at(session, profile, self.first(self.content.default_routine), prefix)

    def _begin(self, session: Session, profile: Profile, routine: Routine, prefix: tuple[Part, ...] = ()) -> Outcome:
        intro = say("routine_start", name=routine.spoken_name, count=len(routine.exercises),
                    description=routine.description)
        return self._at(session, profile, self.first(routine), (*prefix, intro))

    def _start(self, session: Session, profile: Profile, name: str | None, heard: str | None) -> Outcome:
        routine = find_routine(self.content, name) if name else None
        if routine is None and (name or heard):
            names = spoken_list([r.spoken_name for r in self.content.routines.values()])
            parts = (say("unknown_routine", heard=heard or name or "", names=names),)
            return self._aside(session, profile, parts, repeatable=False)
        return self._begin(session, profile, routine or self.content.default_routine)

    def _next(self, session: Session, profile: Profile, today: date) -> Outcome:
        position = session.position
        if position is None:
            return self._resume(session, profile)
        if position.beat + 1 < self.beat_count(position.exercise_id):
            return self._at(session, profile, replace(position, beat=position.beat + 1))
        return self._next_exercise(session, profile, position, today)

    def _next_exercise(
        self, session: Session, profile: Profile, position: Position, today: date,
        prefix: tuple[Part, ...] = (),
    ) -> Outcome:
        routine = self.routine(position)
        index = routine.exercises.index(position.exercise_id)
        if index + 1 < len(routine.exercises):
            return self._at(session, profile, Position(routine.id, routine.exercises[index + 1], 0), prefix)
        return self._finish(session, profile, routine, today, prefix)

    def _finish(self, session: Session, profile: Profile, routine: Routine, today: date,
                prefix: tuple[Part, ...]) -> Outcome:
        completions = (*profile.completions, Completion(today, routine.id))[-MAX_COMPLETIONS:]
        profile = replace(profile, saved=None, completions=completions)
        done = sum(1 for c in completions if c.routine_id == routine.id)
        tally = (say("completions_first", name=routine.spoken_name) if done == 1
                 else say("completions", name=routine.spoken_name, times=done))
        speech = (*prefix, say("routine_done", count=len(routine.exercises), name=routine.spoken_name),
                  tally, say("goodbye"))
        unsaved = (*prefix, say("routine_done", count=len(routine.exercises), name=routine.spoken_name),
                   say("goodbye"))
        reply = Reply(speech, end_session=True, unsaved_speech=unsaved)
        return Outcome(replace(session, position=None), profile, reply)

    def _previous(self, session: Session, profile: Profile) -> Outcome:
        position = session.position
        if position is None:
            return self._resume(session, profile)
        if position.beat > 0:
            return self._at(session, profile, replace(position, beat=position.beat - 1))
        routine = self.routine(position)
        index = routine.exercises.index(position.exercise_id)
        if index == 0:
            return self._at(session, profile, position, (say("at_start"),))
        earlier = routine.exercises[index - 1]
        return self._at(session, profile, Position(routine.id, earlier, self.beat_count(earlier) - 1),
                        (say("going_back", name=self.content.exercises[earlier].spoken_name),))

    def _repeat(self, session: Session, profile: Profile) -> Outcome:
        if session.last is not None:
            last = session.last
            reprompt = last.reprompt or self.reprompt_for(session.position)
            return Outcome(replace(session, question=self._question_of(last)), profile,
                           Reply(last.speech, reprompt, repeatable=False))
        if session.position is not None:
            return self._at(session, profile, session.position)
        return self._aside(session, profile, (say("nothing_to_repeat"),), repeatable=False)

    def _question_of(self, reply: Reply) -> Question | None:
        """The question a repeated reply asks again, read from its reprompt."""
        ids = {p.id for p in reply.reprompt if isinstance(p, Say)}
        for question, prompt_id in (("resume", "reprompt_resume"), ("skip", "reprompt_skip"),
                                    ("start", "reprompt_start")):
            if prompt_id in ids:
                return question  # type: ignore[return-value]
        return None

    def _skip(self, session: Session, profile: Profile, today: date) -> Outcome:
        position = session.position
        if position is None:
            return self._aside(session, profile, (say("nothing_to_skip"),), repeatable=False)
        prefix = (say("skipping", name=self.exercise(position).spoken_name),)
        return self._next_exercise(session, profile, position, today, prefix)

    def _start_over(self, session: Session, profile: Profile) -> Outcome:
        position = session.position or profile.saved
        routine = self.routine(position) if position else self.content.default_routine
        return self._at(session, profile, self.first(routine), (say("starting_over", name=routine.spoken_name),))

    def _resume(self, session: Session, profile: Profile) -> Outcome:
        position = session.position or profile.saved
        if position is None:
            return self._begin(session, profile, self.content.default_routine, (say("nothing_to_resume"),))
        exercise = self.exercise(position)
        orient = say("you_were_on", name=exercise.spoken_name, step=position.beat + 1,
                     steps=self.beat_count(exercise.id))
        return self._at(session, profile, position, (orient,))

    def _pause(self, session: Session, profile: Profile) -> Outcome:
        position = session.position
        if position is None:
            return self._stop(session, profile)
        profile = replace(profile, saved=position)
        speech = (say("paused", name=self.exercise(position).spoken_name),)
        return Outcome(session, profile, Reply(speech, end_session=True, unsaved_speech=(say("paused_unsaved"),)))

    def _stop(self, session: Session, profile: Profile) -> Outcome:
        position = session.position
        if position is None:
            return Outcome(session, profile, Reply((say("goodbye"),), end_session=True))
        profile = replace(profile, saved=position)
        speech = (say("goodbye_saved", name=self.exercise(position).spoken_name),)
        return Outcome(session, profile, Reply(speech, end_session=True, unsaved_speech=(say("goodbye"),)))

    def _where(self, session: Session, profile: Profile) -> Outcome:
        position = session.position
        if position is None:
            return self._aside(session, profile, (say("where_idle"),), repeatable=False)
        exercise = self.exercise(position)
        part = say("where_am_i", number=self.number(position), total=len(self.routine(position).exercises),
                   name=exercise.spoken_name, step=position.beat + 1, steps=self.beat_count(exercise.id))
        return self._aside(session, profile, (part,))

    def _left(self, session: Session, profile: Profile) -> Outcome:
        position = session.position
        if position is None:
            return self._aside(session, profile, (say("where_idle"),), repeatable=False)
        left = len(self.routine(position).exercises) - self.number(position)
        part = say("left_none") if left == 0 else say("left_some", count=left)
        return self._aside(session, profile, (part,))

    def _no(self, session: Session, profile: Profile) -> Outcome:
        if session.position is None:
            return self._stop(session, profile)
        return Outcome(session, profile, Reply((say("no_worries"),), self.reprompt_for(session.position)))

    def _answer(self, question: Question, session: Session, profile: Profile, event: Event, today: date) -> Outcome:
        if isinstance(event, Help):
            reply = Reply((say(f"help_{question}"),), self.reprompt_for(profile.saved, question), repeatable=False)
            return Outcome(replace(session, question=question), profile, reply)
        yes = isinstance(event, Yes)
        if question == "resume":
            if yes and profile.saved is not None:
                return self._resume(session, profile)
            saved = profile.saved
            routine = self.routine(saved) if saved else self.content.default_routine
            return self._begin(session, profile, routine, (say("fresh_start"),))
        if question == "skip":
            if yes:
                return self._skip(session, profile, today)
            return self._stop(session, profile)
        # "start"
        if yes:
            return self._resume(session, profile) if profile.saved else self._begin(
                session, profile, self.content.default_routine)
        return self._stop(session, profile)

    # ---- explanations and safety ---------------------------------------------------------

    def _explain(self, session: Session, profile: Profile, event: Explain) -> Outcome:
        exercise = find_exercise(self.content, event.exercise) if event.exercise else None
        if exercise is None and (event.exercise or event.heard):
            parts = (say("unknown_exercise", heard=event.heard or event.exercise or ""),)
            return self._aside(session, profile, parts, repeatable=False)
        if exercise is None and session.position is not None:
            exercise = self.exercise(session.position)
        if event.topic == "equipment" and exercise is None:
            routine = self.routine(session.position) if session.position else self.content.default_routine
            return self._aside(session, profile, (self._routine_equipment(routine),))
        if exercise is None:
            return self._aside(session, profile, (say("explain_which"),), repeatable=False)
        if event.topic == "why":
            parts: tuple[Part, ...] = (say("why_intro", name=exercise.spoken_name), say("text", text=exercise.why))
        elif event.topic == "equipment":
            parts = (say("equipment_for", name=exercise.spoken_name, equipment=exercise.equipment)
                     if exercise.equipment else say("equipment_for_none", name=exercise.spoken_name),)
        else:
            parts = self._how_to(exercise)
        return self._aside(session, profile, parts)

    def _how_to(self, exercise: Exercise) -> tuple[Part, ...]:
        side = exercise.sides.first if exercise.sides else None
        parts: list[Part] = [say("how_intro", name=exercise.spoken_name), say("text", text=exercise.start)]
        for step in exercise.steps:
            parts.append(say("text", text=side_text(step.say, side)))
            if step.hold and exercise.dose.hold_seconds:
                parts.append(say("how_hold", seconds=exercise.dose.hold_seconds))
        if exercise.sides:
            parts.append(say("how_switch"))
        parts.extend(self._dose_parts(exercise, is_last=True))
        parts.extend(say("tip", text=tip) for tip in exercise.tips[:1])
        return tuple(parts)

    def _routine_equipment(self, routine: Routine) -> Say:
        needs: list[str] = []
        for ex_id in routine.exercises:
            equipment = self.content.exercises[ex_id].equipment
            if equipment and equipment not in needs:
                needs.append(equipment)
        if not needs:
            return say("routine_equipment_none", name=routine.spoken_name)
        return say("routine_equipment", name=routine.spoken_name, equipment=spoken_list(needs))

    def _hurt(self, session: Session, profile: Profile) -> Outcome:
        flags = spoken_list(list(self.content.safety.red_flags), "or")
        parts: list[Part] = [say("hurt_stop"), say("red_flags", flags=flags)]
        if session.position is None:
            parts.append(say("hurt_idle"))
            return Outcome(session, profile, Reply(tuple(parts), end_session=True))
        parts.append(say("offer_skip"))
        reply = Reply(tuple(parts), self.reprompt_for(session.position, "skip"))
        return Outcome(replace(session, question="skip"), profile, reply)


def spoken_list(items: Sequence[str], conjunction: str = "and") -> str:
    """"a", "a and b", "a, b, and c"."""
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    if len(items) == 2:
        return f"{items[0]} {conjunction} {items[1]}"
    return ", ".join(items[:-1]) + f", {conjunction} {items[-1]}"
