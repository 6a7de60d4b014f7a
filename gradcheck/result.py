"""The outcome of one checked quantity: analytic against numerical, with a verdict whose tolerance is derived.

Tolerance, element by element (k indexes the flattened quantity):

.. math::
    |a_k - n_k| \\le \\tau_k = S\\, (e_k + r_k) + K\\, \\varepsilon\\, \\|n\\|_\\infty

- e_k is scipy.differentiate's error estimate for n_k (the change between its last two iterates). It measures
  truncation, but two iterates can agree by chance closer than their rounding noise, so r_k adds that noise:
  r_k = G delta_k / h_k, the rounding bound delta_k of one evaluation of Delta J (a multiple of eps stated by each
  quantity) amplified by the stencil (G = sum of |weights| x h) at the final step h_k. S = 4 is a safety factor.
- K eps ||n||_inf bounds the rounding of the analytic side: a gradient element is a sum of at most K products
  (K = number of summed terms, e.g. m + n_h), and summing K terms in float64 errs by at most about K eps times their
  magnitude (Higham, "Accuracy and Stability of Numerical Algorithms", eq. 4.4).

The reported relative error is normwise: max_k |a_k - n_k| / ||n||_inf, so that elements that vanish by cancellation
do not turn rounding noise into a relative error of 1.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[np.float64]

EPS = float(np.finfo(np.float64).eps)
SAFETY = 4.0


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
    passed: bool

    @property
    def message(self) -> str:
        """One line naming the equation, the parameter, the worst element and both numbers, labelled."""
        i = self.worst_index
        verdict = "passed" if self.passed else "FAILED"
        return (
            f"{self.equation}: {self.parameter}{list(i)} {verdict}: analytic {self.analytic[i]:.17g}, "
            f"numerical {self.numerical[i]:.17g} (scipy error estimate {self.error_estimate[i]:.3g}, "
            f"tolerance {self.tolerance[i]:.3g}); max abs error {self.max_abs_error:.3g}, "
            f"max rel error {self.max_rel_error:.3g}"
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
) -> Check:
    """Compare analytic with numerical values of the same shape; ``terms`` is K, ``rounding`` is r_k."""
    a = np.asarray(analytic, dtype=np.float64)
    n = np.asarray(numerical, dtype=np.float64)
    if a.shape != n.shape:
        raise ValueError(f"{equation}: {parameter} has shape {a.shape}; its parameter has shape {n.shape}")
    e = np.broadcast_to(np.asarray(error_estimate, dtype=np.float64), n.shape)
    scale = float(np.max(np.abs(n), initial=0.0))
    tolerance = SAFETY * (e + np.asarray(rounding, dtype=np.float64)) + max(terms, 1) * EPS * scale
    gap = np.abs(a - n)
    gap = np.where(np.isnan(gap), np.inf, gap)
    excess = gap - tolerance
    worst = np.unravel_index(int(np.argmax(excess)), a.shape) if a.size else ()
    max_abs = float(np.max(gap, initial=0.0))
    max_rel = max_abs / scale if scale > 0 else (0.0 if max_abs == 0 else np.inf)
    return Check(
        equation,
        parameter,
        a,
        n,
        np.array(e),
        tolerance,
        tuple(int(k) for k in worst),
        max_abs,
        max_rel,
        bool(np.all(gap <= tolerance)),
    )
