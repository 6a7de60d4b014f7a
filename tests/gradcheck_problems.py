"""Problems for the checker's own tests: a ReLU network with pre-activations near the kink, a saturated network."""

from __future__ import annotations

from typing import Any

import numpy as np
from scipy.optimize import brentq

from shallow_proofs.reference import network

KEYS = ("W1", "b1", "W2", "b2")


def gradient(X: Any, Y: Any, params: dict[str, Any], activation: str) -> dict[str, Any]:
    grads = network.backward(params, network.forward(X, params, activation), X, Y, activation)
    return {f"d{key}": grads[f"d{key}"] for key in KEYS}


def near_kinks(n_x: int = 6, n_h: int = 8, m: int = 40, share: float = 0.1, width: float = 1e-9, seed: int = 0):
    """A ReLU network whose pre-activations Z1 are within ``width`` of 0 for ``share`` of each column: X's columns
    are moved by least squares so that the chosen rows of W1 X + b1 hit targets drawn in (-width, width)."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    Y = rng.integers(0, 2, (1, m)).astype(np.float64)
    params = {
        "W1": rng.standard_normal((n_h, n_x)),
        "b1": 0.1 * rng.standard_normal((n_h, 1)),
        "W2": rng.standard_normal((1, n_h)),
        "b2": np.zeros((1, 1)),
    }
    Z1 = params["W1"] @ X + params["b1"]
    count = max(1, round(share * n_h))
    for c in range(m):
        rows = rng.choice(n_h, count, replace=False)
        target = rng.uniform(-width, width, count)
        X[:, c] += np.linalg.lstsq(params["W1"][rows], target - Z1[rows, c], rcond=None)[0]
    return X, Y, params, gradient(X, Y, params, "relu")


def saturated(median_logit: float, n_x: int = 3, n_h: int = 4, m: int = 20, seed: int = 0):
    """A tanh network whose output logits |Z2| have the given median, with labels that make most outputs right (the
    plain cost then takes log(1 - A2) of an A2 rounded near 1) and a few wrong, so that the gradient is not ~0."""
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((n_x, m))
    params = {
        "W1": rng.standard_normal((n_h, n_x)),
        "b1": 0.1 * rng.standard_normal((n_h, 1)),
        "W2": rng.standard_normal((1, n_h)),
        "b2": np.zeros((1, 1)),
    }
    Z2 = network.forward(X, params)["Z2"]
    params["W2"] = params["W2"] * median_logit / np.median(np.abs(Z2))
    Z2 = network.forward(X, params)["Z2"]
    Y = (Z2 > 0).astype(np.float64)
    Y[0, :2] = 1.0 - Y[0, :2]
    return X, Y, params, gradient(X, Y, params, "tanh")


def drifting(h: Any, base: Any, bound: Any, q: float) -> Any:
    """Factors for ``base`` at four geometric steps h whose local orders then become s_0, s_0 + D, s_0 + D, with D = q
    times the allowance gradcheck.taylor.local_verdict gives |s_1 - k| over |s_0 - k| for the rounding ``bound``:
    b_0 + b_1 = (shift_0 + 2 shift_1 + shift_2) / span, shift_i = -log(1 - bound_i / value_i)."""
    span = float(np.log(h[0] / h[1]))

    def factors(D: float) -> Any:
        return np.exp(span * D * np.array([2.0, 2.0, 1.0, 0.0]))

    def allowance(D: float) -> float:
        shift = -np.log1p(-bound / (base * factors(D)))
        return float((shift[0] + 2.0 * shift[1] + shift[2]) / span)

    return factors(brentq(lambda D: D - q * allowance(D), 0.0, 1.0))
