"""The wheel carries content/ and interaction_models/: installed in a fresh virtual
environment, the skill holds a conversation from outside the checkout."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh venv with the freshly built wheel installed; returns its bin folder."""
    work = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(ROOT)],
                   check=True, cwd=work)
    (wheel,) = (work / "dist").glob("my_back_routine-*.whl")
    venv.create(work / "venv", with_pip=True)
    bin_dir = work / "venv" / "bin"
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True, cwd=work)
    return bin_dir


def test_the_wheel_contains_the_data(installed: Path) -> None:
    code = ("import skill.resources as r, json; "
            "print(r.content_dir()); print(r.interaction_models_dir())")
    out = subprocess.run([str(installed / "python"), "-c", code], check=True, capture_output=True, text=True,
                         cwd=installed.parent.parent).stdout.split()
    for folder in out:
        assert "site-packages" in folder and str(ROOT) not in folder
    assert Path(out[0], "exercises.yaml").is_file() and Path(out[1], "en-US.json").is_file()


def test_an_installed_skill_holds_a_conversation_from_anywhere(installed: Path, tmp_path: Path) -> None:
    talk = "alexa, start my back routine\nskip\nnext\nhow do I do kid's pose\nalexa, stop\n"
    run = subprocess.run([str(installed / "back-routine"), "chat", "--store", str(tmp_path / "me.sqlite3")],
                         input=talk, capture_output=True, text=True, cwd=tmp_path, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "not medical advice" in run.stdout
    assert "Exercise 1 of 10: seated cat cow" in run.stdout
    assert "Here's child's pose" in run.stdout
    assert "Exercise 2 of 10: cat cow" in run.stdout
    assert "saved your place at band pull aparts" in run.stdout  # cat cow was done; band pull aparts is next


def test_the_installed_content_loads_from_its_snapshot(installed: Path) -> None:
    """The wheel carries content/compiled.json, and it matches the YAML beside it: no
    pydantic or PyYAML on the Lambda path."""
    code = ("import sys; from skill.content import load_content; c = load_content(); "
            "assert len(c.exercises) == 10; "
            "assert not [m for m in sys.modules if m.split('.')[0] in ('pydantic', 'yaml')]")
    subprocess.run([str(installed / "python"), "-c", code], check=True, cwd=installed.parent.parent)


def test_the_wheel_carries_the_voice_consoles_page(installed: Path) -> None:
    code = ("from importlib import resources; s = resources.files('skill.console') / 'static'; "
            "print(*sorted(p.name for p in s.iterdir()))")
    out = subprocess.run([str(installed / "python"), "-c", code], check=True, capture_output=True, text=True,
                         cwd=installed.parent.parent).stdout.split()
    assert {"console.html", "console.css", "console.js"} <= set(out)
