"""L10, L11: logistic regression (no hidden layer), in the course's C1W2 form propagate(w, b, X, Y) -> (grads, cost).

Optional in the contract: an implementation without ``propagate`` skips these with a reason.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given, note

from shallow_proofs.properties import strategies as s
from shallow_proofs.properties.bounds import EPS, assert_within, gamma, product_bound

CLAIM = "L10.logistic"


def sigma(z):
    """1 / (1 + e^-z), the test's own, written through tanh so it never overflows: sigma(z) = (1 + tanh(z/2)) / 2."""
    return (1 + np.tanh(z / 2)) / 2


def gradients(impl, problem):
    """(dw as an (n_x, 1) array, db as a float, cost as a float) from the implementation's propagate."""
    grads, cost = impl.function("propagate")(problem.w, problem.b, problem.X, problem.Y)
    dw = np.asarray(grads["dw"], dtype=np.float64)
    assert np.size(grads["db"]) == 1, f"{CLAIM}: db is one number; got shape {np.shape(grads['db'])}"
    return dw, float(np.reshape(grads["db"], ())), float(np.reshape(cost, ()))


def per_example(problem):
    """a, dz = a - y, dw = x dz, db = dz for each example x(j) alone, and the error bound of each dz."""
    rows = []
    for j in range(problem.X.shape[1]):
        x, y = problem.X[:, j : j + 1], float(problem.Y[0, j])
        z = float(problem.w[:, 0] @ x[:, 0]) + problem.b
        a = float(sigma(z))
        dz = a - y
        # z has error gamma(n_x + 1) sum|w_i x_i| + |b|; sigma' <= 1/4; sigma via tanh adds a few ulps
        dz_error = (gamma(x.shape[0] + 1) * (float(np.abs(problem.w[:, 0]) @ np.abs(x[:, 0])) + abs(problem.b))) / 4
        rows.append((x * dz, dz, dz_error + 8 * EPS))
    return rows


@pytest.mark.proves("L10.logistic")
@given(s.logistic_problems())
def test_gradient_is_the_average_of_per_example_gradients(impl, problem):
    dw, db, _ = gradients(impl, problem)
    rows = per_example(problem)
    m = len(rows)
    dw_mean = sum(row[0] for row in rows) / m
    db_mean = sum(row[1] for row in rows) / m
    dz_errors = np.array([row[2] for row in rows])
    x_abs = np.abs(problem.X)
    # each dz may differ by 2 dz_error (two evaluations); the sums add gamma(m + 2) of the sum of magnitudes
    dz_abs = np.abs([row[1] for row in rows])
    dw_bound = (2 * x_abs @ dz_errors[:, None] + product_bound(x_abs, (dz_abs + 2 * dz_errors)[:, None])) / m
    db_bound = (2 * dz_errors.sum() + 2 * gamma(m + 2) * float((dz_abs + 2 * dz_errors).sum())) / m
    assert_within(CLAIM, "dw = (1/m) sum_j x(j) (a(j) - y(j))", dw, dw_mean, dw_bound, "dw")
    assert_within(CLAIM, "db = (1/m) sum_j (a(j) - y(j))", db, db_mean, db_bound, "db")


@pytest.mark.proves("L10.logistic")
@given(s.logistic_problems())
def test_gradient_is_the_vectorized_form(impl, problem):
    dw, db, _ = gradients(impl, problem)
    Z = problem.w.T @ problem.X + problem.b
    dZ = sigma(Z) - problem.Y
    m = problem.X.shape[1]
    z_error = gamma(problem.X.shape[0] + 1) * (np.abs(problem.w.T) @ np.abs(problem.X) + abs(problem.b)) / 4 + 8 * EPS
    dw_bound = (product_bound(problem.X, (np.abs(dZ) + 2 * z_error).T) + 2 * np.abs(problem.X) @ z_error.T) / m
    assert_within(CLAIM, "dw = (1/m) X dZ^T, dZ = A - Y", dw, problem.X @ dZ.T / m, dw_bound, "dw")
    db_bound = (2 * gamma(m + 2) * float(np.abs(dZ).sum() + 2 * z_error.sum()) + 2 * float(z_error.sum())) / m
    assert_within(CLAIM, "db = (1/m) np.sum(dZ)", db, float(dZ.mean()), db_bound, "db")


@pytest.mark.proves("L10.logistic")
@given(s.logistic_problems())
def test_gradient_shapes(impl, problem):
    dw, _, _ = gradients(impl, problem)
    assert dw.shape == problem.w.shape, f"{CLAIM}: dw has shape {dw.shape}, the shape of w is {problem.w.shape}"


@pytest.mark.proves("L10.logistic")
@given(s.logistic_problems())
def test_cost_is_the_mean_cross_entropy(impl, problem):
    _, _, cost = gradients(impl, problem)
    Z = problem.w.T @ problem.X + problem.b
    losses = np.logaddexp(0.0, Z) - problem.Y * Z  # -(y log a + (1 - y) log(1 - a)) from the logit
    m = problem.X.shape[1]
    # a loss's error: its own rounding plus |dL/dz| <= 1 times the error of z
    z_error = gamma(problem.X.shape[0] + 1) * (np.abs(problem.w.T) @ np.abs(problem.X) + abs(problem.b))
    bound = 2 * (gamma(m + 8) * float(np.abs(losses).sum() + 1) + float(z_error.sum())) / m + 8 * EPS
    assert_within(CLAIM, "J = -(1/m) sum(Y log A + (1 - Y) log(1 - A))", cost, float(losses.mean()), bound, "J")


@pytest.mark.proves("L10.logistic")
@given(s.logistic_problems())
def test_single_example_gradient_is_x_dz(impl, problem):
    one = problem._replace(X=problem.X[:, :1], Y=problem.Y[:, :1])
    dw, db, _ = gradients(impl, one)
    x_dz, dz, dz_error = per_example(one)[0]
    assert_within(CLAIM, "db = dz = a - y for one example", db, dz, 2 * dz_error + 2 * EPS * abs(dz), "db")
    bound = np.abs(one.X) * (2 * dz_error + 4 * EPS * abs(dz))
    assert_within(CLAIM, "dw = x dz for one example", dw, x_dz, bound, "dw")


# L11.logistic_zero_init


@pytest.mark.proves("L11.logistic_zero_init")
@given(s.logistic_problems(zero=True))
def test_zero_start_gives_the_half_residual_gradient(impl, problem):
    """At w = 0, b = 0: a = 1/2 for every example, so dw = (1/m) X (1/2 - Y)^T, db = 1/2 - mean(Y), J = log 2."""
    dw, db, cost = gradients(impl, problem)
    m = problem.X.shape[1]
    residual = 0.5 - problem.Y
    claim = "L11.logistic_zero_init"
    assert_within(
        claim,
        "dw = (1/m) X (1/2 - Y)^T",
        dw,
        problem.X @ residual.T / m,
        product_bound(problem.X, residual.T) / m,
        "dw",
    )
    assert_within(claim, "db = 1/2 - mean(Y)", db, float(residual.mean()), 2 * gamma(m + 2) * 0.5, "db")
    assert_within(claim, "J(0, 0) = log 2", cost, np.log(2.0), 2 * gamma(m + 8) * np.log(2.0), "J")


@pytest.mark.proves("L11.logistic_zero_init")
@given(s.logistic_problems(zero=True))
def test_zero_start_gradient_is_not_zero(impl, problem):
    """The gradient at zero vanishes only if mean(Y) = 1/2 and X (1/2 - Y)^T = 0: otherwise descent can start."""
    dw, db, _ = gradients(impl, problem)
    residual = 0.5 - problem.Y
    exact_zero = residual.mean() == 0 and not np.any(problem.X @ residual.T)
    note(f"X (1/2 - Y)^T = {(problem.X @ residual.T).ravel()}, 1/2 - mean(Y) = {residual.mean()}")
    if not exact_zero:
        assert db != 0 or np.any(dw != 0), "L11.logistic_zero_init: the gradient at w = 0, b = 0 is zero"


@pytest.mark.proves("L11.logistic_zero_init")
@given(s.logistic_problems(zero=True))
def test_the_cost_falls_from_zero_start(impl, problem):
    """A step of 1/L, L = max_j (|x(j)|^2 + 1) / 4 >= the curvature of J, lowers J by at least |grad|^2 / (2 L)."""
    propagate = impl.function("propagate")
    dw, db, cost = gradients(impl, problem)
    L = float((np.sum(problem.X**2, axis=0) + 1).max()) / 4
    promised = (float(np.sum(dw**2)) + db**2) / (2 * L)
    resolution = 4 * gamma(problem.X.shape[1] + 8) * np.log(2.0) + 4 * EPS
    assume(promised > resolution)  # else no descent that the rounding of J can show (a gradient zero or nearly so)
    _, moved = propagate(problem.w - dw / L, problem.b - db / L, problem.X, problem.Y)
    new_cost = float(np.reshape(moved, ()))
    assert new_cost <= cost - promised + resolution, (
        f"L11.logistic_zero_init: J fell from {cost!r} to {new_cost!r} after a step 1/L = {1 / L!r}; "
        f"a descent direction promises at least {promised!r}"
    )
