"""Hidden-layer activations g and their derivatives g' (notes L06 and L08).

Each activation is a pair (g, dg). Derivatives at the kink z = 0 follow the notes' convention g'(0) = 1.
``ACTIVATIONS`` (and the module's names sigmoid, sigmoid_prime, ...) check z first: real numbers, finite, a rectangular
array. ``CORES`` are the same functions unchecked, for finite float64 arrays: the training loop checks once, not per
call. The slopes of sigma and tanh are accurate to a few ulp relative in both tails, where 1 - g(z) rounds to 0.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy.special import expit

from shallow_proofs.reference import validation as check

Array = NDArray[np.float64]

LEAKY_SLOPE = 0.01


class Activation(NamedTuple):
    """An activation g and its derivative g', both element-wise."""

    g: Callable[[ArrayLike], Array]
    dg: Callable[[ArrayLike], Array]


class Core(NamedTuple):
    """The unchecked g and g', for finite float64 arrays."""

    g: Callable[[Array], Array]
    dg: Callable[[Array], Array]


def _sigmoid(z: Array) -> Array:
    r"""sigma(z) = 1 / (1 + e^{-z}), in the stable form that never overflows (scipy.special.expit).

    .. math:: \sigma(z) = \frac{1}{1 + e^{-z}}
    """
    return np.asarray(expit(z))


def _sigmoid_prime(z: Array) -> Array:
    r"""The notes' g(z) (1 - g(z)), taken at -|z| (g' is even), where g(z) <= 1/2 keeps 1 - g(z) from cancelling.

    .. math:: g'(z) = g(z)\,(1 - g(z)) = s\,(1 - s), \quad s = \sigma(-|z|)
    """
    s = expit(-np.abs(z))
    return np.asarray(s * (1.0 - s))


def _tanh(z: Array) -> Array:
    r""".. math:: \tanh z = \frac{e^z - e^{-z}}{e^z + e^{-z}}"""
    return np.tanh(z)


def _tanh_prime(z: Array) -> Array:
    r"""The notes' 1 - tanh(z)^2 cancels to 0 past |z| = 19: written with sigma' (tanh z = 2 sigma(2z) - 1).

    .. math:: g'(z) = 1 - \tanh(z)^2 = 4\,\sigma'(2z)
    """
    with np.errstate(over="ignore"):  # 2z overflows only past |z| = MAX / 2, where sigma'(2z) is 0 anyway
        return 4.0 * _sigmoid_prime(2.0 * z)


def _relu(z: Array) -> Array:
    r""".. math:: g(z) = \max(0, z)"""
    return np.maximum(0.0, z)


def _relu_prime(z: Array) -> Array:
    r""".. math:: g'(z) = 0 \text{ if } z < 0, \; 1 \text{ if } z \ge 0"""
    return np.where(z >= 0.0, 1.0, 0.0)


def _leaky_relu(z: Array) -> Array:
    r""".. math:: g(z) = \max(0.01 z, z)"""
    return np.maximum(LEAKY_SLOPE * z, z)


def _leaky_relu_prime(z: Array) -> Array:
    r""".. math:: g'(z) = 0.01 \text{ if } z < 0, \; 1 \text{ if } z \ge 0"""
    return np.where(z >= 0.0, 1.0, LEAKY_SLOPE)


def _identity(z: Array) -> Array:
    r""".. math:: g(z) = z"""
    return np.array(z, dtype=np.float64)


def _identity_prime(z: Array) -> Array:
    r""".. math:: g'(z) = 1"""
    return np.ones_like(z)


CORES: dict[str, Core] = {
    "sigmoid": Core(_sigmoid, _sigmoid_prime),
    "tanh": Core(_tanh, _tanh_prime),
    "relu": Core(_relu, _relu_prime),
    "leaky_relu": Core(_leaky_relu, _leaky_relu_prime),
    "identity": Core(_identity, _identity_prime),
}


def _checked(core: Callable[[Array], Array]) -> Callable[[ArrayLike], Array]:
    """The public form of a core: z must be a finite real array (or number), then core(z) as float64."""

    @functools.wraps(core)
    def function(z: ArrayLike) -> Array:
        return core(check.real_array("z", z))

    function.__name__ = function.__qualname__ = core.__name__.lstrip("_")
    return function


ACTIVATIONS: dict[str, Activation] = {
    name: Activation(_checked(core.g), _checked(core.dg)) for name, core in CORES.items()
}
sigmoid, sigmoid_prime = ACTIVATIONS["sigmoid"]
tanh, tanh_prime = ACTIVATIONS["tanh"]
relu, relu_prime = ACTIVATIONS["relu"]
leaky_relu, leaky_relu_prime = ACTIVATIONS["leaky_relu"]
identity, identity_prime = ACTIVATIONS["identity"]
