"""Rounding-error bounds from eps, and comparisons whose failure message names the worst element.

The standard bound for a sum or dot product of n terms computed in floating point (Higham, Accuracy and Stability of
Numerical Algorithms, eq. 3.5): abs(fl(a . b) - a . b) <= gamma(n) * (abs(a) . abs(b)), gamma(n) = n u / (1 - n u),
with unit roundoff u = eps / 2. Two computations of the same quantity by different routes differ by at most twice that.
Where products underflow, each may also lose an absolute TINY / 2 (the standard model with gradual underflow:
fl(x y) = x y (1 + delta) + eta, |eta| <= TINY / 2, TINY the smallest subnormal; sums of subnormals are exact).

eps is that of the precision the implementation under test computes in: float64's, or float32's for an
implementation that computes in float32 (COURSE.md: judged with float32's precision). Against a float64 oracle the
bounds still hold: the oracle's own rounding is far below float32's, and rounding the inputs to float32 adds one
rounding per operand, within the factor 2 of two evaluations.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from shallow_proofs.properties.impl import current

EPS = current().eps
UNIT_ROUNDOFF = EPS / 2
TINY = float(np.finfo(current().dtype).smallest_subnormal)


def gamma(n: int) -> float:
    """gamma(n) = n u / (1 - n u): the relative error bound of n floating-point operations in sequence."""
    return n * UNIT_ROUNDOFF / (1 - n * UNIT_ROUNDOFF)


def product_bound(A: Any, B: Any, extra_operations: int = 2) -> np.ndarray[Any, Any]:
    """Bound on the difference of two floating-point evaluations of A @ B (then up to two scalings, e.g. by 1/m)."""
    n = np.shape(A)[-1]
    return 2 * gamma(n + extra_operations) * (np.abs(A) @ np.abs(B)) + (n + extra_operations) * TINY


def sum_bound(A: Any, extra_operations: int = 2) -> np.ndarray[Any, Any]:
    """Bound on the difference of two evaluations of np.sum(A, axis=1, keepdims=True) (then up to two scalings)."""
    n = np.shape(A)[-1]
    return 2 * gamma(n + extra_operations) * np.abs(A).sum(axis=-1, keepdims=True) + extra_operations * TINY


@dataclass(frozen=True)
class Mismatch:
    """The parts of assert_within's failure, for the learner's report: the claim, the equation, the quantity's name,
    the worst element's index, the implementation's and the expected value there, and the bound (for a wrong shape:
    the index is None and actual and expected are the shapes). The AssertionError carries it as ``.mismatch``."""

    claim: str
    equation: str
    name: str
    index: tuple[int, ...] | None
    actual: Any
    expected: Any
    bound: float | None

    @property
    def record(self) -> dict[str, Any]:
        """As plain data (it travels in a test's user_properties, also under pytest-xdist)."""
        shape = self.index is None
        return {
            "claim": self.claim,
            "equation": self.equation,
            "name": self.name,
            "index": None if self.index is None else list(self.index),
            "actual": list(self.actual) if shape else self.actual,
            "expected": list(self.expected) if shape else self.expected,
            "bound": self.bound,
        }


def failure(message: str, mismatch: Mismatch) -> AssertionError:
    """An AssertionError with the message, carrying its parts as ``.mismatch`` and, as ``.calls``, the snapshot of the
    implementation's last calls: those of this example (Hypothesis runs several explicit examples before it raises)."""
    error = AssertionError(message)
    error.mismatch = mismatch  # type: ignore[attr-defined]
    error.calls = current().log.snapshot()  # type: ignore[attr-defined]
    return error


def assert_within(claim: str, equation: str, actual: Any, expected: Any, bound: Any, name: str = "") -> None:
    """Assert abs(actual - expected) <= bound element-wise; on failure name the claim, equation and worst element
    (the AssertionError carries them as a :class:`Mismatch`)."""
    actual, expected = np.asarray(actual, dtype=np.float64), np.asarray(expected, dtype=np.float64)
    if actual.shape != expected.shape:
        raise failure(
            f"{claim}: {equation}: {name} has shape {actual.shape} (implementation), expected {expected.shape}",
            Mismatch(claim, equation, name, None, actual.shape, expected.shape, None),
        )
    error = np.abs(actual - expected)
    excess = error - np.broadcast_to(bound, error.shape)
    if error.size == 0 or np.all(excess <= 0):
        return
    flat = np.argmax(np.where(np.isnan(excess), np.inf, excess))
    worst = tuple(int(i) for i in np.unravel_index(flat, error.shape))
    got, want = float(actual[worst]), float(expected[worst])
    limit = float(np.broadcast_to(bound, error.shape)[worst])
    raise failure(
        f"{claim}: {equation}: {name}{list(worst)}: implementation {got!r}, expected {want!r}, "
        f"abs error {error[worst]:.3e} > bound {limit:.3e}",
        Mismatch(claim, equation, name, worst, got, want, limit),
    )


def assert_exact(claim: str, equation: str, actual: Any, expected: Any, name: str = "") -> None:
    """Assert bit-for-bit equality (same shape, same values); on failure name the worst element."""
    assert_within(claim, equation, actual, expected, 0.0, name)
