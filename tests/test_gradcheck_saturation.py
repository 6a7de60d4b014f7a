"""No false alarm at saturation in black-box mode (issue 13): the course's plain cost on A2, differentiated as a black
box, at median |Z2| = 1, 5, 20, 35 and 50. Where A2's rounding hides the derivative, the elements are reported as not
checkable (the plain cost's noise, bounded from its conditioning and measured); where it does not, a relative error of
1e-6 is still detected. No false alarm means no FAILED verdict: an element hidden by A2's rounding is not checked,
and a quantity with none checked says "not checked" (never "passed")."""

from __future__ import annotations

import pytest
from gradcheck_problems import saturated

from shallow_proofs.gradcheck import check_black_box
from shallow_proofs.gradcheck.notes import plain_cost_noise
from shallow_proofs.reference import course


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
