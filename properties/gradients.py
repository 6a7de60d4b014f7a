"""The gradient's two truths, and what they say together.

- *correct*: backward_propagation, given the notes' cache, against finite differences of the notes' network
  (gradcheck/tests/test_gradient.py, marked ``truth("correct")``);
- *consistent*: backward_propagation, given the implementation's own cache, against finite differences of the
  implementation's own compute_cost after its forward_propagation (gradcheck/tests/test_course_style.py, marked
  ``truth("consistent")``).

Consistent but incorrect: the gradient of a wrong cost or a wrong forward pass. Correct but inconsistent: the
implementation's own cost or forward pass is not the notes' (a cost without 1/m). Which of the two is wrong is read
from the function verdicts (properties/functions.py), never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from shallow_proofs.properties.document import Result
from shallow_proofs.properties.functions import ERROR, MISSING, WRONG, FunctionVerdict

CORRECT, CONSISTENT = "correct", "consistent"
TRUTHS = (CORRECT, CONSISTENT)
HELD, FAILED, NOT_SHOWN = "held", "failed", "not shown"
PREMISES = ("forward_propagation", "compute_cost")


def outcome(results: Sequence[Result], truth: str) -> str:
    """held: every test of this truth that applies ran and passed (one at least); failed: one failed; else not shown
    (none applied, or one did not run)."""
    outcomes = {result.outcome for result in results if result.truth == truth} - {"skipped"}
    if "failed" in outcomes:
        return FAILED
    return HELD if outcomes == {"passed"} else NOT_SHOWN


def culprits(by_function: Mapping[str, FunctionVerdict]) -> str:
    """The premises of the consistent truth judged wrong, with their verdicts; empty when none is."""
    wrong = [name for name in PREMISES if name in by_function and by_function[name].verdict in (WRONG, ERROR, MISSING)]
    return ", ".join(f"{name} ({by_function[name].verdict})" for name in wrong)


def reading(correct: str, consistent: str, by_function: Mapping[str, FunctionVerdict]) -> str:
    """What the two truths say together."""
    named = culprits(by_function)
    premise = named or "compute_cost or forward_propagation (neither is judged wrong by its own tests)"
    if NOT_SHOWN in (correct, consistent):
        return "not both shown: the two truths are read together only when both checks ran"
    if correct == consistent == HELD:
        return "backward_propagation is the notes' gradient, and the gradient of the implementation's own cost"
    if correct == HELD:
        return (
            "correct but inconsistent: backward_propagation is the notes' gradient, but not the gradient of the "
            f"implementation's own compute_cost after forward_propagation, so the cost or the forward pass is wrong: "
            f"{premise}"
        )
    if consistent == HELD:
        return (
            "consistent but incorrect: backward_propagation is the gradient of the implementation's own compute_cost "
            f"after forward_propagation, which is not the notes' network: {premise}"
        )
    return "backward_propagation is wrong: neither the notes' gradient nor the gradient of its own cost"


def truths(results: Sequence[Result], by_function: Mapping[str, FunctionVerdict]) -> dict[str, str]:
    """The JSON report's ``gradients`` field: each truth's outcome, and the reading."""
    found = {truth: outcome(results, truth) for truth in TRUTHS}
    return {**found, "reading": reading(found[CORRECT], found[CONSISTENT], by_function)}


def section(found: Mapping[str, str]) -> list[str]:
    """The proof document's lines on the two truths."""
    return [
        "## The gradient's two truths",
        "",
        f"- correct (backward_propagation on the notes' cache, against the notes' network): {found[CORRECT]}",
        f"- consistent (against the implementation's own compute_cost after forward_propagation): {found[CONSISTENT]}",
        f"- {found['reading']}",
        "",
    ]
