"""``prove --quick`` gives the gate profile's verdict on every function: on the correct fixtures and on the bug zoo.

Each side is one ``shallow-proofs prove`` run (the file in a worker, as a learner's) with its JSON report, and the
verdicts of the eight functions must be equal. The gate side costs about a minute per file on this machine (2 shared
cores), so the default run checks the correct course-style fixture and two mutants (one wrong equation, one shape
slip); ``SHALLOW_PROOFS_AGREEMENT=all`` (``tox -e agreement``) checks both fixtures and all of tests/mutants.py.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from proving import mutant, prove

import mutants

IMPLS = Path(__file__).parent / "impls"
ALL = os.environ.get("SHALLOW_PROOFS_AGREEMENT") == "all"
FIXTURES = ("course_style.py", "extended.py") if ALL else ("course_style.py",)
MUTANTS = sorted(mutants.MUTANTS) if ALL else ["dW1_no_1_over_m", "db1_no_keepdims"]


def disagreements(quick: dict[str, str], gate: dict[str, str]) -> dict[str, tuple[str, str]]:
    return {name: (quick[name], gate[name]) for name in gate if quick.get(name) != gate[name]}


def both(path: Path) -> tuple[dict[str, str], dict[str, str]]:
    quick = prove(path, "--quick").verdicts()
    gate = prove(path, pytest_args=("--hypothesis-profile=gate",)).verdicts()
    return quick, gate


@pytest.mark.parametrize("fixture", FIXTURES)
def test_quick_and_gate_agree_on_a_correct_fixture(fixture: str) -> None:
    quick, gate = both(IMPLS / fixture)
    assert set(gate.values()) == {"correct"}, gate
    assert not disagreements(quick, gate), f"{fixture}: (quick, gate) {disagreements(quick, gate)}"


@pytest.mark.parametrize("name", MUTANTS)
def test_quick_and_gate_agree_on_a_mutant(name: str) -> None:
    quick, gate = both(mutant(name))
    assert not disagreements(quick, gate), f"{name}: (quick, gate) {disagreements(quick, gate)}"


def test_the_comparison_sees_a_different_verdict() -> None:
    """Negative control: the correct fixture's verdicts against a mutant's differ, by the function it breaks."""
    correct = prove(IMPLS / "course_style.py", "--quick").verdicts()
    broken = prove(mutant("dW1_no_1_over_m"), "--quick").verdicts()
    assert disagreements(broken, correct)["backward_propagation"] == ("wrong", "correct")
