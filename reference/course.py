"""The course's eight functions (C1W3 assignment, W3A1 generation), as thin wrappers over the reference.

Signatures, dict keys, return types and the legacy global-RNG seeding are the course's. Each also takes the optional
``activation`` keyword of the suite's contract (README: "The implementation contract").
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shallow_proofs.reference import network
from shallow_proofs.reference import validation as check
from shallow_proofs.reference.activations import ACTIVATIONS

Array = NDArray[np.float64]


def layer_sizes(X: ArrayLike, Y: ArrayLike) -> tuple[int, int, int]:
    """(n_x, n_h, n_y) = (X.shape[0], 4, Y.shape[0]); the course fixes n_h = 4 here.

    Only shapes are read: the course's own test passes real-valued Y, so labels are not checked here.
    """
    X = check.examples(X)
    Y = check.real_array("Y", Y)
    if Y.ndim != 2 or Y.shape[0] < 1 or Y.shape[1] != X.shape[1]:
        expected = f"(n_y, {X.shape[1]}), n_y >= 1, one column per example of X"
        raise ValueError(f"Y must have shape {expected}; got shape {Y.shape}")
    return X.shape[0], 4, Y.shape[0]


def initialize_parameters(n_x: int, n_h: int, n_y: int) -> dict[str, Array]:
    r"""W1 = np.random.randn(n_h, n_x) * 0.01, then W2 = np.random.randn(n_y, n_h) * 0.01; b1, b2 = 0.

    Draws from numpy's global RNG, as the course does, without reseeding.
    """
    n_x, n_h, n_y = check.size("n_x", n_x), check.size("n_h", n_h), check.size("n_y", n_y)
    check.parameters_fit(n_x, n_h, n_y)
    W1 = np.random.randn(n_h, n_x) * 0.01  # noqa: NPY002 (the course's global RNG, on purpose)
    W2 = np.random.randn(n_y, n_h) * 0.01  # noqa: NPY002
    return {"W1": W1, "b1": np.zeros((n_h, 1)), "W2": W2, "b2": np.zeros((n_y, 1))}


def forward_propagation(
    X: ArrayLike, parameters: Mapping[str, ArrayLike], activation: str = "tanh"
) -> tuple[Array, dict[str, Array]]:
    r"""(A2, cache) with cache = {Z1, A1, Z2, A2}; see :func:`reference.network.forward`. Takes no batch axes: W1,
    b1, W2 and b2 are 2-D, as the course's."""
    cache = network._checked_forward(X, parameters, activation, batched=False)
    return cache["A2"], cache


def compute_cost(A2: ArrayLike, Y: ArrayLike, parameters: object = None) -> float:
    r"""The mean cross-entropy as a Python float; ``parameters`` is the oldest generation's unused argument.

    .. math:: J = -\frac{1}{m} \sum \left( Y \log A^{[2]} + (1 - Y) \log(1 - A^{[2]}) \right)
    """
    A2 = check.outputs("A2", A2, probabilities=True)
    if A2.ndim != 2:
        raise ValueError(f"A2 must be a 2-D array of shape (n_y, m), without batch axes; got shape {A2.shape}")
    return float(network.cost(A2, Y))


def backward_intermediates(
    parameters: Mapping[str, ArrayLike],
    cache: Mapping[str, ArrayLike],
    X: ArrayLike,
    Y: ArrayLike,
    activation: str = "tanh",
) -> dict[str, Array]:
    """Every intermediate of backpropagation: dZ2, dW2, db2, dA1, dZ1, dW1, db1 (optional in the contract)."""
    return network.backward(parameters, cache, X, Y, activation)


def backward_propagation(
    parameters: Mapping[str, ArrayLike],
    cache: Mapping[str, ArrayLike],
    X: ArrayLike,
    Y: ArrayLike,
    activation: str = "tanh",
) -> dict[str, Array]:
    r"""{dW1, db1, dW2, db2}: the notes' L09 equations (see :func:`reference.network.backward`).

    Reads W2 from parameters and A1, A2 from the cache, as the course does: g'(Z1) = 1 - A1^2 for tanh (and
    A1 (1 - A1) for the sigmoid), so Z1 is read only for the other activations (the course's test passes an
    unrelated Z1).
    """
    X = check.examples(X)
    params, (_, n_h, n_y) = check.parameters(parameters, n_x=X.shape[0], batched=False)
    Y = check.labels(Y, X.shape[1], n_y)
    activation = check.activation(activation, ACTIVATIONS)
    keys = ("A1", "A2") if activation in network.SLOPE_FROM_A1 else ("Z1", "A1", "A2")
    values = check.cache(cache, n_h, n_y, X.shape[1], keys)
    g_prime = network._g_prime(activation)
    grads = network._checked_backward(params["W2"], values["A1"], values["A2"], lambda: g_prime(values), X, Y)
    return {key: grads[key] for key in ("dW1", "db1", "dW2", "db2")}


def update_parameters(
    parameters: Mapping[str, ArrayLike], grads: Mapping[str, ArrayLike], learning_rate: float = 1.2
) -> dict[str, Array]:
    r""".. math:: \theta \leftarrow \theta - \alpha\, d\theta; new arrays, the caller's stay unchanged."""
    return network.update(parameters, grads, learning_rate)


def nn_model(
    X: ArrayLike,
    Y: ArrayLike,
    n_h: int,
    num_iterations: int = 10000,
    print_cost: bool = False,
    learning_rate: float = 1.2,
    activation: str = "tanh",
) -> dict[str, Array]:
    """np.random.seed(3), initialize_parameters, then num_iterations of forward, cost, backward, update.

    Prints ``Cost after iteration %i: %f`` every 1000 iterations when print_cost is true. Raises
    network.DivergenceError when a cost or a parameter stops being finite.
    """
    X = check.examples(X)
    Y = check.labels(Y, X.shape[1])
    n_h = check.size("n_h", n_h)
    check.size("num_iterations", num_iterations)
    check.learning_rate(learning_rate)
    check.activation(activation, ACTIVATIONS)
    (n_x, m), n_y = X.shape, Y.shape[0]
    check.parameters_fit(n_x, n_h, n_y)
    check.training_fits(n_x, n_h, n_y, m, num_iterations)
    np.random.seed(3)  # noqa: NPY002 (validated first, so a bad call leaves the global RNG alone)
    parameters = initialize_parameters(n_x, n_h, n_y)
    trained = network.train(
        X,
        Y,
        parameters,
        activation=activation,
        num_iterations=num_iterations,
        learning_rate=learning_rate,
        print_every=1000 if print_cost else None,
    )
    return trained.parameters


def predict(parameters: Mapping[str, ArrayLike], X: ArrayLike, activation: str = "tanh") -> NDArray[np.bool_]:
    r"""A2 > 0.5, a boolean (n_y, m) array."""
    return network.predict(parameters, X, activation)
