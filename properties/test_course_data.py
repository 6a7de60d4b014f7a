"""The course's data sets, as the reference's loaders make them (every implementation is trained on these).

The flower is checked against the course's published check values. The extra sets are not seeded in the course, so
they are checked for their distribution: large seeded samples, with bounds of 5 standard errors of each estimate.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy.cluster.vq import kmeans2

from shallow_proofs.reference import datasets

EPS = np.finfo(np.float64).eps
LARGE = 20000  # sample size for the distributional checks
SIGMAS = 5  # bounds are 5 standard errors: a seeded sample outside them means the generator is wrong
EXTRA = ("noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles")


@pytest.mark.proves("course.flower")
def test_flower_shapes_and_dtypes():
    X, Y = datasets.load_planar_dataset()
    assert (X.shape, X.dtype) == ((2, 400), np.float64), (
        f"course.flower: X is {X.shape} {X.dtype}, not (2, 400) float64"
    )
    assert (Y.shape, Y.dtype) == ((1, 400), np.uint8), f"course.flower: Y is {Y.shape} {Y.dtype}, not (1, 400) uint8"
    expected = np.repeat([0, 1], 200).reshape(1, 400)
    assert np.array_equal(Y, expected), "course.flower: Y must be 200 zeros (class j = 0) then 200 ones (j = 1)"


@pytest.mark.proves("course.flower")
def test_flower_first_point():
    X, _ = datasets.load_planar_dataset()
    published = np.array([1.20444229, 3.57611415])  # numpy's 8-decimal printout of X[:, 0]
    bound = 0.5e-8
    difference = np.abs(X[:, 0] - published)
    assert (difference <= bound).all(), (
        f"course.flower: X[:, 0] = (r sin t, r cos t) of the first point: reference {X[:, 0].tolist()}, "
        f"published {published.tolist()}, |difference| {difference.max():.2e} > half a printed unit {bound:.0e}"
    )


@pytest.mark.proves("course.flower")
def test_flower_sum():
    X, _ = datasets.load_planar_dataset()
    published = 10.087983277441666  # the course's X.sum(), printed to 17 digits
    exact = math.fsum(X.ravel())
    # np.sum's pairwise summation of n terms errs by at most ceil(log2 n) eps sum|x| (Higham, ch. 4).
    bound = math.ceil(math.log2(X.size)) * EPS * np.abs(X).sum()
    assert abs(exact - published) <= bound, (
        f"course.flower: sum of X: reference (exact sum) {exact!r}, published {published!r}, "
        f"|difference| {abs(exact - published):.2e} > summation error bound {bound:.2e}"
    )


@pytest.mark.proves("course.flower")
def test_flower_is_deterministic():
    (X1, Y1), (X2, Y2) = datasets.load_planar_dataset(), datasets.load_planar_dataset()
    assert np.array_equal(X1, X2) and np.array_equal(Y1, Y2), "course.flower: two loads of the flower differ"


@pytest.mark.proves("course.flower")
@pytest.mark.parametrize("name", EXTRA)
def test_extra_set_shapes_and_labels(name):
    X, Y = datasets.load(name)
    assert (X.shape, X.dtype) == ((2, 200), np.float64), f"course.flower: {name} X is {X.shape} {X.dtype}"
    assert (Y.shape, Y.dtype) == ((1, 200), np.uint8), f"course.flower: {name} Y is {Y.shape} {Y.dtype}"
    assert np.isfinite(X).all(), f"course.flower: {name} X holds NaN or inf"
    counts = np.bincount(Y.ravel(), minlength=2)
    assert len(counts) == 2 and counts.tolist() == [100, 100], f"course.flower: {name} class counts {counts.tolist()}"
    assert not np.array_equal(Y, np.sort(Y)), f"course.flower: {name} examples are not shuffled (labels are sorted)"


@pytest.mark.proves("course.flower")
@pytest.mark.parametrize("name", ["noisy_circles", "noisy_moons", "gaussian_quantiles"])
def test_extra_set_seeding(name):
    generate = datasets.DATASETS[name]
    (X1, Y1), (X2, Y2) = generate(seed=7), generate(seed=7)
    assert np.array_equal(X1, X2) and np.array_equal(Y1, Y2), f"course.flower: {name}(seed=7) is not reproducible"
    X3, _ = generate(seed=8)
    assert not np.array_equal(X1, X3), f"course.flower: {name} ignores its seed"


@pytest.mark.proves("course.flower")
def test_noisy_circles_radii():
    noise = 0.3
    X, Y = datasets.noisy_circles(LARGE, factor=0.5, noise=noise, seed=1)
    squared = (X**2).sum(axis=0)
    for label, radius in ((0, 1.0), (1, 0.5)):
        s = squared[Y[0] == label]
        # |c + e|^2 = r^2 + 2 c.e + |e|^2 with e ~ N(0, noise^2 I):
        # mean r^2 + 2 noise^2, variance 4 r^2 noise^2 + 4 noise^4.
        mean = radius**2 + 2 * noise**2
        se = math.sqrt((4 * radius**2 * noise**2 + 4 * noise**4) / s.size)
        assert abs(s.mean() - mean) <= SIGMAS * se, (
            f"course.flower: noisy circles class {label}: mean |x|^2 {s.mean():.4f}, expected r^2 + 2 sigma^2 = "
            f"{mean:.4f} (r = {radius}, sigma = {noise}), bound {SIGMAS} SE = {SIGMAS * se:.4f}"
        )


@pytest.mark.proves("course.flower")
def test_noisy_moons_geometry():
    noise = 0.2
    X, Y = datasets.noisy_moons(LARGE, noise=noise, seed=1)
    half = LARGE // 2
    t = np.linspace(0, np.pi, half)
    arcs = {0: np.stack([np.cos(t), np.sin(t)]), 1: np.stack([1 - np.cos(t), 0.5 - np.sin(t)])}
    for label, arc in arcs.items():
        points = X[:, Y[0] == label]
        centre, mean = arc.mean(axis=1), points.mean(axis=1)
        se = noise / math.sqrt(half)
        assert np.abs(mean - centre).max() <= SIGMAS * se, (
            f"course.flower: noisy moons class {label}: mean point {mean.tolist()}, expected {centre.tolist()} "
            f"(upper half circle at (0, 0), lower one at (1, 0.5)), bound {SIGMAS} SE = {SIGMAS * se:.4f}"
        )
        # Total variance = the arc's own + 2 noise^2 (independent isotropic noise); SE from the sample's squared radii.
        squared = ((points - mean[:, None]) ** 2).sum(axis=0)
        expected = ((arc - centre[:, None]) ** 2).sum(axis=0).mean() + 2 * noise**2
        se = squared.std() / math.sqrt(half)
        assert abs(squared.mean() - expected) <= SIGMAS * se, (
            f"course.flower: noisy moons class {label}: total variance {squared.mean():.4f}, expected the arc's + "
            f"2 sigma^2 = {expected:.4f} (sigma = {noise}), bound {SIGMAS} SE = {SIGMAS * se:.4f}"
        )


def within_variance(points: np.ndarray, k: int) -> float:
    """Per-axis variance of the points around the nearest of k k-means centres (best of 5 seeded starts)."""
    best = math.inf
    for seed in range(5):
        centres, _ = kmeans2(points, k, minit="++", seed=seed)
        distances = ((points[:, None, :] - centres[None]) ** 2).sum(axis=-1).min(axis=1)
        best = min(best, distances.mean() / points.shape[1])
    return best


@pytest.mark.proves("course.flower")
def test_blobs_has_six_unit_blobs():
    X, Y = datasets.blobs(6000, centers=6, seed=5)
    points = X.T
    # Unit Gaussians: the per-axis variance around the right centres is 1, with SE sqrt(2 / (2 n)).
    bound = 1 + SIGMAS * math.sqrt(1 / points.shape[0])
    six, five = within_variance(points, 6), within_variance(points, 5)
    assert six <= bound < five, (
        f"course.flower: blobs(centers=6): per-axis variance around 6 k-means centres {six:.3f}, around 5: {five:.3f}; "
        f"6 unit blobs need the first <= {bound:.3f} < the second"
    )
    assert set(np.unique(Y)) == {0, 1}, "course.flower: blobs labels must be the blob index mod 2"


@pytest.mark.proves("course.flower")
def test_gaussian_quantiles_split_at_the_median():
    cov = 0.5
    X, Y = datasets.gaussian_quantiles(LARGE, cov=cov, seed=1)
    squared = (X**2).sum(axis=0)
    inner, outer = squared[Y[0] == 0], squared[Y[0] == 1]
    assert inner.max() <= outer.min(), "course.flower: gaussian quantiles: class 0 must be the inner half by |x|^2"
    # |x|^2 / cov ~ chi^2_2 (exponential, mean 2): median 2 ln 2, density there 1/4, so SE of the median 2 / sqrt(n).
    boundary = (inner.max() + outer.min()) / 2
    expected, se = cov * 2 * math.log(2), cov * 2 / math.sqrt(LARGE)
    assert abs(boundary - expected) <= SIGMAS * se, (
        f"course.flower: gaussian quantiles: class boundary |x|^2 = {boundary:.4f}, expected cov * 2 ln 2 = "
        f"{expected:.4f}, bound {SIGMAS} SE = {SIGMAS * se:.4f}"
    )
