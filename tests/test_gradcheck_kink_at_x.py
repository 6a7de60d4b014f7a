"""A kink exactly at x in black-box mode (issue 13, no blind spots at kinks): sum |x| at a sparse x, a ReLU unit
with Z1 = 0. The elements along which f's slope jumps at x are reported as not checkable and counted, the other
elements of their key are checked (a wrong one fails), and no mode raises a false alarm there: full mode tests each
element for its own kink, directional mode keeps the kink as its noise, Taylor mode tests the remainder's even part.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck_problems import drifting, gradient, near_kinks
from scipy.optimize import brentq

from shallow_proofs.gradcheck import check_grad, noise
from shallow_proofs.gradcheck.function import BlackBox
from shallow_proofs.gradcheck.layout import Layout
from shallow_proofs.gradcheck.network import Network
from shallow_proofs.gradcheck.result import CHECKED, KINK, NOISE
from shallow_proofs.gradcheck.taylor import KINK_AT_X, LAST, POINTS, taylor_checks

EPS = float(np.finfo(np.float64).eps)
X = np.array([0.0, -0.7, 1.3, 0.0, 0.4, 2.1, 0.0, -1.6])
ZEROS = np.flatnonzero(X == 0.0)


def l1(x):
    """sum sin(x) + |x|, batched (leading axes kept)."""
    return np.sum(np.sin(x) + np.abs(x), axis=-1)


def l1_gradient(x, at_zero):
    """cos(x) + sign(x), with ``at_zero`` for the one-sided choice at 0 (0, the subgradient's middle; 1 or -1)."""
    return np.cos(x) + np.where(x == 0.0, at_zero, np.sign(x))


def probe(values):
    """estimate_noise of a one-element x whose f takes ``values`` (9 points, i = -4..4) along the probe."""
    layout = Layout(np.array([1.0]))
    return noise.estimate_noise(
        lambda points: values[: len(points), None], layout, values[4:5], np.random.default_rng(0)
    )


def test_a_probe_with_a_kink_at_x_takes_the_level_of_its_halves():
    """f = 1 + 2^-30 |i| + a ripple of 2^-50 on the probe: the whole probe's level is the kink's, each half's the
    ripple's. Controls: the ripple alone, and the kink moved to i = 2 (the right half sees it), are not kinked."""
    i = np.arange(-4, 5, dtype=np.float64)
    ripple = 2.0**-50 * np.array([1, -1, 1, 1, -1, 1, -1, -1, 1])
    kinked = probe(1.0 + 2.0**-30 * np.abs(i) + ripple)
    assert kinked.kinked[0, 0] and kinked.sigma[0, 0] > noise.KINK_GAP * kinked.smooth[0, 0], kinked
    assert kinked.smooth[0, 0] < 2.0**-45, f"the halves' level is the ripple's (about 2^-50): {kinked.smooth[0, 0]}"
    for label, values in (("ripple", 1.0 + ripple), ("kink at i = 2", 1.0 + 2.0**-30 * np.abs(i - 2) + ripple)):
        found = probe(values)
        assert not found.kinked[0, 0] and found.smooth[0, 0] == found.sigma[0, 0], f"{label}: {found}"


@pytest.mark.parametrize("between", [(-1, 0), (0, 1)])
def test_a_stair_beside_x_is_seen_by_the_half_it_lies_in(between):
    """A stair of 2^-30 between i and i + 1, next to x: each half holds x (i = 0), so one of them sees the stair, and
    the probe is not taken for a kink (a half without x would see none: the elements' noise would miss the stair)."""
    i = np.arange(-4, 5)
    ripple = 2.0**-50 * np.array([1, -1, 1, 1, -1, 1, -1, -1, 1])
    found = probe(1.0 + 2.0**-30 * (i > between[0]) + ripple)
    assert not found.kinked[0, 0] and found.smooth[0, 0] == found.sigma[0, 0], found


@pytest.mark.parametrize(("ratio", "kinked"), [(12.0, False), (30.0, True)])
def test_the_gap_between_the_whole_probe_and_its_halves_is_agreement_squared(ratio, kinked):
    """KINK_GAP = AGREEMENT^2 = 16: a kink whose level is 12 times the halves' is noise, one 30 times is a kink."""
    i = np.arange(-4, 5)
    ripple = 2.0**-40 * np.array([1, -1, 1, 1, -1, 1, -1, -1, 1])
    halves = max(noise.noise_level(ripple[:5]), noise.noise_level(ripple[4:]))

    def level(c):
        return noise.noise_level((c * np.abs(i) + ripple)[:8])

    c = brentq(lambda c: level(c) - ratio * halves, 0.0, 2.0**-30)  # the level grows with c, from the ripple's
    assert math.isclose(level(c) / halves, ratio, rel_tol=0.05), "precondition: the whole probe's level"
    found = probe(1.0 + c * np.abs(i) + ripple)
    assert found.kinked[0, 0] == kinked, (found, level(c) / halves)


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("at_zero", [0.0, 1.0, -1.0])
def test_full_mode_reports_the_kinked_elements_and_checks_the_others(batched, at_zero):
    report = check_grad(l1, l1_gradient(X, at_zero), X, batched=batched)
    check = report["x"]
    assert check.passed, check.message
    assert set(np.flatnonzero(check.unchecked)) == set(ZEROS) and np.all(check.unchecked[ZEROS] == KINK), (
        f"the slope of |x_k| jumps at x_k = 0 (elements {ZEROS.tolist()}), and only there: codes {check.unchecked}"
    )
    assert "not checkable here: 3 kink within the step" in check.message, check.message


@pytest.mark.parametrize("batched", [False, True])
def test_a_wrong_element_beside_the_kinks_fails(batched):
    wrong = l1_gradient(X, 0.0)
    wrong[4] *= 1.0 + 1e-6
    check = check_grad(l1, wrong, X, batched=batched)["x"]
    assert not check.passed and check.worst_index == (4,), check.message


def test_without_the_halves_the_whole_key_is_not_checked(monkeypatch):
    """Negative control: the whole probe's level for the elements too (as before) swamps every step."""
    estimate = noise.estimate_noise

    def whole(*args):
        found = estimate(*args)
        return found._replace(smooth=found.sigma, kinked=np.zeros_like(found.kinked))

    monkeypatch.setattr("shallow_proofs.gradcheck.function.estimate_noise", whole)
    check = check_grad(l1, l1_gradient(X, 0.0), X)["x"]
    assert check.verdict == "not checked" and np.all(check.unchecked == NOISE), check.message


@pytest.mark.parametrize("at_zero", [1.0, -1.0])
def test_without_the_test_of_each_element_a_one_sided_choice_is_a_false_alarm(monkeypatch, at_zero):
    """Negative control: central differences at x_k = 0 settle on the mean of the two slopes, cos 0 + 0, and the
    one-sided choice cos 0 +- 1 fails against it. The test of each element is what keeps that from being said."""
    monkeypatch.setattr(BlackBox, "kinks_at_x", lambda self, order, analytic: None)
    check = check_grad(l1, l1_gradient(X, at_zero), X)["x"]
    assert not check.passed and check.worst_index[0] in ZEROS, check.message


def test_smooth_elements_of_a_kinked_key_are_not_taken_for_kinks():
    """Large fourth derivatives (exp(6 x), sin(9 x)) beside the kink: J = -h^3 g''''(0) / 16 stays within its
    rounding bound 10 delta / h at the elements' steps, and only the kinked element is reported."""
    x = np.array([0.0, 0.5, 1.0, -0.3])

    def f(v):
        return np.abs(v[..., 0]) + np.exp(6.0 * v[..., 1]) + np.sin(9.0 * v[..., 2]) + v[..., 3] ** 3

    grad = np.array([0.0, 6.0 * math.exp(3.0), 9.0 * math.cos(9.0), 3.0 * 0.09])
    check = check_grad(f, grad, x, batched=True)["x"]
    assert check.passed and check.unchecked.tolist() == [KINK, CHECKED, CHECKED, CHECKED], check.message


def slope_jump(f, x, k):
    """J of element k as kinks_at_x takes it, over its rounding bound delta / h."""
    box = BlackBox(f, Layout(x), batched=False, order=2, rng=np.random.default_rng(0))
    h = box.element_steps(2)[k]
    delta = box.element_noise(np.zeros((1, x.size)))[k, 0]
    s = h * np.array([1.0, -1.0, 0.5, -0.5])
    D = box.element(s, np.full(4, k))[:, 0]
    return (2.0 * (D[2] + D[3]) / (h / 2) - (D[0] + D[1]) / h) / (delta / h), delta / h


def test_a_slope_jump_above_ten_times_its_rounding_bound_is_a_kink():
    """Element 0 carries a kink too small for the probe, its slope jumping by 30 delta / h at its own step h (above
    the bound 10 delta / h), beside the large kink of element 1 that flags the key."""
    x = np.zeros(2)
    _, unit = slope_jump(lambda v: np.abs(v[1]) + 1.0, x, 0)
    c = 15.0 * unit

    def f(v):
        return c * np.abs(v[0]) + np.abs(v[1]) + 1.0

    ratio, _ = slope_jump(f, x, 0)
    assert 20.0 < ratio < 40.0, f"precondition: the jump is {ratio} delta / h"
    check = check_grad(f, np.zeros(2), x)["x"]
    assert check.unchecked.tolist() == [KINK, KINK], check.message


@pytest.mark.parametrize(("ratio", "kinked"), [(10.5, True), (9.5, False)])
def test_the_bound_on_the_slope_jump_is_ten_times_its_rounding(ratio, kinked):
    """J = 2 (D(h/2) + D(-h/2)) / (h/2) - (D(h) + D(-h)) / h with each D within delta: |J| <= (8 + 2) delta / h
    without a kink. f = 2^-20 |x_0| + |x_1| at 0 gives J = 2^-19 exactly (every D is exact); with delta set to make
    that 10.5 or 9.5 times delta / h, element 0 is at a kink, or not."""

    def f(v):
        return 2.0**-20 * np.abs(v[0]) + np.abs(v[1])

    box = BlackBox(f, Layout(np.zeros(2)), batched=False, order=2, rng=np.random.default_rng(0))
    h = box.element_steps(2)[0]
    box.element_noise = lambda analytic: np.full((2, 1), 2.0**-19 * h / ratio)
    assert box.kinks_at_x(2, np.zeros((1, 2))).tolist() == [[kinked], [True]]


def test_no_slope_jump_is_no_kink_even_where_f_is_exact():
    """f = |x_0| + x_1 at 0: f(x) = 0 and its evaluations exact, so delta = 0; element 1's jump is 0, and 0 is not
    above a bound of 0."""
    check = check_grad(lambda v: np.abs(v[0]) + v[1], np.array([0.0, 1.0]), np.zeros(2))["x"]
    assert check.unchecked.tolist() == [KINK, CHECKED] and check.passed, check.message


def test_a_kink_in_one_output_leaves_the_others_checked():
    """The Jacobian of (sum |x|, sum sin x + x_0): only the pair (output 0, element 0) is at a kink."""
    x = np.array([0.0, 1.0, -2.0])

    def f(v):
        return np.stack([np.abs(v).sum(), np.sin(v).sum() + v[0]])

    jacobian = np.stack([np.sign(x), np.cos(x) + np.eye(3)[0]])
    check = check_grad(f, jacobian, x)["x"]
    expected = np.zeros((2, 3), dtype=np.int8)
    expected[0, 0] = KINK
    assert check.passed and np.array_equal(check.unchecked, expected), check.message


@pytest.mark.parametrize("at_zero", [0.0, 1.0])
def test_directional_mode_crosses_the_kink_and_says_so(at_zero):
    check = check_grad(l1, l1_gradient(X, at_zero), X, mode="directional")["x"]
    assert check.verdict == "not checked" and np.all(check.unchecked == NOISE), check.message


@pytest.mark.parametrize("batched", [False, True])
@pytest.mark.parametrize("at_zero", [0.0, 1.0, -1.0])
def test_taylor_mode_at_a_kink_is_not_checked_instead_of_failed(batched, at_zero):
    """R(h) = |c| h at a kink whatever the gradient: it used to fail at order 1 (order 1.01 for this f)."""
    result = check_grad(l1, l1_gradient(X, at_zero), X, mode="taylor", batched=batched)["x"]
    assert result.verdict == "not checked" and result.unchecked == KINK_AT_X and not result.passed, result.message


def test_taylor_mode_at_a_kink_of_one_output_of_an_array_valued_f():
    """The Jacobian of (sum sin x + |x|, sum x^2): R(h) and the even part are the largest over the outputs, and the
    kink of output 0 is seen in its even part."""

    def f(v):
        return np.stack([l1(v), np.sum(v**2, axis=-1)], axis=-1)

    jacobian = np.stack([l1_gradient(X, 0.0), 2.0 * X])
    result = check_grad(f, jacobian, X, mode="taylor", batched=True)["x"]
    assert result.verdict == "not checked" and result.unchecked == KINK_AT_X, result.message


def test_taylor_mode_still_fails_a_wrong_slope_on_a_smooth_f():
    """The even part cancels a slope error: a smooth f with a wrong gradient is FAILED, not taken for a kink."""
    x = X + 0.25
    result = check_grad(lambda v: np.sum(np.sin(v) + v**2), np.cos(x) + 2.0 * x * 1.01, x, mode="taylor")["x"]
    assert result.verdict == "FAILED", result.message


def test_taylor_mode_still_fails_a_wrong_slope_of_a_linear_f():
    """f = 3 sum x + 1: its even part is rounding alone (no order at all), which is no kink: the order 1 of R(h) is
    the wrong slope's."""
    x = X + 0.25
    result = check_grad(lambda v: 3.0 * np.sum(v) + 1.0, np.full(x.size, 3.03), x, mode="taylor")["x"]
    assert result.verdict == "FAILED", result.message


def test_taylor_mode_on_the_relu_network_near_its_kinks_raises_no_false_alarm():
    """The network's fast path holds Z1's entries near a kink still (they enter full and directional mode through the
    chain rule), which the remainder would miss: a correct dW1 used to fail at order 1. Taylor mode evaluates the
    network itself: dW1 and db1 cross kinks within their steps (not checked), dW2 and db2 pass, a wrong dW2 fails."""
    X1, Y, params, grads = near_kinks()
    right = {key: grads[f"d{key}"] for key in params}
    network = Network(X1, Y, "relu")
    report = check_grad(network, right, params, mode="taylor")
    assert [report[key].verdict for key in params] == ["not checked", "not checked", "passed", "passed"], report.message
    assert report["W1"].unchecked == KINK_AT_X, report.message
    wrong = {**right, "W2": right["W2"] * 1.01}
    assert check_grad(network, wrong, params, mode="taylor")["W2"].verdict == "FAILED"


def test_a_relu_unit_at_its_kink_in_black_box_mode():
    """W1[1] = 0 and b1[1] = 0: Z1[1, :] = 0 exactly, every other entry of Z1 at least 0.05 from 0. Full mode on the
    network's cost as a black box reports the elements of W1[1] (slope jumps of W2[0, 1] X[j] summed over the
    examples) and b1[1], checks every other element, and catches a wrong dW1 elsewhere."""
    rng = np.random.default_rng(3)
    X1, Y = rng.standard_normal((3, 6)), rng.integers(0, 2, (1, 6)).astype(np.float64)
    params = {
        "W1": rng.standard_normal((4, 3)),
        "b1": rng.standard_normal((4, 1)),
        "W2": rng.standard_normal((1, 4)),
        "b2": np.zeros((1, 1)),
    }
    params["W1"][1], params["b1"][1] = 0.0, 0.0
    Z1 = params["W1"] @ X1 + params["b1"]
    assert np.all(Z1[1] == 0.0) and np.abs(np.delete(Z1, 1, 0)).min() > 0.05, "precondition: one unit at its kink"
    grads = gradient(X1, Y, params, "relu")
    network = Network(X1, Y, "relu")
    right = {key: grads[f"d{key}"] for key in params}
    report = check_grad(lambda p: network(p), right, params)
    assert report.passed, report.message
    expected = np.zeros((4, 3), dtype=np.int8)
    expected[1] = KINK
    assert np.array_equal(report["W1"].unchecked, expected), report.message
    assert report["b1"].unchecked.ravel().tolist() == [0, KINK, 0, 0], report.message
    wrong = {**right, "W1": right["W1"] + 1e-6 * np.abs(right["W1"]).max() * np.eye(4, 3)}
    failed = check_grad(lambda p: network(p), wrong, params)["W1"]
    assert not failed.passed and failed.worst_index in {(0, 0), (2, 2)}, failed.message


class EvenPart:
    """A stand-in f along one direction (slope 0 given): Delta f(h) = h for h > 0, so R(h) = h (order 1, FAILED), and
    Delta f(-h) = 2 E(h) - h, so the even part is E(h) = a h (1 + eps(h)), eps chosen per step; rounding bound DELTA."""

    DELTA, A = 1e-10, 1e-3

    def __init__(self, eps: dict[float, float]) -> None:
        self.layout, self.order, self.out_size, self.eps = Layout(np.zeros(2)), 2, 1, eps

    def direction_steps(self, V, order):
        return np.full(V.shape[0], 2.0**-10)  # h_0 = 1; h_min = sqrt(2 FLOOR DELTA / c) = 1e-4 with c = 2

    def smooth_direction_steps(self, V, order):
        return self.direction_steps(V, order)

    def direction_noise(self, V, analytic):
        return np.full((V.shape[0], 1), self.DELTA)

    def along(self, t, r, V):
        t = np.asarray(t, dtype=np.float64)
        even = self.A * np.abs(t) * np.array([1.0 + self.eps.get(float(abs(s)), 0.0) for s in t])
        return np.where(t > 0, t, 2.0 * even + t)[:, None]


def even_part_at(q):
    """eps over the 4 smallest steps such that E's local orders are 1, 1 + D, 1 + D with D = q times the allowance of
    E's rounding bound DELTA."""
    h = np.geomspace(1.0, 1e-4, POINTS)[-LAST:]
    factors = drifting(h, EvenPart.A * h, EvenPart.DELTA, q)
    return {float(s): float(factor) - 1.0 for s, factor in zip(h, factors, strict=True)}


@pytest.mark.parametrize(("q", "verdict"), [(0.75, "not checked"), (1.25, "FAILED")], ids=["within", "beyond"])
def test_the_even_part_takes_the_rounding_bound_of_its_own_mean(q, verdict):
    """E(h) = |Delta f(h) + Delta f(-h)| / 2 errs by at most (delta + delta) / 2 = delta: its local orders may drift
    from 1 by the allowance of that bound and still approach 1 (a kink: not checked), and by more not (the order 1 of
    R(h) stands: FAILED). Controls: E taken as the sum (not halved) halves the allowance, a quarter doubles it."""
    eps = even_part_at(q)
    check = taylor_checks(EvenPart(eps), np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert check.steps[-4:].tolist() == list(eps), "precondition: the smallest steps are the ones eps is given at"
    assert check.verdict == verdict, check.message


class Counted(Network):
    """The network, counting its evaluations as f itself (the fast path evaluates Z1 and Z2 without them)."""

    calls = 0

    def __call__(self, params):
        self.calls += 1
        return super().__call__(params)


@pytest.mark.parametrize(("activation", "as_itself"), [("tanh", False), ("relu", True)])
def test_taylor_mode_evaluates_the_network_as_itself_only_near_a_kink(activation, as_itself):
    """Without an entry of Z1 near a kink the fast path's moves are the network's own: Taylor mode keeps them."""
    X1, Y, params, _ = near_kinks()
    network = Counted(X1, Y, activation)
    right = gradient(X1, Y, params, activation)
    report = check_grad(network, {key: right[f"d{key}"] for key in params}, params, mode="taylor")
    assert (network.calls > 0) == as_itself, f"{network.calls} evaluations of the network itself; {report.message}"
    assert all(report[key].verdict != "FAILED" for key in params), report.message
