"""Progress from a user's own history: routines this week, the streak, the pain trend.

Pure functions over dates and numbers, and named tuples; the engine turns them into words.

What a turn needs is kept as :class:`Progress`: a few rolling aggregates, small whatever
the history's length, and updated one finished routine or one rating at a time; a record
that still holds the whole history is migrated with :func:`Progress.of`. (The tests check
the aggregates against the same answers worked out from a full history:
tests/long_history.py.)
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Literal, NamedTuple

Moment = Literal["before", "after", "check"]
WINDOW = 16  # days kept day by day, up to the latest one: a week, the trend's two, and a margin
MAX_COUNT = 1_000_000  # any stored count beyond this is not a real one


class Completion(NamedTuple):
    day: date
    routine_id: str


class PainRating(NamedTuple):
    day: date
    moment: Moment
    rating: int  # 0 to 10


class DayRatings(NamedTuple):
    """The ratings given before a routine on one day."""

    day: date
    ratings: int  # how many
    total: int  # their sum
    last: int  # the latest


class Trend(NamedTuple):
    early: int | None  # the average before a routine, 8 to 14 days ago (rounded)
    late: int | None  # the average before a routine, in the last 7 days (rounded)
    last: int | None  # the latest rating before a routine


def _average(total: int, count: int) -> int | None:
    return round(total / count) if count else None


class Progress(NamedTuple):
    """What is spoken from a person's history, as rolling aggregates.

    ``days`` holds the routines finished on each of the last ``WINDOW`` days up to the
    latest one with a finish; ``run`` the days in a row with a finish that end the day
    before that window. ``before`` holds the ratings given before a routine on each day
    of the same window (by the latest rated day), and the last day rated before it.
    Answers for any day from the latest one on are those of the full history; a clock
    set back by more than the window's margin is counted from what is kept.
    """

    finished: tuple[tuple[str, int], ...] = ()  # routine id -> times finished, sorted
    last_routine: str | None = None  # the routine finished last
    days: tuple[tuple[date, int], ...] = ()  # (day, routines finished), oldest first
    run: int = 0
    before: tuple[DayRatings, ...] = ()  # oldest first

    # ----------------------------------------------------------------------------------
    # Updates

    def finish(self, day: date, routine_id: str) -> Progress:
        """A routine finished on ``day``."""
        finished = dict(self.finished)
        finished[routine_id] = min(finished.get(routine_id, 0) + 1, MAX_COUNT)
        counts, run = dict(self.days), self.run
        start = self._start()
        if start is None or day >= start:
            counts[day] = min(counts.get(day, 0) + 1, MAX_COUNT)
            new_start = max(counts) - timedelta(days=WINDOW - 1)
            if start is None:
                run = 0
            elif new_start > start:
                run = _run_ending(counts, start, self.run, new_start - timedelta(days=1))
            counts = {d: n for d, n in counts.items() if d >= new_start}
        return self._replace(finished=tuple(sorted(finished.items())), last_routine=routine_id,
                             days=tuple(sorted(counts.items())), run=run)

    def rate_before(self, day: date, rating: int) -> Progress:
        """A rating given before a routine (other ratings are not spoken from history)."""
        entries = {e.day: e for e in self.before}
        old = entries.get(day)
        ratings, total = (old.ratings, old.total) if old else (0, 0)
        entries[day] = DayRatings(day, min(ratings + 1, MAX_COUNT), min(total + rating, 10 * MAX_COUNT), rating)
        cutoff = max(entries) - timedelta(days=WINDOW - 1)
        older = [d for d in entries if d < cutoff]
        kept = sorted(d for d in entries if d >= cutoff)
        if older:
            kept.insert(0, max(older))
        return self._replace(before=tuple(entries[d] for d in kept))

    @staticmethod
    def of(completions: Iterable[Completion], pains: Iterable[PainRating]) -> Progress:
        """The aggregates of a full history (a finished routine's or a rating's day order
        within a day is the list's)."""
        completions, progress = list(completions), Progress()
        for completion in sorted(completions, key=lambda c: c.day):
            progress = progress.finish(completion.day, completion.routine_id)
        if completions:
            progress = progress._replace(last_routine=completions[-1].routine_id)
        for pain in sorted((p for p in pains if p.moment == "before"), key=lambda p: p.day):
            progress = progress.rate_before(pain.day, pain.rating)
        return progress

    # ----------------------------------------------------------------------------------
    # Answers

    def _start(self) -> date | None:
        return self.days[-1][0] - timedelta(days=WINDOW - 1) if self.days else None

    def times(self, routine_id: str) -> int:
        """Times ``routine_id`` was finished."""
        return dict(self.finished).get(routine_id, 0)

    def this_week(self, today: date) -> int:
        """Routines finished since Monday."""
        monday = today - timedelta(days=today.weekday())
        return sum(n for d, n in self.days if monday <= d <= today)

    def streak(self, today: date) -> int:
        """Days in a row with a finished routine, ending today (or yesterday, if today has none yet)."""
        start = self._start()
        if start is None:
            return 0
        counts = dict(self.days)
        return _run_ending(counts, start, self.run, today if counts.get(today) else today - timedelta(days=1))

    def before_today(self, today: date) -> int | None:
        """The latest rating given before a routine on an earlier day."""
        earlier = [e for e in self.before if e.day < today]
        return earlier[-1].last if earlier else None

    def today_before(self, today: date) -> int | None:
        """Today's latest rating from before a routine."""
        found = [e for e in self.before if e.day == today]
        return found[-1].last if found else None

    def trend(self, today: date) -> Trend:
        early = [e for e in self.before if 7 <= (today - e.day).days < 14]
        late = [e for e in self.before if 0 <= (today - e.day).days < 7]
        rated = [e for e in self.before if e.day <= today]
        return Trend(_average(sum(e.total for e in early), sum(e.ratings for e in early)),
                     _average(sum(e.total for e in late), sum(e.ratings for e in late)),
                     rated[-1].last if rated else None)


def _run_ending(counts: dict[date, int], start: date, run: int, day: date) -> int:
    """Days in a row with a finish, ending on ``day``: those in ``counts`` (from ``start``
    on), then ``run`` more if they reach back to the day before ``start``."""
    count = 0
    while counts.get(day):
        count += 1
        day -= timedelta(days=1)
    return count + run if day == start - timedelta(days=1) else count
