"""The first estimate (gradcheck.first) decides an element only where its error estimate settles within the
resolution: it cannot hide an error that the check promises to detect, and it costs three evaluations per element
(at a step grown where its rounding would not fit the resolution).

The hardest case for an early decision: the analytic gradient equals the first estimate itself, so that the first
estimate alone sees no gap. On sum sin(w x) with w = 30 the first estimate's truncation error (h^2 w^3 / 6) is some
7 times the resolution; the error estimate says so, scipy refines, and the check fails.
"""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_grad
from shallow_proofs.gradcheck import settle as settle_module
from shallow_proofs.gradcheck.first import first_estimate
from shallow_proofs.gradcheck.function import BlackBox
from shallow_proofs.gradcheck.layout import Layout
from shallow_proofs.gradcheck.noise import POINTS

RESOLUTION = float(np.sqrt(np.finfo(np.float64).eps))
X = np.linspace(0.1, 0.7, 5)
W = 30.0
PROBE = POINTS + 1  # the noise probe: 8 points and the ninth of its right half


def waves(v):
    return np.sum(np.sin(W * v), axis=-1)


def first_estimate_itself():
    """The central differences at the engine's own first steps: the value the first estimate finds."""
    box = BlackBox(waves, Layout(X), batched=True, order=2, rng=np.random.default_rng(0))
    h, k = box.element_steps(2), np.arange(X.size)
    return (box.element(h, k) - box.element(-h, k))[:, 0] / (2.0 * h)


def test_first_estimate_cannot_hide_an_error():
    wrong, right = first_estimate_itself(), W * np.cos(W * X)
    error = float(np.max(np.abs(wrong - right)) / np.max(np.abs(right)))
    assert error > 5 * RESOLUTION, f"the planted error {error:.3g} is within what the check promises to detect"
    report = check_grad(waves, wrong, X, batched=True)
    assert not report.passed and report["x"].checked == X.size, report.message
    assert check_grad(waves, right, X, batched=True).passed


def test_without_its_error_estimate_the_first_estimate_would_hide_it(monkeypatch):
    """Negative control: a first estimate that claims no error decides at once and passes the wrong gradient."""

    def blind(*args):
        found = first_estimate(*args)
        return found._replace(error=np.zeros_like(found.error))

    monkeypatch.setattr(settle_module, "first_estimate", blind)
    assert check_grad(waves, first_estimate_itself(), X, batched=True).passed


@pytest.mark.parametrize("batched", [False, True])
def test_three_evaluations_per_element_where_it_settles(batched):
    """f(x), the noise probe's 9 points, then +-h and 2h per element: nothing refined on a smooth function."""
    x = np.random.default_rng(0).standard_normal(300)
    rows = []

    def chain(v):
        rows.append(int(np.prod(v.shape[:-1])))
        return np.sum(np.logaddexp(0.0, v[..., :-1]) * np.sin(v[..., 1:]), axis=-1) + np.sum(v, axis=-1) ** 2 / 2

    grad = np.full_like(x, x.sum())
    grad[:-1] += np.sin(x[1:]) / (1.0 + np.exp(-x[:-1]))
    grad[1:] += np.logaddexp(0.0, x[:-1]) * np.cos(x[1:])
    report = check_grad(chain, grad, x, batched=batched)
    assert report.passed and report["x"].checked == x.size, report.message
    assert sum(rows) == 1 + PROBE + 3 * x.size


def small_waves(rows):
    """1 + 3e-3 sum sin(v): a gradient 300 times smaller than f, whose rounding delta (about eps |f|) then gives the
    central difference at f's own step (about 1e-5) a rounding r = delta / h near the target rho max|grad| itself."""

    def f(v):
        rows.append(int(np.prod(v.shape[:-1])))
        return 1.0 + 3e-3 * np.sum(np.sin(v), axis=-1)

    return f


def test_a_step_grown_for_its_rounding_lets_the_first_estimate_settle_a_small_gradient():
    """f(x), the noise probe's 9 points, then +-h and 2h per element at the grown step: nothing refined."""
    x, rows = np.linspace(-1.0, 1.0, 50), []
    report = check_grad(small_waves(rows), 3e-3 * np.cos(x), x, batched=True)
    assert report.passed and report["x"].checked == x.size, report.message
    assert sum(rows) == 1 + PROBE + 3 * x.size, (
        f"{sum(rows)} evaluations; the first estimate alone needs {1 + PROBE + 150}"
    )


def test_at_f_s_own_step_the_small_gradient_is_refined(monkeypatch):
    """Negative control: without the grown step (FIT = 1) the rounding keeps the first estimate from settling, and
    scipy's refinement costs more evaluations (the verdict is the same)."""
    monkeypatch.setattr(settle_module, "FIT", 1.0)
    x, rows = np.linspace(-1.0, 1.0, 50), []
    report = check_grad(small_waves(rows), 3e-3 * np.cos(x), x, batched=True)
    assert report.passed and report["x"].checked == x.size, report.message
    assert sum(rows) > 1 + PROBE + 3 * x.size, f"{sum(rows)} evaluations: the first estimate settled at f's own step"


def test_a_third_point_outside_f_s_domain_leaves_the_variable_to_scipy():
    """Delta(2h) not finite (f's domain ends between h and 2h), Delta(+-h) finite: the first estimate has no error
    estimate for that variable, so it is not finite (scipy refines it, its stencil within h), while its neighbour is."""

    def f(s, k):
        return np.where((np.asarray(k) == 0) & (np.asarray(s) > 1.5e-3), np.nan, np.sin(np.asarray(s)))

    found = first_estimate(f, np.arange(2), np.full(2, 1e-3), 2)
    assert np.isfinite(found.df[0]) and not np.isfinite(found.error[0]), found
    np.testing.assert_array_equal(found.finite, [False, True])
