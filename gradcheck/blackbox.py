"""Black-box mode: any cost J(parameters) -> float, such as the course's compute_cost after forward_propagation.

No structure to exploit: every perturbed cost is one call, so the pairs (t, k) that scipy asks for are evaluated in
a loop (the course's networks are small). The plain cost on A2 carries absolute rounding about eps (|J| + 1) per call
(log A2 of a rounded A2 errs by about eps); that is the noise of one evaluation, summed over m examples with the
Hoeffding factor of gradcheck.network.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import numpy as np
from numpy.typing import ArrayLike

from shallow_proofs.gradcheck.differences import STENCIL_GAIN, Array, Index, partials
from shallow_proofs.gradcheck.network import EPS, HOEFFDING, STEP
from shallow_proofs.gradcheck.result import Check, compare

Cost = Callable[[dict[str, Array]], float]


def check_black_box(
    cost: Cost,
    parameters: Mapping[str, ArrayLike],
    grads: Mapping[str, ArrayLike],
    *,
    step: float = STEP,
) -> dict[str, Check]:
    """Each d<key> in grads against d/dt cost(parameters with key[k] + t), element by element (equation L09.d<key>)."""
    params = {key: np.array(value, dtype=np.float64) for key, value in parameters.items()}
    J = float(cost(params))
    noise = HOEFFDING * EPS * (abs(J) + 1.0)
    checks = {}
    for key, value in params.items():

        def f(t: Array, k: Index, key: str = key, value: Array = value) -> Array:
            t, k = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(k))
            out = np.empty(t.shape)
            for index in np.ndindex(t.shape):
                moved = dict(params)
                moved[key] = value.copy()
                moved[key].flat[k[index]] += t[index]
                out[index] = float(cost(moved)) - J
            return out

        result = partials(f, value.size, step)
        error = np.where(result.usable, result.error, np.inf).reshape(value.shape)
        rounding = (STENCIL_GAIN * noise / result.final_step).reshape(value.shape)
        numerical = result.df.reshape(value.shape)
        analytic = np.asarray(grads["d" + key], dtype=np.float64)
        terms = sum(v.shape[-1] for v in params.values())
        checks["d" + key] = compare(f"L09.d{key}", "d" + key, analytic, numerical, error, terms, rounding)
    return checks
