"""L08: the derivatives g' of the activations, as algebraic identities (finite differences are gradcheck's).

g' comes from the optional ACTIVATIONS mapping (impl.activation), and from what backpropagation multiplies by:
dZ1 = W2^T dZ2 * g'(Z1), read through backward_propagation's db1 and dW1, so that a course-style module's 1 - A1^2
is checked too.

Rounding: sigma and tanh are within 2 eps (relative) of the truth, so two routes to g' differ by at most
G_ULPS eps times the size of the values they are formed from; the piecewise-constant slopes are exact.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given

from shallow_proofs.properties import oracle
from shallow_proofs.properties import strategies as s
from shallow_proofs.properties.bounds import EPS, TINY, assert_exact, assert_within, gamma
from shallow_proofs.properties.oracle import G_ULPS

FORMULA_RANGE = 700.0
CLAIM = {"sigmoid": "L08.sigmoid", "tanh": "L08.tanh", "relu": "L08.relu", "leaky_relu": "L08.leaky_relu"}


def each(*activations):
    """Parameters for pytest.mark.parametrize, each marked with the L08 claim of its activation."""
    return [pytest.param(a, marks=pytest.mark.proves(CLAIM[a])) for a in activations]


# sigma'


@pytest.mark.proves("L08.sigmoid")
@given(s.points(FORMULA_RANGE))
def test_sigmoid_slope_is_sigma_times_one_minus_sigma(impl, z):
    """g'(z) = g(z) (1 - g(z)): an error of 2 eps s in s moves s (1 - s) by at most 2 eps s; two roundings more."""
    g, dg = impl.activation("sigmoid")
    a = np.asarray(g(z))
    bound = G_ULPS * EPS * (a + a * (1.0 - a))
    assert_within("L08.sigmoid", "sigma'(z) = sigma(z) (1 - sigma(z))", dg(z), a * (1.0 - a), bound, "sigma'")


@pytest.mark.proves("L08.sigmoid")
@given(s.points(FORMULA_RANGE))
def test_sigmoid_slope_is_even(impl, z):
    """sigma'(-z) = sigma'(z) (sigma(z) sigma(-z) is symmetric); each side within 2 eps of max(s, 1 - s)."""
    _, dg = impl.activation("sigmoid")
    assert_within("L08.sigmoid", "sigma'(-z) = sigma'(z)", dg(-z), dg(z), G_ULPS * EPS, "sigma'(-z)")


@pytest.mark.proves("L08.sigmoid")
@given(s.points(FORMULA_RANGE))
def test_sigmoid_slope_is_sigma_z_times_sigma_minus_z(impl, z):
    """sigma'(z) = sigma(z) sigma(-z), the product form: G_ULPS eps relative to each factor, so G_ULPS eps absolute
    next to the larger one. L08 promises the identity, not relative accuracy in the upper tail, where the notes'
    s (1 - s) cancels to 0 (the reference's relative accuracy is tests/test_stable.py's)."""
    g, dg = impl.activation("sigmoid")
    product = np.asarray(g(z)) * np.asarray(g(-z))
    bound = G_ULPS * EPS * (product + np.maximum(np.asarray(g(z)), np.asarray(g(-z))))
    assert_within("L08.sigmoid", "sigma'(z) = sigma(z) sigma(-z)", dg(z), product, bound, "sigma'")


# tanh'


@pytest.mark.proves("L08.tanh")
@given(s.points(FORMULA_RANGE))
def test_tanh_slope_is_one_minus_tanh_squared(impl, z):
    """g'(z) = 1 - tanh(z)^2: an error of 2 eps in t moves 1 - t^2 by 4 eps |t|; a rounding more: 2 G_ULPS eps,
    absolute (1 - t^2 cancels to 0 past |z| = 19, and L08 promises the identity, not relative accuracy there)."""
    g, dg = impl.activation("tanh")
    t = np.asarray(g(z))
    assert_within("L08.tanh", "tanh'(z) = 1 - tanh(z)^2", dg(z), 1.0 - t**2, 2 * G_ULPS * EPS, "tanh'")


@pytest.mark.proves("L08.tanh")
@given(s.points(FORMULA_RANGE))
def test_tanh_slope_is_even_and_at_most_one(impl, z):
    """tanh'(-z) = tanh'(z), and 0 <= tanh'(z) <= 1 = tanh'(0)."""
    _, dg = impl.activation("tanh")
    slopes = np.asarray(dg(z))
    assert_within("L08.tanh", "tanh'(-z) = tanh'(z)", dg(-z), slopes, 2 * G_ULPS * EPS, "tanh'(-z)")
    outside = (slopes < 0) | (slopes > 1)
    assert not np.any(outside), f"L08.tanh: tanh' outside [0, 1] at z = {z[outside]}: {slopes[outside]}"


# ReLU' and leaky ReLU'


@pytest.mark.proves("L08.relu")
@given(s.finite_arrays())
def test_relu_slope_is_a_step(impl, z):
    """g'(z) = 0 for z < 0 and 1 for z >= 0, exactly, for every finite float64."""
    _, dg = impl.activation("relu")
    assert_exact("L08.relu", "ReLU'(z) = [z >= 0]", dg(z), np.where(z >= 0, 1.0, 0.0), "ReLU'")


@pytest.mark.proves("L08.leaky_relu")
@given(s.finite_arrays())
def test_leaky_relu_slope_is_a_step_from_001_to_1(impl, z):
    """g'(z) = 0.01 for z < 0 and 1 for z >= 0, exactly, for every finite float64."""
    _, dg = impl.activation("leaky_relu")
    assert_exact("L08.leaky_relu", "g'(z) = 0.01 (z < 0), 1 (z >= 0)", dg(z), np.where(z >= 0, 1.0, 0.01), "g'")


@pytest.mark.proves("L08.relu", "L08.leaky_relu")
@pytest.mark.parametrize("activation", ["relu", "leaky_relu"])
def test_slope_at_the_kink_follows_the_notes(impl, activation):
    """The notes' convention: g'(0) = 1 (z >= 0), for 0.0 and -0.0 alike."""
    _, dg = impl.activation(activation)
    assert_exact(CLAIM[activation], f"{activation}'(0) = 1", dg(np.array([0.0, -0.0])), np.ones(2), "g'(0)")


@pytest.mark.proves("L08.relu")
@given(s.finite_arrays())
def test_relu_is_its_slope_times_z(impl, z):
    """ReLU is positively homogeneous: g(z) = g'(z) z, exactly (0 z = 0, 1 z = z)."""
    g, dg = impl.activation("relu")
    assert_exact("L08.relu", "ReLU(z) = ReLU'(z) z", g(z), np.asarray(dg(z)) * z, "ReLU")


@pytest.mark.proves("L08.leaky_relu")
@given(s.finite_arrays())
def test_leaky_relu_is_its_slope_times_z(impl, z):
    """g(z) = g'(z) z: exact for z >= 0, one rounding of 0.01 z (or of z / 100) for z < 0."""
    g, dg = impl.activation("leaky_relu")
    bound = np.where(z < 0, EPS * np.abs(0.01 * z) + np.finfo(np.float64).smallest_subnormal, 0.0)
    assert_within("L08.leaky_relu", "g(z) = g'(z) z", g(z), np.asarray(dg(z)) * z, bound, "g")


# g' as backpropagation uses it


@pytest.mark.checks("backward_propagation")
@pytest.mark.parametrize("activation", each(*CLAIM))
@given(problem=s.problems(uses=s.BACKWARD))
@s.at_the_edges()
def test_backpropagation_multiplies_by_the_notes_slope(impl, activation, problem):
    """db1 = (1/m) sum(W2^T dZ2 * g'(Z1)) and dW1 = (1/m) (W2^T dZ2 * g'(Z1)) X^T, with g' of L08, from
    backward_propagation (the course's API; its tanh reads 1 - A1^2)."""
    X, P, Y, d = problem.X, problem.parameters, problem.Y, problem.d
    _, cache = impl.forward(X, P, activation)
    grads = impl.backward(P, cache, X, Y, activation)
    dZ2 = cache["A2"] - Y
    dA1 = P["W2"].T @ dZ2
    slope = oracle.slope(activation, cache)
    dZ1 = dA1 * slope
    # dA1 by two routes: 2 gamma(n_y) |W2^T| |dZ2|; the slope: G_ULPS eps; the mean or product over m: gamma(m + 2).
    size = (np.abs(P["W2"].T) @ np.abs(dZ2)) * (slope + G_ULPS * EPS)
    # Each product may also underflow by TINY / 2 (properties/bounds.py): n_y + 1 of them per dZ1, m + 1 per dW1.
    error = 2 * gamma(d.n_y + d.m + 4) * size + G_ULPS * EPS * np.abs(dA1) + (d.n_y + 1) * TINY
    claim = CLAIM[activation]
    db1_bound = error.sum(axis=1, keepdims=True) / d.m + TINY
    db1 = dZ1.mean(axis=1, keepdims=True)
    assert_within(claim, f"db1 = mean(W2^T dZ2 * {activation}'(Z1))", grads["db1"], db1, db1_bound, "db1")
    dW1_bound = error @ np.abs(X).T / d.m + (d.m + 1) * TINY
    dW1 = dZ1 @ X.T / d.m
    assert_within(claim, f"dW1 = (W2^T dZ2 * {activation}'(Z1)) X^T / m", grads["dW1"], dW1, dW1_bound, "dW1")


@pytest.mark.checks("backward_propagation")
@pytest.mark.parametrize("activation", each("relu", "leaky_relu"))
@given(problem=s.problems(uses=s.BACKWARD))
def test_backpropagation_passes_the_whole_gradient_at_the_kink(impl, activation, problem):
    """W1 = 0, b1 = 0 put every hidden unit at Z1 = 0, where g'(0) = 1: db1 = mean(W2^T dZ2), dW1 = W2^T dZ2 X^T / m."""
    X, Y, d = problem.X, problem.Y, problem.d
    P = {**problem.parameters, "W1": np.zeros((d.n_h, d.n_x)), "b1": np.zeros((d.n_h, 1))}
    _, cache = impl.forward(X, P, activation)
    grads = impl.backward(P, cache, X, Y, activation)
    dA1 = P["W2"].T @ (cache["A2"] - Y)
    size = np.abs(P["W2"].T) @ np.abs(cache["A2"] - Y)
    bound = 2 * gamma(d.n_y + d.m + 4) * size.sum(axis=1, keepdims=True) / d.m
    db1 = dA1.mean(axis=1, keepdims=True)
    assert_within(CLAIM[activation], f"{activation}'(0) = 1: db1 = mean(W2^T dZ2)", grads["db1"], db1, bound, "db1")
