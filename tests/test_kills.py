"""KILLS.md, the kill matrix of the bug zoo, is current: tests/kills.py's check, which runs no mutant (a second or so).

``tox -e kills`` regenerates it; here its fingerprint is recomputed and its rows and verdict columns are compared with
the pins of tests/mutants.py. The negative controls show that the check fails on a stale file: one written for another
tree (its fingerprint), one whose rows are not the zoo's, one whose verdict cells are not the pins.
"""

from __future__ import annotations

import kills
import pytest

import mutants


@pytest.fixture(scope="module")
def committed() -> str:
    assert kills.KILLS.is_file(), f"{kills.STALE}: {kills.KILLS} does not exist"
    return kills.KILLS.read_text()


def test_kills_md_is_current(committed: str) -> None:
    problems = kills.stale(committed)
    assert not problems, "\n".join(problems)


def test_a_file_of_another_tree_is_stale(committed: str) -> None:
    line = next(line for line in committed.splitlines() if line.startswith(kills.FINGERPRINT))
    problems = kills.stale(committed.replace(line, f"{kills.FINGERPRINT}{'0' * 64} -->"))
    assert problems[0] == kills.STALE and any("fingerprint" in p for p in problems), problems


def test_a_file_without_a_mutant_is_stale(committed: str) -> None:
    first = next(iter(mutants.MUTANTS))
    rows = [line for line in committed.splitlines() if not line.startswith(f"| {first} |")]
    problems = kills.stale("\n".join(rows))
    assert problems[0] == kills.STALE and any("rows are not the mutants" in p for p in problems), problems


def test_a_verdict_cell_that_is_not_the_pin_is_stale(committed: str) -> None:
    """A function column blanked (a kill missing) and a claim cell added (a refutation not pinned)."""
    name = next(n for n, m in mutants.MUTANTS.items() if m.functions)
    lines = committed.splitlines()
    index = next(i for i, line in enumerate(lines) if line.startswith(f"| {name} |"))
    cells = lines[index].split(" | ")
    cells[2:10] = [""] * 8  # the eight function columns, after the mutant and what it breaks
    lines[index] = " | ".join(cells)
    problems = kills.stale("\n".join(lines))
    assert problems[0] == kills.STALE and any(p.startswith(f"{name}: function verdicts") for p in problems), problems
    claims_row = max(i for i, line in enumerate(lines) if line.startswith(f"| {name} |"))
    lines[claims_row] = lines[claims_row].replace(" |  |", " | T1 |", 1)
    problems = kills.stale("\n".join(lines))
    assert any(p.startswith(f"{name}: refuted") for p in problems), problems
