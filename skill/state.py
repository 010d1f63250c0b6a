"""Session and persistent attributes, to and from the engine's dataclasses.

Both carry a version key. Every value read from a request or a store is checked for
type, size and range; anything missing, stale or tampered with is dropped (and the
engine starts cleanly), never trusted and never a crash. Whether a position still
fits today's content is the engine's call (:meth:`skill.routine.Coach.settle`).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from skill.progress import Completion, PainRating
from skill.routine import (
    LEVEL_LIMIT,
    MAX_COMPLETIONS,
    MAX_PAINS,
    PACE_LIMIT,
    Part,
    Pause,
    Position,
    Profile,
    Question,
    Reply,
    Say,
    Session,
    Topic,
)
from skill.speech import speakable

SESSION_VERSION = 1
PROFILE_VERSION = 1
_ID = re.compile(r"^[a-z][a-z0-9_]{1,40}$")
_QUESTIONS: tuple[Question, ...] = ("resume", "skip", "start", "pain_before", "pain_after", "pick")
_TOPICS: tuple[Topic, ...] = ("how", "why", "equipment")
_MOMENTS = ("before", "after", "check")
MAX_IDS = 200
MAX_PARTS = 80
MAX_VALUE_CHARS = 600
MAX_REPLY_CHARS = 4000  # one stored reply, as JSON, roughly; the skill's own stay under 1,200


def _id(value: Any) -> str | None:
    return value if isinstance(value, str) and _ID.match(value) else None


def _int(value: Any, low: int, high: int) -> int | None:
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if low <= value <= high else None


# --------------------------------------------------------------------------------------
# Positions


def position_to(position: Position | None) -> dict[str, Any] | None:
    if position is None:
        return None
    raw: dict[str, Any] = {"routine": position.routine_id, "exercise": position.exercise_id, "beat": position.beat}
    if position.compact:
        raw["compact"] = True
    return raw


def position_from(raw: Any) -> Position | None:
    if not isinstance(raw, dict):
        return None
    routine, exercise = _id(raw.get("routine")), _id(raw.get("exercise"))
    beat = _int(raw.get("beat"), 0, 1000)
    if routine is None or exercise is None or beat is None:
        return None
    return Position(routine, exercise, beat, raw.get("compact") is True)


# --------------------------------------------------------------------------------------
# Replies, kept for "repeat"


def _parts_to(parts: tuple[Part, ...]) -> list[Any]:
    """Each part as a small dict; no values and the first phrasing are left out (read back
    as the defaults), so that the session attributes stay short."""
    out: list[Any] = []
    for part in parts:
        if isinstance(part, Pause):
            out.append({"pause": part.seconds})
            continue
        item: dict[str, Any] = {"say": part.id}
        if part.values:
            item["values"] = dict(part.values)
        if part.variant:
            item["variant"] = part.variant
        out.append(item)
    return out


def _parts_from(raw: Any) -> tuple[Part, ...] | None:
    if not isinstance(raw, list) or len(raw) > MAX_PARTS:
        return None
    parts: list[Part] = []
    size = 0
    for item in raw:
        if not isinstance(item, dict):
            return None
        size += 40
        if "pause" in item:
            seconds = _int(item.get("pause"), 0, 10)
            if seconds is None:
                return None
            parts.append(Pause(seconds))
            continue
        prompt_id, values, variant = _id(item.get("say")), item.get("values", {}), item.get("variant", 0)
        if prompt_id is None or not isinstance(values, dict) or _int(variant, 0, 50) is None:
            return None
        size += len(prompt_id)
        clean: list[tuple[str, str | int]] = []
        for key, value in values.items():
            if not (isinstance(key, str) and _ID.match(key)):
                return None
            if isinstance(value, str):
                if len(value) > MAX_VALUE_CHARS or speakable(value) != value:
                    return None
            elif isinstance(value, bool) or not isinstance(value, int) or not -100_000 <= value <= 100_000:
                return None
            size += len(key) + len(str(value)) + 8
            if size > MAX_REPLY_CHARS:
                return None
            clean.append((key, value))
        parts.append(Say(prompt_id, tuple(sorted(clean)), variant))
    return tuple(parts)


# --------------------------------------------------------------------------------------
# Session attributes


def session_to_attributes(session: Session) -> dict[str, Any]:
    attributes: dict[str, Any] = {"v": SESSION_VERSION, "turn": session.turn}
    if session.position is not None:
        attributes["position"] = position_to(session.position)
    if session.question is not None:
        attributes["question"] = session.question
    if session.taught_next:
        attributes["taught_next"] = True
    if session.pending_routine is not None:
        attributes["pending_routine"] = session.pending_routine
    if session.pain_asked:
        attributes["pain_asked"] = True
    if session.options:
        attributes["options"] = list(session.options)
        attributes["topic"] = session.topic
    if session.last is not None:
        attributes["last"] = {
            "speech": _parts_to(session.last.speech),
            "reprompt": _parts_to(session.last.reprompt),
        }
    return attributes


def session_from_attributes(raw: Any) -> Session:
    """A session from a request's attributes; anything unusable starts a clean session."""
    if not isinstance(raw, dict) or raw.get("v") != SESSION_VERSION:
        return Session()
    question = raw.get("question")
    last = None
    raw_last = raw.get("last")
    if isinstance(raw_last, dict):
        speech, reprompt = _parts_from(raw_last.get("speech")), _parts_from(raw_last.get("reprompt"))
        if speech and reprompt is not None:
            last = Reply(speech, reprompt)
    options = raw.get("options")
    topic = raw.get("topic")
    return Session(
        position=position_from(raw.get("position")),
        question=question if question in _QUESTIONS else None,
        last=last,
        taught_next=raw.get("taught_next") is True,
        turn=_int(raw.get("turn"), 0, 10_000) or 0,
        pending_routine=_id(raw.get("pending_routine")),
        pain_asked=raw.get("pain_asked") is True,
        options=tuple(o for o in options[:3] if _id(o)) if isinstance(options, list) else (),
        topic=topic if topic in _TOPICS else "how",
    )


# --------------------------------------------------------------------------------------
# Persistent attributes


def profile_to_attributes(profile: Profile) -> dict[str, Any]:
    return {
        "v": PROFILE_VERSION,
        "disclaimer_heard": profile.disclaimer_heard,
        "saved": position_to(profile.saved),
        "completions": [{"day": c.day.isoformat(), "routine": c.routine_id} for c in profile.completions],
        "known": sorted(profile.known),
        "pace": profile.pace,
        "levels": dict(profile.levels),
        "pains": [{"day": p.day.isoformat(), "moment": p.moment, "rating": p.rating} for p in profile.pains],
        "phrases": dict(profile.phrases),
    }


def _day(raw: Any) -> date | None:
    if not isinstance(raw, str) or len(raw) != 10:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _pain(raw: Any) -> PainRating | None:
    if not isinstance(raw, dict):
        return None
    day, moment, rating = _day(raw.get("day")), raw.get("moment"), _int(raw.get("rating"), 0, 10)
    if day is None or moment not in _MOMENTS or rating is None:
        return None
    return PainRating(day, moment, rating)


def _id_ints(raw: Any, low: int, high: int) -> tuple[tuple[str, int], ...]:
    """A small {id: int} map, each value in range; anything else is dropped."""
    if not isinstance(raw, dict):
        return ()
    out = []
    for key, value in list(raw.items())[:MAX_IDS]:
        number = _int(value, low, high)
        if _id(key) and number is not None:
            out.append((key, number))
    return tuple(sorted(out))


def _completion(raw: Any) -> Completion | None:
    if not isinstance(raw, dict):
        return None
    routine, day = _id(raw.get("routine")), _day(raw.get("day"))
    if routine is None or day is None:
        return None
    return Completion(day, routine)


def profile_from_attributes(raw: Any) -> Profile:
    """A user's profile from the store; unreadable parts are dropped one by one."""
    if not isinstance(raw, dict) or raw.get("v") != PROFILE_VERSION:
        return Profile()
    completions_raw = raw.get("completions")
    completions: list[Completion] = []
    if isinstance(completions_raw, list):
        for item in completions_raw[-MAX_COMPLETIONS:]:
            completion = _completion(item)
            if completion is not None:
                completions.append(completion)
    pains_raw = raw.get("pains")
    pains = [p for p in (_pain(x) for x in pains_raw[-MAX_PAINS:]) if p] if isinstance(pains_raw, list) else []
    known_raw = raw.get("known")
    known = frozenset(k for k in known_raw[:MAX_IDS] if _id(k)) if isinstance(known_raw, list) else frozenset()
    return Profile(
        disclaimer_heard=raw.get("disclaimer_heard") is True,
        saved=position_from(raw.get("saved")),
        completions=tuple(completions),
        known=known,
        pace=_int(raw.get("pace"), -PACE_LIMIT, PACE_LIMIT) or 0,
        levels=tuple((k, v) for k, v in _id_ints(raw.get("levels"), -LEVEL_LIMIT, LEVEL_LIMIT) if v),
        pains=tuple(pains),
        phrases=_id_ints(raw.get("phrases"), 0, 50),
    )
