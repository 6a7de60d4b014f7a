"""The change of the stable cost when the logits move: Delta J = J(Z2 + D) - J(Z2), accurate to float64 eps.

From the cost on the logits (claim stable.cost), per output and example:

.. math::
    \\ell(z) = \\log(1 + e^{z}) - y z, \\qquad
    \\ell(z + d) - \\ell(z) = \\log\\left(1 + \\sigma(z)\\,(e^{d} - 1)\\right) - y d
                            = d + \\log\\left(1 + \\sigma(-z)\\,(e^{-d} - 1)\\right) - y d

The first form for d >= 0 and the second for d < 0 give log1p a non-negative argument, so the difference carries a
relative error of a few eps whatever the size of z: a finite difference of Delta J then has rounding error about
eps |dJ/dt| instead of eps |J| / h, and saturated outputs (A2 rounding to 0 or 1) raise no false alarm. That holds
for |d| <= EXPM1_MAX = 700, where e^|d| - 1 is finite; a larger move (no finite-difference step makes one) takes the
direct difference of log(1 + e^z), whose error is about eps |z + d|.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray
from scipy.special import expit

Array = NDArray[np.float64]

EXPM1_MAX = 700.0


class Logits:
    """The base point: logits Z2 (n_y, m), labels Y, and sigma(+-Z2) computed once."""

    def __init__(self, Z2: Array, Y: Array) -> None:
        self.Z2 = np.asarray(Z2, dtype=np.float64)
        self.Y = np.asarray(Y, dtype=np.float64)
        self.m = self.Z2.shape[-1]
        self.sigma_plus = expit(self.Z2)
        self.sigma_minus = expit(-self.Z2)

    def losses(self, D: Array) -> Array:
        """ell(Z2 + D) - ell(Z2) element-wise, for D of shape (..., n_y, m)."""
        a = np.minimum(np.abs(D), EXPM1_MAX)
        sigma = np.where(D >= 0.0, self.sigma_plus, self.sigma_minus)
        change = np.minimum(D, 0.0) + np.log1p(sigma * np.expm1(a)) - self.Y * D
        if np.any(np.abs(D) > EXPM1_MAX):
            Z = self.Z2 + D
            direct = np.logaddexp(0.0, Z) - np.logaddexp(0.0, self.Z2) - self.Y * D
            change = np.where(np.abs(D) > EXPM1_MAX, direct, change)
        return np.asarray(change)

    def delta(self, D: Array) -> Array:
        """Delta J = J(Z2 + D) - J(Z2), reduced over the last two axes (n_y, m); leading batch axes stay."""
        return np.asarray(self.losses(D).sum(axis=(-2, -1)) / self.m)
