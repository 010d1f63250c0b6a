"""How long the skill's answers take to hear: every turn spoken by espeak-ng.

    python -m skill.voicecheck [--wpm 150] [--all]

Speaks each answer's words (pauses excluded) with espeak-ng at 150 words a minute and
compares the longest of each kind with its target: the first launch up to the first
exercise (30 s), a routine turn (12 s), help (15 s). Exits 1 if a target is missed,
2 if espeak-ng is not installed (Debian: ``apt-get install espeak-ng``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path

from skill import routine as r
from skill.content import Content, default_content
from skill.speech import plain_text

TARGETS = {"first launch": 30.0, "routine turn": 12.0, "help": 15.0}
TODAY = date(2026, 1, 1)


def samples(content: Content) -> Iterator[tuple[str, str, str]]:
    """(kind, label, words) for every answer worth timing."""
    coach = r.Coach(content)

    def words(reply: r.Reply) -> str:
        return plain_text(reply.speech, content.prompts)

    first = words(coach.handle(r.Session(), r.Profile(), r.Launch(), TODAY).reply)
    yield "first launch", "launch, first use, up to exercise 1", first.split("Exercise 1 of")[0]
    returning = r.Profile(disclaimer_heard=True)
    for routine in content.routines.values():
        session = r.Session(position=coach.first(routine), taught_next=True)
        yield "routine turn", f"{routine.id}: {routine.exercises[0]} intro", words(
            coach.handle(replace(session, position=None), returning, r.Start(routine.id), TODAY).reply)
        profile = returning
        while True:
            outcome = coach.handle(session, profile, r.Next(), TODAY)
            position = outcome.session.position
            label = f"{routine.id}: {position.exercise_id} beat {position.beat}" if position else f"{routine.id}: end"
            yield "routine turn", label, words(outcome.reply)
            if outcome.reply.end_session:
                break
            session, profile = outcome.session, outcome.profile
    mid = r.Session(position=r.Position("back_routine", "cat_cow", 2))
    for label, session in (("help in a routine", mid), ("help outside a routine", r.Session())):
        yield "help", label, words(coach.handle(session, returning, r.Help(), TODAY).reply)


def seconds(text: str, wpm: int, workdir: Path) -> float:
    out = workdir / "say.wav"
    subprocess.run(["espeak-ng", "-s", str(wpm), "-w", str(out), text], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with wave.open(str(out)) as audio:
        return audio.getnframes() / audio.getframerate()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.voicecheck", description=__doc__.splitlines()[0])
    parser.add_argument("--wpm", type=int, default=150)
    parser.add_argument("--all", action="store_true", help="print every answer, not only the longest")
    args = parser.parse_args(argv)
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is not installed (Debian: apt-get install espeak-ng)", file=sys.stderr)
        return 2
    content = default_content()
    longest: dict[str, tuple[float, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, label, text in samples(content):
            took = seconds(text, args.wpm, Path(tmp))
            if args.all:
                print(f"{took:5.1f} s  {kind:13} {label}")
            if took > longest.get(kind, (0.0, ""))[0]:
                longest[kind] = (took, label)
    failed = False
    print(f"{'kind':14} {'longest':>8} {'target':>7}  where")
    for kind, target in TARGETS.items():
        took, label = longest.get(kind, (0.0, "-"))
        failed |= took > target
        mark = "ok" if took <= target else "OVER"
        print(f"{kind:14} {took:7.1f}s {target:6.0f}s  {label}  {mark}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
