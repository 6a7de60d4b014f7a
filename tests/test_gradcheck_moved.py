"""Point.moved, weights (g(Z1 + t M) - A1) along directions: for tanh, one tanh per pair of points +-t (the addition
theorem), per unit where M is one column, none where a step doubles a smaller one (the doubling formula); equal to
the direct evaluation within both evaluations' rounding, at saturated units too, and for an activation without the
shortcut. Negative controls: the pair's sign dropped, and the doubling formula without its denominator, fail."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import Point
from shallow_proofs.gradcheck.tests.problems import network

EPS = float(np.finfo(np.float64).eps)
Problem = tuple[Point, np.ndarray, list[np.ndarray], np.ndarray, np.ndarray]


def problem(activation: str, scale: float) -> Problem:
    X, Y, parameters = network(activation, n_x=3, n_h=4, n_y=2, m=5, scale=scale)
    point = Point(X, Y, parameters, activation)
    rng = np.random.default_rng(0)
    moves = [
        rng.standard_normal(point.Z1.shape),
        rng.standard_normal((point.n_h, 1)),
        rng.standard_normal(point.Z1.shape),
    ]
    rows = np.array([0, 0, 0, 0, 1, 1, 1, 2, 0])
    # pairs +-t, a step and its double (row 0: 1e-3 and 2e-3), a one-column move, points without their pair
    t = np.array([1e-3, -1e-3, 2e-3, -2e-3, 5e-4, -5e-4, 1e-3, 2e-3, 2.5e-4])
    weights = rng.standard_normal((t.size, 3, point.n_h))
    return point, weights, moves, rows, t


def each(point: Point, moves: list[np.ndarray], rows: np.ndarray) -> np.ndarray:
    """M for each point, broadcast against Z1: (points, n_h, m)."""
    return np.stack([np.broadcast_to(moves[row], point.Z1.shape) for row in rows])


def direct(point: Point, moves: list[np.ndarray], rows: np.ndarray, t: np.ndarray) -> np.ndarray:
    """g(Z1 + t M) - A1 for each point, (points, n_h, m)."""
    return np.asarray(point.g(point.Z1 + t[:, None, None] * each(point, moves, rows)) - point.A1)


def bound(point: Point, weights: np.ndarray, moves: list[np.ndarray], rows: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The direct evaluation's rounding (Z1 + t M, g and the difference) and the shortcut's (a few eps |u| <= 5 eps
    |t M|, and 2 eps |u| more where a step doubles), carried through the weights, with the products' own rounding."""
    tM = t[:, None, None] * each(point, moves, rows)
    change = direct(point, moves, rows, t)
    element = EPS * (np.abs(point.Z1) + 8.0 * np.abs(tM) + np.abs(point.g(point.Z1 + tM)) + np.abs(change))
    return np.asarray(np.abs(weights) @ (element + point.n_h * EPS * np.abs(change)))


def worst(new: np.ndarray, old: np.ndarray, limit: np.ndarray) -> str:
    at = np.unravel_index(np.argmax(np.abs(new - old) / limit), old.shape)
    return f"Point.moved at {at}: shortcut {new[at]!r}, direct {old[at]!r}, bound {limit[at]:.3g}"


@pytest.mark.parametrize(("activation", "scale"), [("tanh", 0.5), ("tanh", 10.0), ("sigmoid", 0.5)])
def test_the_shortcut_agrees_with_the_direct_evaluation(activation: str, scale: float) -> None:
    """scale 10: units saturate, A1 rounds near +-1."""
    point, weights, moves, rows, t = problem(activation, scale)
    old = weights @ direct(point, moves, rows, t)
    new = point.moved(weights, moves, rows, t)
    limit = bound(point, weights, moves, rows, t)
    assert np.all(np.abs(new - old) <= limit), worst(new, old, limit)


def shortcut(point: Point, u: np.ndarray, t: np.ndarray) -> np.ndarray:
    """The addition theorem for points +-|t| given u = tanh(|t| M) (points, n_h, m)."""
    return np.asarray(u * point.sech2 / (point.A1 * u + np.sign(t)[:, None, None]))


@pytest.mark.parametrize("mistake", ["sign dropped", "doubling without its denominator"])
def test_a_mistake_in_the_shortcut_is_caught(mistake: str) -> None:
    point, weights, moves, rows, t = problem("tanh", 0.5)
    M = each(point, moves, rows)
    u = np.tanh(np.abs(t)[:, None, None] * M)
    if mistake == "sign dropped":
        wrong = shortcut(point, u, np.abs(t))
    else:
        doubled = np.abs(t) == 2e-3
        u[doubled] = 2.0 * np.tanh(1e-3 * M[doubled])
        wrong = shortcut(point, u, t)
    old = weights @ direct(point, moves, rows, t)
    assert not np.all(np.abs(weights @ wrong - old) <= bound(point, weights, moves, rows, t))


def test_a_first_step_of_2_is_not_taken_for_a_double():
    """The doubling formula applies to a step twice the previous one of the same direction; the first step of a
    direction has none before it (a step of 2 is not the double of a step of 1 that was never taken)."""
    point, _, moves, _, _ = problem("tanh", 0.5)
    small = [0.1 * move for move in moves]
    rows, t = np.array([0, 0, 0]), np.array([2.0, -2.0, 4.0])
    weights = np.random.default_rng(1).standard_normal((t.size, 3, point.n_h))
    old = weights @ direct(point, small, rows, t)
    new = point.moved(weights, small, rows, t)
    limit = bound(point, weights, small, rows, t)
    assert np.all(np.abs(new - old) <= limit), worst(new, old, limit)


def test_a_doubled_step_costs_no_tanh(monkeypatch: pytest.MonkeyPatch) -> None:
    """One direction at steps +-1e-3 and +-2e-3: one tanh (at 1e-3), the doubling formula for 2e-3; a step three
    times the previous one gets its own tanh."""
    point, _, moves, _, _ = problem("tanh", 0.5)
    calls = []
    tanh = np.tanh
    monkeypatch.setattr(np, "tanh", lambda z: (calls.append(np.shape(z)), tanh(z))[1])
    weights = np.ones((4, 1, point.n_h))
    point.moved(weights, moves, np.zeros(4, dtype=np.intp), np.array([1e-3, -1e-3, 2e-3, -2e-3]))
    assert len(calls) == 1, f"{len(calls)} tanh for steps 1e-3 and its double"
    calls.clear()
    point.moved(weights[:2], moves, np.zeros(2, dtype=np.intp), np.array([1e-3, 3e-3]))
    assert len(calls) == 2, f"{len(calls)} tanh for steps 1e-3 and 3e-3"
