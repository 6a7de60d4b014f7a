"""L08: each activation's derivative g' against scipy's finite differences of g, away from the kink; at the kink,
one-sided differences show the two slopes that no finite difference can choose between."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck.elementwise import check_elementwise
from shallow_proofs.gradcheck.network import STEP
from shallow_proofs.gradcheck.tests.problems import MARGIN, SEED

RIGHT_SLOPE = {"relu": 1.0, "leaky_relu": 1.0}
LEFT_SLOPE = {"relu": 0.0, "leaky_relu": 0.01}


def inputs(kinked: bool) -> np.ndarray:
    """64 values in [-6, 6]; for ReLU and leaky ReLU at least MARGIN away from 0, with steps of MARGIN / 2."""
    z = np.random.default_rng(SEED).uniform(-6.0, 6.0, 64)
    return np.where(np.abs(z) < MARGIN, np.sign(z + 0.5 * MARGIN) * MARGIN, z) if kinked else z


@pytest.mark.parametrize(
    "name",
    [pytest.param(name, marks=pytest.mark.proves(f"L08.{name}")) for name in ("sigmoid", "tanh", "relu", "leaky_relu")],
)
def test_derivative_matches_finite_differences(impl, evidence, name):
    claim = f"L08.{name}"
    g, dg = impl.activation(name)
    kinked = name in RIGHT_SLOPE
    z = inputs(kinked)
    check = check_elementwise(claim, f"{name}'", g, dg(z), z, MARGIN / 2 if kinked else STEP)
    evidence(max_rel_error=check.max_rel_error, error_estimate=float(check.error_estimate.max()))
    if not check.passed:
        pytest.fail(check.message, pytrace=False)


@pytest.mark.proves("L08.kink")
@pytest.mark.parametrize("name", ["relu", "leaky_relu"])
def test_one_sided_slopes_differ_at_the_kink(impl, name):
    g, dg = impl.activation(name)
    zero = np.zeros(1)
    right = check_elementwise("L08.kink", f"{name}'(0+)", g, [RIGHT_SLOPE[name]], zero, MARGIN, step_direction=1)
    left = check_elementwise("L08.kink", f"{name}'(0-)", g, [LEFT_SLOPE[name]], zero, MARGIN, step_direction=-1)
    for check in (right, left):
        if not check.passed:
            pytest.fail(check.message, pytrace=False)
    slope = float(np.asarray(dg(zero))[0])
    sides = (LEFT_SLOPE[name], RIGHT_SLOPE[name])
    assert slope in sides, f"L08.kink: {name}'(0) = {slope} is neither one-sided slope (left, right) = {sides}"
