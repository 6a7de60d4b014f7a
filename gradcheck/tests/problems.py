"""Seeded networks for the finite-difference tests: small, with ReLU inputs kept MARGIN away from the kink."""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import pytest

ACTIVATIONS = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
SMOOTH = ("sigmoid", "tanh", "identity")
KINKED = ("relu", "leaky_relu")
MARGIN = 0.05  # |Z1| >= MARGIN for ReLU and leaky ReLU: steps up to MARGIN / 2 never cross z = 0
SEED = 20260


def require_float64(impl: Any) -> None:
    """Skip for an implementation that computes in float32: gradcheck's tolerances count float64's rounding of the
    analytic gradient (its float32 gradients are judged with float32's precision by properties/)."""
    if impl.dtype != np.float64:
        pytest.skip(f"{impl.target} computes in {np.dtype(impl.dtype)}; gradcheck's tolerances are float64's")


class Network(NamedTuple):
    X: np.ndarray[Any, Any]
    Y: np.ndarray[Any, Any]
    parameters: dict[str, np.ndarray[Any, Any]]


def network(
    activation: str, *, n_x: int = 3, n_h: int = 4, n_y: int = 1, m: int = 5, scale: float = 1.0, seed: int = SEED
) -> Network:
    """X ~ N(0, 1), W ~ scale N(0, 1), b ~ scale N(0, 1) / 2, Y in {0, 1}; redrawn until |Z1| >= MARGIN if kinked."""
    rng = np.random.default_rng(seed)
    while True:
        X = rng.standard_normal((n_x, m))
        parameters = {
            "W1": scale * rng.standard_normal((n_h, n_x)),
            "b1": scale * rng.standard_normal((n_h, 1)) / 2,
            "W2": scale * rng.standard_normal((n_y, n_h)),
            "b2": scale * rng.standard_normal((n_y, 1)) / 2,
        }
        Y = rng.integers(0, 2, (n_y, m)).astype(np.float64)
        Z1 = parameters["W1"] @ X + parameters["b1"]
        if activation not in KINKED or np.min(np.abs(Z1)) >= MARGIN:
            return Network(X, Y, parameters)
