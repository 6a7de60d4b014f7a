"""No blind spot at kinks (issue 13): on a ReLU network with 10 % of its pre-activations within 1e-9 of 0, a relative
error of 1e-6 in dW1 is detected in full and in directional mode, every element being checked; a pre-activation
exactly at 0 makes the elements it enters not checkable, counted, and never passed."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck_problems import gradient, near_kinks

from shallow_proofs.gradcheck import check_directions, check_grad, check_parameters, full
from shallow_proofs.gradcheck.differences import ONE_SIDED_GAIN, partials
from shallow_proofs.gradcheck.kinks import Kinks, near_partials, with_kinks
from shallow_proofs.gradcheck.notes import RESOLUTION
from shallow_proofs.gradcheck.result import CHECKED, KINK, SAFETY
from shallow_proofs.gradcheck.settle import Settled

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


def near(f, steps, sides, noise, weight=1.0):
    """Kinks of near inputs u_j, Delta J = f(t, j), entering the elements one each with du/dt = ``weight``."""

    def weigh(values, absolute):
        return abs(weight) * np.asarray(values) if absolute else weight * np.asarray(values)

    return Kinks(f, np.asarray(steps), np.asarray(sides), np.asarray(noise), weigh, lambda V: weigh)


def relu_delta(t, j):
    return np.maximum(np.asarray(t, dtype=np.float64), 0.0) + 0.0 * np.asarray(j)


def test_an_input_exactly_at_its_kink_is_differentiated_on_the_right_and_blocks_its_elements():
    """u = 0 exactly on ReLU: its difference is one-sided to the right (side +1, where the slope is 1; central
    differences would give 1/2), its code KINK. The stencil's weights round the exact values t by at most G eps."""
    settled = near_partials(near(relu_delta, [0.1], [0], [0.0]), atol=0.0)
    assert settled.codes[0] == KINK, settled
    bound = ONE_SIDED_GAIN[2] * np.finfo(np.float64).eps
    assert abs(settled.df[0] - 1.0) <= bound, f"right slope of ReLU at 0: df {settled.df[0]!r}, 1 (within {bound:.3g})"


@pytest.mark.parametrize("side", [1, -1])
def test_near_rounding_is_the_one_sided_gain(side):
    """r = G delta / h with G = 4 + 4 sqrt(2), scipy's one-sided stencil of order 2, at its final step."""
    z = np.array([0.3, 1.1])

    def f(t, j):
        t, j = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(j).astype(np.intp))
        return np.sin(z[j] + t) - np.sin(z[j])

    noise, steps = np.array([1e-16, 1e-12]), np.array([0.1, 0.1])
    settled = near_partials(near(f, steps, [side, side], noise), atol=1e-6)
    result = partials(f, np.arange(2), steps, atol=1e-6, order=2, step_direction=side)
    np.testing.assert_array_equal(settled.rounding, ONE_SIDED_GAIN[2] * noise / result.final_step)


def test_near_inputs_are_refined_to_half_the_allowance_over_the_reach():
    """Each near input is refined to atol / (2 max(reach, 1)), reach the largest sum of weights |du/dt| of an element:
    here 0.1 (so the allowance is atol / 2, not atol / (2 reach)). sin at 8 curvatures 2^(j/4) stops at iterations
    that differ between atol / 4, atol / 2, atol and 5 atol
    (atol = 1e-3: scipy's error falls by about 4 per halving, within its 8 iterations from step 0.5)."""
    c = 2.0 ** (np.arange(8) / 4.0)

    def f(t, j):
        t, j = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(j).astype(np.intp))
        return np.sin(c[j] * t)

    steps, atol = np.full(8, 0.5), 1e-3
    kinks = near(f, steps, np.ones(8), np.zeros(8), weight=0.1)
    zero = Settled(np.zeros(8), np.zeros(8), np.zeros(8), np.zeros(8, dtype=np.int8))
    found = with_kinks(zero, kinks, kinks.elements, atol).df

    def refined(to):
        return 0.1 * partials(f, np.arange(8), steps, atol=to, order=2, step_direction=1).df

    for other in (atol / 4, atol, 5 * atol):
        assert np.any(refined(other) != refined(atol / 2)), f"precondition: atol {other} must stop elsewhere"
    np.testing.assert_array_equal(found, refined(atol / 2), err_msg="near inputs refined to atol / (2 max(reach, 1))")


def test_a_negative_weight_counts_by_its_size_in_the_reach_and_the_rounding():
    """du/dt = -3: the reach is |du/dt| = 3, so each near input is refined to atol / (2 x 3); its rounding enters the
    element as |du/dt| r, added to the far part's rounding (a bound, never a discount), and its derivative as
    du/dt dJ/du. sin at 8 curvatures from step 0.5 stops at iterations that differ between atol / 6 and atol / 2."""
    c = 2.0 ** (np.arange(8) / 4.0)

    def f(t, j):
        t, j = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(j).astype(np.intp))
        return np.sin(c[j] * t)

    steps, atol, noise = np.full(8, 0.5), 1e-3, np.full(8, 1e-12)
    kinks = near(f, steps, np.ones(8), noise, weight=-3.0)
    far = Settled(np.zeros(8), np.zeros(8), np.full(8, 1e-9), np.zeros(8, dtype=np.int8))
    found = with_kinks(far, kinks, kinks.elements, atol)
    alone = partials(f, np.arange(8), steps, atol=atol / 6, order=2, step_direction=1)
    other = partials(f, np.arange(8), steps, atol=atol / 2, order=2, step_direction=1)
    assert np.any(alone.df != other.df), "precondition: atol / 6 and atol / 2 must stop elsewhere"
    np.testing.assert_array_equal(found.df, -3.0 * alone.df, err_msg="du/dt dJ/du, refined to atol / (2 |du/dt|)")
    rounding = ONE_SIDED_GAIN[2] * noise / alone.final_step
    np.testing.assert_array_equal(found.rounding, 1e-9 + 3.0 * rounding, err_msg="far r + |du/dt| near r")


@pytest.mark.parametrize("weight", [1.0, -1.0])
def test_an_input_at_its_kink_blocks_its_elements_and_adds_no_derivative(weight):
    """u = 0 exactly on ReLU enters element 0 with du/dt = +-1 and element 1 with 0: element 0 is not checkable
    whatever the sign of du/dt, and its derivative is the far part's alone (u at its kink has no derivative to add);
    element 1 is untouched."""

    def weigh(values, absolute):
        w = np.array([[weight], [0.0]])
        return (np.abs(w) if absolute else w) @ np.asarray(values)

    kinks = Kinks(relu_delta, np.array([0.1]), np.array([0]), np.array([0.0]), weigh, lambda V: weigh)
    far = Settled(np.array([0.5, 0.25]), np.zeros(2), np.zeros(2), np.zeros(2, dtype=np.int8))
    found = with_kinks(far, kinks, kinks.elements, 1e-6)
    np.testing.assert_array_equal(found.codes, [KINK, CHECKED], err_msg="codes: element 0 blocked, element 1 not")
    np.testing.assert_array_equal(found.df, [0.5, 0.25], err_msg="df: the far part's, nothing from u at its kink")
