"""No false alarm at saturation in black-box mode (issue 13): the course's plain cost on A2, differentiated as a black
box, at median |Z2| = 1, 5, 20, 35 and 50. Where A2's rounding hides the derivative, the elements are reported as not
checkable (the plain cost's noise, bounded from its conditioning and measured); where it does not, a relative error of
1e-6 is still detected. No false alarm means no FAILED verdict: an element hidden by A2's rounding is not checked,
and a quantity with none checked says "not checked" (never "passed"). The bound on the plain cost's noise is its
conditioning, term by term."""

from __future__ import annotations

import math

import numpy as np
import pytest
from gradcheck_problems import saturated

from shallow_proofs.gradcheck import check_black_box
from shallow_proofs.gradcheck.notes import plain_cost_noise
from shallow_proofs.reference import course

EPS = float(np.finfo(np.float64).eps)


def plain_cost(X, Y):
    def cost(params):
        A2, _ = course.forward_propagation(X, params)
        return course.compute_cost(A2, Y)

    return cost


@pytest.mark.parametrize("median_logit", [1.0, 5.0, 20.0, 35.0, 50.0])
def test_no_false_alarm(median_logit):
    X, Y, params, grads = saturated(median_logit)
    checks = check_black_box(plain_cost(X, Y), params, grads, noise=plain_cost_noise(X, Y, params))
    failed = [check.message for check in checks.values() if check.verdict == "FAILED"]
    assert not failed, "\n".join(failed)


@pytest.mark.parametrize("median_logit", [1.0, 5.0])
def test_sensitivity_kept_where_the_cost_is_accurate(median_logit):
    X, Y, params, grads = saturated(median_logit)
    wrong = {**grads, "dW2": grads["dW2"] * (1.0 + 1e-6)}
    check = check_black_box(plain_cost(X, Y), params, wrong, noise=plain_cost_noise(X, Y, params))["dW2"]
    assert check.checked == check.unchecked.size and not check.passed, check.message


def test_saturation_is_said():
    X, Y, params, grads = saturated(35.0)
    check = check_black_box(plain_cost(X, Y), params, grads, noise=plain_cost_noise(X, Y, params))["dW1"]
    assert check.checked < check.unchecked.size and "not checkable here" in check.message, check.message


def test_measured_noise_alone_catches_moderate_saturation():
    """Without the conditioning bound, the noise measured at x (gradcheck.noise) still prevents a false alarm at
    |Z2| = 20, where log(1 - A2) of an A2 rounded near 1 is noisy by e^20 eps."""
    X, Y, params, grads = saturated(20.0)
    checks = check_black_box(plain_cost(X, Y), params, grads)
    assert all(c.verdict != "FAILED" for c in checks.values()), "\n".join(c.message for c in checks.values())


@pytest.mark.parametrize("Z2", [2.0, 709.5])
def test_plain_cost_noise_is_its_conditioning_bound(Z2):
    """W2 = 0, b2 = Z2: every logit is Z2. Per example, eps (A2 / (1 - A2) / 2 + loss) where Y = 0, with A2 / (1 - A2)
    = e^Z2 (held at e^709, float64's largest power of e, above), and eps (1 / 2 + loss) where Y = 1; their mean."""
    X = np.array([[0.5, -1.0, 2.0, 0.25]])
    Y = np.array([[1.0, 0.0, 1.0, 0.0]])
    params = {"W1": np.ones((2, 1)), "b1": np.zeros((2, 1)), "W2": np.zeros((1, 2)), "b2": np.array([[Z2]])}
    loss_1 = np.log1p(np.exp(-Z2))  # -log sigma(Z2)
    loss_0 = Z2 + np.log1p(np.exp(-Z2))  # -log(1 - sigma(Z2))
    per_example = [0.5 + loss_1, np.exp(min(Z2, 709.0)) / 2.0 + loss_0]
    expected = EPS * (2 * per_example[0] + 2 * per_example[1]) / 4
    found = plain_cost_noise(X, Y, params)
    assert math.isclose(found, expected, rel_tol=8 * EPS), (
        f"delta = eps mean(A2 / (1 - A2) / 2 + loss) at Z2 = {Z2}: plain_cost_noise {found!r}, the bound {expected!r}"
    )


def test_without_a_noise_bound_every_element_is_checked_where_the_cost_is_accurate():
    """No ``noise`` given: only the measured noise counts, so at median |Z2| = 1 every element is checked, and a
    relative error of 1e-6 in dW2 fails."""
    X, Y, params, grads = saturated(1.0)
    wrong = {**grads, "dW2": grads["dW2"] * (1.0 + 1e-6)}
    checks = check_black_box(plain_cost(X, Y), params, wrong)
    assert all(c.checked == c.unchecked.size for c in checks.values()), "\n".join(c.message for c in checks.values())
    assert not checks["dW2"].passed, checks["dW2"].message
