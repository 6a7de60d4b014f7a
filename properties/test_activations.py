"""L06: the activation functions sigmoid, tanh, ReLU and leaky ReLU, their ranges, symmetries and slopes.

g and g' come from the implementation's optional ACTIVATIONS mapping (impl.activation); the output sigmoid and the
course's tanh are also reached through forward_propagation alone, so a course-style module is tested too: with
W1 = 0, A1 = g(b1) exactly; with W2 = 0, A2 = sigma(b2) exactly.

Rounding: one evaluation of sigma, tanh or exp is within 2 eps (relative) of the truth, so two routes to the same value
differ by at most G_ULPS eps relative; where a value is formed as 1 - s or 2 s - 1 the error is absolute instead.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shallow_proofs.properties import strategies as s
from shallow_proofs.properties.bounds import EPS, TINY, assert_exact, assert_within, gamma
from shallow_proofs.properties.oracle import G_ULPS, affine_bound, sigmoid

SIGMOID_STRICT = math.floor(math.log(2 / EPS)) - 1.0  # sigma(z) < 1 while e^-z > eps / 2, i.e. z < 36.7 (float64)
TANH_STRICT = math.floor(math.log(8 / EPS) / 2) - 1.0  # |tanh z| < 1 while 2 e^-2|z| > eps / 4, i.e. |z| < 19.4
FORMULA_RANGE = 700.0  # e^|z| is finite up to 709


def through_hidden_layer(impl, b1, activation="tanh"):
    """A1 for W1 = 0 and the given b1 (n_h, 1): A1 = g(0 x + b1) = g(b1) exactly."""
    P = {"W1": np.zeros((b1.size, 1)), "b1": b1.reshape(-1, 1), "W2": np.zeros((1, b1.size)), "b2": np.zeros((1, 1))}
    _, cache = impl.forward(np.ones((1, 1)), P, activation)
    return cache["A1"][:, 0]


def through_output_layer(impl, b2):
    """A2 for W2 = 0 and the given b2 (n_y = 1, one example per value): A2 = sigma(b2) exactly."""
    values = []
    for z in b2:
        P = {"W1": np.zeros((1, 1)), "b1": np.zeros((1, 1)), "W2": np.zeros((1, 1)), "b2": np.full((1, 1), z)}
        A2, _ = impl.forward(np.ones((1, 1)), P)
        values.append(float(A2[0, 0]))
    return np.array(values)


def notes_tanh(z):
    """tanh z = (e^z - e^-z) / (e^z + e^-z), as the notes write it (|z| <= 700)."""
    return (np.exp(z) - np.exp(-z)) / (np.exp(z) + np.exp(-z))


# sigma


@pytest.mark.proves("L06.sigmoid")
@given(s.points(FORMULA_RANGE))
def test_sigmoid_lies_between_0_and_1(impl, z):
    """0 <= sigma(z) <= 1; strictly inside where the exact value is more than an ulp away from 0 and 1."""
    g, _ = impl.activation("sigmoid")
    a = np.asarray(g(z))
    assert np.all((a >= 0) & (a <= 1)), f"L06.sigmoid: sigma(z) outside [0, 1]: z = {z[(a < 0) | (a > 1)]}"
    inside = z <= SIGMOID_STRICT
    assert np.all(a[inside] > 0) and np.all(a[inside] < 1), (
        f"L06.sigmoid: sigma(z) not in (0, 1) for z in [-700, 35]: z = {z[inside]}, sigma = {a[inside]}"
    )


@pytest.mark.proves("L06.sigmoid")
@given(s.points(FORMULA_RANGE))
def test_sigmoid_is_the_notes_formula(impl, z):
    """sigma(z) = 1 / (1 + e^-z) within G_ULPS eps relative, for |z| <= 700 where e^-z is finite."""
    g, _ = impl.activation("sigmoid")
    expected = sigmoid(z)
    assert_within("L06.sigmoid", "sigma(z) = 1 / (1 + e^-z)", g(z), expected, G_ULPS * EPS * expected, "sigma")


@pytest.mark.proves("L06.sigmoid")
@given(s.points(FORMULA_RANGE))
def test_sigmoid_of_minus_z_is_one_minus_sigmoid(impl, z):
    """sigma(-z) = 1 - sigma(z): each side within 2 eps of the truth, so within G_ULPS eps of each other."""
    g, _ = impl.activation("sigmoid")
    assert_within("L06.sigmoid", "sigma(-z) = 1 - sigma(z)", g(-z), 1.0 - np.asarray(g(z)), G_ULPS * EPS, "sigma(-z)")


@pytest.mark.proves("L06.sigmoid")
@given(s.points(FORMULA_RANGE))
def test_sigmoid_increases(impl, z):
    """z1 < z2 => sigma(z1) <= sigma(z2) (up to one rounding of each)."""
    g, _ = impl.activation("sigmoid")
    z = np.sort(z)
    a = np.asarray(g(z))
    drop = a[:-1] - a[1:]
    drop = np.maximum(drop, 0)
    assert_within("L06.sigmoid", "sigma is increasing", drop, 0 * drop, G_ULPS * EPS * a[:-1], "drop")


@pytest.mark.proves("L06.sigmoid")
@given(s.points(SIGMOID_STRICT))
def test_output_sigmoid_through_the_forward_pass(impl, b2):
    """W2 = 0 makes A2 = sigma(b2): in (0, 1), sigma(-z) = 1 - sigma(z), and 1 / (1 + e^-z), for any implementation."""
    a, a_minus = through_output_layer(impl, b2), through_output_layer(impl, -b2)
    assert np.all((a > 0) & (a < 1)), f"L06.sigmoid: A2 = sigma(b2) not in (0, 1): b2 = {b2}, A2 = {a}"
    assert_within("L06.sigmoid", "A2 = 1 / (1 + e^-b2)", a, sigmoid(b2), G_ULPS * EPS * sigmoid(b2), "A2")
    assert_within("L06.sigmoid", "sigma(-z) = 1 - sigma(z)", a_minus, 1.0 - a, G_ULPS * EPS, "A2(-b2)")


@pytest.mark.proves("L06.sigmoid")
def test_sigmoid_of_zero_is_one_half(impl):
    """sigma(0) = 1 / (1 + 1) = 1/2 exactly, as output and as hidden activation."""
    assert_exact("L06.sigmoid", "sigma(0) = 1/2", through_output_layer(impl, np.zeros(1)), np.full(1, 0.5), "A2")


# tanh


@pytest.mark.proves("L06.tanh")
@given(s.points(FORMULA_RANGE))
def test_tanh_lies_between_minus_1_and_1(impl, z):
    """-1 <= tanh z <= 1; strictly inside for |z| <= 18, where the exact value is more than an ulp from +-1."""
    g, _ = impl.activation("tanh")
    a = np.asarray(g(z))
    assert np.all(np.abs(a) <= 1), f"L06.tanh: |tanh z| > 1 for z = {z[np.abs(a) > 1]}"
    inside = np.abs(z) <= TANH_STRICT
    assert np.all(np.abs(a[inside]) < 1), f"L06.tanh: |tanh z| = 1 for |z| <= 18: z = {z[inside]}, tanh = {a[inside]}"


@pytest.mark.proves("L06.tanh")
@given(s.points(FORMULA_RANGE))
def test_tanh_is_the_notes_formula(impl, z):
    """tanh z = (e^z - e^-z) / (e^z + e^-z): the formula's numerator loses eps e^|z| to cancellation, so the two
    agree within G_ULPS eps absolute plus G_ULPS eps relative."""
    g, _ = impl.activation("tanh")
    expected = notes_tanh(z)
    bound = G_ULPS * EPS * (1 + np.abs(expected))
    assert_within("L06.tanh", "tanh z = (e^z - e^-z) / (e^z + e^-z)", g(z), expected, bound, "tanh")


@pytest.mark.proves("L06.tanh")
@given(s.points(FORMULA_RANGE))
def test_tanh_is_odd(impl, z):
    """tanh(-z) = -tanh(z) (within G_ULPS eps absolute: an implementation may go through 2 sigma(2z) - 1)."""
    g, _ = impl.activation("tanh")
    assert_within("L06.tanh", "tanh(-z) = -tanh(z)", g(-z), -np.asarray(g(z)), G_ULPS * EPS, "tanh(-z)")


@pytest.mark.proves("L06.tanh")
@given(s.points(FORMULA_RANGE))
def test_tanh_is_a_rescaled_sigmoid(impl, z):
    """tanh z = 2 sigma(2z) - 1: 2 sigma(2z) carries 2 * 2 eps, the subtraction eps / 2, tanh 2 eps: < 2 G_ULPS eps."""
    sigma, _ = impl.activation("sigmoid")
    g, _ = impl.activation("tanh")
    rescaled = 2.0 * np.asarray(sigma(2.0 * z)) - 1.0
    assert_within("L06.tanh", "tanh z = 2 sigma(2z) - 1", g(z), rescaled, 2 * G_ULPS * EPS, "tanh")


@pytest.mark.proves("L06.tanh")
@given(s.points(30.0))
def test_hidden_tanh_through_the_forward_pass(impl, b1):
    """W1 = 0 makes A1 = tanh(b1): in [-1, 1], odd, and the notes' formula, for any implementation."""
    a, a_minus = through_hidden_layer(impl, b1), through_hidden_layer(impl, -b1)
    assert np.all(np.abs(a) <= 1), f"L06.tanh: |A1| > 1: b1 = {b1}, A1 = {a}"
    assert_within("L06.tanh", "A1(-b1) = -A1(b1)", a_minus, -a, G_ULPS * EPS, "A1(-b1)")
    expected = notes_tanh(b1)
    bound = G_ULPS * EPS * (1 + np.abs(expected))
    assert_within("L06.tanh", "A1 = (e^b1 - e^-b1) / (e^b1 + e^-b1)", a, expected, bound, "A1")


@pytest.mark.proves("L06.tanh")
@given(s.points(FORMULA_RANGE))
def test_tanh_increases(impl, z):
    """z1 < z2 => tanh z1 <= tanh z2 (up to one rounding of each)."""
    g, _ = impl.activation("tanh")
    a = np.asarray(g(np.sort(z)))
    drop = np.maximum(a[:-1] - a[1:], 0)
    assert_within("L06.tanh", "tanh is increasing", drop, 0 * drop, G_ULPS * EPS * np.abs(a[:-1]), "drop")


# zero mean


@pytest.mark.proves("L06.zero_mean")
@pytest.mark.parametrize(("activation", "mean"), [("tanh", 0.0), ("sigmoid", 0.5)])
@given(z=s.points(50.0))
def test_mean_activation_on_symmetric_inputs(impl, activation, mean, z):
    """On z and -z together, tanh averages 0 (odd) and sigma averages 1/2 (sigma(-z) = 1 - sigma(z)).

    Each pair sums to its exact value within G_ULPS eps; the mean of 2n terms adds gamma(2n + 1) of their sizes.
    """
    g, _ = impl.activation(activation)
    a = np.asarray(g(np.concatenate([z, -z])))
    bound = G_ULPS * EPS / 2 + gamma(a.size + 1) * np.abs(a).mean()
    assert_within("L06.zero_mean", f"mean {activation}(+-z) = {mean}", a.mean(), mean, bound, "mean")


@pytest.mark.proves("L06.zero_mean")
@pytest.mark.parametrize(("activation", "mean"), [("tanh", 0.0), ("sigmoid", 0.5)])
@given(problem=s.problems(scale=1.0))
def test_hidden_units_average_on_mirrored_examples(impl, activation, mean, problem):
    """X = [x, -x] and b1 = 0: Z1 = W1 X is antisymmetric, so each hidden unit averages 0 (tanh) or 1/2 (sigma)."""
    P = {**problem.parameters, "b1": np.zeros_like(problem.parameters["b1"])}
    X = np.concatenate([problem.X, -problem.X], axis=1)
    _, cache = impl.forward(X, P, activation)
    dZ1 = affine_bound(P["W1"], X, P["b1"])  # Z1(-x) = -Z1(x) within this, A1 within it times the slope (<= 1)
    bound = (dZ1 + G_ULPS * EPS).mean(axis=1, keepdims=True) + gamma(X.shape[1] + 1) * np.abs(cache["A1"]).mean(
        axis=1, keepdims=True
    )
    means = cache["A1"].mean(axis=1, keepdims=True)
    assert_within("L06.zero_mean", f"row means of {activation}(W1 [x, -x])", means, np.full_like(means, mean), bound)


# saturation


@pytest.mark.proves("L06.saturation")
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@given(z=s.points(50.0))
def test_slope_falls_as_abs_z_grows(impl, activation, z):
    """|z1| <= |z2| => g'(z1) >= g'(z2), up to the absolute rounding of a slope formed as s (1 - s) or 1 - t^2."""
    _, dg = impl.activation(activation)
    order = np.argsort(np.abs(z))
    slopes = np.asarray(dg(z[order]))
    rise = np.maximum(slopes[1:] - slopes[:-1], 0)
    assert_within("L06.saturation", f"{activation}' falls with |z|", rise, 0 * rise, G_ULPS * EPS, "rise")


# Thresholds past which the exact slope is below epsilon: sigma'(z) < e^-|z|, tanh'(z) = sech^2 z < 4 e^-2|z|.
THRESHOLD = {"sigmoid": lambda eps: np.log(1 / eps), "tanh": lambda eps: np.log(4 / eps) / 2}


@pytest.mark.proves("L06.saturation")
@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
@given(epsilon=s.epsilons, z=s.points(50.0))
def test_slope_is_below_any_epsilon_past_a_threshold(impl, activation, epsilon, z):
    """For |z| >= T(epsilon) (sigma: ln(1/epsilon); tanh: ln(4/epsilon)/2) the slope is at most epsilon."""
    _, dg = impl.activation(activation)
    past = np.copysign(THRESHOLD[activation](epsilon) + np.abs(z), z)
    slopes = np.asarray(dg(past))
    bound = epsilon * (1 + G_ULPS * EPS) + G_ULPS * EPS
    assert_within("L06.saturation", f"0 <= {activation}'(z) <= {epsilon} past T", slopes, 0 * past, bound, "g'")


@pytest.mark.proves("L06.saturation")
@pytest.mark.parametrize(("activation", "peak"), [("sigmoid", 0.25), ("tanh", 1.0)])
@given(z=s.points(50.0))
def test_slope_is_largest_at_zero(impl, activation, peak, z):
    """sigma'(0) = 1/4 and tanh'(0) = 1 exactly, and no slope exceeds them (rounding is monotone: exact too)."""
    _, dg = impl.activation(activation)
    assert_exact("L06.saturation", f"{activation}'(0) = {peak}", dg(np.zeros(1)), np.full(1, peak), "g'(0)")
    slopes = np.asarray(dg(z))
    assert np.all(slopes <= peak), f"L06.saturation: {activation}'(z) > {peak} at z = {z[slopes > peak]}"


@pytest.mark.proves("L06.saturation")
@pytest.mark.checks("backward_propagation")
@given(s.problems(scale=1.0, uses=s.BACKWARD), st.floats(5.0, 20.0), st.data())
def test_saturated_hidden_units_get_almost_no_gradient(impl, problem, c, data):
    """tanh units held at z = +-c (W1 = 0, b1 = +-c) get db1 = (1/m) sum(W2^T dZ2 * (1 - tanh(c)^2)): scaled down by
    sech^2(c) <= 4 e^-2c, which slows gradient descent (backward_propagation, the course's API)."""
    d = problem.d
    signs = data.draw(s.matrices((d.n_h, 1), 1.0), label="signs of b1")
    b1 = np.where(signs >= 0, c, -c)
    P = {**problem.parameters, "W1": np.zeros((d.n_h, d.n_x)), "b1": b1}
    _, cache = impl.forward(problem.X, P)
    grads = impl.backward(P, cache, problem.X, problem.Y)
    dA1 = np.abs(P["W2"].T) @ np.abs(cache["A2"] - problem.Y)
    slope = 1.0 - np.tanh(c) ** 2
    bound = (1 + gamma(d.n_y + d.m + 4)) * (slope + G_ULPS * EPS) * dA1.mean(axis=1, keepdims=True)
    assert_within("L06.saturation", "|db1| <= sech^2(c) mean|W2^T dZ2|", grads["db1"], 0 * b1, bound, "db1")


# ReLU and leaky ReLU


@pytest.mark.proves("L06.relu")
@given(s.finite_arrays())
def test_relu_is_max_of_0_and_z(impl, z):
    """ReLU(z) = max(0, z), bit for bit, for every finite float64."""
    g, _ = impl.activation("relu")
    assert_exact("L06.relu", "ReLU(z) = max(0, z)", g(z), np.maximum(0.0, z), "ReLU")


@pytest.mark.proves("L06.relu")
@given(s.points(1e6), s.points(1e6))
def test_relu_is_flat_below_zero_and_the_identity_above(impl, u, v):
    """ReLU is 0 for z < 0 (slope 0) and z itself for z >= 0 (slope 1), bit for bit."""
    g, _ = impl.activation("relu")
    negative, positive = -np.abs(u) - 1.0, np.abs(v)
    assert_exact("L06.relu", "ReLU is constant 0 for z < 0", g(negative), np.zeros_like(negative), "ReLU(z < 0)")
    assert_exact("L06.relu", "ReLU(z) = z for z >= 0", g(positive), positive, "ReLU(z >= 0)")


@pytest.mark.proves("L06.relu")
@given(s.points(1e6))
def test_relu_slope_is_0_for_negative_z(impl, u):
    """g'(z) = 0 for every z < 0."""
    _, dg = impl.activation("relu")
    negative = -np.abs(u) - TINY
    assert_exact("L06.relu", "ReLU'(z) = 0 for z < 0", dg(negative), np.zeros_like(negative), "ReLU'")


@pytest.mark.proves("L06.relu")
@given(s.problems())
def test_relu_hidden_layer_is_max_of_0_and_Z1(impl, problem):
    """Through the forward pass: A1 = max(0, Z1) on the cache's own Z1, bit for bit."""
    _, cache = impl.forward(problem.X, problem.parameters, "relu")
    assert_exact("L06.relu", "A1 = max(0, Z1)", cache["A1"], np.maximum(0.0, cache["Z1"]), "A1")


def leaky_bound(z):
    """0.01 is not a binary fraction: 0.01 z may be rounded once, or computed as z / 100: within eps |0.01 z|."""
    return np.where(z < 0, EPS * np.abs(0.01 * z) + TINY, 0.0)


@pytest.mark.proves("L06.leaky_relu")
@given(s.finite_arrays())
def test_leaky_relu_is_max_of_001_z_and_z(impl, z):
    """Leaky ReLU(z) = max(0.01 z, z): exact for z >= 0, within one rounding of 0.01 z for z < 0."""
    g, _ = impl.activation("leaky_relu")
    assert_within("L06.leaky_relu", "g(z) = max(0.01 z, z)", g(z), np.maximum(0.01 * z, z), leaky_bound(z), "g")


@pytest.mark.proves("L06.leaky_relu")
@given(s.points(1e6))
def test_leaky_relu_leaks_with_slope_001(impl, u):
    """For z < 0, g(z) / z = 0.01 (not 0 as for ReLU, not 0.1): within two roundings."""
    g, _ = impl.activation("leaky_relu")
    negative = -np.abs(u) - 1e-3
    ratio = np.asarray(g(negative)) / negative
    assert_within(
        "L06.leaky_relu", "g(z) / z = 0.01 for z < 0", ratio, np.full_like(ratio, 0.01), 2 * EPS * 0.01, "ratio"
    )


@pytest.mark.proves("L06.leaky_relu")
@given(s.problems())
def test_leaky_relu_hidden_layer_is_max_of_001_Z1_and_Z1(impl, problem):
    """Through the forward pass: A1 = max(0.01 Z1, Z1) on the cache's own Z1."""
    _, cache = impl.forward(problem.X, problem.parameters, "leaky_relu")
    Z1 = cache["Z1"]
    assert_within(
        "L06.leaky_relu", "A1 = max(0.01 Z1, Z1)", cache["A1"], np.maximum(0.01 * Z1, Z1), leaky_bound(Z1), "A1"
    )
