"""Fixtures shared by every test folder, the hypothesis profiles and ``--fuzz-examples``.

Hypothesis runs every property test on the ``project`` profile. The fuzz tests (marked
``fuzz``, see strategies.fuzz_test) run on the ``fuzz`` profile instead, with
``--fuzz-examples N`` examples each, else ``$FUZZ_EXAMPLES``, else ``CI_EXAMPLES``. The
option is declared here, in the conftest pytest loads before it reads the command line,
so it works whatever the command line names (``pytest -m fuzz --fuzz-examples 5000``).
"""

from __future__ import annotations

import os
from types import SimpleNamespace

import pytest
from hypothesis import HealthCheck, settings
from support import TODAY

CI_EXAMPLES = 150

# Property tests run on shared, busy machines: no per-example deadline, no "too slow" check.
settings.register_profile("project", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("project")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--fuzz-examples",
        type=int,
        default=None,
        metavar="N",
        help=f"examples per fuzz test (default: $FUZZ_EXAMPLES, else {CI_EXAMPLES})",
    )


def fuzz_examples(config: pytest.Config) -> int:
    try:
        count = config.getoption("fuzz_examples", default=None)
    except ValueError:  # the option was registered after the command line was parsed
        count = None
    if count is None:
        try:
            count = int(os.environ.get("FUZZ_EXAMPLES") or CI_EXAMPLES)
        except ValueError:
            raise pytest.UsageError("FUZZ_EXAMPLES must be a whole number") from None
    if count < 1:
        raise pytest.UsageError("--fuzz-examples / FUZZ_EXAMPLES must be at least 1")
    return count


def pytest_configure(config: pytest.Config) -> None:
    settings.register_profile(
        "fuzz",
        deadline=None,
        max_examples=fuzz_examples(config),
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    )


def pytest_report_header(config: pytest.Config) -> str:
    return f"fuzz examples per test: {fuzz_examples(config)}"


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


@pytest.fixture(scope="session")
def fuzz() -> SimpleNamespace:
    """The fuzz strategies (strategies.make_strategies), built once per session."""
    from strategies import make_strategies

    return make_strategies()
