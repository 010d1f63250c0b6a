"""Settings from the config dict, the environment and ``back-routine serve`` options; import
without side effects; ``back-routine serve`` and gunicorn really serving the app."""

from __future__ import annotations

import os
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from support import free_port, wait_until_up
from web_support import SKILL_ID

from skill.cli import main
from skill.web.config import ConfigError, Settings, load_settings

REPO = Path(__file__).resolve().parents[2]
VENV_BIN = Path(sys.executable).parent


def test_the_defaults_are_loopback_port_8080_with_verification_on() -> None:
    settings = load_settings({"SKILL_ID": SKILL_ID}, env={})
    assert settings == Settings(skill_ids=(SKILL_ID,))
    assert (settings.host, settings.port, settings.verify) == ("127.0.0.1", 8080, True)


def test_every_setting_can_come_from_the_environment() -> None:
    env = {
        "BACK_ROUTINE_HOST": "0.0.0.0",
        "BACK_ROUTINE_PORT": "9000",
        "BACK_ROUTINE_STORE": "memory:",
        "SKILL_ID": f" {SKILL_ID} ,amzn1.ask.skill.two,",
        "BACK_ROUTINE_VERIFY": "no",
        "BACK_ROUTINE_MAX_BODY": "65536",
        "BACK_ROUTINE_LOG_LEVEL": "debug",
    }
    assert load_settings(env=env) == Settings(
        host="0.0.0.0",
        port=9000,
        store="memory:",
        skill_ids=(SKILL_ID, "amzn1.ask.skill.two"),
        verify=False,
        max_body=65536,
        log_level="DEBUG",
    )


def test_config_overrides_environment() -> None:
    env = {"BACK_ROUTINE_PORT": "9000", "SKILL_ID": "amzn1.ask.skill.env", "BACK_ROUTINE_HOST": ""}
    settings = load_settings({"PORT": 7000, "SKILL_ID": [SKILL_ID], "HOST": None}, env=env)
    assert (settings.port, settings.skill_ids, settings.host) == (7000, (SKILL_ID,), "127.0.0.1")


@pytest.mark.parametrize(
    "config, message",
    [
        ({"PORT": "http"}, "BACK_ROUTINE_PORT / --port"),
        ({"PORT": 0}, "port number"),
        ({"PORT": 70000}, "port number"),
        ({"PORT": True}, "whole number"),
        ({"VERIFY": "maybe"}, "BACK_ROUTINE_VERIFY"),
        ({"MAX_BODY": "lots"}, "BACK_ROUTINE_MAX_BODY / --max-body"),
        ({"MAX_BODY": 10}, "at least 1024"),
        ({"LOG_LEVEL": "LOUD"}, "BACK_ROUTINE_LOG_LEVEL / --log-level"),
        ({"HOST": " "}, "BACK_ROUTINE_HOST"),
        ({"STORE": ""}, "BACK_ROUTINE_STORE"),
        ({"SKILL_ID": 42}, "SKILL_ID / --skill-id"),
    ],
)
def test_bad_values_are_named(config, message) -> None:
    with pytest.raises(ConfigError, match=message):
        load_settings({"SKILL_ID": SKILL_ID} | config, env={})


def test_verification_on_without_skill_id_refuses_to_start() -> None:
    with pytest.raises(ConfigError, match="no skill ID configured"):
        load_settings(env={})
    with pytest.raises(ConfigError, match="no skill ID configured"):
        load_settings(env={"SKILL_ID": " , "})
    assert load_settings({"VERIFY": False}, env={}).skill_ids == ()


def test_import_touches_nothing() -> None:
    code = (
        "import sys\n"
        "seen = []\n"
        "watched = ('open', 'socket.connect', 'socket.getaddrinfo', 'subprocess.Popen')\n"
        "sys.addaudithook(lambda e, a: seen.append((e, a[0])) if e in watched else None)\n"
        "import skill.web, skill.web.serve\n"
        "seen = [s for s in seen if not str(s[1]).endswith(('.py', '.pyc', '.so'))]\n"
        "assert not seen, seen\n"
        "loaded = [m for m in sys.modules if m.split('.')[0] in"
        " ('skill', 'certifi', 'boto3', 'oscrypto')]\n"
        "assert sorted(loaded) == ['skill', 'skill.text', 'skill.web', 'skill.web.app', 'skill.web.config',"
        " 'skill.web.serve', 'skill.web.verify'], loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=REPO, timeout=60)


def test_serve_refuses_bad_settings(monkeypatch, capsys) -> None:
    monkeypatch.delenv("SKILL_ID", raising=False)
    monkeypatch.delenv("BACK_ROUTINE_VERIFY", raising=False)
    assert main(["serve", "--port", "8080"]) == 2
    assert "no skill ID configured" in capsys.readouterr().err
    assert main(["serve", "--port", "nope", "--insecure-skip-verification"]) == 2
    assert "--port" in capsys.readouterr().err


@pytest.mark.parametrize(("spec", "why"), [
    ("dynamodb:", "needs a table name"), ("sqlite:", "needs a file path"),
    ("{tmp}", "it is a folder"), ("{tmp}/a-file/x.db", "cannot open"),  # a file under a file
])
def test_serve_refuses_a_store_it_cannot_use(spec, why, tmp_path, capsys) -> None:
    """Like chat, serve names what is wrong with the store and exits 2, without a traceback:
    a spec without its table or path, or a SQLite path that cannot hold the store."""
    (tmp_path / "a-file").write_text("")
    assert main(["serve", "--store", spec.format(tmp=tmp_path), "--insecure-skip-verification"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("back-routine serve: ") and why in err, err


def test_serve_passes_options_to_the_app(monkeypatch) -> None:
    from flask import Flask

    for var in ("SKILL_ID", "BACK_ROUTINE_VERIFY", "BACK_ROUTINE_HOST", "BACK_ROUTINE_PORT"):
        monkeypatch.delenv(var, raising=False)
    ran = {}
    monkeypatch.setattr(Flask, "run", lambda app, **kw: ran.update(kw, app=app))
    argv = ["serve", "--host", "0.0.0.0", "--port", "9999", "--store", "memory:"]
    argv += ["--skill-id", "amzn1.ask.skill.a", "--skill-id", "amzn1.ask.skill.b,amzn1.ask.skill.c"]
    argv += ["--max-body", "2048", "--log-level", "warning"]
    assert main(argv) == 0
    assert (ran["host"], ran["port"]) == ("0.0.0.0", 9999)
    settings = ran["app"].extensions["back_routine"]
    assert settings.skill_ids == ("amzn1.ask.skill.a", "amzn1.ask.skill.b", "amzn1.ask.skill.c")
    assert (settings.store, settings.max_body, settings.log_level) == ("memory:", 2048, "WARNING")
    assert settings.verify is True




@pytest.mark.parametrize("server", ["serve", "gunicorn"])
@pytest.mark.integration  # a real server process
def test_a_real_server_answers_health_and_refuses_an_unsigned_post(server) -> None:
    pytest.importorskip("skill.factory")
    port = free_port()
    env = os.environ | {
        "SKILL_ID": SKILL_ID,
        "BACK_ROUTINE_STORE": "memory:",
        "BACK_ROUTINE_PORT": str(port),
    }
    if server == "serve":
        command = [str(VENV_BIN / "back-routine"), "serve", "--insecure-skip-verification"]
    else:
        pytest.importorskip("gunicorn")
        command = [str(VENV_BIN / "gunicorn"), "-b", f"127.0.0.1:{port}", "skill.web:create_app()"]
    process = subprocess.Popen(command, env=env, cwd=REPO, stderr=subprocess.PIPE, text=True)
    try:
        health = wait_until_up(f"http://127.0.0.1:{port}/health", process, lambda: process.communicate()[1])
        assert health == {"status": "ok"}
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", data=b"{}", method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(request, timeout=5)
        assert refused.value.code == 400
    finally:
        process.terminate()
        _, err = process.communicate(timeout=10)
    if server == "serve":
        assert "REQUEST VERIFICATION IS OFF" in err
