"""L09: gradient descent for the 2-layer network: gradient shapes, keepdims, one descending step, and the algebra.

The finite-difference proofs of the equations are in gradcheck/. Here: that the implementation's gradients are built
as the equations say (dZ2 = A2 - Y, dW2 = (1/m) dZ2 A1^T as a matrix product, db = mean over columns ...), with
bounds from float64 rounding (properties/bounds.py).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from shallow_proofs.properties import diagnosis, oracle
from shallow_proofs.properties import strategies as s
from shallow_proofs.properties.bounds import EPS, assert_exact, assert_within, gamma, product_bound, sum_bound

SHAPE_OF = {"dW1": "W1", "db1": "b1", "dW2": "W2", "db2": "b2"}
INTERMEDIATES = ("forward_propagation", "backward_intermediates")


# L09.shapes


@pytest.mark.proves("L09.shapes")
@pytest.mark.checks("backward_propagation")
@pytest.mark.parametrize("activation", s.ACTIVATION_NAMES)
@given(problem=s.problems(uses=s.BACKWARD))
@s.at_the_edges()
def test_every_gradient_has_the_shape_of_its_parameter(impl, activation, problem):
    _, cache = impl.forward(problem.X, problem.parameters, activation)
    grads = impl.backward(problem.parameters, cache, problem.X, problem.Y, activation)
    shapes = {key: np.shape(grads[key]) for key in SHAPE_OF}
    expected = {key: problem.parameters[name].shape for key, name in SHAPE_OF.items()}
    assert shapes == expected, f"L09.shapes: gradient shapes {shapes} (implementation), expected {expected}"


@pytest.mark.proves("L09.shapes")
@pytest.mark.checks("backward_propagation", "update_parameters")
@given(s.problems(uses=s.BACKWARD))
@s.at_the_edges()
def test_parameters_keep_their_shapes_after_a_step(impl, problem):
    d = problem.d
    _, cache = impl.forward(problem.X, problem.parameters)
    new = impl.update(problem.parameters, impl.backward(problem.parameters, cache, problem.X, problem.Y), 0.1)
    shapes = {key: np.shape(new[key]) for key in SHAPE_OF.values()}
    expected = {"W1": (d.n_h, d.n_x), "b1": (d.n_h, 1), "W2": (d.n_y, d.n_h), "b2": (d.n_y, 1)}
    assert shapes == expected, f"L09.shapes: W1 (n1, n0), b1 (n1, 1), W2 (n2, n1), b2 (n2, 1) after a step: {shapes}"


@pytest.mark.proves("L09.shapes")
@pytest.mark.checks("backward_intermediates")
@pytest.mark.parametrize("activation", s.ACTIVATION_NAMES)
@given(problem=s.problems(uses=INTERMEDIATES))
@s.at_the_edges()
def test_every_intermediate_has_the_shape_of_its_variable(impl, activation, problem):
    d = problem.d
    _, cache = impl.forward(problem.X, problem.parameters, activation)
    values = impl.intermediates(problem.parameters, cache, problem.X, problem.Y, activation)
    expected = {"dZ2": (d.n_y, d.m), "dA1": (d.n_h, d.m), "dZ1": (d.n_h, d.m)}
    expected |= {key: problem.parameters[name].shape for key, name in SHAPE_OF.items()}
    shapes = {key: np.shape(values[key]) for key in expected}
    assert shapes == expected, f"L09.shapes: intermediate shapes {shapes} (implementation), expected {expected}"


# L09.keepdims: numpy's behaviour, the trap, and the implementation's biases


@pytest.mark.proves("L09.keepdims")
@given(st.integers(1, s.MAX_DIM), st.integers(1, s.MAX_M), st.data())
def test_sum_with_keepdims_is_a_column(n, m, data):
    dZ = data.draw(s.matrices((n, m)), label="dZ")
    assert np.sum(dZ, axis=1, keepdims=True).shape == (n, 1), "L09.keepdims: np.sum(dZ, axis=1, keepdims=True)"
    assert np.sum(dZ, axis=1).shape == (n,), "L09.keepdims: np.sum(dZ, axis=1) without keepdims is (n,)"


@pytest.mark.proves("L09.keepdims")
@given(st.integers(2, s.MAX_DIM), st.integers(1, s.MAX_M), s.learning_rates, st.data())
def test_the_broadcast_trap(n, m, learning_rate, data):
    b = data.draw(s.matrices((n, 1)), label="b")
    dZ = data.draw(s.matrices((n, m)), label="dZ")
    db_flat = np.sum(dZ, axis=1) / m
    trapped = b - learning_rate * db_flat
    assert trapped.shape == (n, n), f"L09.keepdims: (n, 1) - (n,) broadcasts to (n, n); got {trapped.shape}"
    right = b - learning_rate * (np.sum(dZ, axis=1, keepdims=True) / m)
    assert_exact(
        "L09.keepdims",
        "b - alpha db.reshape(n, 1) == b - alpha db (keepdims)",
        b - learning_rate * db_flat.reshape(n, 1),
        right,
        "b",
    )
    assert_exact(
        "L09.keepdims",
        "column j of the (n, n) result is b - alpha db[j] (every bias, every gradient)",
        trapped,
        b - learning_rate * db_flat[np.newaxis, :],
        "b",
    )


@pytest.mark.proves("L09.keepdims")
@pytest.mark.checks("backward_propagation")
@given(s.problems(uses=s.BACKWARD))
@s.at_the_edges()
def test_bias_gradients_are_columns(impl, problem):
    _, cache = impl.forward(problem.X, problem.parameters)
    grads = impl.backward(problem.parameters, cache, problem.X, problem.Y)
    d = problem.d
    for key, n in (("db1", d.n_h), ("db2", d.n_y)):
        shape = np.shape(grads[key])
        assert shape == (n, 1), (
            f"L09.keepdims: {key} = (1/m) np.sum(dZ, axis=1, keepdims=True) is ({n}, 1); got {shape}"
        )


@pytest.mark.proves("L09.keepdims")
@pytest.mark.checks("backward_propagation", "update_parameters")
@given(s.problems(min_m=1, uses=s.BACKWARD), st.integers(2, 4))
def test_forward_still_works_after_steps(impl, problem, steps):
    parameters = problem.parameters
    for _ in range(steps):
        _, cache = impl.forward(problem.X, parameters)
        parameters = impl.update(parameters, impl.backward(parameters, cache, problem.X, problem.Y), 0.1)
    A2, _ = impl.forward(problem.X, parameters)
    expected = (problem.d.n_y, problem.d.m)
    assert np.shape(A2) == expected, f"L09.keepdims: A2 after {steps} steps has shape {np.shape(A2)}, not {expected}"


# L09.descent


def copied(parameters):
    """Fresh arrays for update_parameters: whether it changes its input is course.api's test, not L09.descent's."""
    return {key: np.array(value, copy=True) for key, value in parameters.items()}


def logit_cost(Z2, Y):
    """J = (1/m) sum(log(1 + e^Z2) - Y Z2): the cross-entropy from the logits (the test's own, stable)."""
    return float((np.logaddexp(0.0, Z2) - Y * Z2).sum() / Z2.shape[-1])


@pytest.mark.proves("L09.descent")
@pytest.mark.checks("update_parameters")
@pytest.mark.parametrize("activation", s.SMOOTH_ACTIVATIONS)
@given(problem=s.moderate_problems(uses=s.BACKWARD))
@s.at_the_edges()
def test_a_small_enough_step_lowers_the_cost(impl, activation, problem):
    """Armijo: J(theta - alpha dtheta) <= J(theta) - alpha/4 |dtheta|^2 for every alpha <= 3 / (2 L), L the curvature
    of J, as J is smooth. Halve alpha = 1, 1/2, ... while the promised decrease alpha |dtheta|^2 / 4 stays above what
    rounding of J can resolve. If none succeeds, the smallest resolvable step must at least not raise J: a correct
    gradient fails that only when |dtheta|^2 < 16 L res / 3 (numerically zero at J's scale), a wrong sign always."""
    X, Y, theta = problem.X, problem.Y, problem.parameters
    _, cache = impl.forward(X, theta, activation)
    # each step starts from a copy of theta: an update that changes its input is course.api's failure, not this one
    J = logit_cost(cache["Z2"], Y)
    grads = impl.backward(theta, cache, X, Y, activation)
    squared_norm = sum(float(np.sum(grads[key] ** 2)) for key in SHAPE_OF)
    resolution = 8 * gamma(Y.size + 8) * (J + 1)  # what two evaluations of J can differ by through rounding
    decrease = None
    for k in range(61):
        alpha = 2.0**-k
        if alpha * squared_norm / 4 <= 2 * resolution:
            break  # the decrease this step promises is below what rounding of J can resolve
        _, moved = impl.forward(X, impl.update(copied(theta), copied(grads), alpha), activation)
        decrease, tried = J - logit_cost(moved["Z2"], Y), alpha
        if decrease >= alpha * squared_norm / 4:
            note(f"alpha = 2^-{k}: J fell by {decrease!r}, promised {alpha * squared_norm / 4!r}")
            return
    note(f"|dtheta|^2 = {squared_norm!r}, resolution {resolution!r}: no resolvable Armijo step")
    assert decrease is None or decrease >= -resolution, (
        f"L09.descent: theta - alpha dtheta raises J = {J!r} by {-decrease!r} at the smallest resolvable alpha = "
        f"{tried!r} (|dtheta|^2 = {squared_norm!r}): the gradient is not a descent direction"
    )


@pytest.mark.proves("L09.descent")
@given(s.problems(), s.learning_rates)
def test_a_zero_gradient_step_changes_nothing(impl, problem, learning_rate):
    zeros = {"d" + key: np.zeros_like(value) for key, value in problem.parameters.items()}
    new = impl.update(problem.parameters, zeros, learning_rate)
    for key, value in problem.parameters.items():
        assert_exact("L09.descent", f"{key} - alpha * 0 == {key}", new[key], value, key)


@pytest.mark.proves("L09.descent")
@pytest.mark.checks("update_parameters")
@given(s.moderate_problems(uses=s.BACKWARD), s.learning_rates)
def test_the_step_is_along_minus_the_gradient(impl, problem, learning_rate):
    theta = problem.parameters
    _, cache = impl.forward(problem.X, theta)
    grads = impl.backward(theta, cache, problem.X, problem.Y)
    new = impl.update(copied(theta), copied(grads), learning_rate)  # a change of its input is course.api's failure
    for key, value in theta.items():
        step = learning_rate * grads["d" + key]
        bound = EPS * (np.abs(value) + 2 * np.abs(step))
        assert_within("L09.descent", f"{key} <- {key} - alpha d{key}", new[key], value - step, bound, key)


# The algebra of L09.dZ2 ... L09.db1 (values: gradcheck/), on the notes' cache: backward_propagation alone is judged


def notes_gradients(impl, problem):
    """The oracle's cache (the notes' Z1, A1, Z2, A2) and backward_propagation's gradients computed from it."""
    cache = oracle.per_example(problem.X, problem.parameters, "tanh")
    return cache, impl.backward(problem.parameters, copied(cache), problem.X.copy(), problem.Y.copy())


@contextmanager
def diagnosed(grads, problem) -> Iterator[None]:
    """A failed check of one gradient also says what all four say of backward_propagation (properties/diagnosis.py)."""
    try:
        yield
    except AssertionError as error:
        try:
            lines = diagnosis.diagnose(grads, problem.X, problem.Y, problem.parameters)
        except (TypeError, ValueError):  # gradients numpy cannot read as numbers: the check's own message says so
            lines = []
        if not lines:
            raise
        raise AssertionError(f"{error}\n{diagnosis.message(lines)}") from None


@pytest.mark.proves("L09.dZ2", "L09.dW2")
@pytest.mark.checks("backward_propagation")
@given(s.problems(uses=s.BACKWARD))
@s.at_the_edges()
def test_dW2_is_the_matrix_product_of_dZ2_and_A1(impl, problem):
    X, Y = problem.X, problem.Y
    cache, grads = notes_gradients(impl, problem)
    dZ2 = cache["A2"] - Y
    m = X.shape[1]
    with diagnosed(grads, problem):
        assert_within(
            "L09.dW2",
            "dW2 = (1/m) dZ2 A1^T with dZ2 = A2 - Y",
            grads["dW2"],
            dZ2 @ cache["A1"].T / m,
            product_bound(dZ2, cache["A1"].T) / m,
            "dW2",
        )


@pytest.mark.proves("L09.dZ2", "L09.db2")
@pytest.mark.checks("backward_propagation")
@given(s.problems(uses=s.BACKWARD))
@s.at_the_edges()
def test_db2_is_the_mean_of_dZ2_over_examples(impl, problem):
    X, Y = problem.X, problem.Y
    cache, grads = notes_gradients(impl, problem)
    dZ2 = cache["A2"] - Y
    with diagnosed(grads, problem):
        assert_within(
            "L09.db2",
            "db2 = (1/m) np.sum(A2 - Y, axis=1, keepdims=True)",
            grads["db2"],
            np.mean(dZ2, axis=1, keepdims=True),
            sum_bound(dZ2) / X.shape[1],
            "db2",
        )


def course_dZ1(parameters, cache, Y):
    """dZ1 = W2^T dZ2 * (1 - A1^2) and an elementwise bound on its rounding error."""
    dZ2 = cache["A2"] - Y
    slope = 1 - cache["A1"] ** 2
    dA1 = parameters["W2"].T @ dZ2
    bound = product_bound(np.abs(parameters["W2"].T), dZ2, extra_operations=4) * np.abs(slope)
    return dA1 * slope, bound + 4 * EPS * np.abs(dA1)  # + the error of 1 - A1^2, relative to 1, times |dA1|


def assert_dW1_is_the_matrix_product_of_dZ1_and_X(impl, problem):
    X, Y = problem.X, problem.Y
    cache, grads = notes_gradients(impl, problem)
    dZ1, dZ1_error = course_dZ1(problem.parameters, cache, Y)
    m = X.shape[1]
    bound = (product_bound(dZ1, X.T) + 2 * dZ1_error @ np.abs(X.T)) / m
    with diagnosed(grads, problem):
        assert_within(
            "L09.dW1", "dW1 = (1/m) dZ1 X^T, dZ1 = W2^T dZ2 * (1 - A1^2)", grads["dW1"], dZ1 @ X.T / m, bound, "dW1"
        )


@pytest.mark.proves("L09.dZ1", "L09.dW1")
@pytest.mark.checks("backward_propagation")
@given(s.problems(uses=s.BACKWARD))
@s.at_the_edges()
def test_dW1_is_the_matrix_product_of_dZ1_and_X(impl, problem):
    assert_dW1_is_the_matrix_product_of_dZ1_and_X(impl, problem)


@pytest.mark.proves("L09.dZ1", "L09.db1")
@pytest.mark.checks("backward_propagation")
@given(s.problems(uses=s.BACKWARD))
@s.at_the_edges()
def test_db1_is_the_mean_of_dZ1_over_examples(impl, problem):
    X, Y = problem.X, problem.Y
    cache, grads = notes_gradients(impl, problem)
    dZ1, dZ1_error = course_dZ1(problem.parameters, cache, Y)
    m = X.shape[1]
    bound = (sum_bound(dZ1) + 2 * dZ1_error.sum(axis=1, keepdims=True)) / m
    with diagnosed(grads, problem):
        assert_within(
            "L09.db1",
            "db1 = (1/m) np.sum(dZ1, axis=1, keepdims=True)",
            grads["db1"],
            np.mean(dZ1, axis=1, keepdims=True),
            bound,
            "db1",
        )


@pytest.mark.proves("L09.dZ1", "L09.dW1")
@pytest.mark.checks("backward_propagation")
@given(st.data())
def test_dW1_needs_the_matrix_product_when_n_y_exceeds_1(impl, data):
    """W2.T * dZ2 (elementwise, then summed) equals W2^T dZ2 only when n_y = 1: draw n_y > 1 to tell them apart."""
    impl.require_multi_output(*s.BACKWARD)
    problem = data.draw(s.problems(uses=s.BACKWARD).filter(lambda p: p.d.n_y > 1), label="problem")
    assert_dW1_is_the_matrix_product_of_dZ1_and_X(impl, problem)


# The intermediates themselves (optional: backward_intermediates)


@pytest.mark.proves("L09.dZ2")
@pytest.mark.checks("backward_intermediates")
@pytest.mark.parametrize("activation", s.ACTIVATION_NAMES)
@given(problem=s.problems(uses=INTERMEDIATES))
@s.at_the_edges()
def test_dZ2_is_exactly_A2_minus_Y(impl, activation, problem):
    _, cache = impl.forward(problem.X, problem.parameters, activation)
    values = impl.intermediates(problem.parameters, cache, problem.X, problem.Y, activation)
    assert_exact("L09.dZ2", "dZ2 = A2 - Y", values["dZ2"], cache["A2"] - problem.Y, "dZ2")


@pytest.mark.proves("L09.dA1")
@pytest.mark.checks("backward_intermediates")
@pytest.mark.parametrize("activation", s.ACTIVATION_NAMES)
@given(problem=s.problems(uses=INTERMEDIATES))
@s.at_the_edges()
def test_dA1_is_W2_transpose_times_dZ2(impl, activation, problem):
    _, cache = impl.forward(problem.X, problem.parameters, activation)
    values = impl.intermediates(problem.parameters, cache, problem.X, problem.Y, activation)
    W2T = problem.parameters["W2"].T
    assert_within(
        "L09.dA1", "dA1 = W2^T dZ2", values["dA1"], W2T @ values["dZ2"], product_bound(W2T, values["dZ2"]), "dA1"
    )


@pytest.mark.proves("L09.dZ1")
@pytest.mark.checks("backward_intermediates")
@pytest.mark.parametrize("activation", s.ACTIVATION_NAMES)
@given(problem=s.problems(uses=INTERMEDIATES))
@s.at_the_edges()
def test_dZ1_is_dA1_times_the_slope_elementwise(impl, activation, problem):
    _, cache = impl.forward(problem.X, problem.parameters, activation)
    values = impl.intermediates(problem.parameters, cache, problem.X, problem.Y, activation)
    slope = oracle.slope(activation, cache)
    expected = values["dA1"] * slope
    # g'(Z1) evaluated by two correct routes (1 - A1**2, 1 - tanh(Z1)**2 ...) differs by a few ulps of max(g', 1)
    bound = 4 * EPS * np.abs(values["dA1"]) * np.maximum(np.abs(slope), 1)
    assert_within("L09.dZ1", "dZ1 = dA1 * g'(Z1)", values["dZ1"], expected, bound, "dZ1")


@pytest.mark.proves("L09.db1", "L09.db2", "L09.dW1", "L09.dW2")
@pytest.mark.checks("backward_propagation", "backward_intermediates")
@pytest.mark.parametrize("activation", s.ACTIVATION_NAMES)
@given(problem=s.problems(uses=(*s.BACKWARD, "backward_intermediates")))
@s.at_the_edges()
def test_intermediates_agree_with_backward_propagation(impl, activation, problem):
    _, cache = impl.forward(problem.X, problem.parameters, activation)
    values = impl.intermediates(problem.parameters, cache, problem.X, problem.Y, activation)
    grads = impl.backward(problem.parameters, cache, problem.X, problem.Y, activation)
    m, X = problem.X.shape[1], problem.X
    bounds = {
        "dW1": product_bound(values["dZ1"], X.T) / m,
        "db1": sum_bound(values["dZ1"]) / m,
        "dW2": product_bound(values["dZ2"], cache["A1"].T) / m,
        "db2": sum_bound(values["dZ2"]) / m,
    }
    for key, bound in bounds.items():
        slope_error = 8 * EPS * np.abs(grads[key])  # backward_propagation may evaluate g'(Z1) by another route
        assert_within(
            f"L09.{key}",
            "backward_propagation == backward_intermediates",
            grads[key],
            values[key],
            bound + slope_error,
            key,
        )
