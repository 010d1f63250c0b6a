"""Fixtures for the web tests; the helpers themselves live in web_support.py."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest

# The helpers are imported as a top-level module ``web_support``, by this file and by the
# test modules alike (whatever pytest's import mode), so that there is one copy of them.
sys.path.insert(0, str(Path(__file__).parent))
from web_support import CERT_URL, SKILL_ID, Client, Clock, FakeSkill, Fetcher, Pki

from skill.web import create_app
from skill.web.verify import Verifier


@pytest.fixture(scope="session")
def pki() -> Pki:
    return Pki()


@pytest.fixture
def fetcher(pki: Pki) -> Fetcher:
    return Fetcher({CERT_URL: pki.chain()})


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def verifier(pki: Pki, fetcher: Fetcher, clock: Clock) -> Verifier:
    return Verifier(roots=[pki.root], fetch=fetcher, now=clock)


@pytest.fixture
def fake_skill() -> FakeSkill:
    return FakeSkill()


@pytest.fixture
def make_client(pki: Pki, fake_skill: FakeSkill, verifier: Verifier, monkeypatch):
    for var in ("SKILL_ID", "BACK_ROUTINE_VERIFY", "BACK_ROUTINE_MAX_BODY", "BACK_ROUTINE_STORE"):
        monkeypatch.delenv(var, raising=False)

    def make(**config: Any) -> Client:
        config = {"SKILL": fake_skill, "VERIFIER": verifier, "SKILL_ID": SKILL_ID} | config
        return Client(create_app(config).test_client(), pki)

    return make


@pytest.fixture
def client(make_client) -> Client:
    return make_client()
