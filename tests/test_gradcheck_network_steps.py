"""gradcheck.network's fast path: its steps move a pre-activation by STEP at most, and never across a kink.

steps_for: STEP / max|coefficient| per row (STEP for a row of zeros); along a direction: STEP / reach, reach the
largest move of Z1 (V_W1 X + v_b1) or Z2 (V_W2 A1 + v_b2), STEP for a direction that moves nothing; for ReLU,
1 / reach (g is linear on its pieces: the step may fill one), at most KINK_SHARE |Z1| / |move| of every moved unit.
A unit is near its kink where |Z1| < KINK_ZONE = 2 STEP (strictly), and a gradient element sums K = m + n_h + n_y
terms; the rounding bound of each unit is eps ||W2[:, i]||_1 (2 |A1| + |Z1|) / m; Delta J along a direction is J's.
One unit, one example, dyadic numbers: every value below is exact.
"""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from shallow_proofs.gradcheck.layout import Layout
from shallow_proofs.gradcheck.network import KINK_SHARE, KINK_ZONE, STEP, Network, Point, steps_for
from shallow_proofs.reference.network import cost, forward

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


def test_STEP_balances_h4_against_eps_over_h():
    """Order 4: truncation C h^4 against rounding eps / h is smallest at h ~ eps^(1/5); every b2 step is STEP."""
    steps = Point(X, Y, PARAMETERS, "tanh").b2().initial_step
    assert steps[0] == EPS**0.2, f"STEP = eps^(1/(order + 1)), order 4: step {steps[0]!r}, eps^(1/5) {EPS**0.2!r}"


def test_a_unit_beyond_two_steps_of_its_kink_is_far():
    point = Point(X, Y, {**PARAMETERS, "W1": np.array([[2.5 * STEP]])}, "relu")
    assert not point.near[0, 0], f"near = |Z1| < 2 STEP: Z1 {point.Z1[0, 0]!r} = 2.5 STEP, near {point.near[0, 0]}"


def test_no_relu_stencil_point_reaches_the_kink():
    """scipy's central stencils reach h at most (STENCIL_GAIN's note): a step below |Z1| / |move| keeps the margin."""
    for quantity in ("direction", "Z1"):
        perturbation = Network(X, Y, "relu").perturbation(Layout(PARAMETERS))
        if quantity == "direction":
            step = perturbation.direction_steps(np.array([[1.0, 0.0, 0.0, 0.0]]), 4)[0]
        else:
            step = perturbation.point.Z1_free().initial_step[0]
        assert step < Z1, f"{quantity}: the farthest stencil point Z1 - h must stay above 0: h {step!r}, Z1 {Z1!r}"


def test_total_noise_is_six_times_the_root_sum_of_squares():
    """lambda = 6: 1 - 2 exp(-lambda^2 / 2) > 1 - 1e-7 (Hoeffding); one unit, so the sum is its noise squared."""
    point = Point(X, Y, PARAMETERS, "tanh")
    expected = 6.0 * point.noise[0, 0]
    assert point.total_noise() == expected, f"lambda sqrt(sum noise^2): {point.total_noise()!r}, {expected!r}"


def test_steps_for_a_row_of_zeros_raises_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        steps = steps_for(np.zeros((2, 3)))
    np.testing.assert_array_equal(steps, np.full(2, STEP), err_msg="h = STEP for a row of zeros")


@pytest.mark.parametrize(
    ("activation", "x", "w1", "b1"),
    [("tanh", 1.0, 2.0**-12, 0.0), ("relu", 2.0**-10, 1.0, 1.0)],
    ids=["tanh-near-0", "relu-far"],
)
def test_W1_steps_of_a_far_unit_are_STEP_over_max_X(activation, x, w1, b1):
    """tanh has no kink; a ReLU unit with |Z1| >= KINK_ZONE = 2 STEP keeps KINK_SHARE |Z1| / |X| >= STEP / |X|."""
    parameters = {**PARAMETERS, "W1": np.array([[w1]]), "b1": np.array([[b1]])}
    step = Point(np.array([[x]]), Y, parameters, activation).W1().initial_step[0]
    assert step == STEP / x, f"{activation}: h = STEP / max|X|: step {step!r}, {STEP / x!r}"


def test_W1_noise_of_a_unit_sums_its_examples():
    """W1[i, j] moves row i of Z1: its rounding bound is the sum of unit i's bounds over the m examples."""
    X3 = np.array([[1.0, -0.5, 0.25]])
    parameters = {
        "W1": np.array([[0.5], [-2.0]]),
        "b1": np.zeros((2, 1)),
        "W2": np.array([[0.5, 1.0]]),
        "b2": np.zeros((1, 1)),
    }
    point = Point(X3, np.array([[1.0, 0.0, 1.0]]), parameters, "tanh")
    np.testing.assert_array_equal(
        point.W1().noise, point.noise.sum(axis=1), err_msg="noise of W1[i, 0] = sum_c noise[i, c]"
    )


def test_W2_steps_follow_the_row_of_A1_each_element_multiplies():
    """W2[r, i] moves Z2 by t A1[i, :]: h = STEP / max|A1[i, :]|, for each i."""
    parameters = {
        "W1": np.array([[0.5], [-2.0]]),
        "b1": np.zeros((2, 1)),
        "W2": np.array([[0.5, 1.0]]),
        "b2": np.zeros((1, 1)),
    }
    point = Point(X, Y, parameters, "identity")
    expected = STEP / np.array([0.5, 2.0])
    np.testing.assert_array_equal(point.W2().initial_step, expected, err_msg="h = STEP / max|A1[i, :]|")


def test_the_networks_cost_is_the_references():
    network = Network(X, Y, "tanh")
    parameters = {**PARAMETERS, "b1": np.array([[0.25]])}
    expected = float(cost(forward(X, parameters, "tanh")["A2"], Y))
    assert abs(network(parameters) - expected) <= 4 * EPS * expected, (
        f"J = cost(A2), Z1 = W1 X + b1: Network {network(parameters)!r}, the reference {expected!r}"
    )


def _difference(network, moved):
    """J(moved) - J(x) of the network, and the rounding both costs allow (8 eps |J|, as above)."""
    before, after = network(PARAMETERS), network(moved)
    return after - before, 8 * EPS * max(abs(before), abs(after))


@pytest.mark.parametrize("t", [1.0, -1.0])
def test_element_moves_each_parameter_by_t(t):
    """element(t, k) = J(x + t e_k) - J(x) for each of W1, b1, W2, b2 (one element each), t = +-1."""
    network = Network(X, Y, "tanh")
    found = network.perturbation(Layout(PARAMETERS)).element(np.full(4, t), np.arange(4))[:, 0]
    for k, key in enumerate(PARAMETERS):
        expected, tolerance = _difference(network, {**PARAMETERS, key: PARAMETERS[key] + t})
        assert abs(found[k] - expected) <= tolerance, (
            f"Delta J = J({key} + {t}) - J({key}): fast path {found[k]!r}, the network's cost {expected!r}"
        )


@pytest.mark.parametrize(
    "direction", [[-1.0, 0.0, 0.0, 0.0], [1.0, 0.0, 1.0, 0.0], [0.0, 1.0, 0.0, 0.0]], ids=["-W1", "W1+W2", "b1"]
)
def test_along_directions_in_turn(direction):
    """Delta J along V (t = 1, then t = -1) against the network's cost, after a first call along another V: each V
    gets its own moves (V_W1 X + v_b1 and the W2 + t V_W2 they pass through)."""
    network = Network(X, Y, "tanh")
    perturbation = network.perturbation(Layout(PARAMETERS))
    perturbation.along(np.array([1.0]), np.array([0]), np.array([[0.0, 0.0, 0.0, 1.0]]))  # b2 first
    V = np.array([direction])
    for t in (1.0, -1.0):
        found = float(perturbation.along(np.array([t]), np.array([0]), V)[0, 0])
        moved = {key: PARAMETERS[key] + t * v for key, v in zip(PARAMETERS, direction, strict=True)}
        expected, tolerance = _difference(network, moved)
        assert abs(found - expected) <= tolerance, (
            f"Delta J = J(x + {t} V) - J(x), V = {direction}: fast path {found!r}, the network's cost {expected!r}"
        )


@pytest.mark.parametrize("move", [-1.0, 0.25])
def test_relu_direction_steps_stop_short_of_the_kink_for_any_move(move):
    """h = min(1 / reach, KINK_SHARE |Z1| / |move|), KINK_SHARE = 1/2: the move of Z1 is V_W1 X = move."""
    perturbation = Network(X, Y, "relu").perturbation(Layout(PARAMETERS))
    step = perturbation.direction_steps(np.array([[move, 0.0, 0.0, 0.0]]), 4)[0]
    expected = min(1.0 / abs(move), 0.5 * Z1 / abs(move))
    assert step == expected, f"h = min(1 / reach, |Z1| / (2 |move|)), move {move}: step {step!r}, {expected!r}"


def test_relu_element_steps_far_from_the_kink_are_STEP_over_the_coefficient():
    """Z1 = 4096, far beyond the step: the kink limit KINK_SHARE |Z1| / |X| (2048) leaves W1's step STEP / |X| and
    b1's STEP (a limit that fell with |Z1| would cut them)."""
    point = Point(X, Y, {**PARAMETERS, "W1": np.array([[4096.0]])}, "relu")
    steps = (point.W1().initial_step[0], point.b1().initial_step[0])
    assert steps == (STEP, STEP), f"h of W1 and b1 = STEP / max|X| = STEP: steps {steps}, STEP {STEP!r}"
