"""Progress from a user's own history: routines this week, the streak, the pain trend.

Pure functions over dates and numbers, and named tuples; the engine turns them into words.
"""

from collections.abc import Iterable, Sequence
from datetime import date, timedelta
from typing import Literal, NamedTuple

Moment = Literal["before", "after", "check"]


class Completion(NamedTuple):
    day: date
    routine_id: str


class PainRating(NamedTuple):
    day: date
    moment: Moment
    rating: int  # 0 to 10


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


class Trend(NamedTuple):
    early: int | None  # the average before a routine, 8 to 14 days ago (rounded)
    late: int | None  # the average before a routine, in the last 7 days (rounded)
    last: int | None  # the latest rating before a routine


def trend(pains: Sequence[PainRating], today: date) -> Trend:
    before = [p for p in pains if p.moment == "before" and p.day <= today]
    early = [p.rating for p in before if 7 <= (today - p.day).days < 14]
    late = [p.rating for p in before if (today - p.day).days < 7]

    def average(values: list[int]) -> int | None:
        return round(sum(values) / len(values)) if values else None

    return Trend(average(early), average(late), before[-1].rating if before else None)
