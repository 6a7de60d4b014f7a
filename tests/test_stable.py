"""The reference's numerical soundness at the extremes: the sigmoid, its derivative and the cost from the logits are
finite, warning-free and accurate for every finite float64, with warnings turned into errors.

Overflow, division by zero and invalid operations raise; underflow stays silent (numpy's default), because rounding
e^-1000 to 0 is the correctly rounded answer, not a failure.
"""

from __future__ import annotations

import math
import warnings
from decimal import Decimal, localcontext

import numpy as np
import pytest

from shallow_proofs.reference import network
from shallow_proofs.reference.activations import ACTIVATIONS, sigmoid, sigmoid_prime

EPS = np.finfo(np.float64).eps
MAX = np.finfo(np.float64).max
TINY = np.finfo(np.float64).tiny
# Overflow of e^{-z} starts at z = -709.8, e^z underflows to subnormals near -708 and to 0 below -745.2.
EXTREMES = np.array([0.0, 5e-324, TINY, 1e-300, 1.0, 36.7, 37.0, 709.0, 710.0, 745.0, 746.0, 1000.0, 1e10, 1e308, MAX])
Z = np.concatenate([-EXTREMES[::-1], EXTREMES])


@pytest.fixture(autouse=True)
def warnings_are_errors():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with np.errstate(over="raise", divide="raise", invalid="raise", under="ignore"):
            yield


def exact_sigmoid(z: float) -> float:
    """sigma(z) from Python's math in the branch without overflow: e^z / (1 + e^z) for z < 0, 1 / (1 + e^-z) else."""
    return math.exp(z) / (1.0 + math.exp(z)) if z < 0 else 1.0 / (1.0 + math.exp(-z))


@pytest.mark.proves("stable.sigmoid", "L06.sigmoid")
def test_sigmoid_is_finite_bounded_and_accurate_at_extremes():
    s = sigmoid(Z)
    assert np.isfinite(s).all() and ((s >= 0) & (s <= 1)).all(), f"stable.sigmoid: sigma(z) outside [0, 1]: {s}"
    for z, value in zip(Z, s, strict=True):
        expected = exact_sigmoid(float(z))
        # A few correctly rounded operations: 4 eps relative. scipy's expit flushes results below the normal range
        # (z < -708.4) to 0, an absolute error below TINY = 2.2e-308 that no probability can notice.
        bound = 4 * EPS * expected + TINY
        assert abs(value - expected) <= bound, (
            f"stable.sigmoid: sigma({z!r}) = 1/(1+e^-z): reference {value!r}, branch formula {expected!r}, "
            f"|difference| {abs(value - expected):.2e} > bound {bound:.2e}"
        )


@pytest.mark.proves("stable.sigmoid")
def test_sigmoid_at_the_course_extremes():
    assert sigmoid(1000.0) == 1.0 and sigmoid(-1000.0) == 0.0, "stable.sigmoid: sigma(+-1000) must round to 1 and 0"
    assert sigmoid(1e308) == 1.0 and sigmoid(-1e308) == 0.0, "stable.sigmoid: sigma(+-1e308) must round to 1 and 0"
    assert 0 <= sigmoid(-745.0) <= 5e-324, (
        f"stable.sigmoid: sigma(-745) = e^-745 rounds to 0 or the smallest subnormal; got {sigmoid(-745.0)!r}"
    )


@pytest.mark.proves("stable.sigmoid", "L06.sigmoid")
def test_sigmoid_symmetry_where_representable():
    # sigma(-z) = 1 - sigma(z): 1 - sigma(z) is exact (Sterbenz) for sigma(z) in [1/2, 1], so compare there.
    z = EXTREMES
    gap = np.abs(sigmoid(-z) - (1.0 - sigmoid(z)))
    bound = 4 * EPS * sigmoid(-z) + EPS / 2
    worst = int(np.argmax(gap - bound))
    assert (gap <= bound).all(), (
        f"stable.sigmoid: sigma(-z) = 1 - sigma(z) at z = {z[worst]!r}: sigma(-z) {sigmoid(-z[worst])!r}, "
        f"1 - sigma(z) {1.0 - sigmoid(z[worst])!r}, gap {gap[worst]:.2e} > {bound[worst]:.2e}"
    )


@pytest.mark.proves("stable.sigmoid", "L08.sigmoid")
def test_sigmoid_derivative_is_finite_and_small_at_extremes():
    slope = sigmoid_prime(Z)
    assert np.isfinite(slope).all() and ((slope >= 0) & (slope <= 0.25)).all(), f"stable.sigmoid: g'(z) = {slope}"
    assert slope[Z == 0.0].tolist() == [0.25, 0.25], "stable.sigmoid: g'(0) = 1/4"
    assert (slope[np.abs(Z) >= 1000] == 0).all(), "stable.sigmoid: g'(z) must round to 0 for |z| >= 1000"


@pytest.mark.parametrize("name", sorted(ACTIVATIONS))
def test_every_activation_is_finite_and_warning_free_at_extremes(name):
    g, dg = ACTIVATIONS[name]
    values, slopes = g(Z), dg(Z)
    assert np.isfinite(values).all(), f"{name}: g(z) not finite at {Z[~np.isfinite(values)]}"
    assert np.isfinite(slopes).all(), f"{name}: g'(z) not finite at {Z[~np.isfinite(slopes)]}"


@pytest.mark.proves("stable.cost")
@pytest.mark.parametrize("z", [1000.0, -1000.0, 1e308, -1e308, MAX, -MAX, 745.0, -745.0])
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_cost_from_logits_at_extremes(z, y):
    m = 3
    J = float(network.cost_from_logits(np.full((1, m), z), np.full((1, m), y)))
    # L = log(1 + e^{(1 - 2y) z}): the wrong side costs |z| (plus e^-|z|), the right side e^-|z|, 0 or subnormal here.
    wrong = (y == 1.0) == (z < 0)
    expected = abs(z) if wrong else math.exp(-abs(z))
    assert math.isfinite(J), f"stable.cost: J(Z2 = {z!r}, Y = {y}) is not finite: {J!r}"
    assert abs(J - expected) <= 4 * EPS * expected + 5e-324, (
        f"stable.cost: J = (1/m) sum log(1 + e^((1 - 2y) z)) at z = {z!r}, y = {y}: reference {J!r}, exact {expected!r}"
    )


@pytest.mark.proves("stable.cost")
def test_cost_from_logits_matches_the_plain_formula_where_it_is_accurate():
    rng = np.random.default_rng(1)
    Z2 = rng.uniform(-30.0, 30.0, size=(1, 500))
    Y = (rng.uniform(size=(1, 500)) < 0.5).astype(np.float64)
    stable = float(network.cost_from_logits(Z2, Y))
    A2 = sigmoid(Z2)
    plain = float(network.cost(A2, Y))
    # The plain formula takes -log p with p = A2 or 1 - A2. fl(A2) errs by 2 eps relative, 1 - A2 by eps absolute, so
    # -log p errs by about 4 eps / p: the bound is the mean of that over the examples (plus the sum's rounding).
    p = np.where(Y == 1.0, A2, 1.0 - A2)
    bound = float(np.mean(4 * EPS / p)) + 500 * EPS * stable
    assert abs(stable - plain) <= bound, (
        f"stable.cost: J from the logits {stable!r}, plain J on A2 {plain!r}, |difference| {abs(stable - plain):.2e} "
        f"> bound {bound:.2e} (the plain formula's own rounding)"
    )


@pytest.mark.proves("stable.cost")
def test_plain_cost_fails_where_the_stable_one_does_not():
    """Negative control: A2 = sigma(40) rounds to 1, so the plain formula gives log 0 = -inf for y = 0."""
    Z2, Y = np.array([[40.0]]), np.array([[0.0]])
    with np.errstate(divide="ignore"):
        plain = float(network.cost(sigmoid(Z2), Y))
    stable = float(network.cost_from_logits(Z2, Y))
    assert math.isinf(plain) and abs(stable - 40.0) <= 4 * EPS * 40.0, f"plain {plain!r}, stable {stable!r}"


@pytest.mark.proves("stable.cost")
def test_training_far_in_saturation_records_finite_costs():
    X = np.array([[1e3, -1e3, 2e3]])
    Y = np.array([[1.0, 0.0, 0.0]])
    parameters = network.initialize(1, 2, 1, scale=10.0, rng=np.random.default_rng(0))
    trained = network.train(X, Y, parameters, num_iterations=50, learning_rate=0.1)
    assert np.isfinite(trained.costs).all(), f"stable.cost: non-finite J during training: {trained.costs}"


def test_plain_cost_is_inf_not_nan_where_a2_rounds_to_0_or_1():
    A2, Y = np.array([[0.0, 1.0, 0.0, 1.0]]), np.array([[0.0, 1.0, 1.0, 0.0]])
    with np.errstate(divide="ignore"):
        assert float(network.cost(A2[:, :2], Y[:, :2])) == 0.0, "right answers with certainty cost 0"
        assert float(network.cost(A2, Y)) == np.inf, "a wrong answer with certainty costs inf, never NaN"


# Relative accuracy of the slopes, in both tails: sigma'(z) for |z| <= 700 and tanh'(z) for |z| <= 354, the ranges
# where the true slope (e^-|z| and 4 e^-2|z| at the ends) is a normal float64. The reference takes s = sigma(-|z|)
# (expit: e^|z| within 1 ulp, then 1 + e and the division: 4 u, u = eps / 2), 1 - s within 5 u (s's error is
# 4 u s <= 4 u (1 - s) as s <= 1/2, and one rounding) and their product (one more): 10 roundings, gamma(10) relative.
# tanh'(z) = 4 sigma'(2z), where 2z and the 4 are exact. The truth comes from Python's decimal at 40 digits.
U = EPS / 2
SLOPE_BOUND = 10 * U / (1 - 10 * U)
SLOPE_RANGE = {"sigmoid": 700.0, "tanh": 354.0}


def exact_slope(name: str, z: float) -> Decimal:
    """sigma'(z) = e^-|z| / (1 + e^-|z|)^2 and tanh'(z) = 4 e^-2|z| / (1 + e^-2|z|)^2, to 40 digits."""
    with localcontext(prec=40):
        t = (Decimal(-abs(z)) * (1 if name == "sigmoid" else 2)).exp()
        return (1 if name == "sigmoid" else 4) * t / (1 + t) ** 2


def worst_relative_error(name: str, slope, limit: float) -> tuple[float, float, float, float]:
    """(z, slope(z), exact, relative error) where |slope(z) - exact| / exact is largest, over a grid of [-limit, limit]
    with steps of 0.1, and the points of EXTREMES inside it."""
    z = np.concatenate([np.linspace(-limit, limit, int(20 * limit) + 1), Z[np.abs(Z) <= limit]])
    values = np.asarray(slope(z))
    with localcontext(prec=40):
        exact = [exact_slope(name, float(t)) for t in z]
        errors = [float(abs(Decimal(float(v)) - e) / e) for v, e in zip(values, exact, strict=True)]
    worst = int(np.argmax(errors))
    return float(z[worst]), float(values[worst]), float(exact[worst]), errors[worst]


@pytest.mark.parametrize("name", sorted(SLOPE_RANGE))
def test_slopes_are_accurate_relative_in_both_tails(name):
    z, value, exact, error = worst_relative_error(name, ACTIVATIONS[name].dg, SLOPE_RANGE[name])
    assert error <= SLOPE_BOUND, (
        f"{name}' at z = {z!r}: reference {value!r}, exact {exact!r}, relative error {error:.2e} > bound "
        f"{SLOPE_BOUND:.2e} (gamma(10))"
    )


NOTES_FORMULAS = {
    "sigmoid": lambda z: sigmoid(z) * (1.0 - sigmoid(z)),  # g(z) (1 - g(z)): 0 from z = 37 on
    "tanh": lambda z: 1.0 - np.tanh(z) ** 2,  # 1 - tanh(z)^2: 0 from |z| = 19.1 on
}


@pytest.mark.parametrize("name", sorted(SLOPE_RANGE))
def test_the_notes_formulas_as_written_fail_the_relative_bound(name):
    """Negative control: written as in the notes, the slope cancels to 0 in the tail, a relative error of 1."""
    z, value, exact, error = worst_relative_error(name, NOTES_FORMULAS[name], SLOPE_RANGE[name])
    assert value == 0.0 and error == 1.0, f"{name}' as written: at z = {z!r}, {value!r} against {exact!r}"
