"""gradcheck.function's BlackBox: its rounding bound delta and its initial steps are the formulas of its docstrings.

delta = max(2 lambda sigma, eps |f(x)|, 2 noise) (lambda = 6, Hoeffding); the step of element k is
(delta / |f|)^(1/(order + 1)) max(|x_k|, 1) (Gill, Murray and Wright 8.6); along a direction v the step is that
relative step over max|v| / max(||x||_inf, 1). f here is linear, on small dyadic numbers: the noise probe's points
(steps of sqrt(eps) = 2^-26) and their sums are exact, so f's measured noise sigma is 0 and every number below exact.
"""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_grad
from shallow_proofs.gradcheck.function import HOEFFDING, BlackBox, relative_step
from shallow_proofs.gradcheck.layout import Layout

X = np.array([0.5, -3.0, 1.25, 0.0])
EPS = float(np.finfo(np.float64).eps)


def f(x):
    return np.sum(x) + 2.0


def black_box(**noise: float) -> BlackBox:
    """The black box of f at X, with the caller's noise bound if one is given (none: its default)."""
    box = BlackBox(f, Layout(X), batched=False, order=2, rng=np.random.default_rng(0), **noise)
    assert np.all(box.sigma == 0.0), f"precondition: f is exact at x, its noise sigma is {box.sigma}, not 0"
    return box


def test_noise_without_a_caller_bound_is_eps_f():
    box, f0 = black_box(), f(X)
    assert box.noise.max() == EPS * abs(f0), (
        f"delta = max(2 lambda sigma, eps |f|, 2 noise) with sigma = 0 and no noise given: delta {box.noise.max()!r}, "
        f"eps |f| {EPS * abs(f0)!r}"
    )


def test_noise_of_the_caller_counts_twice():
    box = black_box(noise=1e-3)
    assert box.noise.max() == 2e-3, (
        f"delta = max(2 lambda sigma, eps |f|, 2 noise) with noise 1e-3: delta {box.noise.max()!r}, 2 noise 0.002 "
        f"(lambda = {HOEFFDING})"
    )


def test_relative_step_balances_truncation_and_rounding():
    for order in (2, 4):
        step = relative_step(np.array([2.0**-40]), np.array([1.0]), order)
        expected = (2.0**-40) ** (1.0 / (order + 1))
        assert step == expected, f"h = (delta / |f|)^(1/(order + 1)) at order {order}: step {step!r}, {expected!r}"


def test_element_steps_scale_with_the_element_above_1():
    box = black_box()
    steps = box.element_steps(2)
    expected = relative_step(box.noise[0], box.f0, 2) * np.maximum(np.abs(X), 1.0)
    np.testing.assert_array_equal(
        steps, expected, err_msg="h_k = (delta / |f|)^(1/3) max(|x_k|, 1): steps against the formula"
    )


def test_direction_steps_scale_with_the_largest_move_and_x():
    box = black_box()
    V = np.array([[1.0, 0.0, 0.0, 0.0], [0.5, -4.0, 0.0, 2.0], [0.25, 0.0, -0.5, 0.0]])
    steps = box.direction_steps(V, 2)
    relative = relative_step(box.noise[0], box.f0, 2)
    expected = relative / (np.array([1.0, 4.0, 0.5]) / 3.0)  # max|v| / max(||x||_inf, 1), ||x||_inf = 3
    np.testing.assert_array_equal(
        steps, expected, err_msg="h_v = (delta / |f|)^(1/3) / (max|v| / max(||x||_inf, 1)): steps against the formula"
    )


def test_measured_noise_counts_twice_lambda():
    """f with noise of its own (a fast ripple of amplitude 1e-10, far above eps |f| = 4e-16): delta = 2 lambda sigma,
    the measured sigma times 2 (two evaluations) times lambda = 6 (Hoeffding)."""

    def rippled(x):
        return np.sum(x) + 2.0 + 1e-10 * np.sin(1e12 * np.sum(x))

    box = BlackBox(rippled, Layout(X), batched=False, order=2, rng=np.random.default_rng(0))
    assert np.all(2.0 * HOEFFDING * box.sigma > EPS * np.abs(box.f0)), f"precondition: sigma {box.sigma}"
    assert HOEFFDING == 6.0, f"lambda = 6, the Hoeffding factor of the docstring: HOEFFDING is {HOEFFDING}"
    np.testing.assert_array_equal(box.noise, 2.0 * 6.0 * box.sigma, err_msg="delta = 2 lambda sigma, lambda = 6")


def test_element_noise_adds_the_rounding_of_the_moved_input():
    """x_k + t rounds by up to eps |x_k|, which moves f by up to eps |x_k| |df/dx_k|: added to delta, per element."""
    box, analytic = black_box(), np.array([[1.0, -2.0, 4.0, 8.0]])
    expected = box.noise[0] + EPS * np.abs(X)[:, None] * np.abs(analytic.T)
    np.testing.assert_array_equal(box.element_noise(analytic), expected, err_msg="delta + eps |x_k| |a_k|")


def test_relative_step_is_at_most_1():
    """f noisier than its value (delta / |f| >= 1, or f(x) = 0): the relative step stops at 1, a step of max(|x|, 1);
    so does it where delta / |f| is not a number (f not finite on the noise probe, or at x)."""
    for noise, f0 in ((1.5, 1.0), (1e-20, 0.0), (np.inf, 1.0), (1.0, np.nan), (np.inf, np.inf)):
        step = relative_step(np.array([noise]), np.array([f0]), 2)
        assert step == 1.0, f"h = min(delta / |f|, 1)^(1/3) with delta {noise}, |f| {f0}: step {step!r}, 1"


def test_delta_f_is_0_at_t_0_and_evaluated_elsewhere():
    """Delta f(t) = f(x + t e_k) - f(x): 0 at t = 0 (no call), and t = 1 is a move like any other."""
    box = black_box()
    calls = []
    box.f = lambda x: (calls.append(x), f(x))[1]
    delta = box.element(np.array([0.0, 1.0, -0.5]), np.array([0, 1, 2]))
    np.testing.assert_array_equal(delta[:, 0], [0.0, 1.0, -0.5], err_msg="Delta f of f = sum(x) + 2 is t")
    assert len(calls) == 2, f"f evaluated at {len(calls)} points for 2 moves and t = 0"


def test_a_key_with_no_elements_leaves_every_evaluation_finite_in_directional_mode():
    """The direction of an empty key is 0 (max|v| = 0): its step stays finite, so x + t v is x, never inf * 0."""
    W = np.array([0.3, -1.2])
    seen = []

    def f(p):
        seen.append(np.all(np.isfinite(p["W"])))
        return float(np.sum(np.sin(p["W"])) + np.sum(p["E"]))

    x = {"E": np.zeros((2, 0)), "W": W}
    report = check_grad(f, {"E": np.zeros((2, 0)), "W": np.cos(W)}, x, mode="directional")
    assert all(seen), "f was evaluated at a non-finite x"
    assert report["W"].passed, report["W"].message
    assert report["E"].verdict == "not checked", f"nothing moved in E, so nothing is shown: {report['E'].message}"


def test_direction_along_e_k_gets_the_step_of_element_k_when_x_is_below_1():
    """||x||_inf < 1: max(||x||_inf, 1) = 1, so the step along e_k is the relative step, element k's step."""
    x = np.array([0.5, -0.25])
    box = BlackBox(f, Layout(x), batched=False, order=2, rng=np.random.default_rng(0))
    along = box.direction_steps(np.eye(2), 2)
    np.testing.assert_array_equal(along, box.element_steps(2), err_msg="the step along e_k against element k's step")


def test_the_eps_of_f_is_that_of_its_output_dtype_or_of_x_for_an_integer_f():
    """eps is the unit roundoff of f's evaluation: float32's for an f returning float32 on a float64 x; for an f
    returning integers (no rounding of its own), that of x's dtype."""
    rng = np.random.default_rng(0)
    single = BlackBox(lambda x: np.float32(np.sum(x)), Layout(X), batched=False, order=2, rng=rng)
    assert single.eps == float(np.finfo(np.float32).eps), f"float32 f: eps {single.eps!r}"
    integer = BlackBox(lambda x: int(np.sum(x > 0)), Layout(X), batched=False, order=2, rng=rng)
    assert integer.eps == EPS, f"integer f on a float64 x: eps {integer.eps!r}, float64's {EPS!r}"


def test_a_batched_call_gets_at_most_2_to_the_15_input_numbers_and_as_many_as_fit():
    """BATCH_ELEMENTS = 2**15 input numbers a call: P = 4096 elements give blocks of 8 moves, so 20 moves are
    evaluated in calls of 8, 8 and 4."""
    sizes: list[int] = []

    def g(x):
        sizes.append(x.shape[0] if x.ndim == 2 else 0)
        return np.sum(x, axis=-1)

    box = BlackBox(g, Layout(np.ones(4096)), batched=True, order=2, rng=np.random.default_rng(0))
    sizes.clear()
    box.element(np.full(20, 1e-3), np.arange(20))
    assert sizes == [8, 8, 4], f"batch sizes of 20 moves at P = 4096: {sizes}, expected [8, 8, 4]"


@pytest.mark.parametrize("mode", ["full", "directional"])
def test_an_x_without_elements_is_not_checked_batched_or_not(mode):
    """x whose only key is empty: nothing moves, nothing is checked, and no block size divides by P = 0."""
    for batched in (False, True):
        report = check_grad(
            lambda p: np.sum(p["E"], axis=(-2, -1)),
            {"E": np.zeros((2, 0))},
            {"E": np.zeros((2, 0))},
            mode=mode,
            batched=batched,
        )
        assert report["E"].verdict == "not checked", f"{mode}, batched={batched}: {report['E'].message}"
