"""gradcheck.differences.partials: scipy's central differences, CHUNK variables per call, refined up to MAXITER
iterations, each step half the last; the final step is the one of the last iterate, and an element whose derivative
or error estimate is not finite is flagged, so that its tolerance (S e + r) is never infinite."""

from __future__ import annotations

import numpy as np

from shallow_proofs.gradcheck.differences import partials


def test_the_final_step_is_the_last_iterates_after_eight_iterations():
    """f = t + t^3: the order-2 central difference at step h is exactly 1 + h^2 (dyadic h), and its error estimate,
    3/4 of the last h^2, shrinks at every iteration: with no tolerance, scipy stops after MAXITER = 8 iterations, at
    h = 1 / 2^7. The reported final step is the step of the returned derivative: df = 1 + h^2."""
    result = partials(lambda t, v: t + t**3, np.arange(1), 1.0)
    h = result.final_step[0]
    assert h == 2.0**-7, f"8 iterations halve the step 7 times: final step {h!r}, 2^-7 {2.0**-7!r}"
    assert result.df[0] == 1.0 + h**2, f"df = 1 + h^2 at the final step h: df {result.df[0]!r}, {1.0 + h**2!r}"


def test_an_error_estimate_that_overflows_is_not_finite():
    """f = c t beyond |t| = 0.01, -c t within (c = 1.5e308): the last iterate (h = 2^-7) flips the difference from c
    to -c, both finite, and their change 2c overflows: the element is flagged not finite, as its tolerance would be
    infinite."""
    c = 1.5e308
    result = partials(lambda t, v: np.where(np.abs(t) > 0.01, c * t, -c * t), np.arange(1), 1.0)
    assert np.isfinite(result.df[0]) and result.error[0] == np.inf, (
        f"precondition: df finite, error estimate inf: df {result.df[0]!r}, error {result.error[0]!r}"
    )
    assert not result.finite[0], f"an infinite error estimate must be flagged: finite {result.finite[0]}"


def test_one_scipy_call_takes_512_variables():
    """CHUNK = 512: 1024 variables are differentiated in two calls of 512, so memory stays O(512 x stencil)."""
    seen: list[int] = []

    def f(t, v):
        seen.append(np.unique(v).size)
        return t

    partials(f, np.arange(1024), 1.0)
    assert max(seen) == 512, f"the most variables in one evaluation: {max(seen)}, CHUNK = 512"
