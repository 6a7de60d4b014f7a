"""tests/ holds the reference's own tests and the meta-tests that break fixtures on purpose."""

import sys
from pathlib import Path

import pytest

from shallow_proofs.properties import plugin

sys.path.insert(0, str(Path(__file__).parent))


def pytest_configure(config: pytest.Config) -> None:
    """The project's own tests are the suite's: the plugin is active for them, as for properties/ and gradcheck/."""
    plugin.activate(config)
