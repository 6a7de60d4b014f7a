"""Logistic regression, the network with no hidden layer (notes L10, L11), in the course's C1W2 form.

w is (n_x, 1) and b a number; Y is (1, m).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shallow_proofs.reference import validation as check
from shallow_proofs.reference.network import MAX, DivergenceError, _cost_from_logits, sigmoid

ONE_ROW = "one row (logistic regression has one output)"

Array = NDArray[np.float64]


class LogisticTrained(NamedTuple):
    """The weights and bias after training and the cost before each update."""

    w: Array
    b: float
    costs: Array


def _weights(w: ArrayLike, b: object, n_x: int) -> tuple[Array, float]:
    w = check.real_array("w", w)
    if w.shape != (n_x, 1):
        raise ValueError(f"w must have shape ({n_x}, 1) to match X's {n_x} rows; got shape {w.shape}")
    b_array = check.real_array("b", b)
    if b_array.size != 1:
        raise ValueError(f"b must be a single number; got shape {b_array.shape}")
    return w, float(b_array.reshape(()))


def propagate(w: ArrayLike, b: float, X: ArrayLike, Y: ArrayLike) -> tuple[dict[str, Array | float], float]:
    r"""The cost and its gradient for logistic regression.

    .. math::
        Z = w^T X + b, \quad A = \sigma(Z), \quad dZ = A - Y, \quad
        dw = \tfrac{1}{m} X\, dZ^T, \quad db = \tfrac{1}{m} \textstyle\sum dZ
    """
    X = check.examples(X)
    Y = check.labels(Y, X.shape[1], 1, rows=ONE_ROW)
    w, b = _weights(w, b, X.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        Z = w.T @ X + b  # Z = w^T X + b
        grads, J = _from_logits(Z, X, Y)
    check.finite_result("Z", Z, "X, w and b", "Z = w^T X + b")
    check.finite_result("dw", np.asarray(grads["dw"]), "X", "dw = (1/m) X dZ^T")
    return grads, min(J, MAX)  # a mean of finite L is <= max L <= MAX: only the last rounding can overflow


def _propagate(w: Array, b: float, X: Array, Y: Array) -> tuple[dict[str, Array | float], float]:
    return _from_logits(w.T @ X + b, X, Y)  # Z = w^T X + b


def _from_logits(Z: Array, X: Array, Y: Array) -> tuple[dict[str, Array | float], float]:
    m = X.shape[1]
    dZ = sigmoid(Z) - Y  # dZ = A - Y
    dw = X @ dZ.T / m  # dw = (1/m) X dZ^T
    db = float(dZ.sum() / m)  # db = (1/m) sum(dZ)
    return {"dw": dw, "db": db}, float(_cost_from_logits(Z, 1.0 - 2.0 * Y))


def logistic_train(
    X: ArrayLike,
    Y: ArrayLike,
    *,
    num_iterations: int = 2000,
    learning_rate: float = 0.5,
) -> LogisticTrained:
    r"""Gradient descent from w = 0, b = 0, which is fine for logistic regression (L11).

    .. math:: w \leftarrow w - \alpha\, dw, \quad b \leftarrow b - \alpha\, db
    """
    X = check.examples(X)
    Y = check.labels(Y, X.shape[1], 1, rows=ONE_ROW)
    num_iterations = check.size("num_iterations", num_iterations)
    alpha = check.learning_rate(learning_rate)
    (n_x, m) = X.shape
    check.fits(f"training with n_x = {n_x}, m = {m} and num_iterations = {num_iterations}", num_iterations + 4 * m)
    w, b = np.zeros((n_x, 1)), 0.0
    costs = np.empty(num_iterations)
    # as in network.train: the first value out of float64's range raises, and stops the run there
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        for i in range(num_iterations):
            try:
                grads, costs[i] = _propagate(w, b, X, Y)
            except FloatingPointError:
                raise _diverged(i, "the cost J and its gradient", alpha, costs[:i], w, b) from None
            try:
                w, b = w - alpha * grads["dw"], b - alpha * float(grads["db"])
            except FloatingPointError:
                raise _diverged(i, "the update", alpha, costs[: i + 1], w, b) from None
    return LogisticTrained(w, b, costs)


def _diverged(iteration: int, step: str, alpha: float, costs: Array, w: Array, b: float) -> DivergenceError:
    """The error of a run that overflowed float64 in ``step`` of ``iteration``; w and b are the last finite ones."""
    message = (
        f"gradient descent diverged at iteration {iteration} with learning rate {alpha:g}: {step} overflowed float64. "
        "Likely cause: the learning rate is too large for this data, so each step overshoots and the next is larger; "
        "try a smaller learning rate"
    )
    parameters = {"w": w, "b": np.array(b)}
    return DivergenceError(message, iteration=iteration, learning_rate=alpha, costs=costs.copy(), parameters=parameters)


def logistic_predict(w: ArrayLike, b: float, X: ArrayLike) -> NDArray[np.bool_]:
    r""".. math:: \hat y = \left[ \sigma(w^T X + b) > 0.5 \right]"""
    X = check.examples(X)
    w, b = _weights(w, b, X.shape[0])
    with np.errstate(over="ignore", invalid="ignore"):
        Z = w.T @ X + b
    check.finite_result("Z", Z, "X, w and b", "Z = w^T X + b")
    return np.asarray(sigmoid(Z) > 0.5)
