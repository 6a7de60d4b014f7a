"""stable.cost: gradient checks run on the cost from the logits, so a correct gradient at saturated outputs (A2
rounding to 0 or 1, |Z2| around 40) raises no false alarm, where the plain cost on A2 is inf or has lost every digit."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_parameters
from shallow_proofs.gradcheck.tests.problems import network, require_float64


@pytest.mark.proves("stable.cost", "L09.dW1", "L09.dW2")
@pytest.mark.checks("backward_propagation")
def test_no_false_alarm_at_saturation(impl, evidence):
    require_float64(impl)
    X, Y, parameters = network("tanh", n_x=3, n_h=4, m=6)
    parameters = {**parameters, "W2": 40.0 * np.sign(parameters["W2"]), "b2": np.zeros((1, 1))}
    A2, cache = impl.forward(X, parameters)
    lost = np.minimum(A2, 1.0 - A2) <= np.finfo(np.float64).eps
    assert np.any(lost), f"the network should saturate (1 - A2 or A2 within eps of 0); A2 = {A2}"
    checks = check_parameters(X, Y, parameters, impl.backward(parameters, cache, X, Y))
    evidence(max_rel_error=max(c.max_rel_error for c in checks.values()))
    failed = [check.message for check in checks.values() if not check.passed]
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)
