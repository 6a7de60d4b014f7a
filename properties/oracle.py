"""The notes' L01 equations in plain numpy, one example at a time, with the rounding bound of each quantity.

The oracle never calls the implementation under test nor reference/. Its bounds follow properties.bounds: an affine
map W a + b with k = n + 1 terms per entry, evaluated by two different routes, differs by at most
2 gamma(k) (|W| |a| + |b|); an error delta in a is carried through by |W| delta; g carries an error through by its
Lipschitz constant and adds G_ULPS units of relative rounding of its own (libm's exp and tanh are within 1 ulp; the
plain 1/(1 + e^-z) adds two roundings). Where products of small entries underflow, each operation may also lose an
absolute TINY / 2 (the standard model with underflow: fl(x y) = x y (1 + delta) + eta, |eta| <= TINY / 2).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from shallow_proofs.properties.bounds import EPS, TINY, gamma

Array = np.ndarray[Any, Any]
LEAKY_SLOPE = 0.01
G_ULPS = 4


def sigmoid(z: Array) -> Array:
    """sigma(z) = 1 / (1 + e^-z), the notes' formula as written (for moderate z only: e^-z overflows past 709)."""
    return 1.0 / (1.0 + np.exp(-z))


G: dict[str, Callable[[Array], Array]] = {
    "sigmoid": sigmoid,
    "tanh": np.tanh,
    "relu": lambda z: np.maximum(0.0, z),
    "leaky_relu": lambda z: np.maximum(LEAKY_SLOPE * z, z),
    "identity": lambda z: z,
}


def slope(activation: str, cache: Mapping[str, Array]) -> Array:
    """g'(Z1) as L08 writes it: sigma (1 - sigma), 1 - tanh^2 = 1 - A1^2, the two step functions (g'(0) = 1), 1."""
    Z1 = cache["Z1"]
    if activation == "sigmoid":
        return sigmoid(Z1) * (1.0 - sigmoid(Z1))
    if activation == "tanh":
        return 1.0 - cache["A1"] ** 2
    if activation == "identity":
        return np.ones_like(Z1)
    return np.where(Z1 >= 0, 1.0, 0.0 if activation == "relu" else LEAKY_SLOPE)


LIPSCHITZ = {"sigmoid": 0.25, "tanh": 1.0, "relu": 1.0, "leaky_relu": 1.0, "identity": 1.0}


def per_example(X: Array, P: Mapping[str, Array], activation: str) -> dict[str, Array]:
    """z1 = W1 x + b1, a1 = g(z1), z2 = W2 a1 + b2, a2 = sigma(z2) for each column x of X; stacked as columns."""
    g = G[activation]
    columns: dict[str, list[Array]] = {"Z1": [], "A1": [], "Z2": [], "A2": []}
    for x in np.asarray(X, dtype=np.float64).T:
        z1 = P["W1"] @ x + P["b1"][:, 0]  # z1 = W1 x + b1
        a1 = g(z1)  # a1 = g(z1)
        z2 = P["W2"] @ a1 + P["b2"][:, 0]  # z2 = W2 a1 + b2
        a2 = sigmoid(z2)  # a2 = sigma(z2)
        for key, value in zip(columns, (z1, a1, z2, a2), strict=True):
            columns[key].append(value)
    return {key: np.stack(values, axis=1) for key, values in columns.items()}


def affine_bound(W: Array, A: Array, b: Array, input_error: Array | float = 0.0) -> Array:
    """Bound on the difference of two evaluations of W A + b whose inputs A differ by at most input_error."""
    k = np.shape(W)[-1] + 1
    rounding = 2 * gamma(k) * (np.abs(W) @ np.abs(A) + np.abs(b)) + k * TINY
    return rounding + np.abs(W) @ np.broadcast_to(input_error, np.shape(A))


def activation_bound(activation: str, A: Array, input_error: Array) -> Array:
    """Bound on the difference of two evaluations of g whose inputs differ by at most input_error."""
    return LIPSCHITZ[activation] * input_error + G_ULPS * EPS * np.abs(A) + TINY


def forward_bounds(X: Array, P: Mapping[str, Array], activation: str, cache: Mapping[str, Array]) -> dict[str, Array]:
    """Element-wise bounds on |implementation - oracle| for Z1, A1, Z2, A2, from the oracle's own values (cache)."""
    dZ1 = affine_bound(P["W1"], X, P["b1"])
    dA1 = activation_bound(activation, cache["A1"], dZ1)
    dZ2 = affine_bound(P["W2"], cache["A1"], P["b2"], dA1)
    dA2 = activation_bound("sigmoid", cache["A2"], dZ2)
    return {"Z1": dZ1, "A1": dA1, "Z2": dZ2, "A2": dA2}
