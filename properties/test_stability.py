"""stable.sigmoid, stable.cost: what a reference owes its users at the ends of the float64 range.

"Warning-free" is checked with every numpy floating-point error raised (np.errstate) and every Python warning an
error, except underflow: e^-1000 rounding to 0 is the correctly rounded answer, numpy ignores it by default, and a
stable sigmoid may legitimately compute it.

Accuracy of the plain cost on A2 = sigma(z) (derived here, per term L = -(y log a + (1 - y) log(1 - a))):
a carries a relative error of 2 eps, so for y = 1, -log a is within 2 eps (+ eps |L| for the log's rounding); for
y = 0, 1 - a has relative error 2 eps a / (1 - a) = 2 eps e^z, and so has -log(1 - a). With s = 1 - 2y the plain
term is within 2 eps (1 + e^(s z)) + eps |L| of the truth: accurate while e^(s z) is modest, useless (inf) once a
rounds to 0 or 1. The stable form log(1 + e^(s z)) is within 2 eps |L| + 2 eps |z| for every finite z (the 2 eps |z|
covers an implementation that computes softplus(z) - y z and cancels).
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shallow_proofs.properties import strategies as s
from shallow_proofs.properties.bounds import EPS, assert_exact, assert_within, gamma
from shallow_proofs.properties.oracle import G_ULPS, sigmoid

TAIL = 36.0  # past here sigma(z) is within eps / 2 of 0 or 1
LOG2 = float(np.log(2.0))
MAX = float(np.finfo(np.float64).max)
LOGITS = ("cost_from_logits",)


@contextmanager
def no_warnings():
    """Every floating-point error but underflow raises; every warning is an error."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(all="raise", under="ignore"):
            yield


# stable.sigmoid


@pytest.mark.proves("stable.sigmoid")
@given(s.finite_arrays())
def test_sigmoid_is_finite_and_warning_free_for_every_float(impl, z):
    """sigma(z) in [0, 1] for every finite float64, +-1e308 and the largest float included, with no warning."""
    g, _ = impl.activation("sigmoid")
    with no_warnings():
        a = np.asarray(g(z))
    bad = ~(np.isfinite(a) & (a >= 0) & (a <= 1))
    assert not np.any(bad), f"stable.sigmoid: sigma(z) not in [0, 1] at z = {z[bad]}: {a[bad]}"


@pytest.mark.proves("stable.sigmoid")
@given(s.finite_arrays())
def test_sigmoid_slope_is_finite_and_warning_free_for_every_float(impl, z):
    """sigma'(z) in [0, 1/4] for every finite float64, with no warning."""
    _, dg = impl.activation("sigmoid")
    with no_warnings():
        slope = np.asarray(dg(z))
    bad = ~(np.isfinite(slope) & (slope >= 0) & (slope <= 0.25))
    assert not np.any(bad), f"stable.sigmoid: sigma'(z) not in [0, 1/4] at z = {z[bad]}: {slope[bad]}"


EXTREMES = np.array([-np.finfo(float).max, -1e308, -1000.0, 1000.0, 1e308, np.finfo(float).max])


@pytest.mark.proves("stable.sigmoid")
def test_sigmoid_at_plus_minus_1000_and_1e308(impl):
    """sigma(-z) rounds to 0 and sigma(z) to 1 for z = 1000, 1e308, max (e^-1000 < 1e-434), and the slope to 0."""
    g, dg = impl.activation("sigmoid")
    with no_warnings():
        a, slope = np.asarray(g(EXTREMES)), np.asarray(dg(EXTREMES))
    assert_exact("stable.sigmoid", "sigma(-1000) = 0, sigma(1000) = 1", a, (EXTREMES > 0).astype(float), "sigma")
    assert_exact("stable.sigmoid", "sigma'(+-1000) = 0", slope, np.zeros_like(slope), "sigma'")


@pytest.mark.proves("stable.sigmoid")
@given(s.points(700.0 - TAIL))
def test_sigmoid_stays_accurate_in_the_lower_tail(impl, u):
    """For z in [-700, -36], sigma(z) = e^z / (1 + e^z) within G_ULPS eps relative: stable, not clipped."""
    g, _ = impl.activation("sigmoid")
    z = -TAIL - np.abs(u)
    expected = np.exp(z) / (1.0 + np.exp(z))
    with no_warnings():
        a = g(z)
    assert_within("stable.sigmoid", "sigma(z) = e^z / (1 + e^z), z <= -36", a, expected, G_ULPS * EPS * expected)


@pytest.mark.proves("stable.sigmoid")
@given(s.points(700.0 - TAIL))
def test_sigmoid_slope_stays_accurate_in_the_lower_tail(impl, u):
    """For z in [-700, -36], sigma'(z) = e^z / (1 + e^z)^2 within 2 G_ULPS eps relative."""
    _, dg = impl.activation("sigmoid")
    z = -TAIL - np.abs(u)
    expected = np.exp(z) / (1.0 + np.exp(z)) ** 2
    with no_warnings():
        slope = dg(z)
    assert_within("stable.sigmoid", "sigma'(z) = e^z / (1 + e^z)^2", slope, expected, 2 * G_ULPS * EPS * expected)


# stable.cost


@st.composite
def logit_problems(draw, values, uses=LOGITS):
    """(Z2, Y) of one of the suite's shapes (n_y, m), Z2 drawn from ``values``; n_y > 1 if each of ``uses`` takes it."""
    d = draw(s.dims(uses=uses))
    return draw(values((d.n_y, d.m))), draw(s.labels(d.n_y, d.m))


def softplus_terms(Z2, Y):
    """L = log(1 + e^(s z)), s = 1 - 2y, computed stably in plain numpy: max(s z, 0) + log1p(e^-|z|)."""
    sz = (1.0 - 2.0 * Y) * Z2
    return np.maximum(sz, 0.0) + np.log1p(np.exp(-np.abs(Z2)))


def mean_bound(terms, term_error):
    """Two evaluations of (1/m) sum(terms), terms within term_error: the sum's gamma(n_y m + 1), the division."""
    m = np.shape(terms)[-1]
    return (2 * gamma(np.size(terms) + 1) * np.abs(terms) / m).sum() + (term_error / m).sum()  # scaled first: finite


@pytest.mark.proves("stable.cost")
@given(logit_problems(s.finite_arrays))
def test_cost_from_logits_is_finite_for_every_finite_Z2(impl, problem):
    """0 <= J <= n_y (max|Z2| + log 2) (each L <= |z| + log 2; J sums n_y means of m terms): finite and warning-free
    wherever n_y max|Z2| is a float64, that is for every finite Z2 when n_y = 1. (A sum of m terms near 1e308
    overflows before the division by m: the mean must be formed so that it does not.)"""
    Z2, Y = problem
    cost_from_logits = impl.function("cost_from_logits")
    top = Z2.shape[0] * (float(np.abs(Z2).max()) + LOG2) * (1 + gamma(Z2.size + 2))  # Python float: no warning
    if Z2.shape[0] * float(np.abs(Z2).max()) > MAX:
        with np.errstate(over="ignore"):
            J = float(cost_from_logits(Z2, Y))
        assert J >= 0, f"stable.cost: J = {J!r} (n_y max|Z2| beyond float64: J may be inf, not NaN or < 0); Z2 = {Z2}"
        return
    with no_warnings():
        J = float(cost_from_logits(Z2, Y))
    assert np.isfinite(J) and 0 <= J <= top, (
        f"stable.cost: J = {J!r} not in [0, n_y (max|Z2| + log 2) = {top!r}]; Z2 = {Z2}"
    )


@pytest.mark.proves("stable.cost")
@given(logit_problems(s.extreme_arrays))
def test_cost_from_logits_is_right_where_A2_rounds_to_0_or_1(impl, problem):
    """|z| >= 36: J = (1/m) sum(max(s z, 0) + log1p(e^-|z|)), s = 1 - 2y: |z| per wrong answer, e^-|z| per right."""
    Z2, Y = problem
    Z2 = np.clip(Z2, -MAX / Z2.shape[0], MAX / Z2.shape[0])  # n_y max|Z2| <= MAX: the exact J is a float64
    cost_from_logits = impl.function("cost_from_logits")
    terms = softplus_terms(Z2, Y)
    with np.errstate(over="ignore"):  # the exact mean is <= MAX; a sum rounded up past it is clipped back
        expected = min(float((terms / Z2.shape[-1]).sum()), MAX)
    with no_warnings():
        J = float(cost_from_logits(Z2, Y))
    bound = mean_bound(terms, G_ULPS * EPS * terms + G_ULPS * EPS * np.abs(Z2))
    assert_within("stable.cost", "J = mean(log(1 + e^((1 - 2y) z)))", J, expected, bound, "J")


@pytest.mark.proves("stable.cost")
@given(logit_problems(lambda shape: s.matrices(shape, TAIL - 1.0), (*LOGITS, "compute_cost")))
def test_cost_from_logits_equals_the_plain_cost_within_its_accuracy(impl, problem):
    """|z| <= 35: the plain formula on A2 = 1 / (1 + e^-z) (compute_cost) and the stable one agree within the plain
    term's error 2 eps (1 + e^(s z)) + eps |L| plus the stable term's 2 eps (|L| + |z|) (module docstring)."""
    Z2, Y = problem
    cost_from_logits = impl.function("cost_from_logits")
    A2 = sigmoid(Z2)
    terms = softplus_terms(Z2, Y)
    term_error = 2 * EPS * (1 + np.exp((1.0 - 2.0 * Y) * Z2)) + 3 * EPS * terms + 2 * EPS * np.abs(Z2)
    J_plain, J_stable = float(impl.cost(A2, Y)), float(cost_from_logits(Z2, Y))
    assert_within("stable.cost", "J(A2 = sigma(Z2)) = J(Z2)", J_stable, J_plain, mean_bound(terms, term_error), "J")


@pytest.mark.proves("stable.cost")
@given(logit_problems(lambda shape: s.matrices(shape, 3.0), (*LOGITS, "compute_cost")))
def test_cost_from_logits_equals_the_plain_cost_to_a_few_ulps_where_it_is_accurate(impl, problem):
    """|z| <= 3, where e^(s z) <= 20: both forms within a few eps of each other (relative to the terms' size)."""
    Z2, Y = problem
    cost_from_logits = impl.function("cost_from_logits")
    terms = softplus_terms(Z2, Y)
    term_error = 2 * EPS * (1 + np.exp(3.0)) + 3 * EPS * terms + 2 * EPS * np.abs(Z2)
    J_plain, J_stable = float(impl.cost(sigmoid(Z2), Y)), float(cost_from_logits(Z2, Y))
    assert_within(
        "stable.cost", "J(A2 = sigma(Z2)) = J(Z2), |z| <= 3", J_stable, J_plain, mean_bound(terms, term_error)
    )


@pytest.mark.proves("stable.cost")
@given(s.dims(uses=LOGITS))
def test_cost_from_logits_at_zero_is_log_2(impl, d):
    """Z2 = 0 (A2 = 1/2): every term is log 2, whatever the labels, so J = n_y log 2."""
    cost_from_logits = impl.function("cost_from_logits")
    for label in (0.0, 1.0):
        J = float(cost_from_logits(np.zeros((d.n_y, d.m)), np.full((d.n_y, d.m), label)))
        bound = 2 * gamma(d.n_y * d.m + 2) * d.n_y * LOG2
        assert_within("stable.cost", f"J(0, y = {label:g}) = n_y log 2", J, d.n_y * LOG2, bound, "J")
