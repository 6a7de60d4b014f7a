"""L01, L02, L03: the forward pass, the two layers, and what one hidden node computes.

The oracle is properties.oracle: the notes' equations in plain numpy, one example at a time. Bounds are rounding
bounds computed from the actual operands (properties.bounds); where a claim is exact, equality is bit for bit.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from shallow_proofs.properties import strategies as s
from shallow_proofs.properties.bounds import EPS, assert_exact, assert_within
from shallow_proofs.properties.oracle import (
    G_ULPS,
    G,
    activation_bound,
    affine_bound,
    forward_bounds,
    per_example,
    sigmoid,
)

KEYS = ("W1", "b1", "W2", "b2")


@pytest.mark.proves("L01.forward")
@given(s.problems(), s.runnable_activations())
@s.at_the_edges(activation="tanh")
def test_forward_equals_the_per_example_equations(impl, problem, activation):
    """Every entry of Z1, A1, Z2, A2 equals the L01 equations applied to its example alone."""
    X, P = problem.X, problem.parameters
    _, cache = impl.forward(X, P, activation)
    oracle = per_example(X, P, activation)
    bounds = forward_bounds(X, P, activation, oracle)
    equations = {"Z1": "z1 = W1 x + b1", "A1": "a1 = g(z1)", "Z2": "z2 = W2 a1 + b2", "A2": "a2 = sigma(z2)"}
    for key, equation in equations.items():
        assert_within("L01.forward", f"{equation} ({activation})", cache[key], oracle[key], bounds[key], key)


@pytest.mark.proves("L01.forward")
@given(s.square_problems(), s.runnable_activations())
def test_forward_equals_the_per_example_equations_when_shapes_cannot_tell(impl, problem, activation):
    """n_x = n_h = m: W1 X and W1^T X, b1 and b1^T all have the right shapes; only the values tell the right one."""
    test_forward_equals_the_per_example_equations.hypothesis.inner_test(impl, problem, activation)


@pytest.mark.proves("L01.forward")
@given(s.problems(), s.runnable_activations())
@s.at_the_edges(activation="tanh")
def test_hidden_activation_is_g_of_the_implementations_own_Z1(impl, problem, activation):
    """A1 = g(Z1) on the cache's own Z1: only g's rounding separates them."""
    _, cache = impl.forward(problem.X, problem.parameters, activation)
    expected = G[activation](cache["Z1"])
    bound = activation_bound(activation, expected, 0.0)
    assert_within("L01.forward", f"A1 = g(Z1) ({activation})", cache["A1"], expected, bound, "A1")


@pytest.mark.proves("L01.forward", "L04.erratum")
@given(s.problems(), s.runnable_activations())
@s.at_the_edges(activation="tanh")
def test_output_logit_reads_A1_not_Z1(impl, problem, activation):
    """Z2 = W2 A1 + b2 on the cache's own A1 (the notes' L04 line writes Z1 there: the erratum)."""
    P = problem.parameters
    _, cache = impl.forward(problem.X, P, activation)
    expected = P["W2"] @ cache["A1"] + P["b2"]
    bound = affine_bound(P["W2"], cache["A1"], P["b2"])
    assert_within("L01.forward", f"Z2 = W2 A1 + b2 ({activation})", cache["Z2"], expected, bound, "Z2")


@pytest.mark.proves("L01.forward")
@given(s.problems())
@s.at_the_edges()
def test_output_is_the_sigmoid_of_the_implementations_own_Z2(impl, problem):
    """A2 = sigma(Z2) = 1 / (1 + e^-Z2) on the cache's own Z2."""
    _, cache = impl.forward(problem.X, problem.parameters)
    expected = sigmoid(cache["Z2"])
    bound = 2 * G_ULPS * EPS * expected
    assert_within("L01.forward", "A2 = 1 / (1 + e^-Z2)", cache["A2"], expected, bound, "A2")


@pytest.mark.proves("L01.forward")
@given(s.problems())
@s.at_the_edges()
def test_returned_A2_is_the_cached_A2(impl, problem):
    """forward_propagation returns (A2, cache) with the very same A2 as cache['A2']."""
    A2, cache = impl.forward(problem.X, problem.parameters)
    assert_exact("L01.forward", "A2 returned = cache['A2']", A2, cache["A2"], "A2")


@pytest.mark.proves("L01.forward")
@given(s.problems(max_m=1))
def test_a_single_example_through_the_whole_network(impl, problem):
    """m = 1: a2 = sigma(W2 tanh(W1 x + b1) + b2), written out as one expression."""
    x, P = problem.X, problem.parameters
    A2, _ = impl.forward(x, P)
    z1 = P["W1"] @ x + P["b1"]
    z2 = P["W2"] @ np.tanh(z1) + P["b2"]
    bound = forward_bounds(x, P, "tanh", per_example(x, P, "tanh"))["A2"]
    assert_within("L01.forward", "a2 = sigma(W2 tanh(W1 x + b1) + b2)", A2, sigmoid(z2), bound, "a2")


@pytest.mark.proves("L01.forward")
@given(s.problems(), s.runnable_activations())
@s.at_the_edges(activation="tanh")
def test_bias_shift_moves_the_logits_by_exactly_the_shift(impl, problem, activation):
    """b2 -> b2 + c shifts Z2 by c (and leaves Z1, A1 alone): z2 = W2 a1 + b2 is affine in b2 with slope 1."""
    P = problem.parameters
    c = np.linspace(-1.0, 1.0, problem.d.n_y).reshape(-1, 1)
    shifted = {**P, "b2": P["b2"] + c}
    _, cache = impl.forward(problem.X, P, activation)
    _, moved = impl.forward(problem.X, shifted, activation)
    # Two evaluations of W2 A1 + b (b = b2, b2 + c), the rounding of b2 + c, and of the difference.
    bound = affine_bound(P["W2"], cache["A1"], np.abs(P["b2"]) + np.abs(c)) + EPS * (np.abs(P["b2"]) + np.abs(c))
    shift = moved["Z2"] - cache["Z2"]
    assert_within("L01.forward", "Z2(b2 + c) - Z2(b2) = c", shift, np.broadcast_to(c, shift.shape), bound, "Z2")
    for key in ("Z1", "A1"):
        assert_exact("L01.forward", f"{key} does not depend on b2", moved[key], cache[key], key)


@pytest.mark.proves("L02.two_layers")
@given(s.dims())
def test_initialization_holds_exactly_two_layers_of_parameters(impl, d):
    """initialize_parameters gives exactly W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1): two layers."""
    params = impl.function("initialize_parameters")(d.n_x, d.n_h, d.n_y)
    shapes = {key: np.shape(value) for key, value in params.items()}
    expected = {"W1": (d.n_h, d.n_x), "b1": (d.n_h, 1), "W2": (d.n_y, d.n_h), "b2": (d.n_y, 1)}
    assert shapes == expected, f"L02.two_layers: W[l] (n[l], n[l-1]), b[l] (n[l], 1): got {shapes}, expected {expected}"


@pytest.mark.proves("L02.two_layers", "L04.shapes")
@given(s.problems(), s.runnable_activations())
@s.at_the_edges(activation="tanh")
def test_each_layer_has_as_many_units_as_its_parameters_rows(impl, problem, activation):
    """Layer 1 has n[1] = W1.shape[0] units, layer 2 has n[2] = W2.shape[0]; the input layer has no parameters."""
    P = problem.parameters
    _, cache = impl.forward(problem.X, P, activation)
    rows = {key: np.shape(cache[key])[0] for key in ("Z1", "A1", "Z2", "A2")}
    expected = {"Z1": P["W1"].shape[0], "A1": P["b1"].shape[0], "Z2": P["W2"].shape[0], "A2": P["b2"].shape[0]}
    assert rows == expected, f"L02.two_layers: rows of each layer's values (got, expected): {rows}, {expected}"


@pytest.mark.proves("L02.two_layers")
@given(s.problems(), s.runnable_activations(), s.scales)
def test_the_first_layer_does_not_read_the_second_layers_parameters(impl, problem, activation, scale):
    """Z1, A1 depend on (W1, b1) alone: new (W2, b2) leave them unchanged, bit for bit."""
    P = problem.parameters
    other = {**P, "W2": P["W2"] * -scale + scale, "b2": P["b2"] + scale}
    _, cache = impl.forward(problem.X, P, activation)
    _, again = impl.forward(problem.X, other, activation)
    for key in ("Z1", "A1"):
        assert_exact("L02.two_layers", f"{key} does not depend on (W2, b2)", again[key], cache[key], key)


@pytest.mark.proves("L03.node")
@given(s.problems(), s.runnable_activations(), st.data())
def test_changing_row_i_of_W1_changes_only_row_i_of_A1(impl, problem, activation, data):
    """a1_i = g(w1_i . x + b1_i): a new row i of W1 leaves every other row of Z1 and A1 unchanged, bit for bit."""
    P, d = problem.parameters, problem.d
    i = data.draw(s.index(d.n_h), label="i")
    new_row = data.draw(s.matrices((d.n_x,), 3.0), label="new row i of W1")
    W1 = P["W1"].copy()
    W1[i] = new_row
    _, cache = impl.forward(problem.X, P, activation)
    _, changed = impl.forward(problem.X, {**P, "W1": W1}, activation)
    others = np.arange(d.n_h) != i
    for key in ("Z1", "A1"):
        assert_exact("L03.node", f"{key} rows other than {i} unchanged", changed[key][others], cache[key][others], key)


@pytest.mark.proves("L03.node")
@given(s.problems(), s.runnable_activations(), st.data())
def test_changing_b1_i_changes_only_row_i(impl, problem, activation, data):
    """b1_i belongs to node i alone: a new b1_i leaves the other rows of Z1 and A1 unchanged, bit for bit."""
    P, d = problem.parameters, problem.d
    i = data.draw(s.index(d.n_h), label="i")
    b1 = P["b1"].copy()
    b1[i] += 1.0
    _, cache = impl.forward(problem.X, P, activation)
    _, changed = impl.forward(problem.X, {**P, "b1": b1}, activation)
    others = np.arange(d.n_h) != i
    for key in ("Z1", "A1"):
        assert_exact("L03.node", f"{key} rows other than {i} unchanged", changed[key][others], cache[key][others], key)


@pytest.mark.proves("L03.node")
@given(s.problems(), s.runnable_activations(), st.data())
def test_node_i_is_g_of_its_own_row_dot_x(impl, problem, activation, data):
    """Row i of A1 is g(w1_i . x + b1_i), computed from row i of W1 and b1_i alone, for every example."""
    P, d = problem.parameters, problem.d
    i = data.draw(s.index(d.n_h), label="i")
    _, cache = impl.forward(problem.X, P, activation)
    w, b = P["W1"][i : i + 1], P["b1"][i : i + 1]
    z = w @ problem.X + b
    node = per_example(problem.X, {**P, "W1": w, "b1": b, "W2": P["W2"][:, i : i + 1]}, activation)["A1"]
    bound = activation_bound(activation, node, affine_bound(w, problem.X, b))
    note(f"z1_{i} = {z}")
    assert_within("L03.node", f"a1_{i} = g(w1_{i} . x + b1_{i}) ({activation})", cache["A1"][i : i + 1], node, bound)


@pytest.mark.proves("L03.node")
@given(s.problems(), s.runnable_activations(), st.data())
def test_relabelling_hidden_nodes_permutes_A1_and_keeps_A2(impl, problem, activation, data):
    """Nodes are independent: permuting rows of W1, b1 and columns of W2 permutes rows of A1 and leaves A2 as it was."""
    P, d = problem.parameters, problem.d
    perm = data.draw(s.permutations(d.n_h), label="permutation of hidden nodes")
    relabelled = {"W1": P["W1"][perm], "b1": P["b1"][perm], "W2": P["W2"][:, perm], "b2": P["b2"]}
    _, cache = impl.forward(problem.X, P, activation)
    _, moved = impl.forward(problem.X, relabelled, activation)
    # The same row products, possibly by another BLAS kernel; Z2 sums the same n_h terms in another order.
    dA1 = activation_bound(activation, cache["A1"], affine_bound(P["W1"], problem.X, P["b1"]))
    assert_within("L03.node", "A1 rows follow the node permutation", moved["A1"], cache["A1"][perm], dA1[perm], "A1")
    dZ2 = affine_bound(P["W2"], cache["A1"], P["b2"], dA1)
    bound = activation_bound("sigmoid", cache["A2"], dZ2)
    assert_within("L03.node", "A2 does not depend on the nodes' order", moved["A2"], cache["A2"], bound, "A2")
