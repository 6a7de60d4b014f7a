"""gradcheck.settle's scales: the largest |value| of each variable's group, and the smallest of them that is not 0."""

from __future__ import annotations

import numpy as np

from shallow_proofs.gradcheck.settle import group_scale, smallest_scale


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
