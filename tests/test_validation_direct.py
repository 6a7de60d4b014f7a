"""Checks of the reference called directly, where the course's wrappers check first: network.cost's range of A2,
and the memory needed by training, counted array by array as validation.training_fits' comment lists them."""

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
