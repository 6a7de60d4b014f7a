"""The course's data sets: the flower (bit-identical to the course's) and four extra 2-D sets, made locally.

Every loader returns X of shape (2, m) and Y of shape (1, m), uint8 labels in {0, 1}. The extra sets follow
scikit-learn's generators with the course's parameters; the course does not seed them, so only their distribution,
not their values, matches scikit-learn's.
"""

from __future__ import annotations

from collections.abc import Callable
from numbers import Integral

import numpy as np
from numpy.typing import NDArray

from shallow_proofs.reference import validation as check

Array = NDArray[np.float64]
Labels = NDArray[np.uint8]
Dataset = tuple[Array, Labels]


def load_planar_dataset() -> Dataset:
    """The flower: m = 400, two classes of N = 200 points on the petals of r = 4 sin(4t), drawn after seed(1)."""
    rng = np.random.RandomState(1)
    N, a = 200, 4
    X = np.zeros((2 * N, 2))
    Y = np.zeros((2 * N, 1), dtype=np.uint8)
    for j in range(2):
        rows = slice(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + rng.randn(N) * 0.2
        r = a * np.sin(4 * t) + rng.randn(N) * 0.2
        X[rows] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[rows] = j
    return X.T, Y.T


def _non_negative(x: float) -> bool:
    return x >= 0


def _checked(n: object, seed: object, **numbers: tuple[object, str, Callable[[float], bool]]) -> int:
    """n (an integer >= 1 whose points fit in memory), seed (None or an integer >= 0), and each named number."""
    count = check.size("n", n)
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, Integral)):
        raise TypeError(f"seed must be None or an integer >= 0; got {seed!r} of type {type(seed).__name__}")
    if seed is not None and seed < 0:
        raise ValueError(f"seed must be None or an integer >= 0; got {seed!r}")
    for name, (value, rule, holds) in numbers.items():
        check.number(name, value, rule, holds)
    # the points, their noise and their sum, each (n, 2), and the shuffled and transposed copies of the points
    check.fits(f"a data set of n = {count} points", 5 * 2 * count)
    return count


def _as_course(points: Array, labels: NDArray[np.integer], rng: np.random.Generator) -> Dataset:
    order = rng.permutation(len(labels))
    return points[order].T.copy(), labels[order].astype(np.uint8).reshape(1, -1)


def noisy_circles(n: int = 200, *, factor: float = 0.5, noise: float = 0.3, seed: int | None = None) -> Dataset:
    """Two concentric circles of radii 1 and ``factor`` plus N(0, noise^2) noise (make_circles)."""
    n = _checked(n, seed, factor=(factor, "in [0, 1)", lambda f: 0 <= f < 1), noise=(noise, ">= 0", _non_negative))
    rng = np.random.default_rng(seed)
    n_out = n // 2
    angles = [np.linspace(0, 2 * np.pi, k, endpoint=False) for k in (n_out, n - n_out)]
    outer = np.c_[np.cos(angles[0]), np.sin(angles[0])]
    inner = factor * np.c_[np.cos(angles[1]), np.sin(angles[1])]
    points = np.vstack([outer, inner]) + rng.normal(scale=noise, size=(n, 2))
    return _as_course(points, np.repeat([0, 1], [n_out, n - n_out]), rng)


def noisy_moons(n: int = 200, *, noise: float = 0.2, seed: int | None = None) -> Dataset:
    """Two interleaving half circles plus N(0, noise^2) noise (make_moons)."""
    n = _checked(n, seed, noise=(noise, ">= 0", _non_negative))
    rng = np.random.default_rng(seed)
    n_out = n // 2
    t_out, t_in = np.linspace(0, np.pi, n_out), np.linspace(0, np.pi, n - n_out)
    outer = np.c_[np.cos(t_out), np.sin(t_out)]
    inner = np.c_[1 - np.cos(t_in), 1 - np.sin(t_in) - 0.5]
    points = np.vstack([outer, inner]) + rng.normal(scale=noise, size=(n, 2))
    return _as_course(points, np.repeat([0, 1], [n_out, n - n_out]), rng)


def blobs(n: int = 200, *, centers: int = 6, seed: int | None = 5) -> Dataset:
    """``centers`` isotropic unit Gaussians with centres uniform in [-10, 10]^2 (make_blobs); labels taken mod 2."""
    n, centers = _checked(n, seed), check.size("centers", centers)
    check.fits(f"a data set with {centers} centers", 4 * centers)  # their (centers, 2) middles, counts and numbers
    rng = np.random.default_rng(seed)
    middles = rng.uniform(-10.0, 10.0, size=(centers, 2))
    counts = np.full(centers, n // centers) + (np.arange(centers) < n % centers)
    cluster = np.repeat(np.arange(centers), counts)
    points = middles[cluster] + rng.standard_normal((n, 2))
    return _as_course(points, cluster % 2, rng)


def gaussian_quantiles(n: int = 200, *, cov: float = 0.5, seed: int | None = None) -> Dataset:
    """N(0, cov I) points split at the median of their squared norm: inner half class 0 (make_gaussian_quantiles)."""
    n = _checked(n, seed, cov=(cov, ">= 0", _non_negative))
    rng = np.random.default_rng(seed)
    points = rng.multivariate_normal(np.zeros(2), cov * np.eye(2), size=n)
    points = points[np.argsort((points**2).sum(axis=1))]
    return _as_course(points, np.repeat([0, 1], [n // 2, n - n // 2]), rng)


DATASETS: dict[str, Callable[[], Dataset]] = {
    "flower": load_planar_dataset,
    "noisy_circles": noisy_circles,
    "noisy_moons": noisy_moons,
    "blobs": blobs,
    "gaussian_quantiles": gaussian_quantiles,
}


def load(name: str) -> Dataset:
    """A data set by name: flower, noisy_circles, noisy_moons, blobs or gaussian_quantiles."""
    if not isinstance(name, str) or name not in DATASETS:
        raise ValueError(f"data set must be one of {sorted(DATASETS)}; got {name!r}")
    return DATASETS[name]()
