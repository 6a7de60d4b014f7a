"""gradcheck.differences.gain: G, the sum of |weights| x h of scipy's own stencils, measured on scipy.

scipy.differentiate.derivative is linear in the values of f: the derivative of the indicator of one stencil point
is that point's weight. A rounding error of at most delta in each value then errs the difference quotient by at
most G delta / h, the bound gradcheck.result's tolerance uses.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.differentiate import derivative

from shallow_proofs.gradcheck.differences import STEP_FACTOR, gain

EPS = float(np.finfo(np.float64).eps)


def stencil_weights(order: int, step_direction: int) -> np.ndarray:
    """The weights of scipy's first stencil (step h = 1) for the derivative at 0."""
    probed: list[np.ndarray] = []

    def record(t):
        probed.append(np.ravel(t).copy())
        return np.zeros_like(t)

    def first_estimate(f) -> float:
        options = {"order": order, "initial_step": 1.0, "step_factor": STEP_FACTOR, "step_direction": step_direction}
        return float(derivative(f, 0.0, maxiter=1, **options).df)

    first_estimate(record)
    nodes = np.unique(np.concatenate(probed))
    return np.array([first_estimate(lambda t, node=node: np.where(t == node, 1.0, 0.0)) for node in nodes])


@pytest.mark.parametrize(("order", "step_direction"), [(2, 0), (4, 0), (6, 0), (2, 1), (2, -1)])
def test_gain_is_the_sum_of_the_stencils_absolute_weights(order, step_direction):
    weights = stencil_weights(order, step_direction)
    measured = float(np.sum(np.abs(weights)))
    bound = weights.size * EPS * measured  # each weight of scipy's is rounded once or twice
    assert abs(gain(order, step_direction) - measured) <= bound, (
        f"G = sum |w_i| h (order {order}, step_direction {step_direction}): gain {gain(order, step_direction)!r}, "
        f"scipy's weights give {measured!r}"
    )
