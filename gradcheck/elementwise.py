"""Element-wise functions such as the activations g (L08): g'(z) against scipy's derivative of g at each z.

One evaluation of g at z + s rounds by at most about eps (|g(z + s)| + |z| |g'|); that is the noise the verdict's
tolerance amplifies by the stencil (gradcheck.result). Refinement stops at the resolution of gradcheck.notes.
``step_direction`` +1 or -1 gives one-sided differences, which is how the slopes on either side of a kink are
measured.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from numpy.typing import ArrayLike

from shallow_proofs.gradcheck.differences import gain, partials
from shallow_proofs.gradcheck.network import EPS, Array
from shallow_proofs.gradcheck.notes import RESOLUTION
from shallow_proofs.gradcheck.result import SAFETY, Check, compare


def check_elementwise(
    equation: str,
    name: str,
    g: Callable[[Array], ArrayLike],
    slopes: ArrayLike,
    z: ArrayLike,
    initial_step: ArrayLike,
    *,
    step_direction: int = 0,
) -> Check:
    """The analytic ``slopes`` g'(z) against the derivative of g at every element of z (gradcheck.differences)."""
    z = np.asarray(z, dtype=np.float64).ravel()
    g_z = np.asarray(g(z), dtype=np.float64)

    def f(t: Array, k: Array) -> Array:
        t, k = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(k).astype(np.intp))
        return np.asarray(np.asarray(g(z[k] + t), dtype=np.float64) - g_z[k])

    order = 2
    result = partials(
        f,
        np.arange(z.size),
        initial_step,
        atol=0.0,
        rtol=RESOLUTION / SAFETY,
        order=order,
        step_direction=step_direction,
    )
    noise = EPS * (np.abs(g_z) + np.abs(z) + 1.0)
    error = np.where(result.finite, result.error, np.inf)
    rounding = gain(order, step_direction) * noise / result.final_step
    return compare(equation, name, np.asarray(slopes).ravel(), result.df, error, 1, rounding)
