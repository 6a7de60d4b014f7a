"""The checker itself: it passes on the implementation's gradient and fails on the same gradient sabotaged by a
factor 1 + 1e-6, by one element moved by 1e-6 of the largest, or by transposing dW1 where n_x = n_h (the shape stays
right). A checker that cannot fail proves nothing."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_directions, check_parameters, taylor_remainders
from shallow_proofs.gradcheck.tests.problems import SEED, network, require_float64

SABOTAGE = 1e-6
GRADIENT = ("L09.dW1", "L09.db1", "L09.dW2", "L09.db2")
pytestmark = pytest.mark.checks("backward_propagation")


def square_problem(impl):
    require_float64(impl)
    X, Y, parameters = network("tanh", n_x=4, n_h=4, m=6)
    _, cache = impl.forward(X, parameters)
    return X, Y, parameters, impl.backward(parameters, cache, X, Y)


def scaled(grads):
    return {key: value * (1.0 + SABOTAGE) for key, value in grads.items()}


def one_element(grads):
    moved = {key: np.array(value, dtype=np.float64) for key, value in grads.items()}
    moved["dW1"][1, 2] += SABOTAGE * np.abs(moved["dW1"]).max()
    return moved


def transposed(grads):
    return {**grads, "dW1": np.asarray(grads["dW1"]).T}


def assert_right(X, Y, parameters, grads):
    """The controls start from a gradient that full mode accepts; a failure names each wrong equation (L09.dW1 ...)."""
    failed = [check.message for check in check_parameters(X, Y, parameters, grads).values() if not check.passed]
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)


@pytest.mark.proves(*GRADIENT)
def test_passes_on_the_gradient(impl):
    assert_right(*square_problem(impl))


@pytest.mark.proves(*GRADIENT)
@pytest.mark.parametrize("sabotage", [scaled, one_element, transposed], ids=lambda f: f.__name__)
def test_full_mode_fails_on_sabotage(impl, sabotage):
    X, Y, parameters, grads = square_problem(impl)
    assert_right(X, Y, parameters, grads)
    check = check_parameters(X, Y, parameters, sabotage(grads))["dW1"]
    assert not check.passed, f"full mode missed the {sabotage.__name__} sabotage: {check.message}"


@pytest.mark.proves(*GRADIENT)
def test_directional_mode_fails_on_scaling(impl):
    X, Y, parameters, grads = square_problem(impl)
    assert_right(X, Y, parameters, grads)
    assert all(check_directions(X, Y, parameters, grads, rng=SEED).values())
    for key, check in check_directions(X, Y, parameters, scaled(grads), rng=SEED).items():
        assert not check.passed, f"directional mode missed a factor 1 + {SABOTAGE} in {key}: {check.message}"


@pytest.mark.proves(*GRADIENT)
def test_taylor_order_drops_to_one_on_a_wrong_gradient(impl):
    """A wrong element of 1e-3 of the largest shows as order 1 (detection power: gradcheck.taylor)."""
    X, Y, parameters, grads = square_problem(impl)
    assert_right(X, Y, parameters, grads)
    wrong = {**grads, "dW1": np.asarray(grads["dW1"]) + 1e-3 * np.abs(grads["dW1"]).max() * np.eye(4)[1]}
    right = taylor_remainders(X, Y, parameters, grads, rng=SEED)["dW1"]
    assert right.passed, right.message
    check = taylor_remainders(X, Y, parameters, wrong, rng=SEED)["dW1"]
    assert not check.passed, check.message
