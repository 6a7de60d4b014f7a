"""gradcheck.settle's scales (the largest |value| of each variable's group, and the smallest of them that is not 0),
and its first pass at order 4: scipy refined to the resolution, the rounding term at scipy's final step."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_grad
from shallow_proofs.gradcheck import settle as settle_module
from shallow_proofs.gradcheck.differences import CHUNK, gain, partials
from shallow_proofs.gradcheck.first import first_estimate
from shallow_proofs.gradcheck.result import CHECKED, KINK, NOISE, SAFETY
from shallow_proofs.gradcheck.settle import (
    Settled,
    fitted,
    group_scale,
    per_group,
    resettle,
    settle,
    smallest_scale,
    target_scale,
)

RHO = float(np.sqrt(np.finfo(np.float64).eps))


def test_group_scale_is_the_largest_finite_magnitude_of_the_group():
    values = np.array([0.5, -3.0, np.inf, 0.0, -0.25])
    groups = np.array([0, 0, 1, 1, 2])
    np.testing.assert_array_equal(group_scale(values, groups), [3.0, 3.0, 0.0, 0.0, 0.25])


def test_smallest_scale_leaves_out_groups_of_zeros():
    """A group of zeros has no resolution to give: the tightest group is the smallest nonzero one."""
    values = np.array([0.0, 0.0, 4.0, -2.0, 0.5])
    groups = np.array([0, 0, 1, 1, 2])
    assert smallest_scale(values, groups) == 0.5
    assert smallest_scale(np.zeros(3), np.zeros(3, dtype=np.intp)) == 0.0


@pytest.mark.parametrize("c", [1.0, 1e3, 1e-3])
def test_first_pass_at_order_4_is_refined_to_the_resolution_and_rounds_by_G_delta_over_h(c):
    """Order 4 goes to scipy at once, refined to atol = rho max|analytic| / S; a variable that settles there keeps
    that derivative, with r = G delta / h at scipy's final step h (c sin, smooth: every variable settles). The scale
    c puts max|analytic| far above and below 1, where rho / max|analytic| or max(max|analytic|, 1) would differ."""
    z = np.array([-1.0, 0.3, 0.8, 2.0])

    def f(t, k):
        t, k = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(k).astype(np.intp))
        return c * (np.sin(z[k] + t) - np.sin(z[k]))

    variables, noise, analytic = np.arange(z.size), np.full(z.size, c * 1e-16), c * np.cos(z)
    steps = np.full(z.size, 0.25)
    settled = settle(
        f, variables, lambda order: steps, noise, np.zeros(z.size, dtype=np.intp), analytic, resolution=RHO, order=4
    )
    first = partials(f, variables, steps, atol=RHO * float(np.max(np.abs(analytic))) / SAFETY, order=4)
    assert np.all(settled.codes == CHECKED), f"sin settles everywhere: codes {settled.codes}"
    np.testing.assert_array_equal(settled.df, first.df, err_msg="df: scipy's first pass, refined to rho max|a| / S")
    np.testing.assert_array_equal(
        settled.rounding, gain(4, 0) * noise / first.final_step, err_msg="r = G delta / h at scipy's final step"
    )


def shifted(f, z):
    """f(t, k) = f(z_k + t) - f(z_k): Delta f of variable k, as gradcheck.settle differentiates it."""

    def delta(t, k):
        t, k = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(k).astype(np.intp))
        return f(z[k] + t) - f(z[k])

    return delta


def settled_at_order_2(f, z, step, noise):
    """settle at order 2 on Delta f of every z_k, all in one group, noise delta as given (per variable)."""
    variables, groups = np.arange(z.size), np.zeros(z.size, dtype=np.intp)
    steps = np.full(z.size, step)
    return settle(f, variables, lambda order: steps, noise, groups, np.zeros(z.size), resolution=RHO, order=2)


def test_a_group_that_settles_on_the_first_estimate_costs_three_evaluations_per_variable():
    """Delta f = 0 exactly and no noise: S e + r = 0 is within rho x 0, so the first estimate decides (its three
    evaluations); no retry is made, though the target is 0."""
    points = []

    def f(t, k):
        points.append(np.size(t))
        return np.zeros(np.broadcast_shapes(np.shape(t), np.shape(k)))

    settled = settled_at_order_2(f, np.zeros(3), 0.25, np.zeros(3))
    assert np.all(settled.codes == CHECKED) and np.all(settled.df == 0.0), settled
    assert sum(points) == 3 * 3, f"evaluations: {points}; the first estimate needs 3 per variable"


def test_what_the_first_estimate_leaves_is_refined_by_scipy_at_order_2_from_the_same_step():
    """sin at steps 0.01: the first estimate's e (h^2 |f'''| / 2, about 5e-5) is far above rho; the first retry
    is scipy's central differences of order 2 from the same step, refined to the group's target / S (reached near
    h = 1e-4, within scipy's 8 iterations)."""
    z = np.array([-1.0, 0.3, 0.8, 2.0])
    f, noise = shifted(np.sin, z), np.full(z.size, 1e-16)
    settled = settled_at_order_2(f, z, 0.01, noise)
    first = first_estimate(f, np.arange(z.size), np.full(z.size, 0.01), CHUNK)
    target = RHO * np.max(np.abs(first.df))
    assert np.all(SAFETY * first.error > target), "the first estimate must not settle here"
    again = partials(f, np.arange(z.size), 0.01, atol=target / SAFETY, order=2)
    assert np.all(settled.codes == CHECKED), f"sin settles everywhere: codes {settled.codes}"
    np.testing.assert_array_equal(settled.df, again.df, err_msg="df: scipy's central order 2, from the same step")


@pytest.mark.parametrize(("z", "slope"), [(-1e-4, 0.0), (1e-4, 1.0)], ids=["kink-ahead", "kink-behind"])
def test_a_kink_on_one_side_is_stepped_around_by_the_one_sided_differences_on_the_other(z, slope):
    """ReLU at z = -+1e-4 with steps 0.25: every central stencil (orders 2, 4, 6; scipy's steps stop at 0.25 / 2^7)
    straddles the kink at t = -z; the one-sided differences away from it see a straight line and settle on g'(z).
    A second variable at z = 1 in the same group gives the target its scale."""
    zs = np.array([z, 1.0])
    settled = settled_at_order_2(shifted(lambda s: np.maximum(s, 0.0), zs), zs, 0.25, np.zeros(2))
    assert np.all(settled.codes == CHECKED), f"codes {settled.codes}: the side away from the kink must settle"
    np.testing.assert_allclose(settled.df, [slope, 1.0], rtol=0, atol=RHO, err_msg="g'(z) of ReLU")


def test_what_noise_keeps_from_settling_is_reported_as_noise():
    """A declared noise delta = 1e-3 on sin at z = 0.3, from step 1: the first estimate is far off (e about 0.3); a
    retry at a smaller step is better (finite), but r = G delta / h keeps S e + r above rho at every step, and r >= e
    at the best one: the reason is f's noise, not a kink, nor f not finite."""
    z = np.array([0.3])
    f = shifted(np.sin, z)
    settled = settled_at_order_2(f, z, 1.0, np.full(z.size, 1e-3))
    first = first_estimate(f, np.arange(z.size), np.ones(z.size), CHUNK)
    assert np.all(settled.df != first.df), "a retry must have been better than the first estimate here"
    assert np.all(settled.codes == NOISE), f"codes {settled.codes}, expected NOISE ({NOISE})"
    assert np.all(settled.rounding >= settled.error), settled


def hand_settled(df, error, rounding, codes):
    return Settled(np.array(df), np.array(error), np.array(rounding), np.array(codes, dtype=np.int8))


def test_resettle_marks_as_kinks_what_the_added_rounding_moves_beyond_the_resolution():
    """Width S e + r against rho max|df| of the group's checked elements: r alone above the target makes a kink;
    S e + r just within stays checked; the scale is 4 (not 1: a target rho / 4 would mark both)."""
    target = RHO * 4.0
    settled = hand_settled([4.0, 1.0], [0.0, 0.0], [1.5 * target, 0.5 * target], [CHECKED, CHECKED])
    codes = resettle(settled, np.zeros(2, dtype=np.intp), RHO, settled.df).codes
    np.testing.assert_array_equal(codes, [KINK, CHECKED])


def test_resettle_takes_its_scale_from_the_checked_elements_only_and_leaves_the_others_alone():
    """The unchecked element (NOISE, df 1) counts neither in the scale (0.01, not 1) nor as a kink."""
    settled = hand_settled([0.01, 1.0], [0.1 * RHO, 1.0], [0.0, 0.0], [CHECKED, NOISE])
    codes = resettle(settled, np.zeros(2, dtype=np.intp), RHO, settled.df).codes
    np.testing.assert_array_equal(codes, [KINK, NOISE])


def test_scipy_refines_at_most_8_times_from_the_initial_step():
    """The refinement budget: 8 iterations, the step halved each time, so the final step is at least h_0 / 2^7 = h_0
    / 128. sin from h_0 = 1 with atol = rtol = 0 never converges, and its error estimate falls by about 4 per halving
    (h^2 truncation, rounding far below), so it never grows: scipy stops at the budget."""
    z = np.array([0.3, 1.1])
    result = partials(shifted(np.sin, z), np.arange(z.size), 1.0, order=2)
    np.testing.assert_array_equal(result.final_step, np.full(z.size, 1.0 / 2**7), err_msg="final step h_0 / 2^7")


def test_a_variable_not_finite_adds_nothing_to_its_groups_scale():
    """The target is rho max|df| over the group's finite derivatives: a neighbour whose Delta f is NaN changes
    nothing for 1e-3 sin at z = 0.3, whose first estimate from h = 1e-3 (e about h^2 |f'''| / 6, 5e-10) is within rho
    (1.5e-8) but not within rho 1e-3: settled alone or beside the NaN, it is refined by scipy the same way."""
    z = np.array([0.3, 0.0])
    smooth = shifted(lambda s: 1e-3 * np.sin(s), z)

    def f(t, k):
        return np.where(np.asarray(k) == 1, np.nan, smooth(t, k))

    alone = settled_at_order_2(smooth, z[:1], 1e-3, np.zeros(1))
    beside = settled_at_order_2(f, z, 1e-3, np.zeros(2))
    first = first_estimate(smooth, np.arange(1), np.full(1, 1e-3), CHUNK)
    assert RHO * 1e-3 < SAFETY * first.error[0] < RHO, f"precondition: S e of the first estimate {first.error}"
    assert beside.codes[0] == CHECKED and alone.codes[0] == CHECKED, (alone, beside)
    assert beside.df[0] == alone.df[0] and beside.df[0] != first.df[0], (
        f"df beside a NaN {beside.df[0]!r}, alone {alone.df[0]!r}, the first estimate's {first.df[0]!r}"
    )


def test_a_retry_that_reaches_the_target_exactly_is_checked():
    """An even f, flat on |t| <= 0.2 and cubic beyond, at z = 0 with h = 0.25: every central difference is 0, the
    group's target rho x 0 is 0; the first estimate's error is not 0 (its stencil reaches the cubic part), but scipy's
    estimates from the same step are all 0, a width S 0 + 0 = 0 at the target: settled (S e + r <= rho scale)."""
    z = np.array([0.0])
    f = shifted(lambda s: np.maximum(np.abs(s) - 0.2, 0.0) ** 3, z)
    first = first_estimate(f, np.arange(1), np.full(1, 0.25), CHUNK)
    assert first.error[0] > 0.0, f"precondition: the first estimate's error {first.error}"
    settled = settled_at_order_2(f, z, 0.25, np.zeros(1))
    assert settled.codes[0] == CHECKED, f"code {settled.codes[0]}, width {SAFETY * settled.error + settled.rounding}"
    assert settled.df[0] == 0.0 and settled.error[0] == 0.0, settled


def test_resettle_keeps_what_is_exactly_at_the_target():
    """S e + r <= rho scale settles, in settle as in resettle: widths equal to the target stay checked, at a scale
    of 4 and at a scale of 0 (a key whose derivatives are all exactly 0, with no error and no rounding)."""
    settled = hand_settled([4.0, 1.0, 0.0], [0.0, 0.0, 0.0], [RHO * 4.0, 0.0, 0.0], [CHECKED, CHECKED, CHECKED])
    codes = resettle(settled, np.array([0, 0, 1]), RHO, settled.df).codes
    np.testing.assert_array_equal(codes, [CHECKED, CHECKED, CHECKED])


def test_a_tie_of_rounding_and_error_is_charged_to_noise():
    """What does not settle is f's noise where r >= e, a kink where the error e is larger: at r = e exactly the
    reason is noise (rounding alone could account for the error). sin at z = 0.3 from h = 1, resolution 1e-12 (too
    fine to settle), with a noise delta chosen so that r = G delta / h equals e at the best attempt."""
    z = np.array([0.3])
    variables, groups = np.arange(1), np.zeros(1, dtype=np.intp)
    noise = np.full(1, 2.8962654034329443e-13)
    f, steps = shifted(np.sin, z), np.ones(1)
    settled = settle(f, variables, lambda order: steps, noise, groups, np.zeros(1), resolution=1e-12, order=2)
    assert settled.rounding[0] == settled.error[0], f"precondition: r {settled.rounding[0]!r} = e {settled.error[0]!r}"
    assert settled.codes[0] == NOISE, f"code {settled.codes[0]}, expected NOISE ({NOISE})"


def test_a_group_whose_differences_all_vanish_takes_its_scale_from_the_analytic_side():
    """Where f does not change along a key (every difference 0), the target rho max |n| would be 0, which no width
    with rounding reaches: the analytic side's max |a| sets the scale instead, so a nonzero analytic value fails
    there. Elsewhere the numerical scale stays, whatever the analytic values (a wrong, large one does not loosen it)."""
    groups = np.array([0, 0, 1, 1])
    df, ok = np.array([0.0, 0.0, 2.0, -3.0]), np.ones(4, dtype=bool)
    analytic = np.array([0.5, -1.0, 2.0, 300.0])
    np.testing.assert_array_equal(target_scale(df, ok, analytic, groups), [1.0, 1.0, 3.0, 3.0])
    ok[3] = False
    np.testing.assert_array_equal(target_scale(df, ok, analytic, groups), [1.0, 1.0, 2.0, 2.0])


def test_a_key_that_f_ignores_fails_where_its_analytic_gradient_is_not_zero():
    """The forward pass that forgot b: J does not depend on b, so every difference along b is 0, while the backward
    pass gives db != 0. db is FAILED (it was 'not checked': a target of 0 left its rounding unsettled); the right db
    (0) is not checked (nothing to resolve against), and W passes either way."""
    w = np.array([[0.3, -1.2], [0.7, 0.1]])
    x = {"W": w, "b": np.array([0.2, -0.4])}

    def J(p):
        return float(np.sum(np.tanh(p["W"] @ np.array([1.0, 2.0]))))

    dW = (1.0 - np.tanh(w @ np.array([1.0, 2.0])) ** 2)[:, None] * np.array([1.0, 2.0])
    wrong = check_grad(J, {"W": dW, "b": np.array([0.1, -0.3])}, x)
    assert wrong["b"].verdict == "FAILED" and wrong["W"].verdict == "passed", wrong.message
    assert "db[1] FAILED: analytic -0.29999999999999999, numerical 0" in wrong.message, wrong.message
    right = check_grad(J, {"W": dW, "b": np.zeros(2)}, x)
    assert right["W"].verdict == "passed" and right["b"].verdict != "FAILED", right.message


def test_fitted_grows_the_step_to_S_plus_1_G_delta_over_the_target_and_at_most_FIT_times():
    """h = (S + 1) G delta / target with G = 1 (the central stencil's gain at order 2) and target rho max |a| of the
    group, where that is above the step and at most FIT = 8 times it: 1e-3 stays (needed 5e-4), grows to 6e-3, and is
    held at 8e-3 (needed 2e-2)."""
    steps, analytic, groups = np.full(3, 1e-3), np.ones(3), np.zeros(3, dtype=np.intp)
    noise = np.array([5e-4, 6e-3, 2e-2]) * RHO / (SAFETY + 1.0)
    np.testing.assert_allclose(fitted(steps, noise, analytic, groups, RHO), [1e-3, 6e-3, 8e-3], rtol=1e-13)


def test_scipy_refines_from_the_fitted_step(monkeypatch):
    """The first retry (scipy at the first estimate's order) starts from the step the first estimate was taken at,
    grown for its rounding (2e-3 here), not from f's own step (1e-3): sin(30 t), whose truncation error at 2e-3 keeps
    the first estimate from settling."""
    calls = []

    def spy(f, variables, steps, retry, groups, target, side, order, chunk):
        calls.append((side, order, steps[retry].copy()))
        return per_group(f, variables, steps, retry, groups, target, side, order, chunk)

    monkeypatch.setattr(settle_module, "per_group", spy)
    z = np.array([0.3])
    f = shifted(lambda s: np.sin(30.0 * s), z)
    analytic = 30.0 * np.cos(30.0 * z)
    noise = 2e-3 * RHO * np.abs(analytic) / (SAFETY + 1.0)
    settle(
        f,
        np.arange(1),
        lambda order: np.full(1, 1e-3),
        noise,
        np.zeros(1, dtype=np.intp),
        analytic,
        resolution=RHO,
        order=2,
    )
    assert calls and calls[0][:2] == (0, 2), calls
    np.testing.assert_allclose(calls[0][2], [2e-3], rtol=1e-13, err_msg="scipy's initial step: the fitted one")
