"""Probe calls: what an implementation offers beyond the course's binary API, and which harmless variant it is.

Each probe calls the implementation on a small fixed network (tanh hidden layer, seeded values) and answers yes or no;
the caller (properties.impl) turns any exception into no. The sizes are all distinct (n_x = 3, n_h = 4, m = 5), so a
shape mix-up raises instead of fitting. Capabilities are probed per function, where they are used: a forward pass
that handles n_y > 1 says nothing of the cost (the course's own np.dot cost does not). The variants are COURSE.md's
conventions that are not bugs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from shallow_proofs.reference import network as notes

if TYPE_CHECKING:
    from shallow_proofs.properties.impl import Implementation

N_X, N_H, M = 3, 4, 5
PARAMETER_KEYS = ("W1", "b1", "W2", "b2")


class Network(NamedTuple):
    X: np.ndarray[Any, Any]
    Y: np.ndarray[Any, Any]
    parameters: dict[str, np.ndarray[Any, Any]]
    cache: dict[str, np.ndarray[Any, Any]]


def network(n_y: int) -> Network:
    """X (3, 5), labels alternating 0 and 1, parameters in [-1, 1], and its forward pass: Z1 = W1 X + b1,
    A1 = tanh(Z1), Z2 = W2 A1 + b2, A2 = 1 / (1 + e^-Z2)."""
    rng = np.random.default_rng(n_y)
    P = {
        "W1": rng.uniform(-1, 1, (N_H, N_X)),
        "b1": rng.uniform(-1, 1, (N_H, 1)),
        "W2": rng.uniform(-1, 1, (n_y, N_H)),
        "b2": rng.uniform(-1, 1, (n_y, 1)),
    }
    X = rng.uniform(-1, 1, (N_X, M))
    cache = dict(notes.forward(X, P))
    return Network(X, (np.indices((n_y, M)).sum(axis=0) % 2).astype(np.float64), P, cache)


def cross_entropy(Z2: np.ndarray[Any, Any], Y: np.ndarray[Any, Any]) -> tuple[float, float]:
    """J = (1/m) sum(log(1 + e^Z2) - Y Z2) over every entry, and a bound on an n-term evaluation's rounding, per eps:
    (n + 8) (J + 1) (n terms summed, a few ulps per logarithm, as properties/test_course_api.py derives)."""
    terms = np.logaddexp(0.0, Z2) - Y * Z2
    J = float(terms.sum() / Z2.shape[1])
    return J, (Z2.size + 8) * (J + 1)


def grads_have_shapes(grads: Any, parameters: dict[str, np.ndarray[Any, Any]]) -> bool:
    return all(np.shape(grads["d" + key]) == parameters[key].shape for key in PARAMETER_KEYS)


# --- n_y > 1, per function ---


def forward(impl: Implementation, eps: float) -> bool:
    net = network(2)
    A2, cache = impl.forward(net.X, net.parameters)
    return bool(np.shape(A2) == (2, M) and np.shape(cache["A1"]) == (N_H, M))


def cost(impl: Implementation, eps: float) -> bool:
    """One number, the cross-entropy summed over the outputs and averaged over the examples."""
    net = network(2)
    J, per_eps = cross_entropy(net.cache["Z2"], net.Y)
    got = impl.cost(net.cache["A2"], net.Y, net.parameters)
    return bool(np.size(got) == 1 and abs(float(np.squeeze(got)) - J) <= per_eps * eps)


def cost_from_logits(impl: Implementation, eps: float) -> bool:
    net = network(2)
    J, per_eps = cross_entropy(net.cache["Z2"], net.Y)
    got = impl.function("cost_from_logits")(net.cache["Z2"], net.Y)
    return bool(np.size(got) == 1 and abs(float(np.squeeze(got)) - J) <= per_eps * eps)


def backward(impl: Implementation, eps: float) -> bool:
    net = network(2)
    return grads_have_shapes(impl.backward(net.parameters, net.cache, net.X, net.Y), net.parameters)


def intermediates(impl: Implementation, eps: float) -> bool:
    net = network(2)
    values = impl.function("backward_intermediates")(net.parameters, net.cache, net.X, net.Y)
    return grads_have_shapes(values, net.parameters) and np.shape(values["dZ2"]) == (2, M)


def nn_model(impl: Implementation, eps: float) -> bool:
    net = network(2)
    trained = impl.nn_model(net.X, net.Y, N_H, 1)
    return all(np.shape(trained[key]) == net.parameters[key].shape for key in PARAMETER_KEYS)


def predict(impl: Implementation, eps: float) -> bool:
    net = network(2)
    return bool(np.shape(impl.predict(net.parameters, net.X)) == (2, M))


MULTI_OUTPUT_PROBES: dict[str, Callable[[Implementation, float], bool]] = {
    "forward_propagation": forward,
    "compute_cost": cost,
    "cost_from_logits": cost_from_logits,
    "backward_propagation": backward,
    "backward_intermediates": intermediates,
    "nn_model": nn_model,
    "predict": predict,
}


# --- COURSE.md's variants that are not bugs ---


def older_generation(impl: Implementation) -> bool:
    """initialize_parameters gives the same weights whatever the global seed: it seeds itself (np.random.seed(2))."""
    draws = []
    for seed in (0, 1):
        np.random.seed(seed)  # noqa: NPY002  (the course's initialize_parameters draws from the global RNG)
        draws.append(impl.function("initialize_parameters")(N_X, N_H, 1))
    return all(np.array_equal(draws[0][key], draws[1][key]) for key in ("W1", "W2")) and bool(draws[0]["W1"].any())


def float32(impl: Implementation) -> bool:
    """forward_propagation on float64 arrays returns float32 ones."""
    net = network(1)
    A2, _ = impl.forward(net.X, net.parameters)
    return bool(np.asarray(A2).dtype == np.float32)


def cost_is_numpy_float64(impl: Implementation) -> bool:
    """compute_cost returns np.float64: a subclass of Python's float, so a float (COURSE.md)."""
    net = network(1)
    return type(impl.cost(net.cache["A2"], net.Y, net.parameters)) is np.float64


def predicts_1_at_the_tie(impl: Implementation) -> bool:
    """predict gives 1 where A2 = sigma(0) = 0.5 exactly (np.where(A2 < 0.5, 0, 1), A2 >= 0.5)."""
    net = network(1)
    tie = net.parameters | {"W2": np.zeros((1, N_H)), "b2": np.zeros((1, 1))}
    return bool(np.all(np.asarray(impl.predict(tie, net.X)) == 1))


def slope_from_Z1(impl: Implementation) -> bool:
    """backward_propagation reads g'(Z1) from cache["Z1"] (1 - tanh(Z1)^2) rather than from A1 (1 - A1^2)."""
    net = network(1)
    moved = net.cache | {"Z1": net.cache["Z1"] + 1.0}
    before = impl.backward(net.parameters, net.cache, net.X, net.Y)
    after = impl.backward(net.parameters, moved, net.X, net.Y)
    return not np.array_equal(before["dW1"], after["dW1"]) and np.array_equal(before["dW2"], after["dW2"])


# The variants' short names, as the report gives them, and their probes.
OLDER_GENERATION = "older generation (initialize_parameters calls np.random.seed(2))"
FLOAT32 = "computes in float32"
COST_FLOAT64 = "compute_cost returns np.float64 (a float)"
TIE_AT_1 = "predict gives 1 at the tie A2 = 0.5"
SLOPE_FROM_Z1 = "backward_propagation takes g'(Z1) from cache['Z1']"
VARIANT_PROBES: dict[str, Callable[[Implementation], bool]] = {
    OLDER_GENERATION: older_generation,
    FLOAT32: float32,
    COST_FLOAT64: cost_is_numpy_float64,
    TIE_AT_1: predicts_1_at_the_tie,
    SLOPE_FROM_Z1: slope_from_Z1,
}
