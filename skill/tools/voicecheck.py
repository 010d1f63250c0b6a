"""How long the skill's answers take to hear: the words spoken by espeak-ng.

    python -m skill.tools.voicecheck [--wpm 150] [--all]

Speaks answers (pauses excluded) with espeak-ng at 150 words a minute and compares
the longest of each kind with its target: the first launch, with the disclaimer
(30 s); in a routine answer, each stretch of talk between pauses of 1 s or more, the
routines played whole, first time and returning, at every pace (12 s: one breath);
help, in every context (15 s). Exits 1 if a target is missed, 2 if espeak-ng is not
installed (Debian: ``apt-get install espeak-ng``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from skill.content import Content, default_content
from skill.engine import events as ev
from skill.engine.reply import plain_text, stretches
from skill.engine.state import PACE_LIMIT, Position, Profile, Session
from skill.engine.turn import handle
from skill.tools.rehearse import play

TARGETS = {"first launch": 30.0, "talk between pauses": 12.0, "help": 15.0}
TODAY = date(2026, 1, 1)


def samples(content: Content) -> Iterator[tuple[str, str, str]]:
    """(kind, label, words) for every answer, or stretch of one, worth timing."""
    first = handle(content, Session(), Profile(), ev.Act.LAUNCH, TODAY)
    yield "first launch", "launch, first use", plain_text(first.reply.speech, content.prompts)
    seen: set[str] = set()
    known = frozenset(content.exercises)
    for routine_id in content.routines:
        for pace in range(-PACE_LIMIT, PACE_LIMIT + 1):
            for who, profile in (("first time", Profile(pace=pace)),
                                 ("returning", Profile(disclaimer_heard=True, known=known, pace=pace))):
                for step in list(play(content, routine_id, profile))[1:]:  # the launch is timed above
                    where = step.session.position.exercise_id if step.session.position else "-"
                    for words in stretches(step.reply.speech, content.prompts):
                        if words not in seen:
                            seen.add(words)
                            yield "talk between pauses", f"{routine_id} {who} pace {pace}: {where}", words
    inside = Session(position=Position("back_routine", "cat_cow"), set_done=True)
    contexts = {"in a routine": inside, "outside a routine": Session(), "at the pain question":
                Session(pending_routine="back_routine", question="pain_before"),
                "at a yes or no question": inside._replace(question="ready")}
    for label, session in contexts.items():
        reply = handle(content, session, Profile(disclaimer_heard=True), ev.Act.HELP, TODAY).reply
        yield "help", f"help {label}", plain_text(reply.speech, content.prompts)


def seconds(text: str, wpm: int, workdir: Path) -> float:
    out = workdir / "say.wav"
    subprocess.run(["espeak-ng", "-s", str(wpm), "-w", str(out), text], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    with wave.open(str(out)) as audio:
        return audio.getnframes() / audio.getframerate()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.voicecheck", description=__doc__.splitlines()[0])
    parser.add_argument("--wpm", type=int, default=150)
    parser.add_argument("--all", action="store_true", help="print every answer, not only the longest")
    args = parser.parse_args(argv)
    if shutil.which("espeak-ng") is None:
        print("espeak-ng is not installed (Debian: apt-get install espeak-ng)", file=sys.stderr)
        return 2
    content = default_content()
    longest: dict[str, tuple[float, str, str]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for kind, label, text in samples(content):
            took = seconds(text, args.wpm, Path(tmp))
            if args.all:
                print(f"{took:5.1f} s  {kind:20} {label}: {text}")
            if took > longest.get(kind, (0.0, "", ""))[0]:
                longest[kind] = (took, label, text)
    failed = False
    print(f"{'kind':20} {'longest':>8} {'target':>7}  where")
    for kind, target in TARGETS.items():
        took, label, text = longest.get(kind, (0.0, "-", ""))
        failed |= took > target
        mark = "ok" if took <= target else "OVER"
        print(f"{kind:20} {took:7.1f}s {target:6.0f}s  {label}  {mark}\n{'':22}{text}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
