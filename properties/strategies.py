"""The suite's one strategies module.

Dimensions are small, with deliberate collisions (n_x = n_h, n_h = n_y, m = n_x, n_y > 1): many real bugs only show
there. Arrays are float64, bounded, with no NaN or inf, and every element is drawn on its own (Hypothesis' default
fills most of an array with one value). Parameters come at several scales, labels are in {0, 1}.

Degenerate examples are rare by design (tests/test_strategies.py measures it over the gate's draws): X is never all
zero nor constant, weights are never all zero outside symmetric_parameters, and m = 1, n_h = 1 are drawn seldom. The
edge cases (m = 1, one unit per layer, X = 0 with zero biases) are covered on purpose: EDGE_CASES, given to the
properties with ``@example``, and dedicated properties (m = 1 in test_forward.py, zero weights in the symmetry ones).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple, TypeVar

import numpy as np
from hypothesis import example
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from shallow_proofs.properties.impl import current

ACTIVATION_NAMES = ("sigmoid", "tanh", "relu", "leaky_relu", "identity")
SMOOTH_ACTIVATIONS = ("sigmoid", "tanh", "identity")
SCALES = (0.01, 0.1, 0.5, 1.0, 3.0)
MAX_DIM = 5
MAX_M = 8


class Dims(NamedTuple):
    n_x: int
    n_h: int
    n_y: int
    m: int


# The functions of the implementation a property calls with the drawn network: n_y > 1 is drawn only if every one of
# them handles it (optional in the course's binary API, and probed per function: Implementation.multi_output_in).
FORWARD = ("forward_propagation",)
BACKWARD = ("forward_propagation", "backward_propagation")
COST = ("forward_propagation", "compute_cost")


def max_n_y(uses: tuple[str, ...] = FORWARD) -> int:
    """n_y > 1 is optional in the course's contract: draw it only where each function in ``uses`` handles it."""
    return 3 if current().multi_output_in(*uses) else 1


def collision(*sizes: int) -> st.SearchStrategy[int]:
    """One of the sizes above 1 (a size that fits where another belongs); 2 if there is none."""
    return st.sampled_from(tuple(n for n in sizes if n > 1) or (2,))


@st.composite
def dims(draw: st.DrawFn, max_m: int = MAX_M, min_m: int = 1, uses: tuple[str, ...] = FORWARD) -> Dims:
    """(n_x, n_h, n_y, m), with collisions forced often enough to matter."""
    n_y = draw(st.integers(1, max_n_y(uses)))
    n_x = draw(st.integers(1, MAX_DIM))
    n_h = draw(st.integers(1, MAX_DIM) | collision(n_x, n_y))
    low = min(max(min_m, 2 if n_x == 1 else 1), max_m)  # X of one number, constant by force, only on purpose
    m = draw(st.integers(low, max_m) | collision(n_x, n_h))
    return Dims(n_x, n_h, n_y, min(max(m, low), max_m))


activations = st.sampled_from(ACTIVATION_NAMES)
smooth_activations = st.sampled_from(SMOOTH_ACTIVATIONS)
scales = st.sampled_from(SCALES)
learning_rates = st.sampled_from([1e-3, 0.01, 0.1, 0.5, 1.2])


def floats(low: float, high: float, subnormal: bool = False) -> st.SearchStrategy[float]:
    """Finite numbers in [low, high] that the implementation's precision represents exactly (float32 values for an
    implementation that computes in float32: its inputs are then not rounded, only its operations)."""
    if current().dtype == np.float64:
        return st.floats(low, high, allow_nan=False, allow_infinity=False, allow_subnormal=subnormal)
    low32, high32 = np.float32(low), np.float32(high)
    low32 = low32 if low32 >= low else np.nextafter(low32, np.float32(np.inf))
    high32 = high32 if high32 <= high else np.nextafter(high32, np.float32(-np.inf))
    return st.floats(float(low32), float(high32), allow_nan=False, allow_subnormal=subnormal, width=32)


def matrices(shape: tuple[int, ...], bound: float = 3.0) -> st.SearchStrategy[np.ndarray[Any, Any]]:
    """Float64 arrays of the given shape with elements in [-bound, bound]."""
    return hnp.arrays(np.float64, shape, elements=floats(-bound, bound), fill=st.nothing())


def inputs(shape: tuple[int, ...], bound: float = 3.0) -> st.SearchStrategy[np.ndarray[Any, Any]]:
    """X: like matrices, but never all zero, nor constant when it has two elements or more."""
    return matrices(shape, bound).filter(lambda X: bool(X.any()) and (X.size == 1 or np.ptp(X) > 0))


def weights(shape: tuple[int, ...], bound: float) -> st.SearchStrategy[np.ndarray[Any, Any]]:
    """W1 or W2: like matrices, but never all zero (zero weights belong to the symmetry properties)."""
    return matrices(shape, bound).filter(lambda W: bool(W.any()))


def labels(n_y: int, m: int) -> st.SearchStrategy[np.ndarray[Any, Any]]:
    """Y: (n_y, m) labels in {0, 1}, as float64."""
    return hnp.arrays(np.float64, (n_y, m), elements=st.sampled_from([0.0, 1.0]), fill=st.nothing())


@st.composite
def parameters(draw: st.DrawFn, d: Dims, scale: float | None = None) -> dict[str, np.ndarray[Any, Any]]:
    """W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1), elements in [-scale, scale]."""
    s = draw(scales) if scale is None else scale
    return {
        "W1": draw(weights((d.n_h, d.n_x), s)),
        "b1": draw(matrices((d.n_h, 1), s)),
        "W2": draw(weights((d.n_y, d.n_h), s)),
        "b2": draw(matrices((d.n_y, 1), s)),
    }


class Problem(NamedTuple):
    """A network and a batch of examples: dimensions, parameters, X and Y."""

    d: Dims
    parameters: dict[str, np.ndarray[Any, Any]]
    X: np.ndarray[Any, Any]
    Y: np.ndarray[Any, Any]


@st.composite
def problems(
    draw: st.DrawFn, max_m: int = MAX_M, min_m: int = 1, scale: float | None = None, uses: tuple[str, ...] = FORWARD
) -> Problem:
    """Dimensions, parameters, X in [-3, 3] and Y in {0, 1}, drawn together."""
    d = draw(dims(max_m=max_m, min_m=min_m, uses=uses))
    return Problem(d, draw(parameters(d, scale)), draw(inputs((d.n_x, d.m))), draw(labels(d.n_y, d.m)))


def edge_case(d: Dims, zero: bool = False) -> Problem:
    """A fixed problem of dimensions d (n_y = 1: every implementation runs it): weights, biases and X seeded in
    [-1, 1] (values of the implementation's precision, as floats draws them), labels alternating 0 and 1; with
    ``zero``, X = 0 and b1 = b2 = 0 (Z1 = 0: A1 = g(0), a kink for ReLU)."""
    rng = np.random.default_rng(sum(d))

    def uniform(shape: tuple[int, int]) -> np.ndarray[Any, Any]:
        return rng.uniform(-1.0, 1.0, shape).astype(current().dtype).astype(np.float64)

    P = {
        "W1": uniform((d.n_h, d.n_x)),
        "b1": np.zeros((d.n_h, 1)) if zero else uniform((d.n_h, 1)),
        "W2": uniform((d.n_y, d.n_h)),
        "b2": np.zeros((d.n_y, 1)) if zero else uniform((d.n_y, 1)),
    }
    X = np.zeros((d.n_x, d.m)) if zero else uniform((d.n_x, d.m))
    return Problem(d, P, X, (np.indices((d.n_y, d.m)).sum(axis=0) % 2).astype(np.float64))


# The edge cases the strategies draw seldom on purpose, run by the properties in every profile (at_the_edges).
EDGE_CASES = (
    edge_case(Dims(3, 4, 1, 1)),  # one example, m = 1
    edge_case(Dims(1, 1, 1, 3)),  # one unit in every layer, n_x = n_h = n_y = 1
    edge_case(Dims(1, 1, 1, 1)),  # X a single number
    edge_case(Dims(2, 3, 1, 4), zero=True),  # X = 0, b1 = b2 = 0
)
Test = TypeVar("Test", bound=Callable[..., Any])


def at_the_edges(**others: Any) -> Callable[[Test], Test]:
    """Also run the property on each of EDGE_CASES: ``@example(problem=edge, **others)``, whatever the profile."""

    def decorate(test: Test) -> Test:
        for problem in EDGE_CASES:
            test = example(problem=problem, **others)(test)
        return test

    return decorate


# Gradient descent, initialization and the course's API (properties/test_gradient_descent.py and neighbours).
MODERATE_SCALES = (0.01, 0.1, 0.5, 1.0)
seeds = st.integers(0, 2**32 - 1)
iterations = st.integers(1, 6)
hidden_sizes = st.integers(1, MAX_DIM)


def moderate_problems(max_m: int = MAX_M, uses: tuple[str, ...] = FORWARD) -> st.SearchStrategy[Problem]:
    """Parameters of scale at most 1: with tanh or sigmoid, abs(Z2) <= n_h + 1, so A2 stays away from 0 and 1."""
    return st.sampled_from(MODERATE_SCALES).flatmap(lambda scale: problems(max_m=max_m, scale=scale, uses=uses))


def probabilities(shape: tuple[int, ...]) -> st.SearchStrategy[np.ndarray[Any, Any]]:
    """A2-like arrays with entries in [1e-6, 1 - 1e-6]."""
    return hnp.arrays(np.float64, shape, elements=floats(1e-6, 1.0 - 1e-6), fill=st.nothing())


@st.composite
def symmetric_parameters(draw: st.DrawFn, d: Dims, zero: bool = False) -> dict[str, np.ndarray[Any, Any]]:
    """Identical hidden units: equal rows of W1, equal entries of b1, equal columns of W2 (all zero when ``zero``)."""
    s = draw(scales)
    row = np.zeros((1, d.n_x)) if zero else draw(matrices((1, d.n_x), s))
    bias = 0.0 if zero else draw(floats(-s, s))
    column = draw(matrices((d.n_y, 1), s))
    return {
        "W1": np.repeat(row, d.n_h, axis=0),
        "b1": np.full((d.n_h, 1), bias),
        "W2": np.repeat(column, d.n_h, axis=1),
        "b2": draw(matrices((d.n_y, 1), s)),
    }


class LogisticProblem(NamedTuple):
    """Logistic regression in the course's C1W2 form: w (n_x, 1), b a number, X (n_x, m), Y (1, m)."""

    w: np.ndarray[Any, Any]
    b: float
    X: np.ndarray[Any, Any]
    Y: np.ndarray[Any, Any]


@st.composite
def logistic_problems(draw: st.DrawFn, zero: bool = False) -> LogisticProblem:
    """w and b at one of the scales (zero when ``zero``), X in [-3, 3], Y in {0, 1}."""
    n_x = draw(st.integers(1, MAX_DIM))
    m = draw(st.integers(2 if n_x == 1 else 1, MAX_M) | collision(n_x))  # X of one number only on purpose
    s = draw(scales)
    w = np.zeros((n_x, 1)) if zero else draw(weights((n_x, 1), s))
    b = 0.0 if zero else draw(floats(-s, s))
    return LogisticProblem(w, b, draw(inputs((n_x, m))), draw(labels(1, m)))


# Activations on chosen ranges, extreme values, permutations, XOR (test_activations.py, test_stability.py, ...).
LARGE_M = (50, 200)
# Where sigma and tanh saturate, exp overflows or underflows, and the top of the float64 range.
EXTREME_VALUES = (36.0, 37.0, 40.0, 709.0, 710.0, 745.0, 746.0, 1000.0, 1e4, 1e100, 1e308, float(np.finfo(float).max))


def points(bound: float = 50.0, max_size: int = 16) -> st.SearchStrategy[np.ndarray[Any, Any]]:
    """1-D float64 arrays of activation inputs z in [-bound, bound] (0 and tiny values included)."""
    return hnp.arrays(np.float64, st.integers(1, max_size), elements=floats(-bound, bound, subnormal=True))


VECTOR_LENGTHS = st.integers(1, 16)


def finite_arrays(shape: tuple[int, ...] | st.SearchStrategy[int] = VECTOR_LENGTHS) -> st.SearchStrategy[Any]:
    """Float64 arrays of any finite values: subnormals, +-1e308 and the largest float included (stable.*)."""
    finite = st.floats(allow_nan=False, allow_infinity=False)
    extreme = st.sampled_from(EXTREME_VALUES).flatmap(lambda z: st.sampled_from([z, -z]))
    return hnp.arrays(np.float64, shape, elements=finite | extreme)


def extreme_arrays(shape: tuple[int, ...] | st.SearchStrategy[int] = VECTOR_LENGTHS) -> st.SearchStrategy[Any]:
    """Float64 arrays with abs(z) >= 36, where sigma(z) rounds to 0 or 1 (or within an ulp of it)."""
    large = st.floats(36.0, float(np.finfo(float).max)) | st.sampled_from(EXTREME_VALUES)
    return hnp.arrays(np.float64, shape, elements=large.flatmap(lambda z: st.sampled_from([z, -z])))


def runnable_activations(names: tuple[str, ...] = ACTIVATION_NAMES) -> st.SearchStrategy[str]:
    """Hidden activations the implementation can run: all with an activation= keyword, else tanh (the course's)."""

    def choose() -> st.SearchStrategy[str]:
        choosable = current().accepts("forward_propagation", "activation")
        return st.sampled_from(names if choosable else tuple(n for n in names if n == "tanh") or names)

    return st.deferred(choose)


epsilons = st.floats(1e-12, 0.25)


def index(n: int) -> st.SearchStrategy[int]:
    """One of 0, ..., n - 1 (a hidden unit, an example)."""
    return st.integers(0, n - 1)


def permutations(n: int) -> st.SearchStrategy[np.ndarray[Any, Any]]:
    """A permutation of range(n), as an index array."""
    return st.permutations(range(n)).map(np.array)


def xor_parameters(scale: float | None = None) -> st.SearchStrategy[dict[str, np.ndarray[Any, Any]]]:
    """Parameters of a network on the XOR points: n_x = 2, any n_h, n_y = 1."""
    return hidden_sizes.flatmap(lambda n_h: parameters(Dims(2, n_h, 1, 4), scale))


@st.composite
def linear_stacks(draw: st.DrawFn, depth: int) -> tuple[list[dict[str, np.ndarray[Any, Any]]], np.ndarray[Any, Any]]:
    """depth networks to chain, each one's Z2 the next one's X (2 depth linear layers), and the first X (n_0, m).

    Network k maps n_k inputs to n_(k+1) outputs; outputs beyond the first are as wide as the implementation allows.
    """
    widths = [draw(st.integers(1, MAX_DIM))] + [draw(st.integers(1, max_n_y())) for _ in range(depth)]
    m, s = draw(st.integers(1, MAX_M)), draw(scales)
    networks = [draw(parameters(Dims(widths[k], draw(hidden_sizes), widths[k + 1], m), s)) for k in range(depth)]
    return networks, draw(inputs((widths[0], m)))


@st.composite
def square_problems(draw: st.DrawFn, uses: tuple[str, ...] = FORWARD) -> Problem:
    """n_x = n_h = m (> 1): W1 and W1^T, b1 and b1^T all fit, so confusing them runs silently; only values differ."""
    n = draw(st.integers(2, MAX_DIM))
    d = Dims(n, n, draw(st.integers(1, max_n_y(uses))), n)
    return Problem(d, draw(parameters(d)), draw(inputs((n, n))), draw(labels(d.n_y, n)))
