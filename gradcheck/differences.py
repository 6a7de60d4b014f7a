"""Partial derivatives of a scalar function of many variables, by scipy.differentiate.derivative, in chunks.

The function is given element-wise: ``f(t, k)`` is J(theta + t e_k) - J(theta) for arrays t (steps) and k (indices of
the variables), broadcast together. scipy.differentiate.derivative differentiates it in t at t = 0 for ``chunk``
indices at a time, so memory stays O(chunk x stencil x cost of one evaluation) whatever the number of variables.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.differentiate import derivative

Array = NDArray[np.float64]
Index = NDArray[np.intp]
Partial = Callable[[Array, Index], Array]

ORDER = 4
STENCIL_GAIN = 3.0  # sum of |weights| x h of the order-4 central stencil on +-h, +-h/2: (16 + 2) / 6
STEP_FACTOR = 2.0
MAXITER = 8
RTOL = 1e-12
CHUNK = 4096


class Derivatives(NamedTuple):
    """scipy's derivatives df, error estimates and final steps, one per variable, and whether each is usable."""

    df: Array
    error: Array
    final_step: Array
    usable: NDArray[np.bool_]


def partials(
    f: Partial,
    count: int,
    initial_step: ArrayLike,
    *,
    chunk: int = CHUNK,
    order: int = ORDER,
    step_direction: int = 0,
) -> Derivatives:
    """d/dt f(t, k) at t = 0 for k = 0 .. count - 1, ``chunk`` at a time.

    ``initial_step`` (a number, or one per variable) is the largest step of the stencil: callers choose it so that
    J is smooth within it. Iteration stops once scipy's error estimate is below RTOL relative (or when it grows,
    rounding having taken over). ``step_direction`` +1 or -1 gives one-sided differences.
    """
    steps = np.broadcast_to(np.asarray(initial_step, dtype=np.float64), (count,))
    df, error, final_step = np.empty(count), np.empty(count), np.empty(count)
    usable = np.empty(count, dtype=bool)
    for start in range(0, count, chunk):
        k = np.arange(start, min(start + chunk, count))
        result = derivative(
            f,
            np.zeros(k.size),
            args=(k,),
            order=order,
            initial_step=steps[k],
            step_factor=STEP_FACTOR,
            maxiter=MAXITER,
            step_direction=step_direction,
            tolerances={"rtol": RTOL, "atol": 0.0},
        )
        df[k], error[k] = result.df, result.error
        final_step[k] = steps[k] / STEP_FACTOR ** (result.nit - 1)
        usable[k] = result.status >= -2  # converged, error grew (rounding took over) or maxiter: not non-finite
    return Derivatives(df, error, final_step, usable)
