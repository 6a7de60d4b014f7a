"""The extra 2-D data sets are the course's (planar_utils.load_extra_datasets) and what their docstrings say:
circles without noise lie on the two circles, spread evenly all the way round; the noise is independent in each
coordinate; an odd n splits as evenly as it can; blobs' centres are uniform in [-10, 10]^2 (the course's flower is
pinned bit for bit elsewhere)."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.reference import datasets

EPS = np.finfo(np.float64).eps


def test_noisy_circles_without_noise_are_two_whole_circles():
    factor = 0.5
    X, Y = datasets.noisy_circles(201, factor=factor, noise=0.0, seed=0)  # odd: 100 outer and 101 inner points
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


def test_the_defaults_are_the_courses():
    """planar_utils.load_extra_datasets: make_circles(N, factor=.5, noise=.3), make_moons(N, noise=.2),
    make_blobs(N, random_state=5, centers=6), make_gaussian_quantiles(cov=0.5), with N = 200."""
    course = {
        datasets.noisy_circles: {"n": 200, "factor": 0.5, "noise": 0.3, "seed": 1},
        datasets.noisy_moons: {"n": 200, "noise": 0.2, "seed": 1},
        datasets.blobs: {"n": 200, "centers": 6, "seed": 5},
        datasets.gaussian_quantiles: {"n": 200, "cov": 0.5, "seed": 1},
    }
    for make, arguments in course.items():
        seed = {} if make is datasets.blobs else {"seed": arguments["seed"]}  # blobs' default seed is the course's 5
        for given, expected in zip(make(**seed), make(**arguments), strict=True):
            np.testing.assert_array_equal(given, expected, err_msg=f"{make.__name__}() against {arguments}")


@pytest.mark.parametrize("make", [datasets.noisy_circles, datasets.noisy_moons, datasets.blobs,
                                  datasets.gaussian_quantiles], ids=lambda make: make.__name__)  # fmt: skip
def test_an_odd_n_gives_n_examples_split_as_evenly_as_it_can(make):
    X, Y = make(201, seed=0)
    assert X.shape == (2, 201) and Y.shape == (1, 201), f"shapes {X.shape}, {Y.shape}"
    assert sorted(np.bincount(Y[0])) == [100, 101], f"class sizes {np.bincount(Y[0])}"


def test_gaussian_quantiles_split_at_the_median_of_the_squared_norm():
    X, Y = datasets.gaussian_quantiles(201, seed=0)
    norms = (X**2).sum(axis=0)
    assert norms[Y[0] == 0].max() < norms[Y[0] == 1].min(), "class 0 is the inner half"


@pytest.mark.parametrize("make", [datasets.noisy_circles, datasets.noisy_moons], ids=lambda make: make.__name__)
def test_the_noise_is_independent_in_each_coordinate(make):
    """The same seed with noise 0 gives the same points without noise (the noise is drawn either way), so the
    difference is the noise: N(0, 0.3^2) in each coordinate, independently. Over n = 4,000 the sample standard
    deviation is within 5 standard errors (0.3 / sqrt(2 n)) of 0.3 and the correlation within 5 / sqrt(n) of 0."""
    n, noise = 4000, 0.3
    noise_drawn = make(n, noise=noise, seed=7)[0] - make(n, noise=0.0, seed=7)[0]
    deviation = noise_drawn.std(axis=1)
    assert np.all(np.abs(deviation - noise) <= 5 * noise / np.sqrt(2 * n)), f"standard deviations {deviation}"
    correlation = np.corrcoef(noise_drawn)[0, 1]
    assert abs(correlation) <= 5 / np.sqrt(n), f"correlation of the x1 and x2 noise: {correlation:.3f}"


def test_blobs_spread_independently_in_each_coordinate():
    """One centre: x = middle + N(0, I); the correlation of x1 and x2 over n = 4,000 is within 5 / sqrt(n) of 0."""
    n = 4000
    X, _ = datasets.blobs(n, centers=1, seed=0)
    correlation = np.corrcoef(X)[0, 1]
    assert abs(correlation) <= 5 / np.sqrt(n), f"correlation of x1 and x2 in one blob: {correlation:.3f}"


@pytest.mark.parametrize(("arguments", "message"), [
    ({"factor": -0.1}, r"^factor must be a finite number in \[0, 1\); got -0.1$"),
    ({"factor": 1.0}, r"^factor must be a finite number in \[0, 1\); got 1.0$"),
    ({"noise": -0.1}, r"^noise must be a finite number >= 0; got -0.1$"),
])  # fmt: skip
def test_noisy_circles_refuses_a_factor_outside_0_1_and_a_negative_noise(arguments, message):
    with pytest.raises(ValueError, match=message):
        datasets.noisy_circles(10, seed=0, **arguments)


def test_noisy_circles_takes_a_factor_of_zero():
    """factor = 0 is in [0, 1): the inner circle shrinks to the origin."""
    X, Y = datasets.noisy_circles(10, factor=0.0, noise=0.0, seed=0)
    assert not X[:, Y[0] == 1].any(), "the inner class at the origin"
