"""Fixtures shared by every test folder."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, settings
from support import TODAY

# Property tests run on shared, busy machines: no per-example deadline, no "too slow" check.
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")


@pytest.fixture
def memory_store():
    from skill.stores.memory import MemoryStore

    return MemoryStore()


@pytest.fixture
def make_skill(memory_store):
    from skill.factory import build_skill

    def make(store=None):
        return build_skill(store if store is not None else memory_store, today=lambda: TODAY)

    return make
