"""Which claim a failure refutes: a failure that a wrong premise explains is inconclusive, "caused by" that premise.

Each test *judges* some of the implementation's functions: those of its ``checks`` marker (none for ``checks()``: a
claim of the notes computed through the implementation), or else the one function its failure is charged to
(properties/functions.py). Its *premises* are the other functions it called (they computed
its inputs) and the functions that the judged ones call by name in their code. A failed test is inconclusive for
its claims, caused by every premise whose own verdict is wrong, error or missing; those verdicts come from the tests
that feed each function the oracle's inputs. A failed test with no such premise refutes its claims: its own judged
function is wrong.

So a cost without 1/m leaves the four gradient claims of a correct backward_propagation inconclusive, caused by
compute_cost (the finite differences of the implementation's own cost disagree with its gradients), and a wrong
backward_propagation leaves L09.descent, L07.xor and course.training inconclusive, caused by backward_propagation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from shallow_proofs.properties.document import Result
from shallow_proofs.properties.functions import ERROR, MISSING, WRONG, Charge, FunctionVerdict, closure
from shallow_proofs.properties.plugin import JUDGES_NONE

REFUTING = (WRONG, ERROR, MISSING)
"""The function verdicts that refute a premise."""


def charged_to(charges: Mapping[str, Sequence[Charge]]) -> dict[str, str]:
    """Each failed test's first charge: the function it is charged to (properties/functions.py's rules)."""
    first: dict[str, str] = {}
    for name, entries in charges.items():
        for charge in entries:
            first.setdefault(charge.test, name)
    return first


def judged(result: Result, charged: Mapping[str, str]) -> set[str]:
    """The functions whose results the test judges: its checks marker, else the function its failure is charged to."""
    if result.checks:
        return set(result.checks) - {JUDGES_NONE}
    return {charged[result.nodeid]} if result.nodeid in charged else set()


def attribute(
    results: Sequence[Result],
    by_function: Mapping[str, FunctionVerdict],
    charges: Mapping[str, Sequence[Charge]],
    dependencies: Mapping[str, Sequence[str]],
) -> None:
    """Set ``caused_by`` on every failed test: its premises that are refuted (module docstring)."""
    refuted = {name for name, verdict in by_function.items() if verdict.verdict in REFUTING}
    charged = charged_to(charges)
    for result in results:
        if result.outcome != "failed":
            continue
        mine = judged(result, charged)
        premises = set(result.calls) | {other for name in mine for other in closure(name, dependencies)}
        result.caused_by = tuple(sorted((premises - mine) & refuted))
