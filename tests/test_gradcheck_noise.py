"""gradcheck.noise.noise_level (ECnoise): no noise on a polynomial of degree 2 in small integers; on pure noise the
first order's estimate; without any sign change, the largest estimate from order 3 on. The estimates are sums of a
few squares: they round by a few eps (8 eps allowed)."""

from __future__ import annotations

import math

import numpy as np

from shallow_proofs.gradcheck.noise import POINTS, SMOOTH_BELOW_EPS, noise_level

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
    expected = max(sigma_k(values, k) for k in range(SMOOTH_BELOW_EPS, POINTS))
    assert math.isclose(found, expected, rel_tol=8 * EPS), (
        f"sigma = max over k >= 3 of sqrt(gamma_k mean((Delta^k f)^2)): noise {found!r}, {expected!r}"
    )
