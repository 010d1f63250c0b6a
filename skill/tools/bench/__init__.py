"""``back-routine bench`` (or ``python -m skill.tools.bench``): how fast the skill is, against floors.

Four measurements, side by side in one run, each against a floor measured the same way
in the same run:

1. **Per turn, in process.** A realistic conversation mix (launch, the pain check-in,
   next xN, repeat, an explanation, help, stop) played through the skill as the Lambda
   handler calls it (``skill.factory.invoke``: dict -> deserialize -> skill -> serialize),
   with the SQLite store in a temporary folder. Floor: a hello-world ask-sdk-core skill
   with one handler, fed the very same envelopes through the same ``invoke``. The store's
   read and write are timed inside each turn and subtracted, and measured on their own
   too (same file, the records the skill wrote, replayed).
2. **HTTP.** Signed requests through the Flask app (Flask's test client), with a
   throwaway CA made here (root -> intermediate -> signing certificate for
   echo-api.amazon.com) and the chain cached after the first request; against the same
   app with verification off and a bare Flask app that returns a fixed JSON.
3. **A person's history.** The record every turn reads and writes, after 120 finished
   routines (a target in bytes), and a turn of that person against a new user's, the
   store included (:mod:`skill.tools.bench.history`).
4. **Cold start.** A fresh ``python`` that imports ``skill.lambda_function`` and answers
   one LaunchRequest, against a fresh ``python`` that only imports
   ``ask_sdk_core.skill_builder``; with peak RSS, and whether boto3 was loaded.

Speed targets are reported here only; no test asserts a timing. The exit status is 0
even when a target is missed, unless ``--strict``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from collections.abc import Sequence

from skill.tools.bench.cold import bench_cold
from skill.tools.bench.figures import DEFAULT, QUICK, ROWS, TARGETS, Row, Section
from skill.tools.bench.history import bench_history
from skill.tools.bench.http import bench_http
from skill.tools.bench.turns import bench_turns

__all__ = ["ROWS", "TARGETS", "Row", "Section", "add_arguments", "main", "render", "run"]

# --------------------------------------------------------------------------------------
# The table


def render(sections: Sequence[Section]) -> str:
    header = ("measure", "median", "p99", "ratio", "target", "result")
    table: list[tuple[str, ...]] = []
    for section in sections:
        for row in section.rows:
            result = "" if row.met is None else ("met" if row.met else "MISSED")
            table.append((row.name, row.median, row.p99, row.ratio, row.target, result))
    widths = [max(len(header[i]), *(len(r[i]) for r in table)) for i in range(len(header))]

    def line(cells: Sequence[str]) -> str:
        first = cells[0].ljust(widths[0])
        rest = [cells[i].rjust(widths[i]) if i < 4 else cells[i].ljust(widths[i])
                for i in range(1, len(cells))]
        return "  ".join([first, *rest]).rstrip()

    out = [line(header), "-" * len(line(header))]
    for section in sections:
        out.append(f"[{section.title}]")
        for row in section.rows:
            result = "" if row.met is None else ("met" if row.met else "MISSED")
            text = line((row.name, row.median, row.p99, row.ratio, row.target, result))
            out.append(f"{text}   ({row.note})" if row.note else text)
    out.append("")
    for section in sections:
        out += [f"* {note}" for note in section.notes]
    return "\n".join(out)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--turns", type=int, help=f"turns to time in process [{DEFAULT['turns']}; "
                        f"--quick {QUICK['turns']}]")
    parser.add_argument("--requests", type=int, help=f"HTTP requests per app [{DEFAULT['requests']}; "
                        f"--quick {QUICK['requests']}]")
    parser.add_argument("--cold-runs", type=int, help=f"fresh processes of each kind "
                        f"[{DEFAULT['cold_runs']}; --quick {QUICK['cold_runs']}]")
    parser.add_argument("--cold-store", choices=("sqlite", "memory"), default="sqlite",
                        help="the store of the cold-start process: a SQLite file in a temp dir, "
                        "or memory: [sqlite]")
    parser.add_argument("--quick", action="store_true", help="fewer samples: a run of about 10 s")
    parser.add_argument("--strict", action="store_true", help="exit 1 if any target is missed")


def run(args: argparse.Namespace) -> int:
    sizes = QUICK if args.quick else DEFAULT
    turns = sizes["turns"] if args.turns is None else args.turns
    requests = sizes["requests"] if args.requests is None else args.requests
    cold_runs = sizes["cold_runs"] if args.cold_runs is None else args.cold_runs
    if min(turns, requests, cold_runs) < 1:
        print("back-routine bench: --turns, --requests and --cold-runs must be at least 1",
              file=sys.stderr)
        return 2
    started = time.perf_counter()
    sections = [bench_turns(turns), bench_history(max(100, turns // 3)), bench_http(requests),
                bench_cold(cold_runs, args.cold_store)]
    elapsed = time.perf_counter() - started
    print(f"back-routine bench, {dt.date.today().isoformat()}, Python {sys.version.split()[0]} "
          f"on {sys.platform}, {os.cpu_count()} CPUs; took {elapsed:.1f} s")
    print()
    print(render(sections))
    missed = [row.name for s in sections for row in s.rows if row.met is False]
    print()
    if missed:
        print(f"MISSED {len(missed)} target(s): " + "; ".join(missed))
    else:
        print("Every target met.")
    return 1 if missed and args.strict else 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m skill.tools.bench", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))
