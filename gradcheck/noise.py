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
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from shallow_proofs.gradcheck.layout import Array, Layout

POINTS = 8
AGREEMENT = 4.0
SMOOTH_BELOW_EPS = 3  # from this order on, the smooth part's differences (h^k, h = sqrt(eps)) are below eps


def estimate_noise(at: Callable[[Array], Array], layout: Layout, f0: Array, rng: np.random.Generator) -> Array:
    """sigma per key of x and output of f, (keys, out): ``at`` evaluates f at rows of (n, P) points.

    Each key is probed along its own direction (zero on the other keys), as each element and direction of a check
    moves one key only: a kink or a non-finite f on one key's probe is then that key's noise, and does not swamp
    the steps of the others (a wrong gradient of a smooth key would otherwise go unchecked)."""
    offsets = np.arange(POINTS) - POINTS // 2
    sigma = []
    for key in layout.keys:
        p = np.zeros(layout.size)
        own = slice(layout.offsets[key], layout.offsets[key] + layout.sizes[key])
        p[own] = rng.choice([-1.0, 1.0], layout.sizes[key]) * (np.abs(layout.flat[own].astype(np.float64)) + 1.0)
        points = (layout.flat + np.sqrt(layout.eps) * offsets[:, None] * p).astype(layout.dtype)
        values = at(points).astype(np.float64)  # (POINTS, out)
        values[POINTS // 2] = f0.astype(np.float64)
        sigma.append([noise_level(values[:, o]) for o in range(values.shape[1])])
    return np.array(sigma)


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
