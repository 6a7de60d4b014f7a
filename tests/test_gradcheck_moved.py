"""Point.moved, g(Z1 + t M) - A1 along directions: for tanh, one tanh per pair of points +-t (the addition theorem),
equal to the direct evaluation within both evaluations' rounding, at saturated units too; a negative control (the
sign of the pair's second point dropped) fails."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import Point
from shallow_proofs.gradcheck.tests.problems import network

EPS = float(np.finfo(np.float64).eps)


def direct(point: Point, moves: np.ndarray, rows: np.ndarray, t: np.ndarray) -> np.ndarray:
    return np.asarray(point.g(point.Z1 + t[:, None, None] * moves[rows]) - point.A1)


def unsigned(point: Point, moves: np.ndarray, rows: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The negative control: the pair's u without its sign (tanh(Z1 - |t| M) taken for tanh(Z1 + |t| M))."""
    u = np.tanh(moves[rows] * np.abs(t)[:, None, None])
    return np.asarray(u * point.sech2 / (1.0 + point.A1 * u))


def problem(scale: float) -> tuple[Point, np.ndarray, np.ndarray, np.ndarray]:
    X, Y, parameters = network("tanh", n_x=3, n_h=4, m=5, scale=scale)
    point = Point(X, Y, parameters, "tanh")
    moves = np.random.default_rng(0).standard_normal((3, *point.Z1.shape))
    rows = np.array([0, 0, 1, 1, 2, 0])
    t = np.array([1e-3, -1e-3, 5e-4, -5e-4, 2e-3, 2.5e-4])  # pairs +-t, and points without their pair
    return point, moves, rows, t


@pytest.mark.parametrize("scale", [0.5, 10.0])  # scale 10: units saturate, A1 rounds near +-1
def test_the_pairs_agree_with_the_direct_evaluation(scale: float) -> None:
    point, moves, rows, t = problem(scale)
    tM = np.abs(t[:, None, None] * moves[rows])
    old = direct(point, moves, rows, t)
    # the direct evaluation's rounding: Z1 + t M, g and the difference; the pairs': a few eps |u| <= 5 eps |t M|
    bound = EPS * (
        np.abs(point.Z1) + 6.0 * tM + np.abs(point.g(point.Z1 + t[:, None, None] * moves[rows])) + np.abs(old)
    )
    new = point.moved(moves, rows, t)
    worst = np.unravel_index(np.argmax(np.abs(new - old) / bound), old.shape)
    assert np.all(np.abs(new - old) <= bound), (
        f"Point.moved at {worst}: pairs {new[worst]!r}, direct {old[worst]!r}, bound {bound[worst]:.3g}"
    )


def test_a_lost_sign_is_caught() -> None:
    point, moves, rows, t = problem(0.5)
    old = direct(point, moves, rows, t)
    assert not np.allclose(unsigned(point, moves, rows, t), old, rtol=1e-6, atol=0.0)
