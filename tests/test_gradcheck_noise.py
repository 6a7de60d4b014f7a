"""gradcheck.noise.noise_level (ECnoise) on values without noise: a polynomial of degree 2 in small integers."""

from __future__ import annotations

import numpy as np

from shallow_proofs.gradcheck.noise import POINTS, noise_level


def test_a_polynomial_of_degree_2_has_no_noise():
    """Its third and higher differences vanish exactly (small integers): no noise at any order from 3 on."""
    t = np.arange(POINTS, dtype=np.float64)
    assert noise_level(3.0 * t**2 - 2.0 * t + 5.0) == 0.0
