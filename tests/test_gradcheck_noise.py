"""gradcheck.noise.noise_level (ECnoise): no noise on a polynomial of degree 2 in small integers; on pure noise the
first order's estimate; without any sign change, the largest estimate from order 3 on. The estimates are sums of a
few squares: they round by a few eps (8 eps allowed)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from shallow_proofs.gradcheck.layout import Layout
from shallow_proofs.gradcheck.noise import AGREEMENT, POINTS, estimate_noise, noise_level

EPS = float(np.finfo(np.float64).eps)


def test_a_polynomial_of_degree_2_has_no_noise():
    """Its third and higher differences vanish exactly (small integers): no noise at any order from 3 on."""
    t = np.arange(POINTS, dtype=np.float64)
    assert noise_level(3.0 * t**2 - 2.0 * t + 5.0) == 0.0


def sigma_k(values: np.ndarray, k: int) -> float:
    """Moré and Wild's estimate of order k: sqrt(gamma_k mean((Delta^k f)^2)), gamma_k = (k!)^2 / (2k)!."""
    gamma = math.factorial(k) ** 2 / math.factorial(2 * k)
    return math.sqrt(gamma * float(np.mean(np.diff(values, k) ** 2)))


def test_noise_alone_is_measured_at_the_first_order():
    """Pure noise: the estimates agree from order 1 on and the first differences change sign: sigma_1 is taken."""
    values = 1e-3 * np.random.default_rng(0).standard_normal(POINTS)
    found, expected = noise_level(values), sigma_k(values, 1)
    assert math.isclose(found, expected, rel_tol=8 * EPS), (
        f"sigma = sigma_1 = sqrt(gamma_1 mean((Delta f)^2)), gamma_1 = 1/2: noise {found!r}, {expected!r}"
    )


def test_without_a_sign_change_the_largest_estimate_from_order_3_is_taken():
    """3^i: every difference is positive (no noise in sight), and the estimates agree within a factor 4 (gamma_k 4^k
    grows slowly): no order qualifies, and the largest estimate of orders 3 to 7 is taken, on the safe side."""
    values = 3.0 ** np.arange(POINTS)
    found = noise_level(values)
    expected = max(sigma_k(values, k) for k in range(3, POINTS))
    assert math.isclose(found, expected, rel_tol=8 * EPS), (
        f"sigma = max over k >= 3 of sqrt(gamma_k mean((Delta^k f)^2)): noise {found!r}, {expected!r}"
    )


def test_the_probe_of_each_key_is_nine_points_x_plus_i_h_p_along_its_own_random_direction():
    """ECnoise's probe: f at x + i h p, i = -4, ..., 4 (9 points, x itself the fifth: the whole probe is the first 8,
    each half 5), h = sqrt(eps), p = s (|x| + 1) on the key's own elements with signs s = +-1 drawn by the rng (in key
    order), 0 on the other keys."""
    x = {"W": np.array([[0.5, -2.0, 3.0], [-0.25, 1.0, 0.0]]), "b": np.array([7.0, -1.5])}
    layout, probes = Layout(x), []

    def at(points):
        probes.append(points.copy())
        return np.zeros((points.shape[0], 1))

    estimate_noise(at, layout, np.zeros(1), np.random.default_rng(5))
    signs = np.random.default_rng(5)
    h = math.sqrt(EPS)
    for key, points in zip(layout.keys, probes, strict=True):
        own = slice(layout.offsets[key], layout.offsets[key] + layout.sizes[key])
        p = np.zeros(layout.size)
        p[own] = signs.choice([-1.0, 1.0], layout.sizes[key]) * (np.abs(layout.flat[own]) + 1.0)
        expected = layout.flat + h * np.arange(-4, 5)[:, None] * p
        np.testing.assert_array_equal(points, expected, err_msg=f"probe of {key}: x + i h p, i = -4..4")


def test_a_trend_of_degree_4_is_left_behind_up_to_the_last_window():
    """t^4 over noise of 1e-3, t = -4..3: orders 1 to 4 see the trend (53 down to 2.9), orders 5 to 7 only the noise
    (the trend's fifth differences vanish): the last window of three orders, 5 to 7, is the first that agrees, and
    sigma_5 is taken, not the trend's estimates."""
    t = np.arange(POINTS, dtype=np.float64) - POINTS // 2
    values = t**4 + 1e-3 * np.random.default_rng(0).standard_normal(POINTS)
    found, expected = noise_level(values), sigma_k(values, 5)
    assert math.isclose(found, expected, rel_tol=8 * EPS), f"noise {found!r}, sigma_5 {expected!r}"


@pytest.mark.parametrize("direction", [1.0, -1.0], ids=["up", "down"])
def test_a_staircase_is_read_at_order_2_as_zero_differences_are_no_sign_change(direction):
    """J rounded to stairs two probe points wide: the first differences are 0 and one step, never of both signs (a
    zero is not a sign change); the second differences alternate, and orders 2 to 4 agree (0.41, 0.45, 0.48 of a
    step): sigma_2 is taken."""
    values = direction * np.repeat(np.arange(POINTS // 2, dtype=np.float64), 2)
    found, expected = noise_level(values), sigma_k(values, 2)
    assert math.isclose(found, expected, rel_tol=8 * EPS), f"staircase: noise {found!r}, sigma_2 {expected!r}"


def test_the_level_is_read_where_three_consecutive_orders_agree_whatever_the_fourth():
    """Noise of seed 147: sigma_1 to sigma_3 agree within 4 and the first differences change sign, so sigma_1 is
    taken; with sigma_4 the four would not agree within 4, and sigma_4 is not asked to."""
    values = np.random.default_rng(147).standard_normal(POINTS)
    estimates = [sigma_k(values, k) for k in range(1, 5)]
    assert max(estimates[:3]) <= AGREEMENT * min(estimates[:3]) and max(estimates) > AGREEMENT * min(estimates)
    found = noise_level(values)
    assert math.isclose(found, estimates[0], rel_tol=8 * EPS), f"noise {found!r}, sigma_1 {estimates[0]!r}"


def test_a_trend_of_degree_2_is_left_behind_where_the_orders_disagree():
    """t^2 over noise of 1e-3: sigma_1 and sigma_2 see the trend (about 2 and 0.8), sigma_3 on only the noise: the
    orders agree from 3 on, where the trend's differences vanish, and sigma_3 is taken."""
    t = np.arange(POINTS, dtype=np.float64) - POINTS // 2
    values = t**2 + 1e-3 * np.random.default_rng(0).standard_normal(POINTS)
    found, expected = noise_level(values), sigma_k(values, 3)
    assert math.isclose(found, expected, rel_tol=8 * EPS), f"noise {found!r}, sigma_3 {expected!r}"


BOUNDARY = [
    28.387224469760245,
    12.26413172714679,
    7.004675183819544,
    1.0788744781455115,
    -0.45264929211044586,
    1.4310469211836754,
    4.566590207946515,
    14.587864380816782,
]  # noise of seed 0 plus 1.6466440842734413 (t - 4)^2, the factor found by bisection to put sigma_1 at 4 sigma_3


def test_estimates_a_factor_4_apart_agree():
    """'Within a factor 4' includes 4: here sigma_1 = 4 sigma_3 to the last bit (in noise_level's own arithmetic:
    gamma_k as a running product, means of the squared differences), the first differences change sign, so sigma_1 is
    taken (not sigma_2, the next window's)."""
    values = np.array(BOUNDARY)
    differences, gamma, estimates = values, 1.0, []
    for k in range(1, 4):
        differences = np.diff(differences)
        gamma *= 0.5 * k / (2 * k - 1)
        estimates.append(np.sqrt(gamma * np.mean(differences**2)))
    assert max(estimates) == AGREEMENT * min(estimates), f"precondition: sigma_1..3 {estimates} at a factor 4"
    found = noise_level(values)
    assert found == estimates[0], f"noise {found!r}, sigma_1 {estimates[0]!r} (a factor 4 agrees)"


def test_two_agreeing_orders_at_the_top_are_no_level():
    """1000 t^5 + (-1)^t, t = 0..7: the alternating part is noise-like at every order (its k-th differences are
    (-2)^k (-1)^t), but orders 1 to 5 see the trend, without a sign change; only orders 6 and 7 agree, and order 6's
    differences change sign: two orders, not the three a level needs. So no order qualifies, and the largest
    estimate of orders 3 to 7 is taken (order 3's, the trend's: the safe side), not sigma_6."""
    t = np.arange(POINTS, dtype=np.float64)
    values = 1000.0 * t**5 + (-1.0) ** t
    estimates = {k: sigma_k(values, k) for k in range(1, POINTS)}
    assert estimates[6] <= AGREEMENT * estimates[7] and estimates[7] <= AGREEMENT * estimates[6], estimates
    expected = max(estimates[k] for k in range(3, POINTS))
    assert expected == estimates[3], f"precondition: order 3's estimate is the largest from order 3 on: {estimates}"
    found = noise_level(values)
    assert math.isclose(found, expected, rel_tol=8 * EPS), f"noise {found!r}, the largest from order 3 {expected!r}"
