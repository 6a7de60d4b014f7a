"""gradcheck.taylor's steps are the ones of its docstring: 16 steps, geometric, from h_0 = 2^10 times the directional
mode's initial step for a smooth f (its noise the dtype's rounding) down to h_min = sqrt(2 FLOOR delta / c), FLOOR =
100, with c = 2 R(h_0) / h_0^2 estimated from the remainder at h_0 (above h_0 / 2 the key is not checked). The
direction d is the first draw of the same seeded generator."""

from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck_problems import drifting

from shallow_proofs.gradcheck import check_grad
from shallow_proofs.gradcheck.directional import draw_directions
from shallow_proofs.gradcheck.function import BlackBox
from shallow_proofs.gradcheck.layout import Layout
from shallow_proofs.gradcheck.taylor import (
    FLOOR,
    LAST,
    NOISE,
    POINTS,
    Taylor,
    local_verdict,
    smallest_step,
    taylor_checks,
)

X = np.linspace(-1.3, 2.1, 7)
EPS = float(np.finfo(np.float64).eps)


W = np.array([0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 1.0])


def f(x):
    return np.sum(np.sin(x) * x[..., ::-1], axis=-1)


def grad(x):
    return np.cos(x) * x[..., ::-1] + np.sin(x)[..., ::-1]


def linear(x):
    return np.sum(W * x, axis=-1)


@pytest.mark.parametrize(
    ("f", "grad", "noise"),
    [(f, grad, 0.0), (f, grad, 1e-9), (linear, lambda x: W, 0.0)],
    ids=["curved", "curved-noisy", "linear"],
)
def test_taylor_steps_run_from_h0_to_h_min(f, grad, noise):
    """For a curved f h_min is its curvature's, with or without a declared noise that leaves it below h_0 / 2; for a
    linear one (c is rounding, or 0) it is h_0 / 2. h_0 does not grow with the noise."""
    func = BlackBox(f, Layout(X), batched=False, order=2, rng=np.random.default_rng(1), noise=noise)
    analytic = np.asarray(grad(X))[None, :]
    check = taylor_checks(func, analytic, {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    V, _ = draw_directions(func.layout, 1, np.random.default_rng(0))
    h_0 = 2.0**10 * float(np.finfo(np.float64).eps ** (1 / 3) / (np.max(np.abs(V)) / np.max(np.abs(X))))
    delta = float(np.max(func.direction_noise(V, analytic)))
    slope = (analytic @ V.T)[0, 0]  # <g, d>
    R_0 = float(np.abs(func.along(np.array([h_0]), np.array([0]), V)[0, 0] - h_0 * slope))
    c = 2.0 * R_0 / h_0**2
    h_min = min(np.sqrt(2.0 * 100.0 * delta / c), h_0 / 2)
    expected = np.geomspace(h_0, h_min, 16)
    np.testing.assert_array_equal(
        check.steps, expected, err_msg="h from h_0 = 2^10 h_dir to h_min = sqrt(2 FLOOR delta / c), 16 steps"
    )


def test_the_verdict_is_a_word_and_the_message_names_it():
    """Taylor.verdict is 'passed' or 'FAILED' (an attribute, as Check.verdict), and the message carries it."""
    steps = np.array([1.0, 0.5])
    right = Taylor("dW1 = dZ1 X^T / m", steps, steps**2, 2.0, True, detects=0.5)
    wrong = Taylor("dW1 = dZ1 X^T / m", steps, steps, 1.0, False, detects=1.0)
    assert (right.verdict, wrong.verdict) == ("passed", "FAILED")
    expected = (
        "dW1 = dZ1 X^T / m: Taylor remainder passed: observed order 2.000 (2 if correct, 1 if wrong); a slope error "
        "above about 0.5 shows"
    )
    assert right.message == expected, right.message
    assert "Taylor remainder FAILED: observed order 1.000" in wrong.message, wrong.message


@pytest.mark.parametrize("x", [X, np.zeros(7)], ids=["x", "zero"])
def test_a_linear_f_has_no_order_and_passes_when_every_remainder_is_rounding(x):
    """R(h) of a linear f with its exact gradient is rounding at every step: no order (it was -15 or NaN, FAILED),
    the verdict from the rounding bound instead."""
    func = BlackBox(linear, Layout(x), batched=False, order=2, rng=np.random.default_rng(1))
    check = taylor_checks(func, W[None, :], {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert check.passed and check.linear and np.isnan(check.order), check.message
    assert check.message.startswith(
        "grad: Taylor remainder passed: R(h) is within its rounding bound at every step (f linear along the direction, "
        "or its noise above its curvature: no order to observe; a slope error above "
    ), check.message
    assert check.detects < 1e-10 * np.linalg.norm(W), f"a slope error above {check.detects!r} would show"


@pytest.mark.parametrize("error", [1e-6, 1e-2])
def test_a_wrong_slope_of_a_linear_f_fails(error):
    """|<g - grad f, d>| h is far above rounding at h_0: the remainder has order 1."""
    func = BlackBox(linear, Layout(X), batched=False, order=2, rng=np.random.default_rng(1))
    check = taylor_checks(func, W[None, :] * (1 + error), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert not check.passed and not check.linear, check.message


def test_a_key_with_no_elements_is_not_checked_in_taylor_mode():
    """The direction of an empty key is 0: x + h d is x, R(h) is 0 at every step, and nothing was tested; the other
    key is checked as usual."""
    W = np.array([0.3, -1.2])

    def f(p):
        return float(np.sum(np.sin(p["W"])) + np.sum(p["E"]))

    report = check_grad(f, {"E": np.zeros((2, 0)), "W": np.cos(W)}, {"E": np.zeros((2, 0)), "W": W}, mode="taylor")
    E = report["E"]
    assert E.verdict == "not checked" and not E.passed, f"nothing moved in E, so nothing is shown: {E.message}"
    assert E.message == "dE: Taylor remainder not checked: the key has no elements", E.message
    assert E.steps.size == 0 and E.remainders.size == 0, f"no step was taken: steps {E.steps}, R {E.remainders}"
    assert report["W"].passed, report["W"].message
    assert report.verdict == "not checked" and not report.passed, f"the report claims no more than its keys: {report}"


@pytest.mark.parametrize("noise", [0.0, 1e-9])
def test_the_order_is_the_slope_of_log_R_over_the_smallest_4_steps(noise):
    """The observed order: the least-squares slope of log R(h) against log h over the smallest LAST = 4 steps, where
    the quadratic term of a correct gradient is closest to its limit."""
    func = BlackBox(f, Layout(X), batched=False, order=2, rng=np.random.default_rng(1), noise=noise)
    check = taylor_checks(func, np.asarray(grad(X))[None, :], {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    expected = np.polyfit(np.log(check.steps[-4:]), np.log(check.remainders[-4:]), 1)[0]
    assert check.order == expected, f"order {check.order!r}, slope over the smallest 4 steps {expected!r}"


class Power:
    """A stand-in f along one direction with R(h) = h^p exactly (slope 0, rounding bound 2^-60)."""

    def __init__(self, p: float) -> None:
        self.layout, self.order, self.out_size, self.p = Layout(np.zeros(2)), 2, 1, p

    def direction_steps(self, V, order):
        return np.full(V.shape[0], 2.0**-10)

    def smooth_direction_steps(self, V, order):
        return self.direction_steps(V, order)

    def direction_noise(self, V, analytic):
        return np.full((V.shape[0], 1), 2.0**-60)

    def along(self, t, r, V):
        return (np.asarray(t) ** self.p)[:, None]


def test_an_order_of_exactly_the_threshold_passes():
    """The verdict is order >= 1.5, the midpoint of 1 (wrong) and 2 (right): R(h) = h^p with p next to 1.5, where
    the fit's rounding gives an order of exactly 1.5, passes."""
    check = taylor_checks(Power(1.5000000000000024), np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))
    assert check["x"].order == 1.5, f"precondition: the observed order {check['x'].order!r} is 1.5 exactly"
    assert check["x"].passed, check["x"].message


class Floor(Power):
    """R(h) = 5e-324 at every step (the smallest subnormal), no rounding bound, h_0 = 4: c = 2 R / h_0^2 is 0."""

    def direction_steps(self, V, order):
        return np.full(V.shape[0], 4.0 / 2.0**10)

    def direction_noise(self, V, analytic):
        return np.zeros((V.shape[0], 1))

    def along(self, t, r, V):
        return np.full((np.size(t), 1), 5e-324)


def test_a_curvature_that_underflows_to_0_gives_steps_down_to_h0_over_2():
    """c = 0 (R(h_0) above rounding, but 2 R / h_0^2 below the smallest subnormal): h_min = sqrt(2 FLOOR delta / c)
    is undefined, so the steps stop at h_0 / 2, as for a linear f; R(h) does not fall, so the check fails."""
    check = taylor_checks(Floor(2.0), np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    np.testing.assert_array_equal(check.steps, np.geomspace(4.0, 2.0, 16), err_msg="steps from h_0 = 4 to h_0 / 2")
    assert not check.passed, check.message


@pytest.mark.parametrize(
    ("f", "x"),
    [(lambda x: float(np.sum(np.sqrt(x))), np.array([1e-9, 1.0])), (lambda x: float("nan"), np.ones(2))],
    ids=["sqrt-near-0", "nan"],
)
def test_f_not_finite_is_not_checked_in_taylor_mode_not_a_failure(f, x):
    """sqrt at x_0 = 1e-9, where the steps (and the noise probe) reach x_0 < 0; an f that is NaN everywhere. R(h) is
    not a number, so no order is observed: not checked, as in full mode, never a failure of the gradient (the
    right one, 1 / (2 sqrt x), was FAILED with 'observed order nan')."""
    with np.errstate(invalid="ignore"):
        report = check_grad(f, lambda x: 0.5 / np.sqrt(x), x, mode="taylor")
    check = report["x"]
    assert check.verdict == "not checked" and not report.passed, check.message
    expected = "grad: Taylor remainder not checked: f not finite within the step or near x (no remainder to observe)"
    assert check.message == expected, check.message


class Holed(Power):
    """R(h) = h^2 from h_0 = 1, but f not finite below h = 1/2 along the direction (a hole near x)."""

    def along(self, t, r, V):
        t = np.asarray(t)
        return np.where(t < 0.5, np.nan, t**2)[:, None]


class Unbounded(Power):
    """R(h) = 0 at every step, but f's noise near x is not finite (its probe met a NaN): no rounding bound."""

    def direction_noise(self, V, analytic):
        return np.full((V.shape[0], 1), np.inf)

    def along(self, t, r, V):
        return np.zeros((np.size(t), 1))


@pytest.mark.parametrize("func", [Holed(2.0), Unbounded(2.0)], ids=["hole-at-small-steps", "noise-not-finite"])
def test_a_remainder_or_rounding_bound_not_finite_is_not_checked(func):
    """A NaN among the smaller steps' remainders leaves no order; an infinite rounding bound would let any R(h) pass
    as 'linear': neither is a verdict on the gradient."""
    check = taylor_checks(func, np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert check.verdict == "not checked" and not check.passed, check.message


def test_a_zero_f_with_a_zero_gradient_passes_as_linear():
    """f = 0: every remainder is exactly 0 and so is its rounding bound (no noise, f = 0, <g, d> = 0): within it."""
    func = BlackBox(lambda x: 0.0 * np.sum(x, axis=-1), Layout(X), batched=False, order=2, rng=np.random.default_rng(1))
    check = taylor_checks(func, np.zeros((1, 7)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert check.passed and check.linear and not check.remainders.any(), check.message


@pytest.mark.parametrize("first", ["linear", "not finite"])
def test_every_key_gets_its_check_after_a_key_without_an_order(first):
    """A key decided without an order (linear, or f not finite) does not end the loop: the next key is checked."""
    a = np.array([1e-300, 2e-300, 3e-300]) if first == "not finite" else np.array([0.5, -1.0, 2.0])

    def f(p):
        head = np.sum(np.sqrt(p["a"]), axis=-1) if first == "not finite" else np.sum(W[:3] * p["a"], axis=-1)
        return head + np.sum(np.sin(p["b"]) * p["b"], axis=-1)

    b = np.array([0.3, -1.2, 0.8])
    grads = {"a": 0.5 / np.sqrt(a) if first == "not finite" else W[:3], "b": np.cos(b) * b + np.sin(b)}
    with np.errstate(invalid="ignore"):
        report = check_grad(f, grads, {"a": a, "b": b}, mode="taylor")
    assert report["b"].passed and report["b"].order >= 1.5, report["b"].message
    assert report["a"].verdict == ("passed" if first == "linear" else "not checked"), report["a"].message


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("noise", [1e-6, 1e-3, 1e-2, 1e-1])
def test_a_declared_noise_never_fails_a_right_gradient(seed, noise):
    """sum sin(x) x[::-1] with its gradient and a declared noise: passed (linear within the noise, with the slope
    error that would show), or not checked (the noise swamps the remainder), never FAILED. The Taylor steps grew with
    the noise (up to 2^10 times a step near 1): R(h) was sin far from x, orders -3.2 to 0.84, FAILED."""
    x = np.random.default_rng(seed).standard_normal(6)
    check = check_grad(f, grad, x, mode="taylor", noise=noise)["x"]
    assert check.verdict in ("passed", "not checked"), check.message
    assert check.steps.max() < 0.1, f"steps {check.steps}: beyond the Taylor regime of sin"


def test_the_steps_of_the_noise_would_leave_the_taylor_regime(monkeypatch):
    """Negative control: started from the noisy f's own directional steps, the same check cannot pass the right
    gradient: its local orders mix (-3.22, 0.555, 3.53; the midpoint rule on their fit FAILED it before the local
    verdict of gradcheck.taylor)."""
    monkeypatch.setattr(BlackBox, "smooth_direction_steps", BlackBox.direction_steps)
    x = np.random.default_rng(1).standard_normal(6)
    check = check_grad(f, grad, x, mode="taylor", noise=1e-3)["x"]
    assert check.verdict == "not checked" and check.unchecked.startswith("no single order"), check.message


def test_a_noise_above_the_remainder_is_not_checked_whatever_the_gradient():
    """A declared noise of 0.1 on sum sin(x) x[::-1]: R(h_0) within it; the slope error that would show (2 bound /
    h_0) is above ||g||, so neither the right nor a wrong gradient is passed."""
    x = np.random.default_rng(0).standard_normal(6)
    for g in (grad(x), 2.0 * grad(x)):
        check = check_grad(f, g, x, mode="taylor", noise=0.1)["x"]
        assert check.verdict == "not checked" and not check.passed, check.message
        assert check.message.endswith(
            "f's noise swamps the remainder within the Taylor regime's steps (no order to observe)"
        )


def steps_of(last: float, ratio: float = np.exp(0.4)) -> np.ndarray:
    """The smallest 4 of a geometric sequence of steps ending at ``last``, largest first."""
    return last * ratio ** np.arange(3, -1, -1)


@pytest.mark.parametrize(
    ("h", "R", "expected"),
    [
        (steps_of(5e-3), steps_of(5e-3) ** 2 * (1.0 + 10.0 * steps_of(5e-3)), True),  # cubic term fading
        (steps_of(5e-5), 0.01 * steps_of(5e-5) + steps_of(5e-5) ** 2 / 2, False),  # error term dominant
        # an error term approaching cancellation with the quadratic (h* = 0.02): orders above 2, rising
        (steps_of(0.03), np.abs(-0.01 * steps_of(0.03) + steps_of(0.03) ** 2 / 2), None),
        # float32 tanh(A x), right gradient, steps above the Taylor regime: the fit's order 0.43 FAILED it
        (steps_of(0.0203519), np.array([1.39718667e-04, 1.64592659e-04, 1.40695165e-04, 8.26520262e-05]), None),
    ],
    ids=["right", "wrong", "cancelling", "float32-mixture"],
)
def test_the_local_orders_draw_the_verdict_or_none(h, R, expected):
    listed, verdict = local_verdict(h, R, np.full(4, 1e-30))
    assert verdict is expected, f"local orders {listed}, verdict {verdict}"


def test_the_local_orders_move_within_their_rounding():
    """R = h^2 with the smallest R low by 0.9 %: its local order moves away from 2 by 0.9 % / 0.4 = 0.023, within
    the rounding allowance of a bound of 1 % of h_min^2, beyond that of a bound of 1e-30."""
    h = steps_of(1e-3)
    R = h**2 * np.array([1.0, 1.0, 1.0, 0.991])
    assert local_verdict(h, R, np.full(4, 0.01 * h[-1] ** 2))[1] is True
    assert local_verdict(h, R, np.full(4, 1e-30))[1] is None


def test_a_right_float32_gradient_is_never_failed_in_taylor_mode():
    """tanh(A x) in float32, 40 draws: f's noise keeps the steps above the Taylor regime for some directions, where
    the fit's order mixed the quadratic and the cubic term and FAILED the right gradient (3 of these 40 before the
    local verdict: seeds 12, 24, 36); now those are not checked, and a gradient 10 % off, passed for 7 of the 40
    before, is never passed."""
    verdicts = []
    for seed in range(40):
        rng = np.random.default_rng(seed)
        A = (rng.standard_normal((10, 10)) / np.sqrt(10)).astype(np.float32)
        x = rng.standard_normal(10).astype(np.float32)

        def J(x, A=A):
            return np.sum(np.tanh(A @ x))

        def right(x, A=A):
            return A.T @ (1 - np.tanh(A @ x) ** 2)

        assert check_grad(J, right, x, mode="taylor", rng=seed).verdict != "FAILED", f"seed {seed}"
        verdicts.append(check_grad(J, lambda x, right=right: 1.1 * right(x), x, mode="taylor", rng=seed).verdict)
    assert "passed" not in verdicts, verdicts


def test_a_local_order_at_exactly_1_5_is_not_a_failure():
    """Local orders 1.5, 1, 1 (steps 4 apart, R 8 then 4 apart; exact in floating point): FAILED needs every local
    order strictly within 1/2 of 1, and passed needs every one at least 1.5: neither, no verdict."""
    h = np.array([64.0, 16.0, 4.0, 1.0]) * 2.0**-10
    listed, verdict = local_verdict(h, np.array([64.0, 8.0, 2.0, 0.5]), np.zeros(4))
    assert listed == "1.5, 1, 1" and verdict is None, (listed, verdict)


def test_local_orders_that_stay_equal_approach_2():
    """R = h^2 exactly with no rounding: every local order is 2, |s_i+1 - 2| = |s_i - 2| = 0, which approaches."""
    h = np.array([8.0, 4.0, 2.0, 1.0]) * 2.0**-10
    assert local_verdict(h, h**2, np.zeros(4)) == ("2, 2, 2", True)


def test_each_pair_of_local_orders_takes_the_allowance_of_its_own_steps():
    """A rounding bound at the third step only (5 % of R there): b_0 = 0, b_1 = b_2 = -log(0.95) / log 2 = 0.074.
    The last local order 2.111 moves away from 2 by 0.111, within b_1 + b_2 = 0.148 of its pair, though beyond the
    0.074 that b_0 + b_2 would give."""
    h = np.array([8.0, 4.0, 2.0, 1.0]) * 2.0**-10
    allowance = -np.log(0.95) / np.log(2.0)
    R = h**2
    R[3] = R[2] / 2.0 ** (2.0 + 1.5 * allowance)
    bound = np.array([0.0, 0.0, 0.05 * R[2], 0.0])
    listed, verdict = local_verdict(h, R, bound)
    assert verdict is True, listed


class TwoKeys(Power):
    """Key a: R(h) = h (2 + 1.5 sin(2 log h)), whose local orders swing; key b: R(h) = h^2."""

    def __init__(self) -> None:
        super().__init__(2.0)
        self.layout = Layout({"a": np.zeros(2), "b": np.zeros(2)})

    def along(self, t, r, V):
        t = np.asarray(t)
        return np.where(np.asarray(r) == 0, t * (2.0 + 1.5 * np.sin(2.0 * np.log(t))), t**2)[:, None]


def test_a_key_without_a_verdict_leaves_the_next_key_checked():
    checks = taylor_checks(TwoKeys(), np.zeros((1, 4)), {"a": "da", "b": "db"}, rng=np.random.default_rng(0))
    assert checks["a"].verdict == "not checked" and checks["a"].unchecked.startswith("no single order"), checks["a"]
    assert checks["b"].verdict == "passed", checks["b"].message


class Noisy(Power):
    """R(h) = h^2 from h_0 = 1 with a rounding bound delta = 0.005625: h_min = sqrt(2 FLOOR delta / c) = 0.75 h_0."""

    def direction_noise(self, V, analytic):
        return np.full((V.shape[0], 1), 0.005625)


def test_a_smallest_step_above_h0_over_2_leaves_no_order_to_observe():
    check = taylor_checks(Noisy(2.0), np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert check.verdict == "not checked" and check.unchecked == NOISE, check.message


class Flat(Power):
    """f linear along the direction at the analytic slope: R(h) = 0 at every step."""

    def along(self, t, r, V):
        return np.zeros((np.size(t), 1))


class FlatThenNot(Power):
    """R(h_0) = 0, within rounding (f looks linear there), but R = 1e-3 at the smaller steps: above the bound."""

    def along(self, t, r, V):
        return np.where(np.asarray(t) == 1.0, 0.0, 1e-3)[:, None]


def test_a_linear_looking_f_whose_remainder_rises_above_its_bound_fails():
    check = taylor_checks(FlatThenNot(2.0), np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert check.linear and check.verdict == "FAILED", check.message


def test_the_detection_power_is_R_h_min_over_h_min_or_twice_the_bound_over_h0_where_linear():
    ordered = taylor_checks(Power(2.0), np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert ordered.detects == ordered.remainders[-1] / ordered.steps[-1], ordered
    linear = taylor_checks(Flat(2.0), np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert linear.linear and linear.detects == 2.0 * 2.0**-60 / linear.steps[0], linear


class NotFiniteAtH0(Power):
    """R(h) = h^2, but f is not finite at the first step h_0 = 1 (its noise, at x, is finite)."""

    def along(self, t, r, V):
        t = np.asarray(t, dtype=np.float64)
        return np.where(t >= 1.0, np.nan, t**2)[:, None]


def test_f_not_finite_at_h0_with_a_finite_noise_is_not_checked():
    check = taylor_checks(NotFiniteAtH0(2.0), np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert check.verdict == "not checked" and check.unchecked.startswith("f not finite"), check.message


def test_a_rounding_bound_at_or_above_R_leaves_no_local_order():
    """u = bound / R >= 1 at one step: that R may be all rounding, its local orders say nothing."""
    h = np.array([8.0, 4.0, 2.0, 1.0]) * 2.0**-10
    assert local_verdict(h, h**2, np.array([0.0, 0.0, 0.0, h[3] ** 2]))[1] is None


class NoisyFirstKey(Power):
    """R(h) = h^2 on two keys; key a's rounding bound puts h_min above h_0 / 2, key b's is 2^-60."""

    def __init__(self) -> None:
        super().__init__(2.0)
        self.layout = Layout({"a": np.zeros(2), "b": np.zeros(2)})

    def direction_noise(self, V, analytic):
        return np.array([[0.005625], [2.0**-60]])


def test_a_key_whose_noise_leaves_no_order_leaves_the_next_key_checked():
    checks = taylor_checks(NoisyFirstKey(), np.zeros((1, 4)), {"a": "da", "b": "db"}, rng=np.random.default_rng(0))
    assert checks["a"].unchecked == NOISE and checks["b"].verdict == "passed", (checks["a"], checks["b"].message)


class LinearTwoKeys(Power):
    """f linear along both keys with gradient G (R = 0 at the right slope), a rounding bound of 0.05: a slope error
    above 2 x 0.05 / h_0 = 0.1 would show."""

    G = np.array([0.01, 0.0, 20.0, 0.0])

    def __init__(self) -> None:
        super().__init__(2.0)
        self.layout = Layout({"a": np.zeros(2), "b": np.zeros(2)})

    def direction_noise(self, V, analytic):
        return np.full((V.shape[0], 1), 0.05)

    def along(self, t, r, V):
        return (np.asarray(t) * (V[np.asarray(r)] @ self.G))[:, None]


def test_the_blind_spot_of_a_linear_key_is_measured_against_that_key_s_own_gradient():
    """||g|| of key a is 0.01, below what would show (0.1): a is not checked; key b's ||g|| (20) counts for b only."""
    checks = taylor_checks(
        LinearTwoKeys(), LinearTwoKeys.G[None, :], {"a": "da", "b": "db"}, rng=np.random.default_rng(0)
    )
    assert checks["a"].unchecked == NOISE, checks["a"]
    assert checks["b"].linear and checks["b"].unchecked == "", checks["b"]


def remainders_of(orders: list[float], first: float = 1.0) -> np.ndarray:
    """R at steps halving from h_0, with the given local orders between consecutive steps."""
    return first / 2.0 ** np.concatenate([[0.0], np.cumsum(orders)])


def test_each_local_order_is_compared_with_the_one_before_it():
    """Local orders 2.4, 2, 2.2 (no rounding): the last moves away from 2 after the second reached it, though it is
    nearer 2 than the first: no verdict."""
    h = 2.0 ** -np.arange(4.0)
    listed, verdict = local_verdict(h, remainders_of([2.4, 2.0, 2.2]), np.zeros(4))
    assert verdict is None, listed


def test_the_first_pair_takes_the_allowance_of_its_own_steps():
    """A rounding bound at the second step only (5 % of R there): b_0 = b_1 = -log(0.95) / log 2, b_2 = 0. The
    second local order moves away from 2 by 1.5 b_1, within b_0 + b_1 of the first pair, beyond b_0 + b_2."""
    h = 2.0 ** -np.arange(4.0)
    step = -np.log(0.95) / np.log(2.0)
    R = remainders_of([2.0, 2.0 + 1.5 * step, 2.0 + 1.5 * step])
    listed, verdict = local_verdict(h, R, np.array([0.0, 0.05 * R[1], 0.0, 0.0]))
    assert verdict is True, listed


class UnboundedNoise(Power):
    """R(h) = h^2, but no finite bound on f's rounding (its noise at x was not finite)."""

    def direction_noise(self, V, analytic):
        return np.full((V.shape[0], 1), np.inf)


def test_a_noise_that_is_not_finite_is_f_not_finite():
    check = taylor_checks(UnboundedNoise(2.0), np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert check.verdict == "not checked" and check.unchecked.startswith("f not finite"), check.message


def test_local_orders_of_exactly_1_5_approach_2():
    """Local orders 1.5, 1.5, 1.5 (steps 4 apart, R 8 apart): at least the threshold, and no farther from 2 at each
    step: passed (the threshold is inclusive, as the midpoint rule's was)."""
    h = np.array([64.0, 16.0, 4.0, 1.0]) * 2.0**-10
    assert local_verdict(h, np.array([512.0, 64.0, 8.0, 1.0]), np.zeros(4)) == ("1.5, 1.5, 1.5", True)


def test_a_key_whose_noise_leaves_no_order_is_not_passed():
    check = taylor_checks(Noisy(2.0), np.zeros((1, 2)), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert not check.passed and not bool(check), check


def test_the_detection_power_where_linear_adds_the_rounding_of_the_slope():
    """2 (delta + h_0 n eps sum |g_i d_i|) / h_0: above 2 delta / h_0 where the gradient is not 0."""
    names, rng = {"a": "da", "b": "db"}, np.random.default_rng(0)
    check = taylor_checks(LinearTwoKeys(), LinearTwoKeys.G[None, :], names, rng=rng)["b"]
    assert check.linear and check.detects > 2.0 * 0.05 / check.steps[0], check


class NotFiniteBelowH0(Power):
    """Key a: f not finite below h_0 = 1 (finite at h_0); key b: R(h) = h^2."""

    def __init__(self) -> None:
        super().__init__(2.0)
        self.layout = Layout({"a": np.zeros(2), "b": np.zeros(2)})

    def along(self, t, r, V):
        t = np.asarray(t, dtype=np.float64)
        return np.where((np.asarray(r) == 0) & (t < 1.0), np.nan, t**2)[:, None]


def test_a_key_not_finite_at_its_steps_leaves_the_next_key_checked():
    names, rng = {"a": "da", "b": "db"}, np.random.default_rng(0)
    checks = taylor_checks(NotFiniteBelowH0(), np.zeros((1, 4)), names, rng=rng)
    assert checks["a"].unchecked.startswith("f not finite") and checks["b"].verdict == "passed", checks


W3 = np.array([0.5, -1.0, 2.0])


@pytest.mark.parametrize(
    ("f", "right"),
    [(lambda v: np.sum(v**2, axis=-1), np.zeros(3)), (lambda v: np.sum(v**2, axis=-1) + v @ W3, W3)],
    ids=["sum x^2", "sum x^2 + w x"],
)
def test_an_f_exact_at_its_noise_probe_gets_steps_from_the_rounding_of_its_slope(f, right):
    """At x = 0 the probe of sum x^2 sees no rounding (delta = 0): h_min = sqrt(2 FLOOR delta / c) was 0, and the
    steps' geomspace raised ValueError. Now the floor is the slope's rounding (or start EPS where that is 0 too): a
    right gradient passes, one off by 1e-6 fails."""
    x = np.zeros(3)
    box = BlackBox(f, Layout(x), batched=True, order=2, rng=np.random.default_rng(0))
    assert not box.direction_noise(np.eye(3), right[None, :]).any(), "precondition: the probe sees no rounding"
    assert check_grad(f, right, x, mode="taylor", batched=True)["x"].verdict == "passed"
    assert check_grad(f, right + 1e-6, x, mode="taylor", batched=True)["x"].verdict == "FAILED"


@pytest.mark.parametrize(
    ("curvature", "rounding", "slope_error", "expected"),
    [(2.0, 1e-10, 1e-12, 1e-4), (2.0, 0.0, 1e-12, 1e-10), (2.0, 0.0, 0.0, EPS), (0.0, 1e-10, 1e-12, 0.5)],
    ids=["rounding", "slope's rounding", "nothing", "no curvature"],
)
def test_the_smallest_step(curvature, rounding, slope_error, expected):
    assert smallest_step(curvature, rounding, slope_error, 1.0) == pytest.approx(expected, rel=4 * EPS)


class SlopeRounding(Power):
    """R(h) = h^2 (slope 0 along d: the gradient given is orthogonal to d, but large, so the slope's rounding bound
    h s_err = h n eps sum |g_i d_i| is 10 times delta at h_min), its smallest four steps drifting from order 2 by
    ``factors``; delta = 1e-10."""

    def __init__(self, factors) -> None:
        super().__init__(2.0)
        self.factors = factors

    def direction_noise(self, V, analytic):
        return np.full((V.shape[0], 1), 1e-10)

    def along(self, t, r, V):
        R = np.asarray(t, dtype=np.float64) ** 2
        if R.size == POINTS:
            R[-LAST:] *= self.factors
        return R[:, None]


@pytest.mark.parametrize(("q", "verdict"), [(0.5, "passed"), (1.5, "not checked")], ids=["within", "beyond"])
def test_the_bound_of_R_adds_the_rounding_of_the_slope(q, verdict):
    """R's local orders 2, 2 + D, 2 + D with D = q times the allowance of the bound delta + h s_err: within it, passed;
    beyond it, no verdict. The slope's rounding subtracted from delta instead gives a negative allowance."""
    d, _ = draw_directions(Layout(np.zeros(2)), 1, np.random.default_rng(0))
    delta, c = 1e-10, 2.0
    h_min = math.sqrt(2.0 * FLOOR * delta / c)
    k = 2.0 ** round(math.log2(10.0 * delta / h_min / (2.0 * EPS * 2.0 * abs(d[0, 0] * d[0, 1]))))
    analytic = np.array([[d[0, 1], -d[0, 0]]]) * k  # <g, d> = k d_1 d_0 - k d_0 d_1 = 0 exactly (k a power of 2)
    assert (analytic @ d.T).item() == 0.0, "precondition: the slope along d is 0"
    s_err = 2 * EPS * float(np.abs(analytic[0]) @ np.abs(d[0]))
    h = np.geomspace(1.0, h_min, POINTS)[-LAST:]
    factors = drifting(h, h**2, delta + h * s_err, q)
    assert local_verdict(h, h**2 * factors, delta - h * s_err)[1] is None, "subtracted: no verdict"
    check = taylor_checks(SlopeRounding(factors), analytic, {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert check.steps[-1] == pytest.approx(h_min, rel=4 * EPS), "precondition: h_min from delta alone"
    assert check.verdict == verdict, check.message
