"""``back-routine chat`` end to end, in a subprocess, with a SQLite store in tmp_path."""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from skill.sim import Simulator
from skill.sim.chat import Console, converse

ROOT = Path(__file__).resolve().parents[2]
DISCLAIMER = "not medical advice"
LAUNCH = "alexa, start my back routine"


def chat(*args: str, **kwargs) -> list[str]:
    return [sys.executable, "-m", "skill.cli", "chat", *args]


def run_chat(store: Path, text: str, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("BACK_ROUTINE_STORE", None)
    return subprocess.run(
        chat("--store", str(store), *args), input=text, capture_output=True, text=True,
        cwd=ROOT, env=env, timeout=120,
    )


def alexa_lines(output: str) -> list[str]:
    prefix = "alexa> "
    return [line.removeprefix(prefix) for line in output.splitlines() if line.startswith(prefix)]


def resume_offer(store: Path) -> list[str]:
    """What a second run says when the same user comes back and says yes."""
    result = run_chat(store, f"{LAUNCH}\nyes\n")
    assert result.returncode == 0, result.stderr
    return alexa_lines(result.stdout)


@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_the_done_when_conversation(tmp_path):
    store = tmp_path / "store.sqlite3"
    first = run_chat(store, "\n".join([
        "alexa, start my back routine", "next", "next", "next", "repeat that",
        "how do I do kid's pose", "next", "stop",
    ]) + "\n")
    assert first.returncode == 0, first.stderr
    said = alexa_lines(first.stdout)
    assert len(said) == 8
    assert DISCLAIMER in said[0]
    assert said[4].startswith("From the top of band pull aparts.")  # "repeat that" leads the set again
    assert "Exercise 3 of 10: band pull aparts." in said[3] and "Exercise 3 of 10: band pull aparts." in said[4]
    assert "child's pose" in said[5].lower()
    assert "child's pose" not in said[6].lower()  # "next" goes on in the routine
    assert "Traceback" not in first.stderr

    second = run_chat(store, f"{LAUNCH}\n")
    assert second.returncode == 0, second.stderr
    (welcome,) = alexa_lines(second.stdout)
    assert DISCLAIMER not in welcome
    assert "?" in welcome  # offers to resume


@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_end_of_input_saves_the_place(tmp_path):
    ended, control = tmp_path / "ended.sqlite3", tmp_path / "control.sqlite3"
    walked_away = run_chat(ended, f"{LAUNCH}\nnext\nnext\n")
    assert walked_away.returncode == 0, walked_away.stderr
    stopped = run_chat(control, f"{LAUNCH}\nnext\nnext\nstop\n")
    assert stopped.returncode == 0, stopped.stderr
    assert resume_offer(ended) == resume_offer(control)


@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_exit_and_quit_leave_and_save(tmp_path):
    for word in ("exit", "Quit"):
        store = tmp_path / f"{word}.sqlite3"
        result = run_chat(store, f"{LAUNCH}\nnext\n{word}\nnext\n")
        assert result.returncode == 0 and len(alexa_lines(result.stdout)) == 2
        assert DISCLAIMER not in resume_offer(store)[0]


@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_closed_session_note_and_empty_lines(tmp_path):
    result = run_chat(tmp_path / "s.sqlite3", f"\n{LAUNCH}\n\n   \nstop\nnext\n")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    assert len(alexa_lines(result.stdout)) == 2
    assert lines[-1] == "(the session is closed: say 'Alexa, open my back routine')"


@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_ssml_is_shown_on_request_and_plain_text_shows_pauses(tmp_path):
    result = run_chat(tmp_path / "s.sqlite3", f"{LAUNCH}\n", "--ssml")
    assert result.stdout.startswith("alexa> <speak>")
    plain = run_chat(tmp_path / "t.sqlite3", f"{LAUNCH}\n" + "next\n" * 60)
    assert "<" not in plain.stdout and "&" not in plain.stdout
    assert "[pause 10 s]" in plain.stdout  # a counted hold, shown and not waited for


@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_json_prints_each_request_and_response_as_one_line(tmp_path):
    result = run_chat(tmp_path / "s.sqlite3", f"{LAUNCH}\nhow do I do kid's pose\n", "--json")
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["said"] for r in records] == [LAUNCH, "how do I do kid's pose", None]
    assert [r["request"]["request"]["type"] for r in records] == [
        "LaunchRequest", "IntentRequest", "SessionEndedRequest"]
    slot = records[1]["request"]["request"]["intent"]["slots"]["exercise"]
    (resolution,) = slot["resolutions"]["resolutionsPerAuthority"]
    assert resolution["values"][0]["value"]["id"] == "childs_pose"
    carried = records[1]["request"]["session"]["attributes"]
    assert carried == records[0]["response"]["sessionAttributes"]
    assert records[2]["request"]["request"]["reason"] == "EXCEEDED_MAX_REPROMPTS"
    assert all(r["response"]["version"] == "1.0" for r in records)


@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_unknown_locale_is_a_clear_error(tmp_path):
    result = run_chat(tmp_path / "s.sqlite3", "", "--locale", "xx-XX")
    assert result.returncode == 2
    assert "xx-XX" in result.stderr and "en-US" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_folder_as_the_store_is_refused_at_start_up(tmp_path):
    """"--store /tmp" names a folder: chat says so before the first line, rather than
    answering every turn with "I can't reach your progress" and a logged traceback."""
    result = run_chat(tmp_path, f"{LAUNCH}\n")
    assert result.returncode == 2
    assert "it is a folder" in result.stderr and str(tmp_path / "store.sqlite3") in result.stderr
    assert "Traceback" not in result.stderr and result.stdout == ""


def _as_in_a_terminal() -> None:
    """Ctrl-C reaches the child as it does a person's `back-routine chat`, even when the
    test run itself was started in the background, where SIGINT comes ignored (and an
    ignored signal stays ignored in a child)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _spawn(store: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("BACK_ROUTINE_STORE", None)
    return subprocess.Popen(
        chat("--store", str(store)), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
        stderr=subprocess.PIPE, text=True, cwd=ROOT, env=env, bufsize=1,
        preexec_fn=None if sys.platform == "win32" else _as_in_a_terminal,
    )


@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_closed_output_pipe_keeps_progress(tmp_path):
    """`back-routine chat < talk.txt | head -1`: the reader goes away, the place is kept."""
    store, control = tmp_path / "piped.sqlite3", tmp_path / "control.sqlite3"
    proc = _spawn(store)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(f"{LAUNCH}\n")
    proc.stdin.flush()
    first = proc.stdout.readline()
    assert first.startswith("alexa> ") and DISCLAIMER in first
    proc.stdout.close()  # like `head -1` exiting after one line
    proc.stdin.write("next\nnext\n")
    proc.stdin.close()
    assert proc.wait(timeout=60) == 0
    errors = proc.stderr.read()
    proc.stderr.close()
    assert "Traceback" not in errors and "BrokenPipe" not in errors, errors

    # the first "next" was answered into the closed pipe: it counts, and the chat stops
    # there (as a writer killed by SIGPIPE would), saving on the way out
    assert run_chat(control, f"{LAUNCH}\nnext\nstop\n").returncode == 0
    assert resume_offer(store) == resume_offer(control)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGINT to a child process")
@pytest.mark.integration  # `back-routine chat` in a subprocess
def test_ctrl_c_keeps_progress(tmp_path):
    store, control = tmp_path / "interrupted.sqlite3", tmp_path / "control.sqlite3"
    proc = _spawn(store)
    assert proc.stdin is not None and proc.stdout is not None and proc.stderr is not None
    proc.stdin.write(f"{LAUNCH}\nnext\n")
    proc.stdin.flush()
    proc.stdout.readline()
    proc.stdout.readline()  # both answered: now it waits for the next line
    time.sleep(0.2)
    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=60) == 130
    errors = proc.stderr.read()
    for stream in (proc.stdin, proc.stdout, proc.stderr):
        stream.close()
    assert "Traceback" not in errors and "KeyboardInterrupt" not in errors, errors

    assert run_chat(control, f"{LAUNCH}\nnext\nstop\n").returncode == 0
    assert resume_offer(store) == resume_offer(control)


def test_converse_in_process_with_a_fake_skill():
    events = []

    def invoke(event):
        events.append(event)
        if event["request"]["type"] == "SessionEndedRequest":
            return {"version": "1.0", "response": {}}
        return {"version": "1.0", "sessionAttributes": {"n": len(events)}, "response": {
            "outputSpeech": {"type": "SSML",
                             "ssml": '<speak>Hold. <break time="10s"/> Release.</speak>'},
            "shouldEndSession": False}}

    out, err = io.StringIO(), io.StringIO()
    stream = io.StringIO("alexa open my back routine\nnext\n\nEXIT\nnext\n")
    status = converse(Simulator(invoke=invoke), Console(out, err), stream, interactive=False)
    assert status == 0
    assert out.getvalue().splitlines() == ["alexa> Hold. [pause 10 s] Release."] * 2
    assert [e["request"]["type"] for e in events] == [
        "LaunchRequest", "IntentRequest", "SessionEndedRequest"]


def test_a_terminal_is_prompted_before_each_line(monkeypatch, capsys):
    from skill.sim import chat as chat_module

    said = ["alexa open my back routine", "next"]
    prompts = []

    def fake_input(prompt):
        prompts.append(prompt)
        if not said:
            raise EOFError  # Ctrl-D
        return said.pop(0)

    monkeypatch.setattr("builtins.input", fake_input)
    lines = list(chat_module._lines(io.StringIO("not read"), interactive=True))
    assert lines == ["alexa open my back routine", "next"]
    assert prompts == ["you> "] * 3
