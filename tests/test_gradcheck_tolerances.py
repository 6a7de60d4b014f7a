"""The tolerances of gradcheck's verdicts are the formula of gradcheck.result, term by term:
tau_k = S e_k + r_k + K eps ||n||_inf, with ||n||_inf over the checked elements only, and for an element-wise g
(gradcheck.elementwise) r_k = G eps (|g(z_k)| + |z_k| + 1) / h_k on scipy's central stencil, and K = 1. The complex
step's error estimate is Richardson's, |D(2h) - D(h)| / 3, with h = sqrt(eps) max(|x_k|, 1)."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_grad
from shallow_proofs.gradcheck.differences import gain, partials
from shallow_proofs.gradcheck.elementwise import check_elementwise
from shallow_proofs.gradcheck.notes import RESOLUTION
from shallow_proofs.gradcheck.result import EPS, KINK, NOISE, NOT_FINITE, SAFETY, compare

Z = np.array([-1.5, -0.3, 0.2, 0.9, 2.0])
STEP = 0.25


def assert_tolerance(found: np.ndarray, expected: np.ndarray, equation: str) -> None:
    k = int(np.argmax(np.abs(found - expected)))
    assert np.array_equal(found, expected), (
        f"{equation}: element {k}: tolerance {found[k]:.17g}, the formula gives {expected[k]:.17g}"
    )


def test_compare_scales_by_the_checked_elements_only():
    """An element not checked (here a kink) takes no part in ||n||_inf, even where the others are all below 1, nor
    in the choice of the worst element."""
    analytic = np.array([0.5, -0.25, 0.125])
    numerical = analytic + np.array([0.0, 1e-13, 0.0])
    error, rounding, terms = np.full(3, 1e-12), np.full(3, 1e-14), 3
    check = compare("L09.dW1", "dW1", analytic, numerical, error, terms, rounding, unchecked=[0, 0, KINK])
    expected = SAFETY * error + rounding + terms * EPS * 0.5
    assert_tolerance(check.tolerance, expected, "tau_k = S e_k + r_k + K eps ||n||_inf (checked elements)")
    assert check.worst_index == (1,), f"the worst element is the worst checked one: (1,), not {check.worst_index}"


def test_elementwise_tolerance_is_the_central_stencil_rounding_of_g():
    """check_elementwise with its defaults: central differences (step_direction 0), K = 1, and the rounding of one
    evaluation of g at z + s, eps (|g(z)| + |z| + 1), amplified by the stencil's gain at scipy's final step."""
    check = check_elementwise("L08.tanh", "tanh'", np.tanh, 1.0 - np.tanh(Z) ** 2, Z, STEP)
    g_z = np.tanh(Z)

    def f(t, k):
        t, k = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(k).astype(np.intp))
        return np.tanh(Z[k] + t) - g_z[k]

    result = partials(f, np.arange(Z.size), STEP, rtol=RESOLUTION / SAFETY, order=2, step_direction=0)
    rounding = gain(2, 0) * EPS * (np.abs(g_z) + np.abs(Z) + 1.0) / result.final_step
    expected = SAFETY * result.error + rounding + 1 * EPS * np.max(np.abs(result.df))
    assert_tolerance(check.tolerance, expected, "tau_k = S e_k + G eps (|g(z_k)| + |z_k| + 1) / h_k + eps ||n||_inf")


def test_an_empty_quantity_has_no_error():
    check = compare("L09.db1", "db1", np.empty(0), np.empty(0), np.empty(0), 1)
    assert check.max_abs_error == 0.0 and check.max_rel_error == 0.0, (
        f"max_k |a_k - n_k| over no element: max abs error {check.max_abs_error}, max rel error "
        f"{check.max_rel_error}; both 0"
    )


def test_complex_step_error_estimate_is_richardsons():
    """D(h) = Im f(x + i h e_k) / h errs by c h^2: D(2h) - D(h) = 3 c h^2, so D(h) errs by |D(2h) - D(h)| / 3."""

    def f(x):
        return np.sum(np.sin(x) * x[::-1])

    x = np.array([-1.5, 0.25, 2.5, 4.0])
    check = check_grad(f, lambda v: np.cos(v) * v[::-1] + np.sin(v)[::-1], x, mode="complex")["x"]
    h = np.sqrt(EPS) * np.maximum(np.abs(x), 1.0)

    def D(scale: float) -> np.ndarray:
        rows = np.repeat(x[None, :].astype(np.complex128), x.size, axis=0)
        rows[np.arange(x.size), np.arange(x.size)] += 1j * scale * h
        return np.array([np.imag(f(row)) for row in rows]) / (scale * h)

    expected = np.abs(D(2.0) - D(1.0)) / 3.0
    np.testing.assert_array_equal(
        check.error_estimate, expected, err_msg="e_k = |D(2h) - D(h)| / 3, h = sqrt(eps) max(|x_k|, 1)"
    )


def test_the_analytic_side_rounds_at_least_once():
    """K = max(terms, 1): even a gradient element of no sum is one rounded product, eps ||n||_inf."""
    check = compare("L09.db2", "db2", np.array([1.0]), np.array([1.0]), np.array([0.0]), 0)
    assert check.tolerance[0] == EPS, f"tau = max(K, 1) eps ||n||_inf, K = 0: tolerance {check.tolerance[0]!r}, {EPS!r}"


def test_a_gap_equal_to_its_tolerance_passes():
    """|a_k - n_k| <= tau_k, inclusive: a = 2^-10, n = 0, e = 2^-12 gives gap = tau = 4 e exactly."""
    check = compare("L09.db2", "db2", np.array([2.0**-10]), np.array([0.0]), np.array([2.0**-12]), 1)
    assert check.passed, f"gap {2.0**-10!r} = tau {check.tolerance[0]!r} must pass: {check.message}"


def test_the_relative_error_divides_by_the_largest_numerical_value():
    """max rel error = max_k |a_k - n_k| / ||n||_inf, also where ||n||_inf < 1: 0.125 / 0.5."""
    check = compare("L09.db2", "db2", np.array([0.625]), np.array([0.5]), np.array([0.0]), 1)
    assert check.max_rel_error == 0.25, f"0.125 / 0.5 = 0.25: max rel error {check.max_rel_error!r}"


def test_each_reason_for_an_unchecked_element_is_counted_apart():
    check = compare("L09.dW1", "dW1", np.ones(4), np.ones(4), np.zeros(4), 1, unchecked=[0, KINK, NOISE, NOT_FINITE])
    expected = (
        "; not checkable here: 1 kink within the step, 1 noise of f (or a kink) swamps the step, "
        "1 f not finite within the step (of 4)"
    )
    assert check.not_checkable == expected, f"one element of each reason: {check.not_checkable!r}, {expected!r}"


def test_compares_options_are_keyword_only():
    with pytest.raises(TypeError):
        compare("L09.db2", "db2", np.ones(1), np.ones(1), np.zeros(1), 1, 0.0, EPS)  # type: ignore[misc]


def test_a_directional_derivative_sums_the_keys_products_and_the_gradients_terms():
    """v . grad of key a sums P_a products, each element of grad K_f terms: K = P_a + K_f, K_f = P (a black box).
    f = sum(a) + sum(b) at 0 is exact (no noise, no rounding of the inputs, e = 0): tau = K eps |v . grad|."""
    x = {"a": np.zeros(3), "b": np.zeros(2)}
    report = check_grad(
        lambda v: float(np.sum(v["a"]) + np.sum(v["b"])), {"a": np.ones(3), "b": np.ones(2)}, x, mode="directional"
    )
    for key, terms in (("a", 3 + 5), ("b", 2 + 5)):
        check = report[key]
        assert check.error_estimate[0] == 0.0, f"precondition: e = 0 for a linear f, got {check.error_estimate[0]!r}"
        expected = terms * EPS * np.abs(check.numerical)
        assert_tolerance(check.tolerance, expected, f"{key}: tau = (P_{key} + P) eps |v . grad|")


def test_elementwise_slopes_are_refined_to_the_resolution():
    """Refinement stops at rtol = rho / S: scipy's estimate then satisfies S e_k < rho |g'(z_k)|, rho = sqrt(eps).
    From h = 2^-10, tanh's central differences converge long before MAXITER (truncation h^2 |g'''| / 6 shrinks 4x per
    halving, rounding eps / h stays below 1e-12)."""
    check = check_elementwise("L08.tanh", "tanh'", np.tanh, 1.0 - np.tanh(Z) ** 2, Z, 2.0**-10)
    width = SAFETY * check.error_estimate / (RESOLUTION * np.abs(check.numerical))
    k = int(np.argmax(width))
    assert np.all(width < 1.0), f"S e_k < rho |g'(z_k)|: element {k}: S e / (rho |g'|) = {width[k]:.3g}"


def test_the_worst_element_is_the_one_furthest_beyond_its_tolerance():
    """Element 0 is off by more (1e-6) but within its tolerance (S e = 4e-6); element 1 is off by less (1e-9) and
    beyond its own (about 2 eps): the message names element 1, the failing one."""
    analytic = np.array([1.0, 1.0])
    check = compare("L09.db1", "db1", analytic, analytic + np.array([1e-6, 1e-9]), [1e-6, 0.0], 1)
    assert not check.passed and check.worst_index == (1,), check.message
    assert check.message.startswith("L09.db1: db1[1] FAILED"), check.message


def test_the_safety_factor_is_the_documented_4():
    """gradcheck.result states S = 4 (tau_k = 4 e_k + r_k + K eps ||n||_inf); scipy's estimate e_k, the change
    between its last two iterates, is 3 times the last iterate's error in the asymptotic regime (the h^2 terms of
    steps 2h and h are in ratio 4), so S = 4 leaves a factor 12 for iterates not yet in that regime. This checks the
    documented value, a design choice, not a bound derived to the digit."""
    error, rounding = np.array([1e-10, 3e-10]), np.array([1e-14, 0.0])
    check = compare("L09.dW1", "dW1", np.array([0.5, -0.25]), np.array([0.5, -0.25]), error, 2, rounding)
    assert_tolerance(check.tolerance, 4.0 * error + rounding + 2 * EPS * 0.5, "tau_k = 4 e_k + r_k + K eps ||n||_inf")
