"""gradcheck.function's BlackBox: its rounding bound delta and its initial steps are the formulas of its docstrings.

delta = max(2 lambda sigma, eps |f(x)|, 2 noise) (lambda = 6, Hoeffding); the step of element k is
(delta / |f|)^(1/(order + 1)) max(|x_k|, 1) (Gill, Murray and Wright 8.6); along a direction v the step is that
relative step over max|v| / max(||x||_inf, 1). f here is linear, on small dyadic numbers: the noise probe's points
(steps of sqrt(eps) = 2^-26) and their sums are exact, so f's measured noise sigma is 0 and every number below exact.
"""

from __future__ import annotations

import numpy as np

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
    V = np.array([[1.0, 0.0, 0.0, 0.0], [0.5, -4.0, 0.0, 2.0]])
    steps = box.direction_steps(V, 2)
    relative = relative_step(box.noise[0], box.f0, 2)
    expected = relative / (np.array([1.0, 4.0]) / 3.0)  # max|v| / max(||x||_inf, 1), ||x||_inf = 3
    np.testing.assert_array_equal(
        steps, expected, err_msg="h_v = (delta / |f|)^(1/3) / (max|v| / max(||x||_inf, 1)): steps against the formula"
    )
