"""gradcheck.settle's scales (the largest |value| of each variable's group, and the smallest of them that is not 0),
and its first pass at order 4: scipy refined to the resolution, the rounding term at scipy's final step."""

from __future__ import annotations

import numpy as np

from shallow_proofs.gradcheck.differences import gain, partials
from shallow_proofs.gradcheck.result import CHECKED, SAFETY
from shallow_proofs.gradcheck.settle import group_scale, settle, smallest_scale

RHO = float(np.sqrt(np.finfo(np.float64).eps))


def test_group_scale_is_the_largest_finite_magnitude_of_the_group():
    values = np.array([0.5, -3.0, np.inf, 0.0, -0.25])
    groups = np.array([0, 0, 1, 1, 2])
    np.testing.assert_array_equal(group_scale(values, groups), [3.0, 3.0, 0.0, 0.0, 0.25])


def test_smallest_scale_leaves_out_groups_of_zeros():
    """A group of zeros has no resolution to give: the tightest group is the smallest nonzero one."""
    values = np.array([0.0, 0.0, 4.0, -2.0, 0.5])
    groups = np.array([0, 0, 1, 1, 2])
    assert smallest_scale(values, groups) == 0.5
    assert smallest_scale(np.zeros(3), np.zeros(3, dtype=np.intp)) == 0.0


def test_first_pass_at_order_4_is_refined_to_the_resolution_and_rounds_by_G_delta_over_h():
    """Order 4 goes to scipy at once, refined to atol = rho max|analytic| / S; a variable that settles there keeps
    that derivative, with r = G delta / h at scipy's final step h (sin, smooth: every variable settles)."""
    z = np.array([-1.0, 0.3, 0.8, 2.0])

    def f(t, k):
        t, k = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(k).astype(np.intp))
        return np.sin(z[k] + t) - np.sin(z[k])

    variables, noise, analytic = np.arange(z.size), np.full(z.size, 1e-16), np.cos(z)
    steps = np.full(z.size, 0.25)
    settled = settle(
        f, variables, lambda order: steps, noise, np.zeros(z.size, dtype=np.intp), analytic, resolution=RHO, order=4
    )
    first = partials(f, variables, steps, atol=RHO * float(np.max(np.abs(analytic))) / SAFETY, order=4)
    assert np.all(settled.codes == CHECKED), f"sin settles everywhere: codes {settled.codes}"
    np.testing.assert_array_equal(settled.df, first.df, err_msg="df: scipy's first pass, refined to rho max|a| / S")
    np.testing.assert_array_equal(
        settled.rounding, gain(4, 0) * noise / first.final_step, err_msg="r = G delta / h at scipy's final step"
    )
