"""Session attributes, to and from the engine's state (the persistent ones, the
profile and the history, are :mod:`skill.persisted`).

They carry a version key. Every value read from a request or a store is checked for
type, size and range; anything missing, stale or tampered with is dropped (and the
engine starts cleanly), never trusted and never a crash. Whether a position still
fits today's content is the engine's call (:func:`skill.engine.turn.settle`).

Session attributes of version 1 (from before sets were led in one answer) start a clean
session; the place they held is also the profile's saved place, which carries on. A flag
added to version 2 later (``disclaimer``: read this session) is optional: a session
written without it reads as false, so the version stays 2 and an older deployment still
reads a newer session.
"""

from __future__ import annotations

from typing import Any

from skill.engine.reply import Part, Pause, Reply, Say
from skill.engine.state import MAX_MISSES, QUESTIONS, SAIDS, TOPICS, Position, Session
from skill.text import ID, speakable

SESSION_VERSION = 2
READABLE_SESSIONS = (1, 2)
MAX_CLOCK = 1e11  # seconds since the epoch: a request clock well past any real one
MAX_IDS = 200
MAX_PARTS = 80
MAX_VALUE_CHARS = 600
MAX_REPLY_CHARS = 4000  # one stored reply, as JSON, roughly; the skill's own stay under 1,200


def an_id(value: Any) -> str | None:
    """``value`` if it is an id (content's, a routine's or an exercise's), else None."""
    return value if isinstance(value, str) and ID.match(value) else None


def int_in(value: Any, low: int, high: int) -> int | None:
    """``value`` if it is an int (not a bool) from ``low`` to ``high``, else None."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if low <= value <= high else None


# --------------------------------------------------------------------------------------
# Positions


def position_to(position: Position | None) -> dict[str, Any] | None:
    if position is None:
        return None
    raw: dict[str, Any] = {"routine": position.routine_id, "exercise": position.exercise_id}
    if position.part:
        raw["part"] = position.part
    return raw


def position_from(raw: Any) -> Position | None:
    """A position; one written before sets were led whole (with a "beat" in the
    exercise) is read as the start of that exercise."""
    if not isinstance(raw, dict):
        return None
    routine, exercise = an_id(raw.get("routine")), an_id(raw.get("exercise"))
    part = int_in(raw.get("part", 0), 0, 1)
    if routine is None or exercise is None or part is None:
        return None
    return Position(routine, exercise, part)


def _clock(value: Any) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return float(value) if 0 <= value <= MAX_CLOCK else None


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
            seconds = int_in(item.get("pause"), 0, 10)
            if seconds is None:
                return None
            parts.append(Pause(seconds))
            continue
        prompt_id, values, variant = an_id(item.get("say")), item.get("values", {}), item.get("variant", 0)
        if prompt_id is None or not isinstance(values, dict) or int_in(variant, 0, 50) is None:
            return None
        size += len(prompt_id)
        clean: list[tuple[str, str | int]] = []
        for key, value in values.items():
            if not (isinstance(key, str) and ID.match(key)):
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
    if session.led_until is not None:
        attributes["led_until"] = session.led_until
    flags = {"set_done": session.set_done, "cut": session.cut, "teach": session.teach,
             "pain_asked": session.pain_asked, "disclaimer": session.disclaimer}
    attributes.update({key: True for key, value in flags.items() if value})
    optional = {"gear": session.gear, "question": session.question, "said": session.said,
                "pending_routine": session.pending_routine, "switch_to": session.switch_to,
                "finished": session.finished}
    attributes.update({key: value for key, value in optional.items() if value is not None})
    if session.misses:
        attributes["misses"] = session.misses
    if session.parts != 1:
        attributes["parts"] = session.parts
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
    if not isinstance(raw, dict) or raw.get("v") not in READABLE_SESSIONS:
        return Session()
    if raw.get("v") == 1:  # from before sets were led whole: the saved place in the profile carries on
        return Session(turn=int_in(raw.get("turn"), 0, 10_000) or 0)
    last = None
    raw_last = raw.get("last")
    if isinstance(raw_last, dict):
        speech, reprompt = _parts_from(raw_last.get("speech")), _parts_from(raw_last.get("reprompt"))
        if speech and reprompt is not None:
            last = Reply(speech, reprompt)
    options, topic, gear = raw.get("options"), raw.get("topic"), raw.get("gear")
    question, said = raw.get("question"), raw.get("said")
    return Session(
        position=position_from(raw.get("position")),
        led_until=_clock(raw.get("led_until")),
        set_done=raw.get("set_done") is True,
        cut=raw.get("cut") is True,
        teach=raw.get("teach") is True,
        gear=gear if gear == "" else an_id(gear),
        question=question if question in QUESTIONS else None,
        last=last,
        said=said if said in SAIDS else None,
        turn=int_in(raw.get("turn"), 0, 10_000) or 0,
        pending_routine=an_id(raw.get("pending_routine")),
        pain_asked=raw.get("pain_asked") is True,
        options=tuple(o for o in options[:3] if an_id(o)) if isinstance(options, list) else (),
        topic=topic if topic in TOPICS else "how",
        switch_to=an_id(raw.get("switch_to")),
        misses=int_in(raw.get("misses"), 0, MAX_MISSES) or 0,
        parts=int_in(raw.get("parts"), 1, 2) or 1,
        finished=an_id(raw.get("finished")),
        disclaimer=raw.get("disclaimer") is True,
    )
