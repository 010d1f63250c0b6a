"""``back-routine bench`` with its quickest options: it runs, and the table has every row.

No timing is asserted here (nor anywhere in the tests): the speed targets are only
reported by the bench itself.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from skill.cli import main
from skill.tools.bench import ROWS, TARGETS

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


def test_the_quickest_bench_prints_every_row(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "skill.tools.bench", "--quick", "--turns", "20", "--requests", "10",
         "--cold-runs", "1"],
        cwd=tmp_path, capture_output=True, text=True, timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    lines = done.stdout.splitlines()
    for name in ROWS:
        found = [line for line in lines if line.startswith(name)]
        assert len(found) == 1, f"row {name!r} missing from:\n{done.stdout}"
        if name in TARGETS:
            assert re.search(r"\b(met|MISSED)\b", found[0]), found[0]
    assert "warnings/errors during the run: 0" in done.stdout
    assert "non-200 answers: none" in done.stdout
    assert "THE ANSWER WAS AN ERROR" not in done.stdout
    assert lines[-1].startswith(("MISSED", "Every target met"))


def test_bench_is_a_back_routine_subcommand(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["bench", "--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    for option in ("--turns", "--requests", "--cold-runs", "--quick", "--strict"):
        assert option in out


def test_bench_refuses_a_count_below_one(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["bench", "--turns", "0"]) == 2
    assert "at least 1" in capsys.readouterr().err
