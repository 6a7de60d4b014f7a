"""The evidence behind a function's verdict, for the learner's report: the failed test, the claim and the equation it
checks, the call that reproduces the failure (the shrunk example: Hypothesis runs it last), the expected and the
actual value.

``functions[name]["evidence"]`` in the JSON report: ``{"test", "claim", "equation", "call", "quantity", "expected",
"actual", "bound", "message"}``. ``quantity`` names the compared element (``dW1[0, 1]``, or ``dW1's shape``);
``expected`` and ``actual`` are the values there (the shapes, for a wrong shape), ``bound`` the largest difference
that rounding explains (properties/bounds.py). A failure that is no comparison (an exception, a plain assert) has
empty ``quantity``, ``expected`` and ``actual``; its ``message`` says what failed.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shallow_proofs.properties import faults
from shallow_proofs.properties.claims import BY_ID
from shallow_proofs.properties.document import Result

MESSAGE_LINES = 6


def values(mismatch: dict[str, Any]) -> dict[str, Any]:
    """quantity, expected, actual and bound of an assert_within failure (all empty without one)."""
    if not mismatch:
        return {"quantity": "", "expected": "", "actual": "", "bound": None}
    name = mismatch["name"] or "the value"
    if mismatch["index"] is None:
        shapes = (tuple(mismatch["expected"]), tuple(mismatch["actual"]))
        return {"quantity": f"{name}'s shape", "expected": str(shapes[0]), "actual": str(shapes[1]), "bound": None}
    index = ", ".join(str(i) for i in mismatch["index"])
    quantity = f"{name}[{index}]" if index else name
    return {
        "quantity": quantity,
        "expected": repr(mismatch["expected"]),
        "actual": repr(mismatch["actual"]),
        "bound": mismatch["bound"],
    }


def consequence(result: Result) -> bool:
    """Whether the test failed only on calls not made after earlier crashes or hangs (faults.NotCalled): the learner
    is shown the crash or hang itself, with its place in the code."""
    return bool(result.faults) and all(fault["kind"] == faults.NotCalled.kind for fault in result.faults)


def simplest(results: Sequence[Result], name: str) -> Result:
    """Of the failed tests charged to name, the one whose failure is easiest to reproduce: a failure of its own
    before a call not made, a comparison (an expected and an actual value) before any other failure, then the
    shortest call of name."""
    return min(results, key=lambda r: (consequence(r), not r.mismatch, name not in r.texts, len(r.texts.get(name, ""))))


def evidence(result: Result, name: str) -> dict[str, Any]:
    """The evidence that result (a failed test) gives against function name."""
    mismatch = result.mismatch
    claim = mismatch.get("claim") or next(iter(result.refutes or result.claims), "")
    statement = BY_ID[claim].statement if claim in BY_ID else ""
    text = result.counterexample
    for marker in ("Falsifying example", "Failing explicit example"):
        text = text.split(marker, 1)[0]
    message = text.strip().splitlines()[:MESSAGE_LINES]
    return {
        "test": result.nodeid,
        "claim": claim,
        "equation": mismatch.get("equation") or statement,
        "call": result.texts.get(name, ""),
        **values(mismatch),
        "message": "\n".join(message),
    }
