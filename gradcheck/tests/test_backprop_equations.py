"""L09: each backpropagation equation on its own, against the finite-difference derivative of J with respect to that
quantity, the others held fixed as the chain rule says (dZ1 against m dJ/dZ1 with Z1 free, dW2 against dJ/dW2 with A1
fixed ...). Needs the implementation's backward_intermediates; skipped with a reason otherwise."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import Point, check_quantity
from shallow_proofs.gradcheck.tests.problems import ACTIVATIONS, network

pytestmark = pytest.mark.checks("backward_intermediates")
QUANTITIES = {
    "dZ2": Point.Z2_free,
    "dW2": Point.W2,
    "db2": Point.b2,
    "dA1": Point.A1_free,
    "dZ1": Point.Z1_free,
    "dW1": Point.W1,
    "db1": Point.b1,
}


def check_equation(impl, evidence, name: str, activation: str) -> None:
    n_y = 2 if impl.multi_output_in("forward_propagation", "backward_intermediates") else 1
    X, Y, parameters = network(activation, n_y=n_y)
    _, cache = impl.forward(X, parameters, activation)
    analytic = impl.intermediates(parameters, cache, X, Y, activation)[name]
    quantity = QUANTITIES[name](Point(X, Y, parameters, activation))
    assert np.shape(analytic) == quantity.shape, (
        f"L09.{name}: {name} has shape {np.shape(analytic)}, not {quantity.shape}"
    )
    check = check_quantity(f"L09.{name}", quantity, analytic)
    evidence(max_rel_error=check.max_rel_error, error_estimate=float(check.error_estimate.max()))
    if not check.passed:
        pytest.fail(check.message, pytrace=False)


@pytest.mark.proves("L09.dZ2")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dZ2(impl, evidence, activation):
    check_equation(impl, evidence, "dZ2", activation)


@pytest.mark.proves("L09.dW2")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dW2(impl, evidence, activation):
    check_equation(impl, evidence, "dW2", activation)


@pytest.mark.proves("L09.db2")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_db2(impl, evidence, activation):
    check_equation(impl, evidence, "db2", activation)


@pytest.mark.proves("L09.dA1")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dA1(impl, evidence, activation):
    check_equation(impl, evidence, "dA1", activation)


@pytest.mark.proves("L09.dZ1")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dZ1(impl, evidence, activation):
    check_equation(impl, evidence, "dZ1", activation)


@pytest.mark.proves("L09.dW1")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_dW1(impl, evidence, activation):
    check_equation(impl, evidence, "dW1", activation)


@pytest.mark.proves("L09.db1")
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_db1(impl, evidence, activation):
    check_equation(impl, evidence, "db1", activation)
