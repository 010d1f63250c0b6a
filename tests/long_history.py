"""A long made-up history, the version 1 profile that held it, and what "how am I
doing" said from it then: for the tests of the profile sized for the turn. The answers
from a full history (``this_week``, ``streak``, ...) are the reference the rolling
aggregates of :class:`skill.progress.Progress` are checked against."""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from datetime import date, timedelta

from engine_talk import PROMPTS

from skill.engine.reply import plain_text, say
from skill.progress import Completion, PainRating, Trend

ROUTINES = ("back_routine", "desk_break", "floor_routine")
FIRST = date(2026, 1, 5)


def long_history(finished: int, seed: int) -> tuple[list[Completion], list[PainRating]]:
    """A made-up history, day by day: some days skipped, some with two routines, a rating
    before and after most, now and then one in between."""
    rng = random.Random(seed)
    completions: list[Completion] = []
    pains: list[PainRating] = []
    day = FIRST
    while len(completions) < finished:
        day += timedelta(days=rng.choice((1, 1, 1, 1, 2, 3, 9)))
        for _ in range(rng.choice((1, 1, 1, 2))):
            if rng.random() < 0.9:
                pains.append(PainRating(day, "before", rng.randint(0, 9)))
            if rng.random() < 0.2:
                pains.append(PainRating(day, "check", rng.randint(0, 10)))
            completions.append(Completion(day, rng.choice(ROUTINES)))
            if rng.random() < 0.8:
                pains.append(PainRating(day, "after", rng.randint(0, 9)))
    return completions[-500:], pains[-500:]


def v1_record(completions: list[Completion], pains: list[PainRating]) -> dict:
    """A profile as version 1 stored it: the whole history in it."""
    return {
        "v": 1, "disclaimer_heard": True, "saved": None, "known": ["cat_cow", "bird_dog"], "pace": 1,
        "levels": {"bird_dog": -1}, "phrases": {"goodbye": 1}, "missing": ["band"], "places": [], "halt": None,
        "completions": [{"day": c.day.isoformat(), "routine": c.routine_id} for c in completions],
        "pains": [{"day": p.day.isoformat(), "moment": p.moment, "rating": p.rating} for p in pains],
    }


def reference_words(completions: list[Completion], pains: list[PainRating], today: date) -> str:
    """"How am I doing", as version 1 worked it out from the whole history."""
    week, days, shape = this_week(completions, today), streak(completions, today), trend(pains, today)
    parts = [say("progress_week_none") if week == 0 else
             say("progress_week_one") if week == 1 else say("progress_week", count=week)]
    if days >= 2:
        parts.append(say("progress_streak", days=days))
    if shape.early is not None and shape.late is not None:
        key = "progress_trend_same" if shape.early == shape.late else "progress_trend"
        parts.append(say(key, early=shape.early, late=shape.late))
    elif shape.last is not None:
        parts.append(say("progress_last_rating", rating=shape.last))
    return plain_text(tuple(parts), PROMPTS)


# --------------------------------------------------------------------------------------
# The same answers from a full history (the reference)


def this_week(completions: Iterable[Completion], today: date) -> int:
    """Routines finished since Monday."""
    monday = today - timedelta(days=today.weekday())
    return sum(1 for c in completions if monday <= c.day <= today)


def streak(completions: Iterable[Completion], today: date) -> int:
    """Days in a row with a finished routine, ending today (or yesterday, if today has none yet)."""
    days = {c.day for c in completions}
    day = today if today in days else today - timedelta(days=1)
    count = 0
    while day in days:
        count += 1
        day -= timedelta(days=1)
    return count


def before_today(pains: Sequence[PainRating], today: date) -> PainRating | None:
    """The latest rating given before a routine on an earlier day."""
    earlier = [p for p in pains if p.moment == "before" and p.day < today]
    return earlier[-1] if earlier else None


def today_before(pains: Sequence[PainRating], today: date) -> PainRating | None:
    """Today's latest rating from before a routine."""
    found = [p for p in pains if p.moment == "before" and p.day == today]
    return found[-1] if found else None


def trend(pains: Sequence[PainRating], today: date) -> Trend:
    before = [p for p in pains if p.moment == "before" and p.day <= today]
    early = [p.rating for p in before if 7 <= (today - p.day).days < 14]
    late = [p.rating for p in before if (today - p.day).days < 7]

    def average(values: list[int]) -> int | None:
        return round(sum(values) / len(values)) if values else None

    return Trend(average(early), average(late), before[-1].rating if before else None)
