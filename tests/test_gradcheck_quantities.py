"""check_quantity on the reference's backpropagation, away from kinks: every element of every quantity is checked
(a check that checks nothing passes, so the suite's L09 tests alone cannot tell), and an error of 1e-6 fails."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import Point, check_quantity, logistic_quantities
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


def test_logistic_gradients_count_their_terms():
    """dw = X (A - Y)^T / m sums m products, and each logit Z = w^T X + b sums n_x: K = m + n_x for dw and db, so the
    analytic side's rounding K eps ||n||_inf grows with both (here m = 5, n_x = 2)."""
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((2, 5)), np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
    dw, db = logistic_quantities(np.array([[0.5], [-0.25]]), 0.125, X, Y)
    assert (dw.terms, db.terms) == (7, 7), f"K = m + n_x = 7: dw {dw.terms}, db {db.terms}"
