"""Checks of the reference called directly, where the course's wrappers check first: network.cost's range of A2 and
the other checks of outputs and parameters, float64 taken without a copy, and the memory needed by training,
backpropagation and initialization, counted array by array as the comments at their checks list them."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.reference import logistic, network, validation


def test_network_cost_refuses_a2_outside_0_1():
    A2, Y = np.array([[0.2, 1.5, 0.7]]), np.array([[0.0, 1.0, 1.0]])
    with pytest.raises(ValueError, match=r"A2 must hold probabilities in \[0, 1\]; got 1.5 at index \(0, 1\)"):
        network.cost(A2, Y)


def training_bytes(n_x: int, n_h: int, n_y: int, m: int, iterations: int) -> int:
    """Z1, A1, g'(Z1), dA1, dZ1 (n_h, m); Z2, A2, dZ2 (n_y, m); parameters, gradients, stepped parameters; costs."""
    parameters = n_h * n_x + n_h + n_y * n_h + n_y
    return validation.FLOAT_BYTES * (5 * n_h * m + 3 * n_y * m + 3 * parameters + iterations)


@pytest.mark.parametrize("sizes", [(2, 4, 1, 400, 10), (3, 7, 5, 11, 1)])
def test_training_fits_exactly_the_memory_it_needs(monkeypatch, sizes):
    needed = training_bytes(*sizes)
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(needed, validation.PHYSICAL))
    validation.training_fits(*sizes)
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(needed - 1, validation.PHYSICAL))
    with pytest.raises(ValueError, match=r"training with n_x = \d+, .* must fit in this machine's memory"):
        validation.training_fits(*sizes)


def test_logistic_training_fits_exactly_the_memory_it_needs(monkeypatch):
    """The costs (one per iteration) and four (1, m) arrays: Z, A, dZ and the cost's terms."""
    X, Y = np.ones((2, 30)), np.zeros((1, 30))
    needed = validation.FLOAT_BYTES * (7 + 4 * 30)
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(needed, validation.PHYSICAL))
    logistic.logistic_train(X, Y, num_iterations=7)
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(needed - 1, validation.PHYSICAL))
    with pytest.raises(ValueError, match=r"training with n_x = 2, m = 30 and num_iterations = 7 must fit"):
        logistic.logistic_train(X, Y, num_iterations=7)


def test_backpropagation_fits_exactly_the_memory_it_needs(monkeypatch):
    """g'(Z1), dA1 and dZ1 (n_h, m); dZ2 and A2 - Y (n_y, m)."""
    n_x, n_h, n_y, m = 3, 4, 2, 5
    rng = np.random.default_rng(0)
    X, Y = rng.standard_normal((n_x, m)), (rng.uniform(size=(n_y, m)) < 0.5).astype(float)
    parameters = network.initialize(n_x, n_h, n_y, rng=rng)
    cache = network.forward(X, parameters)
    needed = validation.FLOAT_BYTES * (3 * n_h * m + 2 * n_y * m)
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(needed, validation.PHYSICAL))
    network.backward(parameters, cache, X, Y)
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(needed - 1, validation.PHYSICAL))
    with pytest.raises(ValueError, match=r"^backpropagation with n_h = 4, m = 5 must fit in this machine's memory"):
        network.backward(parameters, cache, X, Y)


def test_initialization_fits_exactly_the_memory_it_needs(monkeypatch):
    """W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1), and a copy of the larger weight matrix (randn scaled)."""
    n_x, n_h, n_y = 3, 4, 5
    needed = validation.FLOAT_BYTES * (n_h * n_x + n_h + n_y * n_h + n_y + max(n_h * n_x, n_y * n_h))
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(needed, validation.PHYSICAL))
    validation.parameters_fit(n_x, n_h, n_y)
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(needed - 1, validation.PHYSICAL))
    with pytest.raises(ValueError, match=r"^the parameters for n_x = 3, n_h = 4, n_y = 5 must fit"):
        validation.parameters_fit(n_x, n_h, n_y)


def test_a_float64_array_is_taken_as_it_is_and_other_reals_are_converted():
    X = np.arange(6.0).reshape(2, 3)
    assert validation.real_array("X", X) is X, "no copy of a float64 array"
    converted = validation.real_array("X", X.astype(np.int32))
    assert converted.dtype == np.float64 and np.array_equal(converted, X)


@pytest.mark.parametrize("shape", [(0, 3), (3, 0), (1, 0), (2, 1, 0), (3,)])
def test_outputs_need_an_output_row_and_an_example_column(shape):
    with pytest.raises(
        ValueError, match=r"^A2 must be a 2-D array of shape \(n_y, m\), n_y >= 1 and m >= 1; got shape"
    ):
        validation.outputs("A2", np.zeros(shape))


def test_the_first_probability_out_of_range_is_named():
    with pytest.raises(ValueError, match=r"^A2 must hold probabilities in \[0, 1\]; got 1.5 at index \(0, 3\)$"):
        validation.outputs("A2", [[0.5, 0.0, 1.0, 1.5, -1.0]], probabilities=True)  # 0 and 1 are probabilities


def test_parameters_whose_batch_axes_do_not_broadcast_are_refused():
    parameters = network.initialize(2, 3, 1, rng=np.random.default_rng(1))
    batched = {**parameters, "W1": np.stack([parameters["W1"]] * 2), "b1": np.stack([parameters["b1"]] * 3)}
    with pytest.raises(ValueError, match=r"^the parameters' leading batch axes must broadcast together; got shapes"):
        network.forward(np.ones((2, 4)), batched)


@pytest.mark.parametrize(
    ("limit", "numbers", "shown"),
    [
        (1_234_999_999, 154_375_000, ("1.23", "1.24")),
        (1_235_000_000, 154_375_001, ("1.24", "1.24")),
        (10**11, 15_431_874_999, ("100.00", "123.45")),  # 8 bytes under 123.455 GB
    ],
)
def test_the_sizes_in_the_message_are_in_gb_of_ten_to_the_nine_bytes_rounded_to_hundredths(
    monkeypatch, limit, numbers, shown
):
    """Next to a rounding boundary (x.xx5 GB; 8 bytes per number): a GB of 10^9 +- 1 bytes moves a figure across."""
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(limit, validation.PHYSICAL))
    with pytest.raises(ValueError, match=rf"must fit in this machine's memory \({shown[0]} GB\); got sizes that need "
                       rf"{shown[1]} GB of float64 arrays at once$"):  # fmt: skip
        validation.fits("the work", numbers)
