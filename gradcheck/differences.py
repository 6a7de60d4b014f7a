"""Derivatives of Delta f along many variables at once, by scipy.differentiate.derivative, in chunks.

A variable v is one (move, output) pair: the move is an element e_k of x (full mode) or a direction (directional
mode). ``f(t, v)`` is Delta f for the move of variable v by t, at that variable's output. scipy differentiates it in
t at t = 0 for ``chunk`` variables at a time, so memory stays O(chunk x stencil x one evaluation).

Refinement stops once scipy's error estimate is below ``atol`` (the resolution the check asks for, so the verdict
is decided), or when it grows (rounding has taken over), or after MAXITER iterations.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike
from scipy.differentiate import derivative

from shallow_proofs.gradcheck.layout import Array

ORDER = 2  # of a plain f, in float64 and float32 alike; where it does not settle, gradcheck.settle goes higher
STEP_FACTOR = 2.0
MAXITER = 8
CHUNK = 512  # variables per scipy call: the arrays of one call stay within a few MiB of cache
# sum of |weights| x h of scipy's central stencils: order 2 on +-h, order 4 adds +-h/2, order 6 adds +-h/4
STENCIL_GAIN = {2: 1.0, 4: 3.0, 6: 6.6}
ONE_SIDED_GAIN = {2: 4.0 + 4.0 * np.sqrt(2.0)}  # scipy's one-sided order-2 stencil: 0, h, h / sqrt(2)

Partial = Callable[[Array, Array], Array]


class Derivatives(NamedTuple):
    """scipy's derivatives, error estimates and final steps, one per variable, and whether each is finite."""

    df: Array
    error: Array
    final_step: Array
    finite: Array


def partials(
    f: Partial,
    variables: Array,
    initial_step: ArrayLike,
    *,
    atol: float = 0.0,
    rtol: float = 0.0,
    chunk: int = CHUNK,
    order: int = ORDER,
    step_direction: ArrayLike = 0,
) -> Derivatives:
    """d/dt f(t, v) at t = 0 for each v in ``variables``, ``chunk`` at a time; ``step_direction`` +1 or -1 is
    one-sided (one number, or one per variable). ``initial_step`` is one number or one per variable: the largest step
    of the stencil."""
    count = variables.size
    steps = np.broadcast_to(np.asarray(initial_step, dtype=np.float64), (count,))
    sides = np.broadcast_to(np.asarray(step_direction), (count,))
    df, error, final_step = np.empty(count), np.empty(count), np.empty(count)
    finite = np.empty(count, dtype=bool)
    for start in range(0, count, chunk):
        part = slice(start, min(start + chunk, count))
        with np.errstate(invalid="ignore", over="ignore"):
            result = derivative(
                f,
                np.zeros(part.stop - part.start),
                args=(variables[part],),
                order=order,
                initial_step=steps[part],
                step_factor=STEP_FACTOR,
                maxiter=MAXITER,
                step_direction=sides[part],
                tolerances={"atol": atol, "rtol": rtol},
            )
        df[part], error[part] = result.df, result.error
        final_step[part] = steps[part] / STEP_FACTOR ** (result.nit - 1)
        finite[part] = (result.status >= -2) & np.isfinite(result.df) & np.isfinite(result.error)
    return Derivatives(df, error, final_step, finite)


def higher(order: int) -> int:
    """The next order of central differences (up to 6), for a retry of differences that did not settle."""
    return min(order + 2, max(STENCIL_GAIN))


def gain(order: int, step_direction: int) -> float:
    """G: the rounding delta of each Delta f becomes at most G delta / h in the difference quotient."""
    return float((STENCIL_GAIN if step_direction == 0 else ONE_SIDED_GAIN)[order])
