"""Full mode: every element of a quantity against scipy's finite-difference derivative of J."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from shallow_proofs.gradcheck.differences import CHUNK, STENCIL_GAIN, partials
from shallow_proofs.gradcheck.network import Point, Quantity
from shallow_proofs.gradcheck.result import Check, compare

PARAMETERS = ("W1", "b1", "W2", "b2")


def check_quantity(equation: str, quantity: Quantity, analytic: ArrayLike, *, chunk: int = CHUNK) -> Check:
    """The analytic value of ``quantity`` against factor * dJ/dq from scipy.differentiate, element by element."""
    count = int(np.prod(quantity.shape))
    result = partials(quantity.f, count, quantity.initial_step, chunk=chunk)
    numerical = (quantity.factor * result.df).reshape(quantity.shape)
    error = (quantity.factor * result.error).reshape(quantity.shape)
    error = np.where(result.usable.reshape(quantity.shape), error, np.inf)
    rounding = (quantity.factor * STENCIL_GAIN * quantity.noise / result.final_step).reshape(quantity.shape)
    return compare(equation, quantity.name, analytic, numerical, error, quantity.terms, rounding)


def check_parameters(
    X: ArrayLike,
    Y: ArrayLike,
    parameters: Mapping[str, ArrayLike],
    grads: Mapping[str, ArrayLike],
    activation: str = "tanh",
    *,
    chunk: int = CHUNK,
) -> dict[str, Check]:
    """Every element of dW1, db1, dW2 and db2 (the end-to-end gradient) against finite differences of J."""
    point = Point(X, Y, parameters, activation)
    return {
        quantity.name: check_quantity(f"L09.{quantity.name}", quantity, grads[quantity.name], chunk=chunk)
        for quantity in point.parameters()
    }
