"""L04, L05: vectorizing across examples.

Column j of every matrix is example j's own computation (oracle: properties.oracle, one example at a time). Bounds
are rounding bounds from the actual operands; shapes and the bias of a zero weight matrix are exact.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shallow_proofs.properties import strategies as s
from shallow_proofs.properties.bounds import EPS, assert_exact, assert_within, gamma
from shallow_proofs.properties.oracle import G_ULPS, G, affine_bound, forward_bounds, per_example

CACHE = ("Z1", "A1", "Z2", "A2")
NOTES = "L01 for x(j) alone"


def assert_columns_are_examples(impl, problem, activation):
    """Column j of Z1, A1, Z2, A2 equals the per-example equations for x(j), within their rounding bounds."""
    X, P = problem.X, problem.parameters
    _, cache = impl.forward(X, P, activation)
    oracle = per_example(X, P, activation)
    bounds = forward_bounds(X, P, activation, oracle)
    for key in CACHE:
        assert_within(
            "L04.columns", f"column j of {key} = {NOTES} ({activation})", cache[key], oracle[key], bounds[key]
        )


@pytest.mark.proves("L04.columns")
@given(s.problems(), s.runnable_activations())
@s.at_the_edges(activation="tanh")
def test_column_j_is_example_j(impl, problem, activation):
    assert_columns_are_examples(impl, problem, activation)


@pytest.mark.proves("L04.columns")
@given(s.problems(max_m=1), s.runnable_activations())
def test_one_example_is_one_column(impl, problem, activation):
    """m = 1: X is (n_x, 1) and the cache holds one column."""
    assert_columns_are_examples(impl, problem, activation)


@pytest.mark.proves("L04.columns")
@given(s.problems(min_m=s.LARGE_M[0], max_m=s.LARGE_M[1]), s.runnable_activations())
def test_many_examples_are_many_columns(impl, problem, activation):
    """m from 50 to 200: past the small sizes where a BLAS kernel might treat columns alike by accident."""
    assert_columns_are_examples(impl, problem, activation)


@pytest.mark.proves("L04.columns")
@given(s.problems(), s.runnable_activations(), st.data())
def test_column_j_equals_the_implementation_on_x_j_alone(impl, problem, activation, data):
    """The batch call's column j equals the implementation's own call on X[:, [j]] (m = 1)."""
    X, P = problem.X, problem.parameters
    j = data.draw(s.index(problem.d.m), label="j")
    _, cache = impl.forward(X, P, activation)
    _, alone = impl.forward(X[:, [j]], P, activation)
    bounds = forward_bounds(X[:, [j]], P, activation, per_example(X[:, [j]], P, activation))
    for key in CACHE:
        assert_within(
            "L04.columns", f"{key}[:, {j}] of the batch = {key} of x({j})", cache[key][:, [j]], alone[key], bounds[key]
        )


@pytest.mark.proves("L04.columns")
@given(s.problems(min_m=2), s.runnable_activations(), st.data())
def test_equal_examples_give_equal_columns(impl, problem, activation, data):
    """Copy example i over example j: columns i and j of every matrix agree."""
    X, P = problem.X.copy(), problem.parameters
    i, j = data.draw(s.index(problem.d.m), label="i"), data.draw(s.index(problem.d.m), label="j")
    X[:, j] = X[:, i]
    _, cache = impl.forward(X, P, activation)
    bounds = forward_bounds(X, P, activation, per_example(X, P, activation))
    for key in CACHE:
        assert_within(
            "L04.columns",
            f"x({j}) = x({i}) => {key}[:, {j}] = {key}[:, {i}]",
            cache[key][:, j],
            cache[key][:, i],
            bounds[key][:, i],
        )


@pytest.mark.proves("L04.shapes")
@given(s.problems(), s.runnable_activations())
@s.at_the_edges(activation="tanh")
def test_activation_shapes(impl, problem, activation):
    _, cache = impl.forward(problem.X, problem.parameters, activation)
    d = problem.d
    expected = {"Z1": (d.n_h, d.m), "A1": (d.n_h, d.m), "Z2": (d.n_y, d.m), "A2": (d.n_y, d.m)}
    assert {key: cache[key].shape for key in expected} == expected, "L04.shapes: cache shapes (got, expected)"


@pytest.mark.proves("L04.shapes")
@given(s.problems(max_m=1), s.runnable_activations())
def test_one_example_keeps_its_column_axis(impl, problem, activation):
    """m = 1 gives (n, 1) matrices, never squeezed to (n,) vectors; the returned A2 is (n_y, 1) too."""
    A2, cache = impl.forward(problem.X, problem.parameters, activation)
    d = problem.d
    got = {key: np.shape(cache[key]) for key in CACHE} | {"returned A2": np.shape(A2)}
    expected = {"Z1": (d.n_h, 1), "A1": (d.n_h, 1), "Z2": (d.n_y, 1), "A2": (d.n_y, 1), "returned A2": (d.n_y, 1)}
    assert got == expected, f"L04.shapes: m = 1 shapes (got, expected): {got}, {expected}"


@pytest.mark.proves("L04.shapes")
@given(s.problems(min_m=s.LARGE_M[0], max_m=s.LARGE_M[1]), s.runnable_activations())
def test_rows_are_units_and_columns_are_examples_for_large_m(impl, problem, activation):
    """Rows are hidden (output) units, columns are the m examples: (n_h, m) and (n_y, m) for m up to 200."""
    A2, cache = impl.forward(problem.X, problem.parameters, activation)
    d = problem.d
    got = {key: np.shape(cache[key]) for key in CACHE} | {"returned A2": np.shape(A2)}
    expected = {"Z1": (d.n_h, d.m), "A1": (d.n_h, d.m), "Z2": (d.n_y, d.m), "A2": (d.n_y, d.m)}
    expected["returned A2"] = (d.n_y, d.m)
    assert got == expected, f"L04.shapes: shapes (got, expected): {got}, {expected}"


@pytest.mark.proves("L04.permutation")
@given(s.problems(min_m=2), s.runnable_activations(), st.data())
def test_permuting_examples_permutes_every_activation(impl, problem, activation, data):
    """X[:, p] gives Z1[:, p], A1[:, p], Z2[:, p], A2[:, p]."""
    X, P = problem.X, problem.parameters
    p = data.draw(s.permutations(problem.d.m), label="p")
    _, cache = impl.forward(X, P, activation)
    _, moved = impl.forward(X[:, p], P, activation)
    bounds = forward_bounds(X, P, activation, per_example(X, P, activation))
    for key in CACHE:
        assert_within(
            "L04.permutation", f"{key}(X[:, p]) = {key}(X)[:, p]", moved[key], cache[key][:, p], bounds[key][:, p], key
        )


def cross_entropy_terms(A2, Y):
    """L(a, y) = -(y log a + (1 - y) log(1 - a)), element-wise (plain numpy)."""
    return -(Y * np.log(A2) + (1.0 - Y) * np.log(1.0 - A2))


def mean_bound(terms, term_error):
    """Bound on two evaluations of (1/m) sum(terms) whose terms differ by at most term_error: the sum of n_y m terms
    in any order, the division by m, and the terms' own error."""
    m = np.shape(terms)[-1]
    return (2 * gamma(np.size(terms) + 1) * np.abs(terms).sum() + np.sum(term_error)) / m


@pytest.mark.proves("L04.permutation")
@pytest.mark.checks("compute_cost")
@given(s.problems(min_m=2, uses=s.COST), st.data())
def test_permuting_examples_leaves_the_cost_unchanged(impl, problem, data):
    """J(A2[:, p], Y[:, p]) = J(A2, Y): the cost is a mean over examples."""
    P, Y = problem.parameters, problem.Y
    p = data.draw(s.permutations(problem.d.m), label="p")
    A2, _ = impl.forward(problem.X, P)
    terms = cross_entropy_terms(A2, Y)
    bound = mean_bound(terms, 2 * G_ULPS * EPS * np.abs(terms))
    J, J_moved = impl.cost(A2, Y, P), impl.cost(A2[:, p], Y[:, p], P)
    assert_within("L04.permutation", "J(A2[:, p], Y[:, p]) = J(A2, Y)", J_moved, J, bound, "J")


@pytest.mark.proves("L04.permutation")
@given(s.moderate_problems(uses=s.COST), s.runnable_activations(("tanh", "sigmoid")), st.data())
def test_permuting_the_data_set_leaves_the_trained_objective_unchanged(impl, problem, activation, data):
    """J(forward(X[:, p]), Y[:, p]) = J(forward(X), Y): the whole pipeline is blind to the order of examples.

    Bounded g and parameters of scale <= 1 keep |Z2| <= n_h + 1, so A2 stays off 0 and 1, where the plain cost is
    inf whatever the order (its condition number 1 / (1 - a) is finite here)."""
    X, P, Y = problem.X, problem.parameters, problem.Y
    p = data.draw(s.permutations(problem.d.m), label="p")
    A2, _ = impl.forward(X, P, activation)
    A2_moved, _ = impl.forward(X[:, p], P, activation)
    oracle = per_example(X, P, activation)
    dA2 = forward_bounds(X, P, activation, oracle)["A2"]
    slope = np.where(Y == 1.0, 1.0 / oracle["A2"], 1.0 / (1.0 - oracle["A2"]))  # |dL/da|
    terms = cross_entropy_terms(oracle["A2"], Y)
    bound = mean_bound(terms, 2 * G_ULPS * EPS * np.abs(terms) + 2 * slope * dA2)
    J, J_moved = impl.cost(A2, Y, P), impl.cost(A2_moved, Y[:, p], P)
    assert_within("L04.permutation", "J(X[:, p], Y[:, p]) = J(X, Y)", J_moved, J, bound, "J")


@pytest.mark.proves("L04.permutation")
@given(s.problems(min_m=2, uses=("cost_from_logits",)), st.data())
def test_permuting_examples_leaves_the_cost_from_logits_unchanged(impl, problem, data):
    """cost_from_logits(Z2[:, p], Y[:, p]) = cost_from_logits(Z2, Y) (optional function)."""
    cost_from_logits = impl.function("cost_from_logits")
    Y = problem.Y
    Z2 = data.draw(s.matrices(Y.shape, 30.0), label="Z2")
    p = data.draw(s.permutations(problem.d.m), label="p")
    terms = np.logaddexp(0.0, Z2) - Y * Z2
    bound = mean_bound(terms, 2 * G_ULPS * EPS * (np.abs(terms) + np.abs(Z2)))
    J, J_moved = cost_from_logits(Z2, Y), cost_from_logits(Z2[:, p], Y[:, p])
    assert_within("L04.permutation", "J(Z2[:, p], Y[:, p]) = J(Z2, Y)", J_moved, J, bound, "J")


# One input z, every weight 1: Z1 = z, A1 = g(z), Z2 = g(z), while the notes' line gives W2 Z1 + b2 = z.
COUNTEREXAMPLES = {"tanh": 1.0, "sigmoid": 0.0, "relu": -1.0, "leaky_relu": -1.0}
ONES = {"W1": np.ones((1, 1)), "b1": np.zeros((1, 1)), "W2": np.ones((1, 1)), "b2": np.zeros((1, 1))}


@pytest.mark.proves("L04.erratum")
@pytest.mark.parametrize("activation", sorted(COUNTEREXAMPLES))
def test_the_notes_Z2_from_Z1_is_wrong(impl, activation):
    """A counterexample per non-linear g: x = z, all weights 1: Z2 = g(z) but the notes' W2 Z1 + b2 = z."""
    z = COUNTEREXAMPLES[activation]
    _, cache = impl.forward(np.array([[z]]), ONES, activation)
    notes = ONES["W2"] @ cache["Z1"] + ONES["b2"]
    gap = abs(float(cache["Z2"][0, 0]) - float(notes[0, 0]))
    expected_gap = abs(float(G[activation](np.array(z))) - z)
    assert gap > 0.1, (
        f"L04.erratum: with {activation}, x = {z} and unit weights, the implementation's Z2 = {cache['Z2'][0, 0]!r} "
        f"should differ from the notes' W2 Z1 + b2 = {notes[0, 0]!r} by g(z) - z = {expected_gap}"
    )
    assert_within("L04.erratum", f"Z2 = W2 g(Z1) + b2 ({activation})", gap, expected_gap, 4 * EPS, "|Z2 - W2 Z1 - b2|")


@pytest.mark.proves("L04.erratum")
@given(s.points(3.0, 1), s.points(3.0, 1), s.points(3.0, 1))
def test_the_notes_Z2_from_Z1_is_wrong_for_tanh_whenever_z1_and_w2_are_not_small(impl, u, v, w):
    """n = 1, b = 0: Z2 - W2 Z1 = w2 (tanh z1 - z1), at least 0.1 * (0.1 - tanh 0.1) > 3e-5 when |z1|, |w2| >= 0.1.

    x and w1 are drawn with |x|, |w1| >= 0.32 (so |z1| = |w1 x| >= 0.1), w2 with |w2| >= 0.1."""
    x, w1 = np.copysign(0.32 + np.abs(u), u), np.copysign(0.32 + np.abs(v), v)
    w2 = np.copysign(0.1 + np.abs(w), w)
    z1 = w1[0] * x[0]
    P = {"W1": w1.reshape(1, 1), "b1": np.zeros((1, 1)), "W2": w2.reshape(1, 1), "b2": np.zeros((1, 1))}
    _, cache = impl.forward(x.reshape(1, 1), P)
    notes = P["W2"] @ cache["Z1"]
    gap = abs(float(cache["Z2"][0, 0] - notes[0, 0]))
    assert gap > 0.1 * (0.1 - np.tanh(0.1)), (
        f"L04.erratum: tanh, z1 = {z1!r}, w2 = {w2[0]!r}: the implementation's Z2 = {cache['Z2'][0, 0]!r} and the "
        f"notes' W2 Z1 = {notes[0, 0]!r} agree (gap {gap:.3e}); they must differ by |w2 (tanh z1 - z1)|"
    )


@pytest.mark.proves("L04.erratum")
@given(s.problems())
def test_the_notes_Z2_from_Z1_is_right_for_the_identity(impl, problem):
    """g = identity: A1 = Z1 bit for bit, so W2 Z1 + b2 = W2 A1 + b2 = Z2."""
    P = problem.parameters
    _, cache = impl.forward(problem.X, P, "identity")
    assert_exact("L04.erratum", "identity: A1 = Z1", cache["A1"], cache["Z1"], "A1")
    notes = P["W2"] @ cache["Z1"] + P["b2"]
    bound = affine_bound(P["W2"], cache["Z1"], P["b2"])
    assert_within("L04.erratum", "identity: Z2 = W2 Z1 + b2", cache["Z2"], notes, bound, "Z2")


@pytest.mark.proves("L05.broadcast")
@given(s.problems(), s.runnable_activations())
@s.at_the_edges(activation="tanh")
def test_bias_column_is_added_to_every_column(impl, problem, activation):
    """Z1 = W1 X + b1 with b1 (n_h, 1) equals W1 X + np.tile(b1, (1, m))."""
    X, P = problem.X, problem.parameters
    _, cache = impl.forward(X, P, activation)
    tiled = np.tile(P["b1"], (1, problem.d.m))
    assert tiled.shape == (problem.d.n_h, problem.d.m)
    bound = affine_bound(P["W1"], X, tiled)
    assert_within("L05.broadcast", "Z1 = W1 X + tile(b1, (1, m))", cache["Z1"], P["W1"] @ X + tiled, bound, "Z1")


@pytest.mark.proves("L05.broadcast")
@given(s.square_problems(), s.runnable_activations())
def test_bias_is_per_row_when_m_equals_n_h(impl, problem, activation):
    """m = n_h: b1 (n_h, 1) and b1^T (1, n_h) both broadcast to (n_h, m); only b1 tiled along rows is right."""
    test_bias_column_is_added_to_every_column.hypothesis.inner_test(impl, problem, activation)


@pytest.mark.proves("L05.broadcast")
@given(s.problems(), s.runnable_activations())
def test_zero_weights_leave_exactly_the_tiled_bias(impl, problem, activation):
    """W1 = 0: Z1 = 0 X + b1 is b1 tiled to (n_h, m), bit for bit (0 X is exactly 0)."""
    P = {**problem.parameters, "W1": np.zeros_like(problem.parameters["W1"])}
    _, cache = impl.forward(problem.X, P, activation)
    tiled = np.tile(P["b1"], (1, problem.d.m))
    assert_exact("L05.broadcast", "W1 = 0: Z1 = tile(b1, (1, m))", cache["Z1"], tiled, "Z1")


@pytest.mark.proves("L05.broadcast")
@given(s.problems(), s.runnable_activations())
def test_zero_output_weights_leave_exactly_the_tiled_output_bias(impl, problem, activation):
    """W2 = 0: Z2 = 0 A1 + b2 is b2 tiled to (n_y, m), bit for bit."""
    P = {**problem.parameters, "W2": np.zeros_like(problem.parameters["W2"])}
    _, cache = impl.forward(problem.X, P, activation)
    tiled = np.tile(P["b2"], (1, problem.d.m))
    assert_exact("L05.broadcast", "W2 = 0: Z2 = tile(b2, (1, m))", cache["Z2"], tiled, "Z2")


@pytest.mark.proves("L05.broadcast")
@given(s.problems(min_m=2), s.runnable_activations())
def test_the_bias_is_per_hidden_unit_not_per_example(impl, problem, activation):
    """Adding c to b1_i adds c to row i of Z1 in every column, and nothing to any other row."""
    X, P, d = problem.X, problem.parameters, problem.d
    c = np.arange(1.0, d.n_h + 1.0).reshape(-1, 1)
    _, cache = impl.forward(X, P, activation)
    _, moved = impl.forward(X, {**P, "b1": P["b1"] + c}, activation)
    tiled = np.tile(c, (1, d.m))
    bound = affine_bound(P["W1"], X, np.abs(P["b1"]) + c) + EPS * (np.abs(P["b1"]) + c)
    shift = moved["Z1"] - cache["Z1"]
    assert_within("L05.broadcast", "Z1(b1 + c) - Z1(b1) = tile(c, (1, m))", shift, tiled, bound, "Z1")
