"""A pytest plugin for the mutation runs: run only the tests listed (one node id a line) in the file named by
$MUTATION_ONLY, in collection order; the others are deselected. Loaded with ``-p only`` (PYTHONPATH=mutation)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ENV = "MUTATION_ONLY"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    listed = os.environ.get(ENV)
    if not listed:
        return
    wanted = set(Path(listed).read_text().splitlines())
    kept = [item for item in items if item.nodeid in wanted]
    config.hook.pytest_deselected(items=[item for item in items if item.nodeid not in wanted])
    items[:] = kept
