"""L09 through the course's API alone: the four gradients of backward_propagation against finite differences of
compute_cost after forward_propagation, the implementation treated as a black box: the gradient's *consistent* truth
(its *correct* truth, against the notes' network, is test_gradient.py's). forward_propagation and compute_cost are
its premises: a cost without 1/m fails it, caused by compute_cost (properties/premises.py).

compute_cost works on A2, whose cross-entropy loses precision where A2 rounds near 0 or 1; the network is kept out
of saturation (weights of scale 0.5, inputs N(0, 1): |Z2| stays below about 5, where log A2 and log(1 - A2) keep
all but a few bits), and the tolerance counts the plain cost's rounding, bounded from its conditioning
(gradcheck.notes.plain_cost_noise) and measured (gradcheck.noise).
"""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_black_box
from shallow_proofs.gradcheck.notes import plain_cost_noise
from shallow_proofs.gradcheck.tests.problems import network, require_float64

GRADIENT = ("L09.dW1", "L09.db1", "L09.dW2", "L09.db2")


@pytest.mark.proves(*GRADIENT)
@pytest.mark.checks("backward_propagation")
@pytest.mark.truth("consistent")
@pytest.mark.parametrize(("n_x", "n_h", "m"), [(2, 4, 5), (3, 3, 3)], ids=["flower-like", "square"])
def test_backward_propagation_matches_compute_cost(impl, evidence, n_x, n_h, m):
    require_float64(impl)
    X, Y, parameters = network("tanh", n_x=n_x, n_h=n_h, m=m, scale=0.5)
    _, cache = impl.forward(X, parameters)
    grads = impl.backward(parameters, cache, X, Y)

    def cost(params):
        A2, _ = impl.forward(X, params)
        return impl.cost(A2, Y, params)

    for key, value in parameters.items():
        assert np.shape(grads["d" + key]) == value.shape, f"L09.shapes: d{key} has shape {np.shape(grads['d' + key])}"
    checks = check_black_box(cost, parameters, grads, noise=plain_cost_noise(X, Y, parameters))
    evidence(
        max_rel_error=max(c.max_rel_error for c in checks.values()),
        error_estimate=max(float(c.error_estimate.max()) for c in checks.values()),
    )
    failed = [check.message for check in checks.values() if not check.passed]
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)
