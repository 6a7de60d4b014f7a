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
from scipy.differentiate import derivative

from shallow_proofs.gradcheck.differences import MAXITER, STEP_FACTOR, gain
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
    """The analytic ``slopes`` g'(z) against scipy.differentiate.derivative of g at every element of z."""
    z = np.asarray(z, dtype=np.float64)
    result = derivative(
        lambda x: np.asarray(g(x), dtype=np.float64),
        z,
        initial_step=initial_step,
        order=2,
        step_factor=STEP_FACTOR,
        maxiter=MAXITER,
        step_direction=step_direction,
        tolerances={"rtol": RESOLUTION / SAFETY, "atol": 0.0},
    )
    final_step = np.asarray(initial_step) / STEP_FACTOR ** (result.nit - 1)
    noise = EPS * (np.abs(np.asarray(g(z), dtype=np.float64)) + np.abs(z) + 1.0)
    error = np.where(result.status >= -2, result.error, np.inf)
    return compare(
        equation, name, np.asarray(slopes), result.df, error, 1, gain(2, step_direction) * noise / final_step
    )
