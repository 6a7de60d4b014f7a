"""gradcheck.network's fast path: its steps move a pre-activation by STEP at most, and never across a kink.

steps_for: STEP / max|coefficient| per row (STEP for a row of zeros); along a direction: STEP / reach, reach the
largest move of Z1 (V_W1 X + v_b1) or Z2 (V_W2 A1 + v_b2), STEP for a direction that moves nothing; for ReLU,
1 / reach (g is linear on its pieces: the step may fill one), at most KINK_SHARE |Z1| / |move| of every moved unit.
A unit is near its kink where |Z1| < KINK_ZONE (strictly), and a gradient element sums K = m + n_h + n_y terms.
One unit, one example, dyadic numbers: every value below is exact.
"""

from __future__ import annotations

import numpy as np

from shallow_proofs.gradcheck.layout import Layout
from shallow_proofs.gradcheck.network import KINK_SHARE, KINK_ZONE, STEP, Network, Point, steps_for

X, Y = np.array([[1.0]]), np.array([[1.0]])
Z1 = 0.0078125  # 2^-7, above KINK_ZONE: far from the kink
PARAMETERS = {"W1": np.array([[Z1]]), "b1": np.array([[0.0]]), "W2": np.array([[0.5]]), "b2": np.array([[0.0]])}


def test_steps_for_divides_STEP_by_the_largest_coefficient_of_each_row():
    coefficients = np.array([[0.5, -0.25], [0.0, 0.0], [4.0, 1.0]])
    expected = np.array([STEP / 0.5, STEP, STEP / 4.0])
    found = steps_for(coefficients)
    np.testing.assert_array_equal(found, expected, err_msg="h = STEP / max|coefficient| (STEP for a row of zeros)")


def test_direction_steps_divide_STEP_by_the_largest_move():
    steps = (
        Network(X, Y, "tanh")
        .perturbation(Layout(PARAMETERS))
        .direction_steps(np.array([[0.25, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]]), 4)
    )
    expected = np.array([STEP / 0.25, STEP])  # the move of Z1 is 0.25 X = 0.25; the second direction moves nothing
    np.testing.assert_array_equal(steps, expected, err_msg="h = STEP / reach (STEP where nothing moves)")


def test_relu_direction_steps_stop_short_of_the_kink():
    steps = Network(X, Y, "relu").perturbation(Layout(PARAMETERS)).direction_steps(np.array([[1.0, 0.0, 0.0, 0.0]]), 4)
    expected = min(1.0 / 1.0, KINK_SHARE * Z1 / 1.0)  # the direction moves Z1 by exactly 1 per unit step
    assert steps[0] == expected, f"h = min(1 / reach, KINK_SHARE |Z1| / |move|): step {steps[0]!r}, {expected!r}"


def test_a_unit_at_KINK_ZONE_is_far_and_K_counts_every_term():
    point = Point(X, Y, {**PARAMETERS, "W1": np.array([[KINK_ZONE]])}, "relu")
    assert point.Z1[0, 0] == KINK_ZONE and not point.near[0, 0], (
        f"near = |Z1| < KINK_ZONE: Z1 {point.Z1[0, 0]!r}, KINK_ZONE {KINK_ZONE!r}, near {point.near[0, 0]}"
    )
    assert point.terms == 3, f"K = m + n_h + n_y: terms {point.terms}, m + n_h + n_y = 3"
