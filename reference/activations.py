"""Hidden-layer activations g and their derivatives g' (notes L06 and L08).

Each activation is a pair (g, dg). Derivatives at the kink z = 0 follow the notes' convention g'(0) = 1.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit

Array = NDArray[np.float64]

LEAKY_SLOPE = 0.01


class Activation(NamedTuple):
    """An activation g and its derivative g', both element-wise."""

    g: Callable[[ArrayLike], Array]
    dg: Callable[[ArrayLike], Array]


def sigmoid(z: ArrayLike) -> Array:
    r"""sigma(z) = 1 / (1 + e^{-z}), in the stable form that never overflows (scipy.special.expit).

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}
    """
    return np.asarray(expit(np.asarray(z, dtype=np.float64)))


def sigmoid_prime(z: ArrayLike) -> Array:
    r""".. math:: g'(z) = g(z)\,(1 - g(z))"""
    s = sigmoid(z)
    return s * (1.0 - s)


def tanh(z: ArrayLike) -> Array:
    r""".. math:: \tanh z = \frac{e^z - e^{-z}}{e^z + e^{-z}}"""
    return np.tanh(np.asarray(z, dtype=np.float64))


def tanh_prime(z: ArrayLike) -> Array:
    r""".. math:: g'(z) = 1 - \tanh(z)^2"""
    return 1.0 - np.tanh(np.asarray(z, dtype=np.float64)) ** 2


def relu(z: ArrayLike) -> Array:
    r""".. math:: g(z) = \max(0, z)"""
    return np.maximum(0.0, np.asarray(z, dtype=np.float64))


def relu_prime(z: ArrayLike) -> Array:
    r""".. math:: g'(z) = 0 \text{ if } z < 0, \; 1 \text{ if } z \ge 0"""
    return np.where(np.asarray(z, dtype=np.float64) >= 0.0, 1.0, 0.0)


def leaky_relu(z: ArrayLike) -> Array:
    r""".. math:: g(z) = \max(0.01 z, z)"""
    z64 = np.asarray(z, dtype=np.float64)
    return np.maximum(LEAKY_SLOPE * z64, z64)


def leaky_relu_prime(z: ArrayLike) -> Array:
    r""".. math:: g'(z) = 0.01 \text{ if } z < 0, \; 1 \text{ if } z \ge 0"""
    return np.where(np.asarray(z, dtype=np.float64) >= 0.0, 1.0, LEAKY_SLOPE)


def identity(z: ArrayLike) -> Array:
    r""".. math:: g(z) = z"""
    return np.array(z, dtype=np.float64)


def identity_prime(z: ArrayLike) -> Array:
    r""".. math:: g'(z) = 1"""
    return np.ones_like(np.asarray(z, dtype=np.float64))


ACTIVATIONS: dict[str, Activation] = {
    "sigmoid": Activation(sigmoid, sigmoid_prime),
    "tanh": Activation(tanh, tanh_prime),
    "relu": Activation(relu, relu_prime),
    "leaky_relu": Activation(leaky_relu, leaky_relu_prime),
    "identity": Activation(identity, identity_prime),
}
