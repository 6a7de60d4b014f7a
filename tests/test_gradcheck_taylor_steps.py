"""gradcheck.taylor's steps are the ones of its docstring: 16 steps, geometric, from h_0 = 2^10 times the directional
mode's initial step down to h_min = sqrt(2 FLOOR delta / c), FLOOR = 100, with c = 2 R(h_0) / h_0^2 estimated from
the remainder at h_0, and at most h_0 / 2. The direction d is the first draw of the same seeded generator."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_grad
from shallow_proofs.gradcheck.directional import draw_directions
from shallow_proofs.gradcheck.function import BlackBox
from shallow_proofs.gradcheck.layout import Layout
from shallow_proofs.gradcheck.taylor import Taylor, taylor_checks

X = np.linspace(-1.3, 2.1, 7)


W = np.array([0.5, -1.25, 2.0, 0.75, -0.5, 1.5, 1.0])


def f(x):
    return np.sum(np.sin(x) * x[..., ::-1], axis=-1)


def grad(x):
    return np.cos(x) * x[..., ::-1] + np.sin(x)[..., ::-1]


def linear(x):
    return np.sum(W * x, axis=-1)


@pytest.mark.parametrize(("f", "grad"), [(f, grad), (linear, lambda x: W)], ids=["curved", "linear"])
def test_taylor_steps_run_from_h0_to_h_min(f, grad):
    """For a curved f h_min is its curvature's; for a linear one (c is rounding, or 0) it is h_0 / 2."""
    func = BlackBox(f, Layout(X), batched=False, order=2, rng=np.random.default_rng(1))
    analytic = np.asarray(grad(X))[None, :]
    check = taylor_checks(func, analytic, {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    V, _ = draw_directions(func.layout, 1, np.random.default_rng(0))
    h_0 = 2.0**10 * float(func.direction_steps(V, func.order)[0])
    delta = float(np.max(func.direction_noise(V, analytic)))
    slope = (analytic @ V.T)[0, 0]  # <g, d>
    R_0 = float(np.abs(func.along(np.array([h_0]), np.array([0]), V)[0, 0] - h_0 * slope))
    c = 2.0 * R_0 / h_0**2
    h_min = min(np.sqrt(2.0 * 100.0 * delta / c), h_0 / 2)
    expected = np.geomspace(h_0, h_min, 16)
    np.testing.assert_array_equal(
        check.steps, expected, err_msg="h from h_0 = 2^10 h_dir to h_min = sqrt(2 FLOOR delta / c), 16 steps"
    )


def test_the_verdict_is_a_word_and_the_message_names_it():
    """Taylor.verdict is 'passed' or 'FAILED' (an attribute, as Check.verdict), and the message carries it."""
    steps = np.array([1.0, 0.5])
    right = Taylor("dW1 = dZ1 X^T / m", steps, steps**2, 2.0, True)
    wrong = Taylor("dW1 = dZ1 X^T / m", steps, steps, 1.0, False)
    assert (right.verdict, wrong.verdict) == ("passed", "FAILED")
    expected = "dW1 = dZ1 X^T / m: Taylor remainder passed: observed order 2.000 (2 if correct, 1 if wrong)"
    assert right.message == expected, right.message
    assert "Taylor remainder FAILED: observed order 1.000" in wrong.message, wrong.message


@pytest.mark.parametrize("x", [X, np.zeros(7)], ids=["x", "zero"])
def test_a_linear_f_has_no_order_and_passes_when_every_remainder_is_rounding(x):
    """R(h) of a linear f with its exact gradient is rounding at every step: no order (it was -15 or NaN, FAILED),
    the verdict from the rounding bound instead."""
    func = BlackBox(linear, Layout(x), batched=False, order=2, rng=np.random.default_rng(1))
    check = taylor_checks(func, W[None, :], {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert check.passed and check.linear and np.isnan(check.order), check.message
    assert check.message == (
        "grad: Taylor remainder passed: f is linear along the direction (no order to observe), and R(h) is within "
        "its rounding bound at every step"
    )


@pytest.mark.parametrize("error", [1e-6, 1e-2])
def test_a_wrong_slope_of_a_linear_f_fails(error):
    """|<g - grad f, d>| h is far above rounding at h_0: the remainder has order 1."""
    func = BlackBox(linear, Layout(X), batched=False, order=2, rng=np.random.default_rng(1))
    check = taylor_checks(func, W[None, :] * (1 + error), {"x": "grad"}, rng=np.random.default_rng(0))["x"]
    assert not check.passed and not check.linear, check.message


def test_a_key_with_no_elements_is_not_checked_in_taylor_mode():
    """The direction of an empty key is 0: x + h d is x, R(h) is 0 at every step, and nothing was tested; the other
    key is checked as usual."""
    W = np.array([0.3, -1.2])

    def f(p):
        return float(np.sum(np.sin(p["W"])) + np.sum(p["E"]))

    report = check_grad(f, {"E": np.zeros((2, 0)), "W": np.cos(W)}, {"E": np.zeros((2, 0)), "W": W}, mode="taylor")
    assert report["E"].verdict == "not checked", f"nothing moved in E, so nothing is shown: {report['E'].message}"
    assert report["W"].passed, report["W"].message
    assert report.verdict == "not checked", f"the report claims no more than its keys: {report.verdict}"
