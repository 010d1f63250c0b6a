"""The persistent attributes: a person's profile, read and written on every turn, and
their history, a record apart written only when it grows.

The **profile** holds what a turn needs: the place, the settings, and the progress
spoken from the history as a few rolling aggregates (:class:`skill.progress.Progress`),
so it stays under a kilobyte or so however long the history. Version 1 held the whole
history (up to 500 finished routines and 500 ratings); read, it is migrated: its
aggregates are computed from its lists, the lists become the history record, and
version 2 is written at the next save. A profile of a newer version than this code
knows is not read, and not written over (:func:`newer_version`).

The **history** holds every finished routine and pain rating (the last 500 of each),
as version 1 held them. It is written only on a turn that finishes a routine or takes a
rating, and never read to answer.

Every value read is checked for type, size and range; anything missing or tampered with
is dropped, one by one, never trusted and never a crash.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from typing import Any, NamedTuple

from skill.engine.state import LEVEL_LIMIT, MAX_COMPLETIONS, MAX_PAINS, PACE_LIMIT, Halt, Position, Profile
from skill.progress import MAX_COUNT, WINDOW, Completion, DayRatings, PainRating, Progress
from skill.state import MAX_IDS, an_id, int_in, position_from, position_to

PROFILE_VERSION = 2
HISTORY_VERSION = 1
MAX_RUN = 100_000  # days in a row
_MOMENTS = ("before", "after", "check")
_HALTS = ("red_flag", "pain")


def newer_version(raw: Any, known: int = PROFILE_VERSION) -> bool:
    """A stored record written by a newer version of the skill than ``known`` (the
    profile's, by default): left as it is."""
    version = raw.get("v") if isinstance(raw, dict) else None
    return isinstance(version, int) and not isinstance(version, bool) and version > known


def history_is_new(raw: Any) -> bool:
    """No history record to add to yet: no profile, or one of version 1 (whose lists
    become the history record)."""
    return not isinstance(raw, dict) or raw.get("v") != PROFILE_VERSION


# --------------------------------------------------------------------------------------
# Values


def _day(raw: Any) -> date | None:
    if not isinstance(raw, str) or len(raw) != 10:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _id_ints(raw: Any, low: int, high: int) -> tuple[tuple[str, int], ...]:
    """A small {id: int} map, each value in range; anything else is dropped."""
    if not isinstance(raw, dict):
        return ()
    out = []
    for key, value in list(raw.items())[:MAX_IDS]:
        number = int_in(value, low, high)
        if an_id(key) and number is not None:
            out.append((key, number))
    return tuple(sorted(out))


def _ids(raw: Any) -> frozenset[str]:
    return frozenset(k for k in raw[:MAX_IDS] if an_id(k)) if isinstance(raw, list) else frozenset()


def _halt(raw: Any) -> Halt | None:
    if not isinstance(raw, dict):
        return None
    day, reason = _day(raw.get("day")), raw.get("reason")
    return Halt(day, reason) if day is not None and reason in _HALTS else None


def _places(raw: Any) -> tuple[Position, ...]:
    places: list[Position] = []
    if isinstance(raw, list):
        for item in raw[:MAX_IDS]:
            place = position_from(item)
            if place is not None and all(p.routine_id != place.routine_id for p in places):
                places.append(place)
    return tuple(places)


# --------------------------------------------------------------------------------------
# Progress


def progress_to(progress: Progress) -> dict[str, Any]:
    """The aggregates, short: what is kept day by day as a list of days ending on the
    latest, so that only one date is written for each list (a day with nothing is 0
    in ``days``, null in ``before``; a day with one rating is that rating)."""
    raw: dict[str, Any] = {"finished": dict(progress.finished)}
    if progress.last_routine is not None:
        raw["last"] = progress.last_routine
    if progress.days:
        raw["days"] = _run_of_days(dict(progress.days), 0)
        raw["run"] = progress.run
    if progress.before:
        start = progress.before[-1].day - timedelta(days=WINDOW - 1)
        raw["before"] = _run_of_days({e.day: _ratings_to(e) for e in progress.before if e.day >= start}, None)
        earlier = [e for e in progress.before if e.day < start]
        if earlier:
            raw["before"]["earlier"] = [earlier[-1].day.isoformat(), _ratings_to(earlier[-1])]
    return raw


def _ratings_to(entry: DayRatings) -> int | list[int]:
    return entry.last if entry.ratings == 1 else [entry.ratings, entry.total, entry.last]


def _run_of_days(values: dict[date, Any], nothing: Any) -> dict[str, Any]:
    first, latest = min(values), max(values)
    return {"to": latest.isoformat(), "n": [values.get(first + timedelta(days=i), nothing)
                                            for i in range((latest - first).days + 1)]}


def _days_of_run(raw: Any, nothing: Any) -> list[tuple[date, Any]]:
    """The days of :func:`_run_of_days` with something, oldest first; none if the run
    is malformed, or its last day (the latest) has nothing."""
    if not isinstance(raw, dict):
        return []
    latest, values = _day(raw.get("to")), raw.get("n")
    if latest is None or not isinstance(values, list) or not 0 < len(values) <= WINDOW or values[-1] == nothing:
        return []
    first = latest - timedelta(days=len(values) - 1)
    return [(first + timedelta(days=i), value) for i, value in enumerate(values) if value != nothing]


def _ratings(day: date, raw: Any) -> DayRatings | None:
    """One rating (an int), or [how many, their sum, the latest]."""
    single = int_in(raw, 0, 10)
    if single is not None:
        return DayRatings(day, 1, single, single)
    if not isinstance(raw, list) or len(raw) != 3:
        return None
    ratings = int_in(raw[0], 2, MAX_COUNT)
    if ratings is None:
        return None
    total, last = int_in(raw[1], 0, 10 * ratings), int_in(raw[2], 0, 10)
    return None if total is None or last is None else DayRatings(day, ratings, total, last)


def progress_from(raw: Any) -> Progress:
    if not isinstance(raw, dict):
        return Progress()
    days = _days_of_run(raw.get("days"), 0)
    if not all(int_in(n, 1, MAX_COUNT) is not None for _, n in days):
        days = []
    run = raw.get("before")
    before = [_ratings(d, value) for d, value in _days_of_run(run, None)]
    if not all(before):
        before = []
    earlier = run.get("earlier") if before and isinstance(run, dict) else None
    if isinstance(earlier, list) and len(earlier) == 2:
        day = _day(earlier[0])
        entry = _ratings(day, earlier[1]) if day is not None else None
        latest = before[-1]
        if entry is not None and latest is not None and entry.day < latest.day - timedelta(days=WINDOW - 1):
            before.insert(0, entry)
    return Progress(
        finished=_id_ints(raw.get("finished"), 1, MAX_COUNT),
        last_routine=an_id(raw.get("last")),
        days=tuple(days),
        run=(int_in(raw.get("run"), 0, MAX_RUN) or 0) if days else 0,
        before=tuple(e for e in before if e is not None),
    )


# --------------------------------------------------------------------------------------
# The profile


def profile_to_attributes(profile: Profile) -> dict[str, Any]:
    """The profile record (the history logged this turn is not in it: see :class:`History`)."""
    raw = {
        "v": PROFILE_VERSION,
        "disclaimer_heard": profile.disclaimer_heard,
        "saved": position_to(profile.saved),
        "known": sorted(profile.known),
        "pace": profile.pace,
        "levels": dict(profile.levels),
        "phrases": dict(profile.phrases),
        "missing": sorted(profile.missing),
        "places": [position_to(p) for p in profile.places],
        "halt": None if profile.halt is None else {"day": profile.halt.day.isoformat(), "reason": profile.halt.reason},
    }
    if profile.progress != Progress():
        raw["progress"] = progress_to(profile.progress)
    return raw


def profile_from_attributes(raw: Any) -> Profile:
    """A user's profile from the store; unreadable parts are dropped one by one. One of
    version 1 is migrated: its history is logged, to become the history record."""
    if not isinstance(raw, dict) or raw.get("v") not in (1, PROFILE_VERSION):
        return Profile()
    logged: tuple[Completion | PainRating, ...] = ()
    if raw.get("v") == 1:
        history = _history(raw)
        progress, logged = Progress.of(history.completions, history.pains), (*history.completions, *history.pains)
    else:
        progress = progress_from(raw.get("progress"))
    return Profile(
        disclaimer_heard=raw.get("disclaimer_heard") is True,
        saved=position_from(raw.get("saved")),
        progress=progress,
        known=_ids(raw.get("known")),
        pace=int_in(raw.get("pace"), -PACE_LIMIT, PACE_LIMIT) or 0,
        levels=tuple((k, v) for k, v in _id_ints(raw.get("levels"), -LEVEL_LIMIT, LEVEL_LIMIT) if v),
        phrases=_id_ints(raw.get("phrases"), 0, 50),
        missing=_ids(raw.get("missing")),
        places=_places(raw.get("places")),
        halt=_halt(raw.get("halt")),
        logged=logged,
    )


# --------------------------------------------------------------------------------------
# The history


class History(NamedTuple):
    """Every finished routine and rating, oldest first (the last 500 of each)."""

    completions: tuple[Completion, ...] = ()
    pains: tuple[PainRating, ...] = ()

    def adding(self, logged: Iterable[Completion | PainRating]) -> History:
        logged = list(logged)
        completions = [x for x in logged if isinstance(x, Completion)]
        pains = [x for x in logged if isinstance(x, PainRating)]
        return History((*self.completions, *completions)[-MAX_COMPLETIONS:], (*self.pains, *pains)[-MAX_PAINS:])


def history_to_attributes(history: History) -> dict[str, Any]:
    return {
        "v": HISTORY_VERSION,
        "completions": [{"day": c.day.isoformat(), "routine": c.routine_id} for c in history.completions],
        "pains": [{"day": p.day.isoformat(), "moment": p.moment, "rating": p.rating} for p in history.pains],
    }


def history_from_attributes(raw: Any) -> History | None:
    """The history record; None for one of a newer version (not to be written over)."""
    if newer_version(raw, HISTORY_VERSION):
        return None
    return _history(raw) if isinstance(raw, dict) and raw.get("v") == HISTORY_VERSION else History()


def _completion(raw: Any) -> Completion | None:
    if not isinstance(raw, dict):
        return None
    routine, day = an_id(raw.get("routine")), _day(raw.get("day"))
    if routine is None or day is None:
        return None
    return Completion(day, routine)


def _pain(raw: Any) -> PainRating | None:
    if not isinstance(raw, dict):
        return None
    day, moment, rating = _day(raw.get("day")), raw.get("moment"), int_in(raw.get("rating"), 0, 10)
    if day is None or moment not in _MOMENTS or rating is None:
        return None
    return PainRating(day, moment, rating)


def _history(raw: dict[str, Any]) -> History:
    """The lists of a history record (or of a version 1 profile), each item checked."""
    completions_raw, pains_raw = raw.get("completions"), raw.get("pains")
    completions = ([c for c in (_completion(x) for x in completions_raw[-MAX_COMPLETIONS:]) if c]
                   if isinstance(completions_raw, list) else [])
    pains = [p for p in (_pain(x) for x in pains_raw[-MAX_PAINS:]) if p] if isinstance(pains_raw, list) else []
    return History(tuple(completions), tuple(pains))
