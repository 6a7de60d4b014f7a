"""The noise of a black-box f at x, measured: Moré and Wild's ECnoise (SIAM J. Sci. Comput. 33 (2011) 1292).

f is evaluated at POINTS equally spaced points x + i h p along a random direction p. Where f is smooth on that
scale, its k-th differences are O(h^k) and vanish, while rounding noise of standard deviation sigma gives k-th
differences of variance sigma^2 / gamma_k, gamma_k = (k!)^2 / (2k)!. So sigma_k = sqrt(gamma_k mean((Delta^k f)^2))
estimates sigma at every order k where noise dominates: the first order at which three consecutive estimates agree
within a factor 4 and the differences change sign is taken. The step h = sqrt(eps) (|x| + 1) leaves the smooth
part's k-th differences (h^k) far below eps for k >= 3: without a consistent level, the largest estimate of those
orders is taken, which errs on the safe side (a larger tolerance, never a false alarm).

This is how the plain cost on a saturated A2 gets its tolerance: log(1 - A2) of an A2 rounded near 1 is noisy by
eps / (1 - A2), far more than eps |J|, and a bound from eps |J| alone would raise false alarms (issue 13). Where A2
is so close to 1 that its rounding makes J a staircase with stairs wider than the probe (|Z2| above about 30), the
probe sees no noise: a bound from the cost's conditioning is needed there (gradcheck.notes.plain_cost_noise).

A kink exactly at x (|x_k| at x_k = 0, a ReLU unit with Z1 = 0) is not noise: f(x + t p) = g(t) + c |t| is smooth on
each side of t = 0, and only the differences that straddle it see c. The probe goes on to i = 4, and each half
(i = -4..0, i = 0..4) gets its own level: where the whole probe's level is above KINK_GAP times both halves', the
slope jumps at x, and the elements take the halves' level (the larger). Every stair, spike or kink off x lies in a
half, which then sees it; under noise alone the three are estimates of one sigma, which consistent levels give
within a factor AGREEMENT of each other: the gap asked for is its square. The directions keep the whole
probe's level: a direction moves every element, kinked ones included, and its noise is the kink's (gradcheck.function
then tests each element of a kinked key for its own kink at x).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from shallow_proofs.gradcheck.layout import Array, Layout

POINTS = 8
AGREEMENT = 4.0
SMOOTH_BELOW_EPS = 3  # from this order on, the smooth part's differences (h^k, h = sqrt(eps)) are below eps
KINK_GAP = AGREEMENT**2


class Noise(NamedTuple):
    """Per key of x and output of f, (keys, out): sigma along the whole probe; sigma on the smooth side of a kink at x
    (sigma itself where there is none); and whether the probe's slope jumps at x."""

    sigma: Array
    smooth: Array
    kinked: Array


def estimate_noise(at: Callable[[Array], Array], layout: Layout, f0: Array, rng: np.random.Generator) -> Noise:
    """The noise of f per key of x and output of f: ``at`` evaluates f at rows of (n, P) points.

    Each key is probed along its own direction (zero on the other keys), as each element and direction of a check
    moves one key only: a kink or a non-finite f on one key's probe is then that key's noise, and does not swamp
    the steps of the others (a wrong gradient of a smooth key would otherwise go unchecked)."""
    offsets = np.arange(POINTS + 1) - POINTS // 2  # i = -4..4: the whole probe is its first POINTS
    sigma, left, right = [], [], []
    for key in layout.keys:
        p = np.zeros(layout.size)
        own = slice(layout.offsets[key], layout.offsets[key] + layout.sizes[key])
        p[own] = rng.choice([-1.0, 1.0], layout.sizes[key]) * (np.abs(layout.flat[own].astype(np.float64)) + 1.0)
        points = (layout.flat + np.sqrt(layout.eps) * offsets[:, None] * p).astype(layout.dtype)
        values = at(points).astype(np.float64)  # (POINTS + 1, out)
        values[POINTS // 2] = f0.astype(np.float64)
        sigma.append([noise_level(values[:POINTS, o]) for o in range(values.shape[1])])
        left.append([noise_level(values[: POINTS // 2 + 1, o]) for o in range(values.shape[1])])
        right.append([noise_level(values[POINTS // 2 :, o]) for o in range(values.shape[1])])
    whole, halves = np.array(sigma), np.maximum(left, right)
    kinked = whole > KINK_GAP * halves
    return Noise(whole, np.where(kinked, halves, whole), kinked)


def noise_level(values: Array) -> float:
    """sigma from the difference table of f at equally spaced points (0 if every difference vanishes)."""
    levels = values.size - 1
    estimates, sign_change = np.zeros(levels), np.zeros(levels, dtype=bool)
    if not np.all(np.isfinite(values)):
        return float("inf")
    differences, gamma = values.copy(), 1.0
    for k in range(1, levels + 1):
        differences = np.diff(differences)
        gamma *= 0.5 * k / (2 * k - 1)  # gamma_k = (k!)^2 / (2k)!
        estimates[k - 1] = np.sqrt(gamma * np.mean(differences**2))
        sign_change[k - 1] = differences.min() < 0 < differences.max()
    for k in range(levels - 2):
        window = estimates[k : k + 3]
        if window.max() <= AGREEMENT * window.min() and sign_change[k]:
            return float(estimates[k])
    return float(estimates[SMOOTH_BELOW_EPS - 1 :].max())  # no consistent level: the largest noise-only estimate
