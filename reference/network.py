"""The 2-layer network of notes L09: any n_x, n_h, n_y >= 1 and m >= 1, hidden activation g by name, sigmoid output.

Public functions validate their arguments once, then call the unchecked cores (leading underscore), which the training
loop calls directly. The forward pass and the costs accept parameters with leading batch axes: W1 (..., n_h, n_x),
b1 (..., n_h, 1), W2 (..., n_y, n_h), b2 (..., n_y, 1) (gradcheck's batched calls); the other functions, and the
course's (course.py), refuse them.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shallow_proofs.reference import validation as check
from shallow_proofs.reference.activations import ACTIVATIONS, CORES

Array = NDArray[np.float64]
MAX = np.finfo(np.float64).max
Params = dict[str, Array]
sigmoid = CORES["sigmoid"].g  # the output unit, unchecked: its input Z2 is computed here


class Trained(NamedTuple):
    """The parameters after training and the cost J before each of the num_iterations updates."""

    parameters: Params
    costs: Array


class DivergenceError(FloatingPointError):
    """Gradient descent left float64's range: the next cost J or parameters would not be finite.

    Keeps what was computed before: ``costs``, the finite J of iterations 0 to ``iteration`` - 1 (and of ``iteration``
    itself when it was the update that failed), and ``parameters``, the last finite ones.
    """

    def __init__(self, message: str, *, iteration: int, learning_rate: float, costs: Array, parameters: Params):
        super().__init__(message)
        self.iteration = iteration
        self.learning_rate = learning_rate
        self.costs = costs
        self.parameters = parameters


def initialize(
    n_x: int,
    n_h: int,
    n_y: int,
    *,
    scale: float = 0.01,
    zeros: bool = False,
    rng: np.random.Generator | np.random.RandomState | None = None,
) -> Params:
    r"""W1 = scale * N(0, 1) of shape (n_h, n_x), b1 = 0, W2 = scale * N(0, 1) of shape (n_y, n_h), b2 = 0.

    .. math:: W^{[l]} \sim 0.01\,\mathcal{N}(0, 1), \quad b^{[l]} = 0 \qquad \text{(L11)}

    ``zeros=True`` sets the weights to zero too (the symmetric start of L11). ``rng`` is a np.random.Generator; a
    legacy np.random.RandomState(seed) draws exactly what the course's np.random.seed(seed) and randn would.
    """
    n_x, n_h, n_y = check.size("n_x", n_x), check.size("n_h", n_h), check.size("n_y", n_y)
    scale = check.number("scale", scale, ">= 0", lambda s: s >= 0)
    if not isinstance(zeros, bool | np.bool_):
        raise TypeError(f"zeros must be True or False; got {zeros!r} of type {type(zeros).__name__}")
    if rng is not None and not isinstance(rng, np.random.Generator | np.random.RandomState):
        raise TypeError(f"rng must be a np.random.Generator (np.random.default_rng(seed)); got {type(rng).__name__}")
    check.parameters_fit(n_x, n_h, n_y)
    if zeros:
        return {
            "W1": np.zeros((n_h, n_x)),
            "b1": np.zeros((n_h, 1)),
            "W2": np.zeros((n_y, n_h)),
            "b2": np.zeros((n_y, 1)),
        }
    rng = np.random.default_rng() if rng is None else rng
    W1 = scale * rng.standard_normal((n_h, n_x))
    W2 = scale * rng.standard_normal((n_y, n_h))
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def forward(X: ArrayLike, parameters: Mapping[str, ArrayLike], activation: str = "tanh") -> Params:
    r"""The forward pass, returning the cache {Z1, A1, Z2, A2}.

    .. math::
        Z^{[1]} = W^{[1]} X + b^{[1]}, \quad A^{[1]} = g(Z^{[1]}), \quad
        Z^{[2]} = W^{[2]} A^{[1]} + b^{[2]}, \quad A^{[2]} = \sigma(Z^{[2]})
    """
    return _checked_forward(X, parameters, activation, batched=True)


def _checked_forward(X: ArrayLike, parameters: Mapping[str, ArrayLike], activation: str, batched: bool) -> Params:
    """:func:`forward`; with ``batched=False`` (predict, the course's forward_propagation) leading batch axes are
    refused, not broadcast."""
    X = check.examples(X)
    params, (_, n_h, n_y) = check.parameters(parameters, n_x=X.shape[0], batched=batched)
    activation = check.activation(activation, ACTIVATIONS)
    m, batch = X.shape[1], np.broadcast_shapes(*(params[key].shape[:-2] for key in params))
    what = f"the forward pass with {f'batch axes {batch}, ' if batch else ''}n_h = {n_h}, n_y = {n_y}, m = {m}"
    check.fits(what, 3 * math.prod(batch) * (n_h + n_y) * m)  # W1 X, Z1, A1 (..., n_h, m); W2 A1, Z2, A2 (..., n_y, m)
    with np.errstate(over="ignore", invalid="ignore"):
        cache = _forward(X, params, activation)
    check.finite_result("Z1", cache["Z1"], "X, W1 and b1", "Z1 = W1 X + b1")
    check.finite_result("Z2", cache["Z2"], "X and the parameters", "Z2 = W2 A1 + b2")
    return cache


def _forward(X: Array, params: Mapping[str, Array], activation: str) -> Params:
    Z1 = params["W1"] @ X + params["b1"]  # Z1 = W1 X + b1
    A1 = CORES[activation].g(Z1)  # A1 = g(Z1)
    Z2 = params["W2"] @ A1 + params["b2"]  # Z2 = W2 A1 + b2
    A2 = sigmoid(Z2)  # A2 = sigma(Z2)
    return {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}


def cost(A2: ArrayLike, Y: ArrayLike) -> Array:
    r"""Mean binary cross-entropy from the probabilities A2 (the notes' plain formula).

    .. math:: J = -\frac{1}{m} \sum \left( Y \log A^{[2]} + (1 - Y) \log(1 - A^{[2]}) \right)

    It loses precision, and becomes inf, where A2 rounds to 0 or 1: prefer :func:`cost_from_logits`.
    Reduces over the last two axes (n_y, m); leading batch axes stay.
    """
    A2 = check.outputs("A2", A2, probabilities=True)
    Y = check.labels(Y)
    check.same_examples("A2", A2, Y)
    check.fits(f"the cost of A2 of shape {A2.shape}", 4 * A2.size)  # log A2, 1 - A2, log(1 - A2), their choice
    with np.errstate(divide="ignore"):
        return _cost(A2, Y)


def _cost(A2: Array, Y: Array) -> Array:
    m = A2.shape[-1]
    # y log a + (1 - y) log(1 - a), written per label so that 0 * log 0 cannot make a NaN
    logprobs = np.where(Y == 1.0, np.log(A2), np.log(1.0 - A2))
    return np.asarray(-logprobs.sum(axis=(-2, -1)) / m)


def cost_from_logits(Z2: ArrayLike, Y: ArrayLike) -> Array:
    r"""Mean binary cross-entropy computed stably from the logits Z2 (claim stable.cost).

    With 1 - sigma(z) = sigma(-z), the loss of one example is a softplus, for y in {0, 1}:

    .. math::
        -\left(y \log \sigma(z) + (1 - y) \log(1 - \sigma(z))\right) = \log\left(1 + e^{(1 - 2y) z}\right),
        \qquad J = \sum \frac{1}{m} \log\left(1 + e^{(1 - 2Y) * Z^{[2]}}\right)

    np.logaddexp(0, t) = log(1 + e^t) has no cancellation and no overflow, so J is finite for every finite Z2.
    Reduces over the last two axes (n_y, m); leading batch axes stay.
    """
    Z2 = check.outputs("Z2", Z2)
    Y = check.labels(Y)
    check.same_examples("Z2", Z2, Y)
    check.fits(f"the cost of Z2 of shape {Z2.shape}", 3 * Z2.size)  # (1 - 2Y) Z2, its softplus, divided by m
    with np.errstate(over="ignore"):
        J = _cost_from_logits(Z2, 1.0 - 2.0 * Y)
    return np.asarray(np.minimum(J, MAX))  # a mean of finite L is <= max L <= MAX: only the last rounding can overflow


def _cost_from_logits(Z2: Array, signs: Array) -> Array:
    """J from Z2 and signs = 1 - 2Y, which the training loop computes once."""
    m = Z2.shape[-1]
    losses = np.logaddexp(0.0, signs * Z2)  # L(a2, y) = log(1 + e^{(1 - 2y) z2})
    return np.asarray((losses / m).sum(axis=(-2, -1)))  # J = sum L / m, divided first so that the sum cannot overflow


def backward(
    parameters: Mapping[str, ArrayLike],
    cache: Mapping[str, ArrayLike],
    X: ArrayLike,
    Y: ArrayLike,
    activation: str = "tanh",
) -> Params:
    r"""Backpropagation, returning every intermediate of the notes' equations (L09).

    .. math::
        dZ^{[2]} = A^{[2]} - Y, \quad dW^{[2]} = \tfrac{1}{m} dZ^{[2]} A^{[1]T}, \quad
        db^{[2]} = \tfrac{1}{m} \textstyle\sum_{\text{axis}=1} dZ^{[2]}, \\
        dA^{[1]} = W^{[2]T} dZ^{[2]}, \quad dZ^{[1]} = dA^{[1]} * g'(Z^{[1]}), \quad
        dW^{[1]} = \tfrac{1}{m} dZ^{[1]} X^T, \quad db^{[1]} = \tfrac{1}{m} \textstyle\sum_{\text{axis}=1} dZ^{[1]}

    Returns dZ2, dW2, db2, dA1, dZ1, dW1, db1. Takes no batch axes: W1, b1, W2 and b2 are 2-D.
    """
    X = check.examples(X)
    params, (_, n_h, n_y) = check.parameters(parameters, n_x=X.shape[0], batched=False)
    Y = check.labels(Y, X.shape[1], n_y)
    values = check.cache(cache, n_h, n_y, X.shape[1])
    g_prime = _g_prime(check.activation(activation, ACTIVATIONS))  # by the same route as backward_propagation
    return _checked_backward(params["W2"], values["A1"], values["A2"], lambda: g_prime(values), X, Y)


def _checked_backward(W2: Array, A1: Array, A2: Array, g_prime_Z1: Callable[[], Array], X: Array, Y: Array) -> Params:
    """_backward for a public call: memory checked first, every gradient checked finite after."""
    n_h, m = A1.shape
    check.fits(f"backpropagation with n_h = {n_h}, m = {m}", 3 * n_h * m + 2 * A2.size)  # g'(Z1), dA1, dZ1; dZ2
    with np.errstate(over="ignore", invalid="ignore"):
        grads = _backward(W2, A1, A2, g_prime_Z1(), X, Y)
    for key, value in grads.items():
        check.finite_result(key, value, "W2, the cache and X", "the gradients")
    return grads


def _backward(W2: Array, A1: Array, A2: Array, g_prime_Z1: Array, X: Array, Y: Array) -> Params:
    m = X.shape[-1]
    dZ2 = A2 - Y  # dZ2 = A2 - Y
    dW2 = dZ2 @ A1.T / m  # dW2 = (1/m) dZ2 A1^T
    db2 = dZ2.sum(axis=1, keepdims=True) / m  # db2 = (1/m) np.sum(dZ2, axis=1, keepdims=True)
    dA1 = W2.T @ dZ2  # dA1 = W2^T dZ2
    dZ1 = dA1 * g_prime_Z1  # dZ1 = W2^T dZ2 * g'(Z1)
    dW1 = dZ1 @ X.T / m  # dW1 = (1/m) dZ1 X^T
    db1 = dZ1.sum(axis=1, keepdims=True) / m  # db1 = (1/m) np.sum(dZ1, axis=1, keepdims=True)
    return {"dZ2": dZ2, "dW2": dW2, "db2": db2, "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1}


def update(parameters: Mapping[str, ArrayLike], grads: Mapping[str, ArrayLike], learning_rate: float) -> Params:
    r"""One gradient-descent step; returns new arrays and never changes its inputs.

    .. math:: \theta \leftarrow \theta - \alpha\, d\theta, \quad \theta \in \{W^{[1]}, b^{[1]}, W^{[2]}, b^{[2]}\}
    """
    params, _ = check.parameters(parameters)
    steps = check.same_keys("grads", grads, params)
    alpha = check.learning_rate(learning_rate)
    count = sum(value.size for value in params.values())
    check.fits(f"the update of {count} parameters", 2 * count)  # alpha d(theta), then theta - alpha d(theta)
    with np.errstate(over="ignore", invalid="ignore"):
        stepped = _update(params, steps, alpha)
    for key, value in stepped.items():
        check.finite_result(
            f"the new {key}", value, f"{key}, d{key} and learning_rate", f"{key} - learning_rate * d{key}"
        )
    return stepped


def _update(params: Mapping[str, Array], grads: Mapping[str, Array], learning_rate: float) -> Params:
    return {key: value - learning_rate * grads["d" + key] for key, value in params.items()}


def train(
    X: ArrayLike,
    Y: ArrayLike,
    parameters: Mapping[str, ArrayLike],
    *,
    activation: str = "tanh",
    num_iterations: int = 10000,
    learning_rate: float = 1.2,
    print_every: int | None = None,
) -> Trained:
    r"""Gradient descent from the given parameters: forward, cost, backward, update, num_iterations times.

    Records J (from the logits) before every update; prints ``Cost after iteration i: J`` every ``print_every``.
    Raises :class:`DivergenceError` at the first value that overflows float64, so before any J or parameter is inf or
    NaN, keeping what came before.
    """
    X = check.examples(X)
    params, (n_x, n_h, n_y) = check.parameters(parameters, n_x=X.shape[0], batched=False)
    Y = check.labels(Y, X.shape[1], n_y)
    num_iterations = check.size("num_iterations", num_iterations)
    alpha = check.learning_rate(learning_rate)
    g_prime = _g_prime(check.activation(activation, ACTIVATIONS))
    if print_every is not None:
        print_every = check.size("print_every", print_every)
    check.training_fits(n_x, n_h, n_y, X.shape[1], num_iterations)
    signs = 1.0 - 2.0 * Y  # the cost from the logits needs only 1 - 2y
    costs = np.empty(num_iterations)
    # Finite values leave float64 only by an overflow (or an invalid operation on its inf): raising there stops the run
    # at its first non-finite value, before any non-finite J or parameter, at no cost per iteration.
    with np.errstate(over="raise", invalid="raise", divide="raise", under="ignore"):
        for i in range(num_iterations):
            step = "the forward pass"
            try:
                cache = _forward(X, params, activation)
                step = "the cost J"
                costs[i] = _cost_from_logits(cache["Z2"], signs)
                if print_every and i % print_every == 0:
                    print(f"Cost after iteration {i}: {costs[i]:f}")
                step = "backpropagation"
                grads = _backward(params["W2"], cache["A1"], cache["A2"], g_prime(cache), X, Y)
                step = "the update"
                params = _update(params, grads, alpha)
            except FloatingPointError:
                kept = costs[: i + (step in ("backpropagation", "the update"))]
                raise _diverged(i, step, alpha, kept, params) from None
    return Trained(params, costs)


def _diverged(iteration: int, step: str, alpha: float, costs: Array, params: Mapping[str, Array]) -> DivergenceError:
    """The error of a run that overflowed float64 in ``step`` of ``iteration``, keeping the costs and parameters."""
    last = f" (the last finite J: {costs[-1]:g} at iteration {costs.size - 1})" if costs.size else ""
    message = (
        f"gradient descent diverged at iteration {iteration} with learning rate {alpha:g}: {step} overflowed "
        f"float64{last}. Likely cause: the learning rate is too large for this data, so each step overshoots and the "
        "next is larger; try a smaller learning rate"
    )
    parameters = dict(params)
    return DivergenceError(message, iteration=iteration, learning_rate=alpha, costs=costs.copy(), parameters=parameters)


SLOPE_FROM_A1: dict[str, Callable[[Array], Array]] = {
    "tanh": lambda A1: 1.0 - A1**2,  # g'(z) = 1 - tanh(z)^2 (L08)
    "sigmoid": lambda A1: A1 * (1.0 - A1),  # g'(z) = g(z) (1 - g(z)) (L08)
}


def _g_prime(activation: str) -> Callable[[Mapping[str, Array]], Array]:
    """g'(Z1) from the cache: from A1 = g(Z1) where the notes write it so (tanh, sigmoid), else from Z1."""
    if activation in SLOPE_FROM_A1:
        from_A1 = SLOPE_FROM_A1[activation]
        return lambda cache: from_A1(cache["A1"])
    dg = CORES[activation].dg
    return lambda cache: dg(cache["Z1"])


def predict(parameters: Mapping[str, ArrayLike], X: ArrayLike, activation: str = "tanh") -> NDArray[np.bool_]:
    r""".. math:: \hat y = \left[ A^{[2]} > 0.5 \right]

    Takes no batch axes: W1, b1, W2 and b2 are 2-D."""
    return _checked_forward(X, parameters, activation, batched=False)["A2"] > 0.5
