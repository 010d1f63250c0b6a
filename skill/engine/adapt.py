"""Fitting the routine to the person: easier or harder forms, the pace, equipment they
don't have, their progress, and a daily reminder."""

from skill.content import Exercise, find
from skill.engine.events import Reminder
from skill.engine.lead import lead
from skill.engine.places import aside, exercise_of, mid_set, place
from skill.engine.reply import REMINDERS_PERMISSION, Part, clock_words, say, spoken_list
from skill.engine.sets import clamp, hold_seconds, reps
from skill.engine.state import LEVEL_LIMIT, PACE_LIMIT, Outcome, Position, Profile, Turn


def _dose_words(exercise: Exercise, profile: Profile) -> str:
    words = []
    count, seconds = reps(exercise, profile), hold_seconds(exercise, profile)
    if count:
        words.append(f"{count} reps")
    if seconds:
        words.append(f"{seconds} second holds")
    return " and ".join(words)


def adjust(turn: Turn, direction: int, target: Position | None = None) -> Outcome:
    """"Too hard" / "too easy": the next form down or up, announced and bounded. During a
    set, the set starts again in the new form; otherwise it applies from the next time."""
    target = target or turn.session.position
    if target is None:
        return aside(turn, (say("adjust_when"),), repeatable=False)
    exercise = exercise_of(turn, target)
    profile = turn.profile
    old = profile.level(exercise.id)
    new = clamp(old + direction, -LEVEL_LIMIT, LEVEL_LIMIT)
    changed = profile.with_level(exercise.id, new)
    name = exercise.spoken_name
    dose_moves = (reps(exercise, changed), hold_seconds(exercise, changed)) != (
        reps(exercise, profile), hold_seconds(exercise, profile))
    if new == old or (abs(new) == LEVEL_LIMIT and not dose_moves):
        return aside(turn, (say("adjust_easiest" if direction < 0 else "adjust_hardest", name=name),))
    if new == 0:
        part = say("adjust_usual", name=name)
    elif abs(new) == 1:
        variation = exercise.easier if new < 0 else exercise.harder
        part = say("adjust_easier" if new < 0 else "adjust_harder", name=name, label=variation.label)
    else:
        part = say("adjust_easier" if new < 0 else "adjust_harder", name=name, label=_dose_words(exercise, changed))
    turn = turn._replace(profile=changed)
    if mid_set(turn) or target != turn.session.position:
        return lead(turn, target, (part,))
    return aside(turn, (part,))


def pace(turn: Turn, direction: int) -> Outcome:
    """"Slower", "faster", "normal pace": every pause and hold from now on. During a set,
    the set starts again at the new pace."""
    new = 0 if direction == 0 else clamp(turn.profile.pace + direction, -PACE_LIMIT, PACE_LIMIT)
    if direction != 0 and new == turn.profile.pace:
        return aside(turn, (say("pace_longest" if direction > 0 else "pace_shortest"),))
    word = say({1: "pace_slower", -1: "pace_faster", 0: "pace_normal"}[direction])
    turn = turn.with_profile(pace=new)
    position = turn.session.position
    if position is not None and mid_set(turn):
        return lead(turn, position, (word,))
    return aside(turn, (word,))


def no_equipment(turn: Turn, name: str | None, heard: str | None) -> Outcome:
    """"I don't have a band": a substitute, remembered for next time, or skip it."""
    item = find(turn.content.equipment, name)
    if item is None:
        return _unknown_equipment(turn, "equipment_unknown", name, heard)
    turn = turn.with_profile(missing=turn.profile.missing | {item.id})
    parts: list[Part] = [say("substitute", name=item.name.lower(), text=item.substitute), say("remembered")]
    upcoming = place(turn)
    if upcoming is not None and exercise_of(turn, upcoming).equipment == item.id:
        parts.append(say("or_skip", name=exercise_of(turn, upcoming).spoken_name))
    if turn.session.gear == item.id:
        turn = turn.with_session(gear=None)  # the next set says the substitute
    return aside(turn, tuple(parts))


def _unknown_equipment(turn: Turn, prompt_id: str, name: str | None, heard: str | None) -> Outcome:
    """A piece of equipment the content does not have: what was heard, and what there is."""
    names = spoken_list([e.name.lower() for e in turn.content.equipment.values()], "or")
    return aside(turn, (say(prompt_id, heard=heard or name or "that", names=names),), repeatable=False)


def have_equipment(turn: Turn, name: str | None, heard: str | None) -> Outcome:
    """"I have a band now": the piece said missing before is used again from the next set
    on (the one being led keeps its substitute), and that is remembered too. "Found it",
    with no name: the one piece said missing (asked which, when there are more)."""
    if name is None and heard is None:  # "found it": the piece said missing, if there is just one
        missing = sorted(turn.profile.missing)
        if not missing:
            return aside(turn, (say("equipment_none_missing"),))
        if len(missing) > 1:
            return aside(turn, (say("equipment_which_found", name=turn.content.equipment[missing[0]].name.lower()),),
                         repeatable=False)
        name = missing[0]
    item = find(turn.content.equipment, name)
    if item is None:
        return _unknown_equipment(turn, "equipment_unknown_have", name, heard)
    if item.id not in turn.profile.missing:
        return aside(turn, (say("equipment_already", name=item.name.lower()),))
    turn = turn.with_profile(missing=turn.profile.missing - {item.id})
    if turn.session.gear == item.id:
        turn = turn.with_session(gear=None)  # the next set that needs it names it again
    return aside(turn, (say("equipment_back", name=item.name.lower()), say("remembered")))


def how_am_i_doing(turn: Turn) -> Outcome:
    profile, day = turn.profile, turn.today()
    week, days = profile.progress.this_week(day), profile.progress.streak(day)
    parts: list[Part] = [say("progress_week_none") if week == 0 else
                         say("progress_week_one") if week == 1 else say("progress_week", count=week)]
    if days >= 2:
        parts.append(say("progress_streak", days=days))
    shape = profile.progress.trend(day)
    if shape.early is not None and shape.late is not None:
        key = "progress_trend_same" if shape.early == shape.late else "progress_trend"
        parts.append(say(key, early=shape.early, late=shape.late))
    elif shape.last is not None:
        parts.append(say("progress_last_rating", rating=shape.last))
    return aside(turn, tuple(parts))


def reminder(turn: Turn, event: Reminder) -> Outcome:
    if event.status == "no_time":
        return aside(turn, (say("reminder_which_time"),), repeatable=False)
    if event.status == "failed":
        return aside(turn, (say("reminder_failed"),), repeatable=False)
    if event.status == "no_permission":
        outcome = aside(turn, (say("reminder_permission"),), repeatable=False)
        return outcome._replace(reply=outcome.reply._replace(consent=(REMINDERS_PERMISSION,)))
    return aside(turn, (say("reminder_set", time=clock_words(event.hour, event.minute)),))
