"""properties/test_course_data.py checks the reference's loaders, not the implementation under test, so no mutant of an
implementation can make it fail. Here each of its checks is shown to fail on a sabotaged loader instead."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from shallow_proofs.properties import test_course_data as suite
from shallow_proofs.reference import datasets

ORIGINAL = dict(datasets.DATASETS)


def flower_off_by_1e_7() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(2)
    X, Y = ORIGINAL["flower"]()
    return X + 1e-7 * rng.standard_normal(X.shape), Y


def flower_int_labels() -> tuple[np.ndarray, np.ndarray]:
    X, Y = ORIGINAL["flower"]()
    return X, Y.astype(np.int64)


SABOTAGE: dict[str, tuple[str, Callable[..., Any], Callable[[], None]]] = {
    "flower off by 1e-7": ("load_planar_dataset", flower_off_by_1e_7, suite.test_flower_first_point),
    "flower int64 labels": ("load_planar_dataset", flower_int_labels, suite.test_flower_shapes_and_dtypes),
    "circles factor 0.6": (
        "noisy_circles",
        lambda n=200, factor=0.5, noise=0.3, seed=None: ORIGINAL["noisy_circles"](
            n, factor=0.6, noise=noise, seed=seed
        ),
        suite.test_noisy_circles_radii,
    ),
    "moons noise 0.3": (
        "noisy_moons",
        lambda n=200, noise=0.2, seed=None: ORIGINAL["noisy_moons"](n, noise=0.3, seed=seed),
        suite.test_noisy_moons_geometry,
    ),
    "five blobs": (
        "blobs",
        lambda n=200, centers=6, seed=5: ORIGINAL["blobs"](n, centers=5, seed=seed),
        suite.test_blobs_has_six_unit_blobs,
    ),
    "quantiles cov 0.6": (
        "gaussian_quantiles",
        lambda n=200, cov=0.5, seed=None: ORIGINAL["gaussian_quantiles"](n, cov=0.6, seed=seed),
        suite.test_gaussian_quantiles_split_at_the_median,
    ),
}


@pytest.mark.parametrize("case", list(SABOTAGE))
def test_course_data_check_fails_on_a_sabotaged_loader(case, monkeypatch):
    name, loader, check = SABOTAGE[case]
    monkeypatch.setattr(datasets, name, loader)
    with pytest.raises(AssertionError, match=r"course\.flower"):
        check()


def test_sum_check_fails_on_a_sabotaged_flower(monkeypatch):
    monkeypatch.setattr(datasets, "load_planar_dataset", flower_off_by_1e_7)
    with pytest.raises(AssertionError, match=r"course\.flower: sum of X"):
        suite.test_flower_sum()
