"""Whole routines played through the engine, as a person who says yes to everything
would: for the voice check, the README's figures and the tests.

    python -m skill.tools.rehearse [--pace N] [--returning]

prints, for each routine, the things said, the answers and how long it lasts.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from datetime import date
from typing import NamedTuple

from skill.content import Content, default_content
from skill.engine import events as ev
from skill.engine.reply import Reply, seconds
from skill.engine.state import Profile, Session
from skill.engine.turn import handle

DAY = date(2026, 1, 5)  # a Monday
START = 1_800_000_000.0  # a request clock, in seconds


class Step(NamedTuple):
    said: str  # what the person said ("" for an event that is not speech)
    event: ev.Event
    reply: Reply
    session: Session
    profile: Profile
    seconds: float  # how long the answer takes to hear


def play(content: Content, routine_id: str, profile: Profile | None = None, *, rating: int = 3,
         max_turns: int = 60) -> Iterator[Step]:
    """A routine from the launch to the goodbye: start it, give a pain rating, say yes
    to every "ready for ...?", and a rating at the end. Each request comes after the
    answer before it has been heard in full."""
    session, profile = Session(), profile or Profile()
    clock = START
    default = content.default_routine.id == routine_id
    script: list[tuple[str, ev.Event]] = [
        ("start my back routine", ev.Act.LAUNCH) if default else (f"start the {routine_id}", ev.Start(routine_id)),
    ]
    for turn in range(max_turns):
        said, event = script.pop(0) if script else _answer(session)
        outcome = handle(content, session, profile, event, DAY, clock)
        took = seconds(outcome.reply.speech, content.prompts)
        yield Step(said, event, outcome.reply, outcome.session, outcome.profile, took)
        session, profile = outcome.session, outcome.profile
        clock += took + 2
        if outcome.reply.end_session:
            return
        if turn == 0 and session.question == "resume":
            script.append(("yes", ev.Act.YES))
    raise RuntimeError(f"{routine_id}: no end after {max_turns} turns")


def _answer(session: Session) -> tuple[str, ev.Event]:
    if session.question in ("pain_before", "pain_after"):
        return "three", ev.Rate(3)
    return "yes", ev.Act.YES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.rehearse", description=__doc__.splitlines()[0])
    parser.add_argument("--pace", type=int, default=0, help="-2 (quickest) to 2 (slowest)")
    args = parser.parse_args(argv)
    content = default_content()
    for routine_id in content.routines:
        first = list(play(content, routine_id, Profile(pace=args.pace)))
        known = frozenset(content.exercises)
        again = list(play(content, routine_id, Profile(disclaimer_heard=True, known=known, pace=args.pace)))
        for label, steps in (("first time", first), ("returning", again)):
            minutes = sum(s.seconds for s in steps) / 60
            print(f"{routine_id:15} {label:10}: {len(steps)} things said, {minutes:.1f} minutes of answers")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
