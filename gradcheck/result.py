"""The outcome of one checked quantity: analytic against numerical, with a verdict whose tolerance is derived.

Tolerance, element by element (k indexes the flattened quantity):

.. math::
    |a_k - n_k| \\le \\tau_k = S\\, e_k + r_k + K\\, \\varepsilon\\, \\|n\\|_\\infty

- e_k is scipy.differentiate's error estimate for n_k (the change between its last two iterates). It measures
  truncation, but two iterates can agree by chance closer than their rounding noise, so r_k adds that noise:
  r_k = G delta_k / h_k, the rounding bound delta_k of one evaluation of Delta f (stated by each function,
  gradcheck.function) amplified by the stencil (G = sum of |weights| x h) at the final step h_k. S = 4 is a safety
  factor.
- K eps ||n||_inf bounds the rounding of the analytic side: a gradient element is a sum of at most K products, and
  summing K terms errs by at most about K eps times their magnitude (Higham, "Accuracy and Stability of Numerical
  Algorithms", eq. 4.4). eps is the unit roundoff of the dtype the function computes in (float32 or float64).

An element is checked only where the differences settled: S e_k + r_k <= rho ||n||_inf, rho the resolution
(gradcheck.api). Elsewhere a kink or f's noise lies within the step; such an element is reported as not checkable,
and counted, never passed by a tolerance that has grown to hide errors. So a passed check detects every error above
rho ||n||_inf + K eps ||n||_inf in the elements it checked. A check with no element checked has its own verdict,
"not checked": it shows nothing, so it is neither passed nor failed.

The reported relative error is normwise: max_k |a_k - n_k| / ||n||_inf over the checked elements, so that elements
that vanish by cancellation do not turn rounding noise into a relative error of 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

EPS = float(np.finfo(np.float64).eps)
SAFETY = 4.0
CHECKED, KINK, NOISE, NOT_FINITE = 0, 1, 2, 3
REASONS = {
    KINK: "kink within the step",
    NOISE: "noise of f (or a kink) swamps the step",
    NOT_FINITE: "f not finite within the step",
}


@dataclass(frozen=True)
class Check:
    """Analytic and numerical values of one quantity, scipy's error estimate, the worst element and the verdict."""

    equation: str
    parameter: str
    analytic: Array
    numerical: Array
    error_estimate: Array
    tolerance: Array
    worst_index: tuple[int, ...]
    max_abs_error: float
    max_rel_error: float
    passed: bool  # at least one element checked, and every checked element within its tolerance
    unchecked: NDArray[np.int8]  # per element: CHECKED, or why it is not checkable here (KINK, NOISE, NOT_FINITE)

    @property
    def verdict(self) -> str:
        """passed, FAILED, or not checked (no element could be checked: nothing shown either way)."""
        if self.passed:
            return "passed"
        return "FAILED" if self.checked else "not checked"

    @property
    def checked(self) -> int:
        """How many elements were checked."""
        return int(np.count_nonzero(self.unchecked == CHECKED))

    @property
    def not_checkable(self) -> str:
        """'', or how many elements were not checkable here, and why."""
        counts = [(int(np.count_nonzero(self.unchecked == code)), text) for code, text in REASONS.items()]
        parts = [f"{count} {text}" for count, text in counts if count]
        return f"; not checkable here: {', '.join(parts)} (of {self.unchecked.size})" if parts else ""

    @property
    def message(self) -> str:
        """One line naming the equation, the parameter, the worst element and both numbers, labelled."""
        if not self.checked:
            return f"{self.equation}: {self.parameter} not checked: no element checked{self.not_checkable}"
        i = self.worst_index
        element = str(list(i)) if i else ""  # a 0-d quantity is its own element
        return (
            f"{self.equation}: {self.parameter}{element} {self.verdict}: analytic {self.analytic[i]:.17g}, "
            f"numerical {self.numerical[i]:.17g} (error estimate {self.error_estimate[i]:.3g}, "
            f"tolerance {self.tolerance[i]:.3g}); max abs error {self.max_abs_error:.3g}, "
            f"max rel error {self.max_rel_error:.3g}{self.not_checkable}"
        )

    def __bool__(self) -> bool:
        return self.passed


def compare(
    equation: str,
    parameter: str,
    analytic: ArrayLike,
    numerical: ArrayLike,
    error_estimate: ArrayLike,
    terms: int,
    rounding: ArrayLike = 0.0,
    *,
    eps: float = EPS,
    unchecked: ArrayLike | None = None,
) -> Check:
    """Compare analytic with numerical values of the same shape; ``terms`` is K, ``rounding`` is r_k."""
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numerical, dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"{equation}: {parameter} has shape {a.shape}; its parameter has shape {n.shape}")
    codes: NDArray[np.int8] = (
        np.zeros(n.shape, dtype=np.int8) if unchecked is None else np.asarray(unchecked, dtype=np.int8).reshape(n.shape)
    )
    used = codes == CHECKED
    e = np.broadcast_to(np.asarray(error_estimate, dtype=np.float64), n.shape)
    scale = float(np.max(np.abs(np.where(used, n, 0.0)), initial=0.0))
    tolerance = SAFETY * e + np.asarray(rounding, dtype=np.float64) + max(terms, 1) * eps * scale
    gap = np.abs(a - n)
    gap = np.where(np.isnan(gap), np.inf, gap)
    excess = np.where(used, gap - tolerance, -np.inf)
    worst = np.unravel_index(int(np.argmax(excess)), a.shape) if a.size else ()
    max_abs = float(np.max(np.where(used, gap, 0.0), initial=0.0))
    max_rel = max_abs / scale if scale > 0 else (0.0 if max_abs == 0 else np.inf)
    return Check(
        equation,
        parameter,
        a,
        n,
        np.array(e),
        np.asarray(tolerance),
        tuple(int(k) for k in worst),
        max_abs,
        max_rel,
        bool(np.any(used) and np.all(np.where(used, gap <= tolerance, True))),
        codes,
    )
