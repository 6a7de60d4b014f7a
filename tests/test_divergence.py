"""Divergence is an error, not NaN: the reference's training stops at the first value that overflows float64 (so before
any cost J or parameter is inf or NaN), with a message naming the iteration, the step, the learning rate and the likely
cause, and keeps what came before on the error (the costs recorded so far and the last finite parameters). No warning
on the way.
"""

from __future__ import annotations

import math
import re
import warnings

import numpy as np
import pytest

from shallow_proofs.reference import course, datasets, logistic, network

LIKELY_CAUSE = (
    "Likely cause: the learning rate is too large for this data, so each step overshoots and the next is larger; "
    "try a smaller learning rate"
)


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        yield


def flower_start():
    X, Y = datasets.load_planar_dataset()
    return X, Y, network.initialize(2, 4, 1, rng=np.random.RandomState(3))


def test_train_stops_where_the_forward_pass_overflows_and_keeps_what_came_before():
    """The identity network at learning rate 100 (the issue's run): J grows each step until Z2 overflows."""
    X, Y, start = flower_start()
    with pytest.raises(network.DivergenceError) as caught:
        network.train(X, Y, start, activation="identity", learning_rate=100.0)
    error = caught.value
    i = error.iteration
    before = network.train(X, Y, start, activation="identity", learning_rate=100.0, num_iterations=i)
    assert error.learning_rate == 100.0 and error.costs.shape == (i,), (error.learning_rate, error.costs.shape)
    assert np.array_equal(error.costs, before.costs), "the costs kept are those of iterations 0 to i - 1"
    assert all(np.array_equal(error.parameters[k], before.parameters[k]) for k in start), "the last finite parameters"
    expected = (
        f"gradient descent diverged at iteration {i} with learning rate 100: the forward pass overflowed float64 (the "
        f"last finite J: {before.costs[-1]:g} at iteration {i - 1}). {LIKELY_CAUSE}"
    )
    assert str(error) == expected
    with np.errstate(over="ignore", invalid="ignore"):
        J = network._cost_from_logits(network._forward(X, error.parameters, "identity")["Z2"], 1.0 - 2.0 * Y)
    assert not math.isfinite(float(J)), f"J at iteration {i} from the kept parameters is {J}: not the first"


def test_train_stops_when_an_update_leaves_the_float_range():
    """One example, x = 10: dW1 = -5, so W1 - 1e308 dW1 = 5e308 overflows while J(0) = log 2 is finite."""
    X, Y = np.array([[10.0]]), np.array([[1.0]])
    start = {"W1": np.zeros((1, 1)), "b1": np.zeros((1, 1)), "W2": np.ones((1, 1)), "b2": np.zeros((1, 1))}
    with pytest.raises(network.DivergenceError) as caught:
        network.train(X, Y, start, learning_rate=1e308)
    error = caught.value
    assert str(error) == (
        "gradient descent diverged at iteration 0 with learning rate 1e+308: the update overflowed float64 (the last "
        f"finite J: 0.693147 at iteration 0). {LIKELY_CAUSE}"
    )
    assert error.iteration == 0 and error.costs.tolist() == [math.log(2.0)], error.costs
    assert all(np.array_equal(error.parameters[k], start[k]) for k in start), "the parameters before the update"


def test_nn_model_raises_the_divergence_error():
    X, Y = datasets.load_planar_dataset()
    with pytest.raises(network.DivergenceError, match=r"^gradient descent diverged at iteration \d+ with learning "):
        course.nn_model(X, Y, 4, num_iterations=1000, learning_rate=100.0, activation="identity")


def test_logistic_training_stops_when_an_update_leaves_the_float_range():
    """dw = (1/m) X dZ^T = -5 at w = 0 for x = 10, y = 1: w - 1e308 dw overflows after J(0) = log 2."""
    X, Y = np.array([[10.0, 10.0]]), np.array([[1.0, 1.0]])
    with pytest.raises(network.DivergenceError) as caught:
        logistic.logistic_train(X, Y, learning_rate=1e308)
    error = caught.value
    assert str(error) == (
        f"gradient descent diverged at iteration 0 with learning rate 1e+308: the update overflowed float64. "
        f"{LIKELY_CAUSE}"
    )
    assert error.costs.tolist() == [math.log(2.0)] and not error.parameters["w"].any(), (error.costs, error.parameters)


def test_logistic_training_stops_when_the_cost_overflows_and_keeps_the_costs_before():
    """x = 1e300, y = 1, alpha = 1: dw = -x / 2 at w = 0, so w = 5e299 after the first update and Z = w x overflows in
    the second iteration's cost, after J(0) = log 2."""
    X, Y = np.array([[1e300]]), np.array([[1.0]])
    with pytest.raises(network.DivergenceError) as caught:
        logistic.logistic_train(X, Y, learning_rate=1.0)
    error = caught.value
    assert str(error).startswith(
        "gradient descent diverged at iteration 1 with learning rate 1: the cost J and its gradient overflowed float64"
    ), str(error)
    assert error.costs.tolist() == [math.log(2.0)], error.costs


def test_a_converging_run_raises_nothing():
    """Negative control: the course's run (learning rate 1.2) trains to the end."""
    X, Y, start = flower_start()
    trained = network.train(X, Y, start, num_iterations=2000)
    assert trained.costs.shape == (2000,) and np.isfinite(trained.costs).all()
    assert re.fullmatch(r"0\.69\d+", f"{trained.costs[0]:f}"), trained.costs[0]
