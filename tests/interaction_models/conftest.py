"""Fixtures of the unit tests: the committed manifest and interaction models."""

from __future__ import annotations

import json

import pytest

from skill.tools.model_build import locales, model_path
from skill.tools.skill_package import manifest_path


@pytest.fixture()
def envelope():
    """interaction_models/skill.json, fresh for each test (tests change it)."""
    return json.loads(manifest_path().read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def models():
    """Every committed interaction model, by locale."""
    return {loc: json.loads(model_path(loc).read_text(encoding="utf-8")) for loc in locales()}
