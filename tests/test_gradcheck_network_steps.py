"""gradcheck.network's fast path: its steps move a pre-activation by STEP at most, and never across a kink.

steps_for: STEP / max|coefficient| per row (STEP for a row of zeros); along a direction: STEP / reach, reach the
largest move of Z1 (V_W1 X + v_b1) or Z2 (V_W2 A1 + v_b2), STEP for a direction that moves nothing; for ReLU,
1 / reach (g is linear on its pieces: the step may fill one), at most KINK_SHARE |Z1| / |move| of every moved unit.
A unit is near its kink where |Z1| < KINK_ZONE = 2 STEP (strictly), and a gradient element sums K = m + n_h + n_y
terms; the rounding bound of each unit is eps ||W2[:, i]||_1 (2 |A1| + |Z1|) / m; Delta J along a direction is J's.
One unit, one example, dyadic numbers: every value below is exact.
"""

from __future__ import annotations

import numpy as np

from shallow_proofs.gradcheck.layout import Layout
from shallow_proofs.gradcheck.network import KINK_SHARE, KINK_ZONE, STEP, Network, Point, steps_for

EPS = float(np.finfo(np.float64).eps)
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


def test_a_unit_within_two_steps_of_its_kink_is_near():
    point = Point(X, Y, {**PARAMETERS, "W1": np.array([[1.5 * STEP]])}, "relu")
    assert point.near[0, 0], (
        f"near = |Z1| < KINK_ZONE = 2 STEP: Z1 {point.Z1[0, 0]!r} = 1.5 STEP, near {point.near[0, 0]}"
    )


def test_relu_Z1_steps_stop_short_of_the_kink():
    Z1 = 2.0**-10
    quantity = Point(X, Y, {**PARAMETERS, "W1": np.array([[Z1]])}, "relu").Z1_free()
    expected = min(STEP, KINK_SHARE * Z1)
    assert quantity.initial_step[0] == expected, (
        f"h = min(STEP, KINK_SHARE |Z1|): step {quantity.initial_step[0]!r}, {expected!r}"
    )


def test_noise_of_each_unit_is_its_rounding_through_W2():
    """delta_i = eps ||W2[:, i]||_1 (2 |A1_i| + |Z1_i|) / m: A1 and Z1 rounded, carried to the cost by W2."""
    point = Point(X, Y, {**PARAMETERS, "W2": np.array([[-0.75]])}, "tanh")
    expected = EPS * 0.75 * (2.0 * abs(np.tanh(Z1)) + Z1) / 1
    assert point.noise[0, 0] == expected, (
        f"delta = eps |W2| (2 |A1| + |Z1|) / m: noise {point.noise[0, 0]!r}, {expected!r}"
    )


def test_along_a_direction_that_moves_Z1_by_exactly_1():
    """Delta J along V = e_W1 (Z1 moves by t X = t) from the fast path, against J(x + t V) - J(x) of the network;
    both round by a few eps |J| (8 allowed)."""
    network = Network(X, Y, "tanh")
    t = 1e-3
    found = float(network.perturbation(Layout(PARAMETERS)).along(np.array([t]), np.array([0]), np.eye(4)[:1])[0, 0])
    moved = {**PARAMETERS, "W1": PARAMETERS["W1"] + t}
    expected = network(moved) - network(PARAMETERS)
    assert abs(found - expected) <= 8 * EPS * abs(network(PARAMETERS)), (
        f"Delta J = J(W1 + t) - J(W1): fast path {found!r}, the network's cost {expected!r}"
    )


def test_relu_element_steps_far_from_the_kink_are_STEP_over_the_coefficient():
    """Z1 = 4096, far beyond the step: the kink limit KINK_SHARE |Z1| / |X| (2048) leaves W1's step STEP / |X| and
    b1's STEP (a limit that fell with |Z1| would cut them)."""
    point = Point(X, Y, {**PARAMETERS, "W1": np.array([[4096.0]])}, "relu")
    steps = (point.W1().initial_step[0], point.b1().initial_step[0])
    assert steps == (STEP, STEP), f"h of W1 and b1 = STEP / max|X| = STEP: steps {steps}, STEP {STEP!r}"
