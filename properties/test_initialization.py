"""L11: random initialization: the symmetry of identical hidden units, how random weights break it, and the course's
initialize_parameters (0.01 N(0, 1) weights, zero biases).

Symmetry is exact in real arithmetic. In float64, numpy's matmul may round two identical rows differently (seen here:
95 of 4000 five-step runs with n <= 5 differ in the last bits), so each step is checked to keep identical units within
a running rounding-error bound (Higham ch. 3; properties/bounds.py), and the next step starts from identical units
again: by induction, the units stay identical in real arithmetic.
"""

# ruff: noqa: NPY002  (initialize_parameters draws from numpy's global RNG, as the course's does)
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, note
from hypothesis import strategies as st
from scipy import stats

from shallow_proofs.properties import oracle
from shallow_proofs.properties import strategies as s
from shallow_proofs.properties.bounds import EPS, assert_exact, assert_within, gamma
from shallow_proofs.reference.datasets import load_planar_dataset

ALPHA = 1e-9  # false-alarm rate of each statistical test (the draws are seeded, so each outcome is fixed)
KINKED = ("relu", "leaky_relu")  # g' jumps at 0: units on either side of 0 by rounding get slopes 1 and 0 (or 0.01)
BIG = (40, 50, 30)  # (n_x, n_h, n_y): 2000 entries of W1, 1500 of W2 for the distribution tests


def step_error(parameters, cache, grads, X, Y, activation, learning_rate):
    """Running bounds on the rounding error of one step's W1, b1, W2 (forward, backward, update), per element."""
    u = gamma(sum(X.shape) + sum(parameters["W2"].shape) + 16)
    W1, b1, W2, b2 = (np.abs(parameters[k]) for k in ("W1", "b1", "W2", "b2"))
    Xa, A1, A2, m = np.abs(X), np.abs(cache["A1"]), np.abs(cache["A2"]), X.shape[1]
    eZ1 = u * (W1 @ Xa + b1)
    eA1 = eZ1 + u * A1  # |g'| <= 1 for every activation here
    eZ2 = W2 @ eA1 + u * (W2 @ A1 + b2)
    edZ2 = eZ2 / 4 + 2 * u * (A2 + 1)  # sigma' <= 1/4
    dZ2 = np.abs(cache["A2"] - Y)
    dA1 = W2.T @ dZ2
    edA1 = W2.T @ edZ2 + u * dA1
    eslope = eZ1 + u  # |g''| <= 1 for the smooth activations
    if activation in KINKED:
        eslope = np.where(np.abs(cache["Z1"]) <= eZ1, 1.0, eslope)
    edZ1 = edA1 + dA1 * eslope + u * dA1  # |g'| <= 1
    dZ1 = dA1
    bounds = {
        "W1": u * W1 + learning_rate * ((edZ1 + u * dZ1) @ Xa.T / m) + u * np.abs(learning_rate * grads["dW1"]),
        "b1": u * b1 + learning_rate * (edZ1 + u * dZ1).sum(axis=1, keepdims=True) / m,
        "W2": u * W2 + learning_rate * ((edZ2 @ A1.T + dZ2 @ eA1.T + u * dZ2 @ A1.T) / m),
    }
    return {key: 2 * value for key, value in bounds.items()}  # two units, each within the bound of the exact value


def assert_units_identical(parameters, bounds, label):
    """Rows of W1 equal, entries of b1 equal, columns of W2 equal (within ``bounds``: rounding only)."""
    W1, b1, W2 = parameters["W1"], parameters["b1"], parameters["W2"]
    claim = "L11.symmetry"
    assert_within(claim, f"{label}: W1[i, :] == W1[0, :]", W1, np.broadcast_to(W1[:1], W1.shape), bounds["W1"], "W1")
    assert_within(claim, f"{label}: b1[i] == b1[0]", b1, np.broadcast_to(b1[:1], b1.shape), bounds["b1"], "b1")
    assert_within(claim, f"{label}: W2[:, i] == W2[:, 0]", W2, np.broadcast_to(W2[:, :1], W2.shape), bounds["W2"], "W2")


def symmetrize(parameters):
    """Copy hidden unit 0 onto every hidden unit."""
    n_h = parameters["W1"].shape[0]
    return parameters | {
        "W1": np.repeat(parameters["W1"][:1], n_h, axis=0),
        "b1": np.repeat(parameters["b1"][:1], n_h, axis=0),
        "W2": np.repeat(parameters["W2"][:, :1], n_h, axis=1),
    }


def run_symmetric_steps(impl, problem, parameters, activation, steps, learning_rate):
    for step in range(1, steps + 1):
        _, cache = impl.forward(problem.X, parameters, activation)
        grads = impl.backward(parameters, cache, problem.X, problem.Y, activation)
        new = impl.update(parameters, grads, learning_rate)
        assert_units_identical(
            new,
            step_error(parameters, cache, grads, problem.X, problem.Y, activation, learning_rate),
            f"after step {step}",
        )
        parameters = symmetrize(new)


@pytest.mark.proves("L11.symmetry")
@pytest.mark.checks()  # a claim of the notes computed through the implementation: every function a premise
@pytest.mark.parametrize("activation", s.ACTIVATION_NAMES)
@given(problem=s.problems(uses=s.BACKWARD), data=st.data(), steps=s.iterations, learning_rate=s.learning_rates)
def test_zero_start_stays_symmetric(impl, activation, problem, data, steps, learning_rate):
    """W1 = 0, b1 = 0 (the course's zero initialization; W2's columns equal, here zero or not)."""
    parameters = data.draw(s.symmetric_parameters(problem.d, zero=True), label="parameters")
    run_symmetric_steps(impl, problem, parameters, activation, steps, learning_rate)


@pytest.mark.proves("L11.symmetry")
@pytest.mark.checks()  # a claim of the notes computed through the implementation: every function a premise
@pytest.mark.parametrize("activation", s.ACTIVATION_NAMES)
@given(problem=s.problems(uses=s.BACKWARD), data=st.data(), steps=s.iterations, learning_rate=s.learning_rates)
def test_equal_nonzero_units_stay_symmetric(impl, activation, problem, data, steps, learning_rate):
    parameters = data.draw(s.symmetric_parameters(problem.d), label="parameters")
    run_symmetric_steps(impl, problem, parameters, activation, steps, learning_rate)


@pytest.mark.proves("L11.symmetry")
@pytest.mark.parametrize("activation", s.ACTIVATION_NAMES)
@given(problem=s.problems(), data=st.data())
def test_identical_units_compute_the_same_function(impl, activation, problem, data):
    parameters = data.draw(s.symmetric_parameters(problem.d), label="parameters")
    _, cache = impl.forward(problem.X, parameters, activation)
    W1, b1, A1 = np.abs(parameters["W1"]), np.abs(parameters["b1"]), cache["A1"]
    bound = 2 * (gamma(problem.d.n_x + 2) * (W1 @ np.abs(problem.X) + b1) + 2 * EPS * np.abs(A1))
    assert_within("L11.symmetry", "A1[i, :] == A1[0, :]", A1, np.broadcast_to(A1[:1], A1.shape), bound, "A1")


@pytest.mark.proves("L11.symmetry")
@pytest.mark.parametrize("activation", s.ACTIVATION_NAMES)
@given(problem=s.problems(), data=st.data())
def test_identical_units_act_as_one_unit(impl, activation, problem, data):
    """n_h identical units with W2 columns v give the output of one unit with W2 = n_h v."""
    d = problem.d
    parameters = data.draw(s.symmetric_parameters(d), label="parameters")
    A2, cache = impl.forward(problem.X, parameters, activation)
    one = {
        "W1": parameters["W1"][:1],
        "b1": parameters["b1"][:1],
        "W2": d.n_h * parameters["W2"][:, :1],
        "b2": parameters["b2"],
    }
    A2_one, _ = impl.forward(problem.X, one, activation)
    A1 = np.abs(cache["A1"])
    a1_error = gamma(d.n_x + 2) * (np.abs(one["W1"]) @ np.abs(problem.X) + np.abs(one["b1"])) + 2 * EPS * A1[:1]
    z2_error = gamma(d.n_h + 2) * (np.abs(parameters["W2"]) @ A1 + np.abs(parameters["b2"]))
    bound = 2 * (z2_error + np.abs(one["W2"]) @ a1_error) / 4 + 4 * EPS * A2  # sigma' <= 1/4, then sigma's rounding
    assert_within("L11.symmetry", "A2(n_h identical units) == A2(one unit, W2 = n_h v)", A2, A2_one, bound, "A2")


# L11.symmetry_break


@pytest.mark.proves("L11.symmetry_break")
@given(s.dims(), s.seeds)
def test_random_rows_of_W1_are_distinct(impl, d, seed):
    np.random.seed(seed)
    W1 = impl.function("initialize_parameters")(d.n_x, max(d.n_h, 2), d.n_y)["W1"]
    rows = {tuple(row) for row in W1}
    assert len(rows) == W1.shape[0], f"L11.symmetry_break: W1 = 0.01 randn has {W1.shape[0]} rows, distinct {len(rows)}"


@pytest.mark.proves("L11.symmetry_break")
@given(s.problems(), s.seeds)
def test_random_W1_gives_distinct_hidden_units_with_zero_b1(impl, problem, seed):
    d = problem.d
    np.random.seed(seed)
    parameters = impl.function("initialize_parameters")(d.n_x, max(d.n_h, 2), d.n_y)
    assert not parameters["b1"].any(), "L11.symmetry_break: b1 starts at 0"
    column = int(np.argmax(np.abs(problem.X).sum(axis=0)))
    x = problem.X[:, column : column + 1]
    # Distinct rows give distinct w_i . x for x != 0; products far above the subnormal range keep that in float64
    assume(np.abs(x).max() >= np.sqrt(np.finfo(np.float64).tiny))
    _, cache = impl.forward(x, parameters)
    values = cache["A1"][:, 0]
    note(f"A1 for x = {x.ravel()}: {values}")
    assert len(set(values)) == len(values), f"L11.symmetry_break: hidden units coincide: A1 = {values}"


@pytest.mark.proves("L11.symmetry_break")
@given(s.moderate_problems(uses=("nn_model",)), st.integers(2, s.MAX_DIM), s.iterations)
def test_units_stay_distinct_through_training(impl, problem, n_h, num_iterations):
    W1 = impl.nn_model(problem.X, problem.Y, n_h, num_iterations)["W1"]
    rows = {tuple(row) for row in W1}
    assert len(rows) == n_h, f"L11.symmetry_break: after {num_iterations} steps {n_h} units left {len(rows)} distinct"


# L11.init


@pytest.mark.proves("L11.init")
@given(s.dims(), s.seeds)
def test_shapes_and_zero_biases(impl, d, seed):
    np.random.seed(seed)
    parameters = impl.function("initialize_parameters")(d.n_x, d.n_h, d.n_y)
    shapes = {key: np.shape(value) for key, value in parameters.items()}
    expected = {"W1": (d.n_h, d.n_x), "b1": (d.n_h, 1), "W2": (d.n_y, d.n_h), "b2": (d.n_y, 1)}
    assert shapes == expected, f"L11.init: shapes {shapes} (implementation), expected {expected}"
    assert_exact("L11.init", "b1 = 0", parameters["b1"], np.zeros((d.n_h, 1)), "b1")
    assert_exact("L11.init", "b2 = 0", parameters["b2"], np.zeros((d.n_y, 1)), "b2")


def big_draw(impl, seed):
    np.random.seed(seed)
    return impl.function("initialize_parameters")(*BIG)


@pytest.mark.proves("L11.init")
@pytest.mark.parametrize("key", ["W1", "W2"])
@given(seed=s.seeds)
def test_weights_over_0_01_are_standard_normal(impl, key, seed):
    """Kolmogorov-Smirnov: W / 0.01 against N(0, 1), rejected only below p = ALPHA."""
    values = big_draw(impl, seed)[key].ravel() / 0.01
    result = stats.kstest(values, "norm")
    assert result.pvalue > ALPHA, (
        f"L11.init: {key} / 0.01 is not N(0, 1): KS D = {result.statistic:.4f}, p = {result.pvalue:.2e} <= {ALPHA}; "
        f"mean {values.mean():.4f}, std {values.std():.4f}"
    )


@pytest.mark.proves("L11.init")
@pytest.mark.parametrize("key", ["W1", "W2"])
@given(seed=s.seeds)
def test_weights_have_scale_0_01(impl, key, seed):
    """sum (W / 0.01)^2 is chi-square with n degrees of freedom: two-sided test at ALPHA."""
    values = big_draw(impl, seed)[key].ravel() / 0.01
    n = values.size
    low, high = stats.chi2.ppf([ALPHA / 2, 1 - ALPHA / 2], n)
    total = float(np.sum(values**2))
    assert low <= total <= high, (
        f"L11.init: sum((W / 0.01)^2) = {total:.1f} outside the chi-square({n}) interval [{low:.1f}, {high:.1f}]: "
        f"the scale of {key} is about {0.01 * np.sqrt(total / n):.4g}, expected 0.01"
    )


@pytest.mark.proves("L11.init")
@given(s.dims(), s.seeds)
def test_draws_W1_then_W2_from_the_global_rng(impl, d, seed):
    """W1 = randn(n_h, n_x) * 0.01 then W2 = randn(n_y, n_h) * 0.01 (after the caller's seed, or the oldest
    generation's np.random.seed(2) inside)."""
    np.random.seed(seed)
    parameters = impl.function("initialize_parameters")(d.n_x, d.n_h, d.n_y)
    candidates = []
    for start in (seed, 2):
        np.random.seed(start)
        W1 = np.random.randn(d.n_h, d.n_x) * 0.01
        candidates.append((W1, np.random.randn(d.n_y, d.n_h) * 0.01))
    # an implementation that computes in float32 stores the same draws rounded to float32
    rounded = [(W1.astype(impl.dtype), W2.astype(impl.dtype)) for W1, W2 in candidates]
    matches = [np.array_equal(parameters["W1"], W1) and np.array_equal(parameters["W2"], W2) for W1, W2 in rounded]
    assert any(matches), "L11.init: W1, W2 are not np.random.randn(n_h, n_x) * 0.01, np.random.randn(n_y, n_h) * 0.01"


# L11.small_weights


@pytest.mark.proves("L11.small_weights")
@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@given(problem=s.problems(), seed=s.seeds)
def test_small_weights_keep_slopes_near_their_maximum(impl, activation, problem, seed):
    """z = w . x with w ~ 0.01 N(0, 1): z^2 summed over n_h units is 1e-4 |x|^2 chi2(n_h). As g'(z) >= g'(0) (1 - z^2)
    for tanh (1 - tanh^2 z >= 1 - z^2) and sigmoid (sigma' = 1 / (4 cosh^2(z/2)) >= (1 - z^2/4) / 4), the mean slope
    over the units is at least g'(0) (1 - 1e-4 |x|^2 q / n_h), q the chi2(n_h) quantile at 1 - ALPHA."""
    d = problem.d
    np.random.seed(seed)
    parameters = impl.function("initialize_parameters")(d.n_x, d.n_h, d.n_y)
    _, cache = impl.forward(problem.X, parameters, activation)
    top = 1.0 if activation == "tanh" else 0.25
    q = stats.chi2.ppf(1 - ALPHA, d.n_h)
    floor = top * (1 - 1e-4 * np.sum(problem.X**2, axis=0) * q / d.n_h) - 4 * EPS
    mean_slope = oracle.slope(activation, cache).mean(axis=0)
    assert_within(
        "L11.small_weights",
        f"mean g'(Z1) >= g'(0) (1 - 1e-4 |x|^2 q / n_h), g'(0) = {top}",
        np.minimum(mean_slope - floor, 0),
        np.zeros_like(floor),
        0.0,
        "mean g'(Z1) - floor",
    )


@pytest.mark.proves("L11.small_weights")
@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
@given(problem=s.problems(), seed=s.seeds)
def test_100_times_larger_weights_give_smaller_slopes(impl, activation, problem, seed):
    """|100 z| >= |z| and g' falls with |z|: every slope with weights 100 times larger is at most the small one."""
    d = problem.d
    np.random.seed(seed)
    small = impl.function("initialize_parameters")(d.n_x, d.n_h, d.n_y)
    large = {key: 100 * value for key, value in small.items()}
    slopes = [oracle.slope(activation, impl.forward(problem.X, p, activation)[1]) for p in (small, large)]
    excess = np.maximum(slopes[1] - slopes[0] - 4 * EPS, 0)  # a few ulps for evaluating g' twice
    assert_exact("L11.small_weights", "g'(100 Z1) <= g'(Z1)", excess, np.zeros_like(excess), "excess slope")


SMALL_WEIGHTS_ERRATUM = (
    "L11 infers that large initial weights make gradient descent slow. The slopes do vanish (proved above), but with "
    "the cross-entropy cost the cost itself falls faster, not slower, from 100 times larger weights on the flower data"
)


def descend(impl, X, Y, parameters, activation, steps):
    """J before and after ``steps`` gradient-descent steps at the course's learning rate, through the implementation."""
    costs = []
    for _ in range(steps + 1):
        A2, cache = impl.forward(X, parameters, activation)
        costs.append(impl.cost(A2, Y, parameters))
        parameters = impl.update(parameters, impl.backward(parameters, cache, X, Y, activation), 1.2)
    return costs[0], costs[-1]


@pytest.mark.proves("L11.small_weights")
@pytest.mark.erratum(SMALL_WEIGHTS_ERRATUM)
@pytest.mark.checks()  # a claim of the notes computed through the implementation: every function a premise
@pytest.mark.parametrize("activation", ["tanh", "sigmoid"])
def test_100_times_larger_weights_lower_the_cost_more_on_the_flower(impl, exhibit, activation):
    """A counterexample to "lowers the cost less": one seeded start, 10 steps; the margin is far above rounding."""
    X, Y = load_planar_dataset()
    draws = np.random.default_rng(0)
    unit = {"W1": draws.standard_normal((4, 2)), "b1": np.zeros((4, 1)), "W2": draws.standard_normal((1, 4))}
    unit["b2"] = np.zeros((1, 1))
    drops, rounding = {}, 0.0
    for scale in (0.01, 1.0):
        start, end = descend(impl, X, Y, {k: scale * v for k, v in unit.items()}, activation, 10)
        drops[scale] = start - end
        # J is a mean of m non-negative losses, each with a few roundings: error <= gamma(m + 4) (J + 1) per value
        rounding += sum(gamma(X.shape[1] + 4) * (abs(J) + 1) for J in (start, end))
    assert drops[1.0] > drops[0.01] + rounding, (
        f"L11.small_weights erratum ({activation}): expected the 100x start to lower J more in 10 steps; "
        f"J fell by {drops[0.01]:.6g} from scale 0.01 and by {drops[1.0]:.6g} from scale 1.0"
    )
    exhibit(
        f"{activation}, flower data, n_h = 4, learning rate 1.2, 10 steps from one seeded N(0, 1) draw: J falls by "
        f"{drops[0.01]:.2g} from weights 0.01 N(0, 1) and by {drops[1.0]:.2g} from weights 100 times larger"
    )
