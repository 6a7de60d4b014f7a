"""check_quantity on the reference's backpropagation, away from kinks: every element of every quantity is checked
(a check that checks nothing passes, so the suite's L09 tests alone cannot tell), and an error of 1e-6 fails."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import Point, check_quantity
from shallow_proofs.gradcheck.tests.problems import network
from shallow_proofs.reference import network as reference

QUANTITIES = {
    "dZ2": Point.Z2_free,
    "dW2": Point.W2,
    "db2": Point.b2,
    "dA1": Point.A1_free,
    "dZ1": Point.Z1_free,
    "dW1": Point.W1,
    "db1": Point.b1,
}
SABOTAGE = 1e-6


@pytest.mark.parametrize("activation", ["tanh", "sigmoid", "relu", "leaky_relu"])
@pytest.mark.parametrize("name", list(QUANTITIES))
def test_every_element_is_checked_and_an_error_fails(name, activation):
    X, Y, parameters = network(activation, n_y=1)
    cache = reference.forward(X, parameters, activation)
    analytic = reference.backward(parameters, cache, X, Y, activation)[name]
    quantity = QUANTITIES[name](Point(X, Y, parameters, activation))
    right = check_quantity(f"L09.{name}", quantity, analytic)
    assert right.passed and right.checked == np.size(analytic), right.message
    wrong = check_quantity(f"L09.{name}", quantity, np.asarray(analytic) * (1.0 + SABOTAGE))
    assert not wrong.passed, f"missed a relative error of {SABOTAGE}: {wrong.message}"
