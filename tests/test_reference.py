"""The reference's own promises beyond the course's API: seeding with np.random.Generator, updates that never mutate,
batch axes on the forward pass and the costs, the backward intermediates, training and prediction, and logistic
regression (C1W2's published values; 47 % on the flower).
"""

from __future__ import annotations

import copy

import numpy as np
import pytest

from shallow_proofs.reference import course, datasets, logistic, network
from shallow_proofs.reference.activations import ACTIVATIONS, CORES, sigmoid

EPS = np.finfo(np.float64).eps


def small_problem(seed: int = 0, m: int = 6) -> tuple[np.ndarray, np.ndarray, dict[str, np.ndarray]]:
    rng = np.random.default_rng(seed)
    X = rng.standard_normal((3, m))
    Y = (rng.uniform(size=(1, m)) < 0.5).astype(np.float64)
    return X, Y, network.initialize(3, 4, 1, scale=0.7, rng=rng)


# --- initialization (L11) ---


@pytest.mark.proves("L11.init")
def test_initialize_shapes_zero_biases_and_generator_seeding():
    a = network.initialize(3, 5, 2, rng=np.random.default_rng(42))
    b = network.initialize(3, 5, 2, rng=np.random.default_rng(42))
    c = network.initialize(3, 5, 2, rng=np.random.default_rng(43))
    shapes = {key: value.shape for key, value in a.items()}
    assert shapes == {"W1": (5, 3), "b1": (5, 1), "W2": (2, 5), "b2": (2, 1)}, shapes
    assert not a["b1"].any() and not a["b2"].any(), "b1 and b2 start at zero"
    assert all(np.array_equal(a[k], b[k]) for k in a), "the same Generator seed gives the same parameters"
    assert not np.array_equal(a["W1"], c["W1"]), "another seed gives other weights"


@pytest.mark.proves("L11.init")
def test_initialize_draws_scale_times_standard_normal():
    scale, n = 0.01, 400
    W1 = network.initialize(n, n, 1, scale=scale, rng=np.random.default_rng(0))["W1"]
    # W1 / scale should be N(0, 1): the sample mean has SE 1/n and the sample variance SE sqrt(2)/n (n^2 entries).
    z = W1 / scale
    assert abs(z.mean()) <= 5 / n, f"mean of W1/scale {z.mean():.4f}, expected 0 within 5 SE = {5 / n}"
    assert abs(z.var() - 1) <= 5 * np.sqrt(2) / n, f"variance of W1/scale {z.var():.4f}, expected 1"


@pytest.mark.proves("L11.init")
def test_initialize_options():
    zeros = network.initialize(2, 3, 4, zeros=True)
    assert all(not value.any() for value in zeros.values()), "zeros=True gives the symmetric start"
    shapes = {key: value.shape for key, value in zeros.items()}
    assert shapes == {"W1": (3, 2), "b1": (3, 1), "W2": (4, 3), "b2": (4, 1)}, f"zeros=True shapes {shapes}"
    big = network.initialize(2, 3, 1, scale=1.0, rng=np.random.default_rng(5))
    small = network.initialize(2, 3, 1, rng=np.random.default_rng(5))
    assert np.array_equal(small["W1"], 0.01 * big["W1"]), "scale multiplies the same standard normal draws"


def test_random_state_reproduces_the_course_draws():
    np.random.seed(3)  # noqa: NPY002
    expected = course.initialize_parameters(2, 4, 1)
    got = network.initialize(2, 4, 1, rng=np.random.RandomState(3))
    assert all(np.array_equal(got[k], expected[k]) for k in expected), "RandomState(3) draws what seed(3) + randn do"


# --- update: new arrays, inputs untouched ---


@pytest.mark.proves("L09.descent")
def test_update_returns_new_arrays_and_changes_nothing():
    X, Y, P = small_problem()
    grads = network.backward(P, network.forward(X, P), X, Y)
    P_before, grads_before = copy.deepcopy(P), copy.deepcopy(grads)
    for update in (lambda: network.update(P, grads, 0.5), lambda: course.update_parameters(P, grads, 0.5)):
        new = update()
        for key in P:
            assert new[key] is not P[key] and not np.shares_memory(new[key], P[key]), f"{key} is not a new array"
            assert np.array_equal(new[key], P_before[key] - 0.5 * grads_before["d" + key]), f"{key} - alpha d{key}"
        assert all(np.array_equal(P[k], P_before[k]) for k in P), "update changed the parameters passed in"
        assert all(np.array_equal(grads[k], grads_before[k]) for k in grads), "update changed the gradients"


def test_training_and_prediction_change_no_input():
    X, Y, P = small_problem()
    saved = copy.deepcopy((X, Y, P))
    network.train(X, Y, P, num_iterations=5)
    network.predict(P, X)
    course.nn_model(X, Y, 2, num_iterations=5)
    assert np.array_equal(X, saved[0]) and np.array_equal(Y, saved[1])
    assert all(np.array_equal(P[k], saved[2][k]) for k in P)


# --- batch axes ---


def test_forward_and_costs_accept_leading_batch_axes():
    X, Y, _ = small_problem()
    rng = np.random.default_rng(7)
    batch = [network.initialize(3, 4, 1, scale=0.9, rng=rng) for _ in range(5)]
    stacked = {key: np.stack([p[key] for p in batch]) for key in batch[0]}
    cache = network.forward(X, stacked)
    J_logits, J_plain = network.cost_from_logits(cache["Z2"], Y), network.cost(cache["A2"], Y)
    assert J_logits.shape == J_plain.shape == (5,), (J_logits.shape, J_plain.shape)
    for b, parameters in enumerate(batch):
        one = network.forward(X, parameters)
        for key in one:
            np.testing.assert_allclose(cache[key][b], one[key], rtol=4 * EPS, atol=4 * EPS, err_msg=f"batch {b} {key}")
        np.testing.assert_allclose(J_logits[b], network.cost_from_logits(one["Z2"], Y), rtol=16 * EPS)
        np.testing.assert_allclose(J_plain[b], network.cost(one["A2"], Y), rtol=16 * EPS)


# --- backward: every intermediate, and the course's wrapper ---


@pytest.mark.parametrize("activation", sorted(ACTIVATIONS))
def test_backward_intermediates_follow_the_notes_equations(activation):
    X, Y, P = small_problem(1)
    cache = network.forward(X, P, activation)
    d = network.backward(P, cache, X, Y, activation)
    m = X.shape[1]
    dZ2 = cache["A2"] - Y
    dZ1 = (P["W2"].T @ dZ2) * ACTIVATIONS[activation].dg(cache["Z1"])
    expected = {
        "dZ2": dZ2,
        "dW2": dZ2 @ cache["A1"].T / m,
        "db2": dZ2.sum(axis=1, keepdims=True) / m,
        "dA1": P["W2"].T @ dZ2,
        "dZ1": dZ1,
        "dW1": dZ1 @ X.T / m,
        "db1": dZ1.sum(axis=1, keepdims=True) / m,
    }
    assert set(d) == set(expected)
    for key, value in expected.items():
        assert d[key].shape == value.shape, f"{key}: shape {d[key].shape}, expected {value.shape}"
        np.testing.assert_allclose(d[key], value, rtol=8 * EPS, atol=8 * EPS, err_msg=key)


def test_course_backward_is_the_network_backward_for_tanh():
    X, Y, P = small_problem(2)
    cache = network.forward(X, P)
    full = network.backward(P, cache, X, Y)
    grads = course.backward_propagation(P, cache, X, Y)
    assert set(grads) == {"dW1", "db1", "dW2", "db2"}
    for key, value in grads.items():
        # g'(Z1) from A1 (1 - A1^2) or from Z1 (1 - tanh(Z1)^2): the same numbers, up to one rounding of tanh.
        np.testing.assert_allclose(value, full[key], rtol=16 * EPS, atol=16 * EPS, err_msg=key)


def test_compute_cost_is_a_float_and_takes_the_oldest_call_form():
    X, Y, P = small_problem(3)
    A2 = network.forward(X, P)["A2"]
    J = course.compute_cost(A2, Y)
    assert type(J) is float and J == course.compute_cost(A2, Y, P)


# --- training and prediction ---


@pytest.mark.proves("L09.descent")
def test_train_lowers_the_cost_and_predict_is_boolean():
    X, Y = datasets.load_planar_dataset()
    trained = network.train(X, Y, network.initialize(2, 4, 1, rng=np.random.default_rng(3)), num_iterations=300)
    assert trained.costs.shape == (300,) and trained.costs[-1] < trained.costs[0], "J falls over 300 steps"
    predictions = network.predict(trained.parameters, X)
    assert predictions.dtype == np.bool_ and predictions.shape == (1, 400)


def test_train_records_the_cost_before_each_update():
    X, Y, P = small_problem(4)
    trained = network.train(X, Y, P, num_iterations=2, learning_rate=0.3)
    J0 = network.cost_from_logits(network.forward(X, P)["Z2"], Y)
    assert trained.costs[0] == J0, "costs[0] is J at the starting parameters"


def test_train_prints_in_the_course_format(capsys):
    X, Y, P = small_problem(5)
    network.train(X, Y, P, num_iterations=5, print_every=2)
    lines = capsys.readouterr().out.splitlines()
    assert [line.rsplit(":", 1)[0] for line in lines] == [f"Cost after iteration {i}" for i in (0, 2, 4)]
    assert all(len(line.rsplit(": ", 1)[1].split(".")[1]) == 6 for line in lines), "J printed with %f (6 decimals)"


def test_predict_is_strictly_above_one_half():
    """y_hat = [A2 > 0.5]: all-zero parameters give A2 = sigmoid(0) = 0.5 exactly, predicted False (the course's
    predictions = (A2 > 0.5))."""
    zeros = {key: np.zeros(shape) for key, shape in (("W1", (4, 3)), ("b1", (4, 1)), ("W2", (1, 4)), ("b2", (1, 1)))}
    X, _, _ = small_problem(6)
    assert network.forward(X, zeros)["A2"].tolist() == [[0.5] * 6], "A2 = sigmoid(0) = 0.5"
    assert not network.predict(zeros, X).any(), "A2 = 0.5 is not above 0.5"


def test_train_defaults_are_the_courses():
    """nn_model(X, Y, n_h, num_iterations=10000, learning_rate=1.2): the reference's train has the same defaults."""
    X, Y, P = small_problem(7, m=2)
    default = network.train(X, Y, P)
    assert default.costs.shape == (10000,), f"{default.costs.size} iterations by default, the course's 10000"
    explicit = network.train(X, Y, P, num_iterations=10000, learning_rate=1.2)
    np.testing.assert_array_equal(default.costs, explicit.costs, err_msg="the default learning rate is 1.2")


# --- logistic regression (L10, L11) ---


@pytest.mark.proves("L10.logistic")
def test_propagate_reproduces_the_c1w2_published_values():
    w, b = np.array([[1.0], [2.0]]), 2.0
    X, Y = np.array([[1.0, 2.0, -1.0], [3.0, 4.0, -3.2]]), np.array([[1, 0, 1]])
    grads, cost = logistic.propagate(w, b, X, Y)
    np.testing.assert_allclose(grads["dw"], [[0.99845601], [2.39507239]], rtol=0, atol=0.5e-8 + 8 * EPS)
    assert abs(grads["db"] - 0.00145557813678) <= 0.5e-14 + 8 * EPS
    # The published cost comes from the plain formula, whose -log(1 - A) errs by about 4 eps / (1 - A) per example.
    A = sigmoid(w.T @ X + b)
    p = np.where(Y == 1, A, 1 - A)
    bound = float(np.mean(4 * EPS / p))
    assert abs(cost - 5.801545319394553) <= bound, f"cost {cost!r}, published 5.801545319394553, bound {bound:.1e}"


@pytest.mark.proves("L11.logistic_zero_init")
def test_logistic_regression_trains_from_zero_weights_and_gets_47_percent_on_the_flower():
    X, Y = datasets.load_planar_dataset()
    grads, _ = logistic.propagate(np.zeros((2, 1)), 0.0, X, Y)
    assert np.abs(grads["dw"]).max() > 0, "at w = 0, b = 0 the gradient is not zero"
    trained = logistic.logistic_train(X, Y, num_iterations=2000, learning_rate=0.5)
    assert trained.costs[-1] < trained.costs[0], "the cost falls from the zero start"
    correct = int(np.sum(logistic.logistic_predict(trained.w, trained.b, X) == Y))
    assert correct == 188, f"logistic regression on the flower: {correct}/400, the course's 47 % is 188/400"


def test_logistic_training_defaults_are_the_courses():
    """C1W2's model(..., num_iterations=2000, learning_rate=0.5): logistic_train has the same defaults."""
    X, Y, _ = small_problem(8, m=2)
    default = logistic.logistic_train(X, Y)
    assert default.costs.shape == (2000,), f"{default.costs.size} iterations by default, the course's 2000"
    explicit = logistic.logistic_train(X, Y, num_iterations=2000, learning_rate=0.5)
    np.testing.assert_array_equal(default.costs, explicit.costs, err_msg="the default learning rate is 0.5")


def test_logistic_training_refuses_labels_of_more_than_one_row():
    X, Y, _ = small_problem(9, m=3)
    with pytest.raises(ValueError, match=r"^Y must have shape \(1, 3\), one row \(logistic regression has one output"):
        logistic.logistic_train(X, np.vstack([Y, Y]))


def test_logistic_prediction_is_strictly_above_one_half():
    """y_hat = [sigma(w^T X + b) > 0.5]: w = 0, b = 0 gives sigma(0) = 0.5 exactly, predicted False."""
    X, _, _ = small_problem(10)
    assert not logistic.logistic_predict(np.zeros((3, 1)), 0.0, X).any(), "sigma(0) = 0.5 is not above 0.5"


def test_a_scale_of_zero_is_the_symmetric_start():
    zero = network.initialize(2, 3, 1, scale=0.0, rng=np.random.default_rng(0))
    assert not any(value.any() for value in zero.values()), "scale = 0 gives all-zero weights"


def test_update_takes_parameters_with_leading_batch_axes():
    """network.update broadcasts, as network.forward does: W - alpha dW for each of a batch of parameter sets."""
    P = network.initialize(2, 3, 1, rng=np.random.default_rng(1))
    batch = {key: np.stack([value, 2 * value]) for key, value in P.items()}
    grads = {f"d{key}": np.ones_like(value) for key, value in batch.items()}
    updated = network.update(batch, grads, 0.5)
    for key in P:
        np.testing.assert_array_equal(updated[key], batch[key] - 0.5, err_msg=f"{key} of the batch")


def test_the_divergence_error_takes_its_record_by_keyword_only():
    with pytest.raises(TypeError):
        network.DivergenceError("message", 3, 0.5, np.ones(3), {})  # type: ignore[misc]


@pytest.mark.parametrize("name", sorted(CORES))
def test_each_public_activation_carries_its_equation(name):
    """The checked function shows the core's docstring (its equation) in help(), and its name without the _."""
    public = ACTIVATIONS[name]
    for checked, core in ((public.g, CORES[name].g), (public.dg, CORES[name].dg)):
        assert checked.__doc__ == core.__doc__ and checked.__doc__, f"{checked.__name__}'s docstring"
        assert checked.__name__ == core.__name__.lstrip("_")


def test_compute_cost_refuses_a2_outside_0_1_by_its_range():
    """A2 = 1.5 is not a probability: the range is named, not the NaN that log(1 - A2) would give."""
    with pytest.raises(ValueError, match=r"^A2 must hold probabilities in \[0, 1\]; got 1.5 at index \(0, 1\)$"):
        course.compute_cost(np.array([[0.5, 1.5]]), np.array([[1.0, 0.0]]))
