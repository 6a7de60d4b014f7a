"""The extra 2-D data sets are what their docstrings say: circles without noise lie on the two circles, spread evenly
all the way round; blobs' centres are uniform in [-10, 10]^2 (the course's flower is pinned bit for bit elsewhere)."""

from __future__ import annotations

import numpy as np

from shallow_proofs.reference import datasets

EPS = np.finfo(np.float64).eps


def test_noisy_circles_without_noise_are_two_whole_circles():
    factor = 0.5
    X, Y = datasets.noisy_circles(200, factor=factor, noise=0.0, seed=0)
    for label, radius in ((0, 1.0), (1, factor)):
        points = X[:, Y[0] == label]
        np.testing.assert_allclose(np.hypot(*points), radius, rtol=4 * EPS, err_msg=f"radius of class {label}")
        # evenly spaced angles over the whole turn: the centroid is the origin, to the rounding of cos and sin
        centroid = points.mean(axis=1)
        assert np.all(np.abs(centroid) <= 8 * EPS * radius), f"centroid of class {label}: {centroid}, expected 0"


def test_blobs_centres_are_uniform_in_minus_10_10():
    """One point per centre: x = middle + N(0, 1), so each coordinate has mean 0 and variance 100 / 3 + 1; over
    n = 20,000 points the sample mean is within 5 standard errors of 0 (a false alarm once in 1.7 million seeds;
    the seed is fixed). A box [-10, 9] or [-10, 11] moves the mean by 0.5, 12 standard errors."""
    n = 20_000
    X, _ = datasets.blobs(n, centers=n, seed=5)
    standard_error = np.sqrt((100 / 3 + 1) / n)
    mean = X.mean(axis=1)
    assert np.all(np.abs(mean) <= 5 * standard_error), f"mean {mean}, expected 0 within {5 * standard_error:.3f}"
