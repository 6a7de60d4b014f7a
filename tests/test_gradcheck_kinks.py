"""No blind spot at kinks (issue 13): on a ReLU network with 10 % of its pre-activations within 1e-9 of 0, a relative
error of 1e-6 in dW1 is detected in full and in directional mode, every element being checked; a pre-activation
exactly at 0 makes the elements it enters not checkable, counted, and never passed."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck_problems import gradient, near_kinks

from shallow_proofs.gradcheck import check_directions, check_grad, check_parameters, full
from shallow_proofs.gradcheck.kinks import with_kinks
from shallow_proofs.gradcheck.notes import RESOLUTION
from shallow_proofs.gradcheck.result import KINK, SAFETY

ERROR = 1e-6


def wrong(grads):
    return {**grads, "dW1": grads["dW1"] * (1.0 + ERROR)}


@pytest.fixture(scope="module")
def problem():
    X, Y, params, grads = near_kinks()
    Z1 = params["W1"] @ X + params["b1"]
    assert np.mean(np.abs(Z1) < 1e-9) >= 0.1 and np.all(Z1 != 0)
    return X, Y, params, grads


def test_full_mode_checks_every_element_and_detects(problem):
    X, Y, params, grads = problem
    right = check_parameters(X, Y, params, grads, "relu")
    for check in right.values():
        assert check.passed and check.checked == check.unchecked.size, check.message
    check = check_parameters(X, Y, params, wrong(grads), "relu")["dW1"]
    assert not check.passed, f"full mode missed a relative error of {ERROR} in dW1: {check.message}"


@pytest.mark.parametrize("seed", range(3))
def test_directional_mode_checks_and_detects(problem, seed):
    X, Y, params, grads = problem
    right = check_directions(X, Y, params, grads, "relu", rng=seed)
    for check in right.values():
        assert check.passed and check.checked == check.unchecked.size, check.message
    check = check_directions(X, Y, params, wrong(grads), "relu", rng=seed)["dW1"]
    assert not check.passed, f"directional mode missed a relative error of {ERROR} in dW1: {check.message}"


def test_exactly_at_the_kink_is_not_checkable(problem):
    """Z1[3, 0] = W1[3] . 0 + 0 = 0 exactly, where the slope is 0 or 1: db1[3] (weight 1) is not checkable, dW1[3]
    (weights X[:, 0] = 0) and the other rows are checked, and still catch a wrong dW1."""
    X, Y, params, _ = problem
    X = X.copy()
    X[:, 0] = 0.0
    params = {**params, "b1": params["b1"].copy()}
    params["b1"][3] = 0.0
    grads = gradient(X, Y, params, "relu")
    checks = check_parameters(X, Y, params, grads, "relu")
    db1 = checks["db1"]
    assert db1.unchecked[3, 0] == KINK and db1.checked == db1.unchecked.size - 1, db1.message
    assert "kink within the step" in db1.message and db1.passed, db1.message
    assert checks["dW1"].checked == checks["dW1"].unchecked.size, checks["dW1"].message
    assert not check_parameters(X, Y, params, wrong(grads), "relu")["dW1"].passed


def test_black_box_reports_instead_of_passing_across_a_kink():
    """sum |x| at x = (1e-12, 1): no step of the default size keeps x_0 on its side; the wrong slope -1 at x_0 is
    either caught or reported as not checkable, never passed."""
    x = np.array([1e-12, 1.0])
    report = check_grad(lambda v: float(np.sum(np.abs(v))), np.array([-1.0, 1.0]), x)
    check = report["x"]
    assert not check.passed or check.unchecked[0] != 0, check.message


def test_the_near_inputs_are_refined_to_the_tightest_groups_allowance(problem, monkeypatch):
    """Full mode refines the near inputs to the error an element may have, rho ||n||_inf / S, on the scale of the
    group of smallest nonzero scale (its verdict is the most demanding), rho = sqrt(eps)."""
    X, Y, params, grads = problem
    allowances = []

    def spy(settled, kinks, weigh, atol):
        allowances.append(atol)
        return with_kinks(settled, kinks, weigh, atol)

    monkeypatch.setattr(full, "with_kinks", spy)
    check_parameters(X, Y, params, grads, "relu")
    scale = min(float(np.max(np.abs(grads[f"d{key}"]))) for key in ("W1", "b1", "W2", "b2"))
    expected = RESOLUTION * scale / SAFETY
    assert allowances == [expected], f"atol = rho min_group ||n||_inf / S: {allowances}, {expected!r}"
