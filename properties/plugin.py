"""The suite's pytest plugin: the implementation under test, the Hypothesis profiles, and the proves marker."""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, Phase, settings

from properties import impl as implementation
from properties.claims import BY_ID

pytest_plugins = ["properties.proof"]  # the proof document and the gate

GATE_EXAMPLES = 100

settings.register_profile(
    "gate", derandomize=True, deadline=None, max_examples=GATE_EXAMPLES, print_blob=True, database=None
)
settings.register_profile("dev", max_examples=20, deadline=None)
settings.register_profile(
    "thorough", max_examples=10 * GATE_EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.register_profile(
    "mutation",
    derandomize=True,
    deadline=None,
    max_examples=GATE_EXAMPLES,
    database=None,
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("shallow-proofs")
    group.addoption(
        "--impl",
        default=None,
        help=f"implementation under test: a module name or a .py path (default: ${implementation.ENV} or reference)",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "proves(*claim_ids): the claims of the registry that this test proves")
    if not config.getoption("hypothesis_profile", default=None):
        profile = os.environ.get("HYPOTHESIS_PROFILE") or ("gate" if os.environ.get("CI") else "dev")
        settings.load_profile(profile)
    try:
        implementation.load(config.getoption("impl"))
    except (ImportError, FileNotFoundError, SyntaxError) as error:
        raise pytest.UsageError(f"cannot load the implementation under test: {error}") from error


def pytest_report_header(config: pytest.Config) -> list[str]:
    current = implementation.current()
    return [
        f"implementation under test: {current.target} ({current.path})",
        f"hypothesis profile: {settings._current_profile}",
    ]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    unknown = []
    for item in items:
        for mark in item.iter_markers("proves"):
            for claim in mark.args:
                if claim not in BY_ID:
                    unknown.append(f"{item.nodeid}: {claim!r}")
                item.user_properties.append(("proves", claim))
    if unknown:
        raise pytest.UsageError("proves marker names unknown claim ids:\n  " + "\n  ".join(unknown))


@pytest.fixture(scope="session")
def impl() -> implementation.Implementation:
    """The implementation under test."""
    return implementation.current()


@pytest.fixture
def evidence(request: pytest.FixtureRequest):
    """Record numbers for the proof document: ``evidence(max_rel_error=3e-12, error_estimate=1e-13)``."""

    def record(**values: float) -> None:
        request.node.user_properties.append(("evidence", {key: float(value) for key, value in values.items()}))

    return record
