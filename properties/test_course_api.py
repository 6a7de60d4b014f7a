"""course.api: the course's eight functions, with the course's signatures, dict keys and return types (W3A1)."""

# ruff: noqa: NPY002  (the course's functions draw from and seed numpy's global RNG: the tests must drive it)
from __future__ import annotations

import copy
import inspect

import numpy as np
import pytest
from hypothesis import given, note
from hypothesis import strategies as st

from shallow_proofs.properties import strategies as s
from shallow_proofs.properties import variants
from shallow_proofs.properties.bounds import EPS, TINY, assert_exact, assert_within, gamma
from shallow_proofs.properties.impl import COURSE_LEARNING_RATE

PARAMETER_KEYS = {"W1", "b1", "W2", "b2"}
GRADIENT_KEYS = {"dW1", "db1", "dW2", "db2"}
CACHE_KEYS = {"Z1", "A1", "Z2", "A2"}
PREDICT = ("forward_propagation", "predict")

# (function, its leading positional parameters in the course, the keyword defaults it must have)
SIGNATURES = (
    ("layer_sizes", 2, {}),
    ("initialize_parameters", 3, {}),
    ("forward_propagation", 2, {}),
    ("compute_cost", 2, {}),
    ("backward_propagation", 4, {}),
    ("update_parameters", 3, {"learning_rate": 1.2}),
    ("nn_model", 3, {"num_iterations": 10000, "print_cost": False}),
    ("predict", 2, {}),
)


@pytest.mark.proves("course.api")
@pytest.mark.parametrize(("name", "positional", "defaults"), SIGNATURES, ids=[row[0] for row in SIGNATURES])
def test_signature(impl, name, positional, defaults):
    parameters = list(inspect.signature(impl.function(name)).parameters.values())
    takes = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    required = [p for p in takes if p.default is p.empty]
    assert len(takes) >= positional, (
        f"course.api: {name}() takes {len(takes)} positional arguments, course {positional}"
    )
    assert len(required) <= positional + (name == "compute_cost"), (
        f"course.api: {name}() requires {[p.name for p in required]}; the course requires {positional} of them"
    )
    for keyword, default in defaults.items():
        by_name = {p.name: p for p in parameters}
        assert keyword in by_name, f"course.api: {name}() has no {keyword}= argument"
        assert by_name[keyword].default == default, (
            f"course.api: {name}({keyword}=...) default is {by_name[keyword].default!r}, course {default!r}"
        )


@pytest.mark.proves("course.api")
@given(s.dims())
def test_layer_sizes(impl, d):
    sizes = impl.function("layer_sizes")(np.zeros((d.n_x, d.m)), np.zeros((d.n_y, d.m)))
    assert tuple(sizes) == (d.n_x, 4, d.n_y), "course.api: layer_sizes(X, Y) == (X.shape[0], 4, Y.shape[0])"
    assert all(isinstance(n, int | np.integer) for n in sizes), f"course.api: layer_sizes returns integers: {sizes}"


@pytest.mark.proves("course.api")
@given(s.dims(), s.seeds)
def test_initialize_parameters_returns_the_four_arrays(impl, d, seed):
    np.random.seed(seed)
    parameters = impl.function("initialize_parameters")(d.n_x, d.n_h, d.n_y)
    assert set(parameters) == PARAMETER_KEYS, f"course.api: initialize_parameters keys {sorted(parameters)}"
    for key, value in parameters.items():
        assert isinstance(value, np.ndarray), f"course.api: parameters[{key!r}] is a {type(value).__name__}"
        # float64, or float32 for an implementation recognised as computing in float32 (COURSE.md: not a bug)
        assert value.dtype == impl.dtype, (
            f"course.api: parameters[{key!r}] has dtype {value.dtype}, expected {np.dtype(impl.dtype)} (the dtype of "
            "its forward pass)"
        )


@pytest.mark.proves("course.api")
@given(s.moderate_problems())
@s.at_the_edges()
def test_forward_propagation_returns_A2_and_cache(impl, problem):
    result = impl.forward(problem.X, problem.parameters)
    assert isinstance(result, tuple) and len(result) == 2, "course.api: forward_propagation returns (A2, cache)"
    A2, cache = result
    assert CACHE_KEYS <= set(cache), f"course.api: cache keys {sorted(cache)} lack {sorted(CACHE_KEYS - set(cache))}"
    assert_exact("course.api", "forward_propagation returns A2 == cache['A2']", A2, cache["A2"], "A2")


@pytest.mark.proves("course.api")
@given(s.dims(uses=("compute_cost",)), st.data())
def test_compute_cost_returns_a_python_float(impl, d, data):
    A2 = data.draw(s.probabilities((d.n_y, d.m)), label="A2")
    Y = data.draw(s.labels(d.n_y, d.m), label="Y")
    J = impl.cost(A2, Y)
    # np.float64 (the older generation's np.squeeze(cost)) is a subclass of float: a float (COURSE.md); a 0-d, (1,) or
    # (1, 1) array is not
    assert isinstance(J, float), f"course.api: compute_cost returns {type(J).__name__} {J!r}, not a Python float"


@pytest.mark.proves("course.api")
@given(s.dims(uses=("compute_cost",)), st.data())
def test_compute_cost_is_the_mean_cross_entropy(impl, d, data):
    A2 = data.draw(s.probabilities((d.n_y, d.m)), label="A2")
    Y = data.draw(s.labels(d.n_y, d.m), label="Y")
    losses = -(Y * np.log(A2) + (1 - Y) * np.log1p(-A2))
    expected = losses.sum() / d.m
    # each loss is within a few ulps plus eps (log(1 - a) with 1 - a rounded); the sum adds gamma(n_y m)
    bound = 2 * gamma(d.n_y * d.m + 8) * (losses.sum() / d.m + 1)
    assert_within(
        "course.api", "J = -(1/m) sum(Y log A2 + (1 - Y) log(1 - A2))", impl.cost(A2, Y), expected, bound, "J"
    )


@pytest.mark.proves("course.api")
@pytest.mark.checks("backward_propagation")
@given(s.moderate_problems(uses=s.BACKWARD))
@s.at_the_edges()
def test_backward_propagation_returns_the_four_gradients(impl, problem):
    _, cache = impl.forward(problem.X, problem.parameters)
    grads = impl.backward(problem.parameters, cache, problem.X, problem.Y)
    assert GRADIENT_KEYS <= set(grads), (
        f"course.api: grads keys {sorted(grads)} lack {sorted(GRADIENT_KEYS - set(grads))}"
    )


@pytest.mark.proves("course.api")
@pytest.mark.checks("backward_propagation")
@given(s.moderate_problems(uses=s.BACKWARD))
def test_backward_propagation_leaves_its_inputs_unchanged(impl, problem):
    """The caller's parameters, cache, X and Y, bit for bit, as update_parameters leaves its inputs: dZ2 = A2 followed
    by dZ2 -= Y would change the cache's A2."""
    _, cache = impl.forward(problem.X, problem.parameters)
    arguments = {"parameters": problem.parameters, "cache": cache, "X": {"X": problem.X}, "Y": {"Y": problem.Y}}
    before = copy.deepcopy(arguments)
    impl.backward(problem.parameters, cache, problem.X, problem.Y)
    for argument, values in arguments.items():
        for key, original in before[argument].items():
            equation = f"backward_propagation leaves {argument} unchanged"
            assert_exact("course.api", equation, values[key], original, key)


def draw_gradients(data, parameters):
    """dW1, db1, dW2, db2 of the parameters' shapes, in [-3, 3]."""
    return {"d" + key: data.draw(s.matrices(value.shape), label="d" + key) for key, value in parameters.items()}


@pytest.mark.proves("course.api")
@given(s.moderate_problems(), s.learning_rates, st.data())
def test_update_parameters_leaves_its_inputs_unchanged(impl, problem, learning_rate, data):
    d = problem.d
    grads = {
        "d" + key: data.draw(s.matrices(value.shape), label="d" + key) for key, value in problem.parameters.items()
    }
    before = copy.deepcopy((problem.parameters, grads))
    impl.update(problem.parameters, grads, learning_rate)
    for name, original, now in ((k, before[0][k], problem.parameters[k]) for k in PARAMETER_KEYS):
        assert_exact("course.api", "update_parameters leaves parameters unchanged", now, original, name)
    for key in grads:
        assert_exact("course.api", "update_parameters leaves grads unchanged", grads[key], before[1][key], key)
    note(f"dims {d}")


@pytest.mark.proves("course.api")
@given(s.moderate_problems(), s.learning_rates, st.data())
def test_update_parameters_honours_learning_rate(impl, problem, learning_rate, data):
    grads = {
        "d" + key: data.draw(s.matrices(value.shape), label="d" + key) for key, value in problem.parameters.items()
    }
    new = impl.update(problem.parameters, grads, learning_rate)
    assert set(new) >= PARAMETER_KEYS, f"course.api: update_parameters returns keys {sorted(new)}"
    for key, theta in problem.parameters.items():
        step = learning_rate * grads["d" + key]
        # two roundings, alpha dtheta then the subtraction, and the product's underflow (properties/bounds.py)
        bound = EPS * (np.abs(theta) + 2 * np.abs(step)) + TINY
        assert_within("course.api", f"{key} <- {key} - alpha d{key}", new[key], theta - step, bound, key)


@pytest.mark.proves("course.api")
@given(s.moderate_problems(), st.data())
def test_update_parameters_default_learning_rate_is_1_2(impl, problem, data):
    grads = {
        "d" + key: data.draw(s.matrices(value.shape), label="d" + key) for key, value in problem.parameters.items()
    }
    by_default = impl.function("update_parameters")(problem.parameters, grads)
    explicit = impl.update(problem.parameters, grads, 1.2)
    equation = "update_parameters(p, g) == update_parameters(p, g, 1.2)"
    for key in PARAMETER_KEYS:
        assert_exact("course.api", equation, by_default[key], explicit[key], key)


def manual_training(impl, X, Y, n_h, num_iterations, learning_rate=COURSE_LEARNING_RATE):
    """np.random.seed(3); initialize_parameters; then num_iterations of forward, backward, update (the course's
    alpha = 1.2 unless learning_rate is given)."""
    np.random.seed(3)
    parameters = impl.function("initialize_parameters")(X.shape[0], n_h, Y.shape[0])
    for _ in range(num_iterations):
        _, cache = impl.forward(X, parameters)
        grads = impl.backward(parameters, cache, X, Y)
        parameters = impl.update(parameters, grads, learning_rate)
    return parameters


@pytest.mark.proves("course.api")
@pytest.mark.checks("nn_model")
@given(s.moderate_problems(uses=(*s.BACKWARD, "nn_model")), s.hidden_sizes, s.iterations, s.seeds)
def test_nn_model_is_seed_3_then_manual_steps(impl, problem, n_h, num_iterations, outer_seed):
    np.random.seed(outer_seed)  # nn_model seeds itself: the global state before the call must not matter
    trained = impl.nn_model(problem.X, problem.Y, n_h, num_iterations)
    manual = manual_training(impl, problem.X, problem.Y, n_h, num_iterations)
    assert set(trained) >= PARAMETER_KEYS, f"course.api: nn_model returns keys {sorted(trained)}"
    equation = f"nn_model == {num_iterations} manual steps from seed 3"  # same calls, same order: same bits
    for key in PARAMETER_KEYS:
        assert_exact("course.api", equation, trained[key], manual[key], key)


@pytest.mark.proves("course.api")
@pytest.mark.checks("nn_model")
@given(s.moderate_problems(uses=(*s.BACKWARD, "nn_model")), s.hidden_sizes, s.iterations, s.learning_rates)
def test_nn_model_steps_with_its_learning_rate(impl, problem, n_h, num_iterations, learning_rate):
    """nn_model(learning_rate=alpha) is alpha's manual steps, where nn_model takes the keyword (an optional capability,
    the only call of it with alpha != 1.2); else the course's 1.2."""
    if not impl.accepts("nn_model", "learning_rate"):
        learning_rate = COURSE_LEARNING_RATE
    trained = impl.nn_model(problem.X, problem.Y, n_h, num_iterations, learning_rate)
    manual = manual_training(impl, problem.X, problem.Y, n_h, num_iterations, learning_rate)
    equation = f"nn_model(learning_rate={learning_rate}) == {num_iterations} manual steps of alpha = {learning_rate}"
    for key in PARAMETER_KEYS:
        assert_exact("course.api", equation, trained[key], manual[key], key)


@pytest.mark.proves("course.api")
@pytest.mark.checks("predict")
@given(s.problems(uses=PREDICT))
@s.at_the_edges()
def test_predict_is_A2_greater_than_half(impl, problem):
    """predict = [A2 > 0.5] wherever A2 != 0.5; the tie A2 = 0.5 is a convention (the next test)."""
    A2, _ = impl.forward(problem.X, problem.parameters)
    predictions = np.asarray(impl.predict(problem.parameters, problem.X))
    d = problem.d
    assert predictions.shape == (d.n_y, d.m), f"course.api: predict shape {predictions.shape}, expected {(d.n_y, d.m)}"
    assert predictions.dtype == np.bool_ or np.isin(predictions, (0, 1)).all(), "course.api: predict gives 0/1"
    tie = A2 == 0.5
    assert_exact(
        "course.api",
        "predict == (A2 > 0.5) where A2 != 0.5",
        np.where(tie, 0.0, predictions.astype(np.float64)),
        np.where(tie, 0.0, A2 > 0.5),
        "predictions",
    )


@pytest.mark.proves("course.api")
@pytest.mark.checks("predict")
@given(s.problems(uses=PREDICT))
def test_predict_at_exactly_one_half_follows_one_convention(impl, request, problem):
    """A2 = sigma(0) = 0.5 exactly: the template predicts 0 (A2 > 0.5), np.where(A2 < 0.5, 0, 1) predicts 1. Either
    is accepted, the same for every example (a remark says which); anything else is a bug."""
    d = problem.d
    parameters = problem.parameters | {"W2": np.zeros((d.n_y, d.n_h)), "b2": np.zeros((d.n_y, 1))}
    A2, _ = impl.forward(problem.X, parameters)
    assert (A2 == 0.5).all(), f"course.api: sigma(0) must be exactly 0.5; got {A2}"
    predictions = np.asarray(impl.predict(parameters, problem.X)).astype(np.float64)
    assert predictions.shape == (d.n_y, d.m) and np.ptp(predictions) == 0 and predictions.flat[0] in (0.0, 1.0), (
        f"course.api: at A2 == 0.5 exactly predict must give 0 (A2 > 0.5) or 1 (the np.where(A2 < 0.5, 0, 1) "
        f"convention) for every example; got {predictions.tolist()}"
    )
    if predictions.flat[0] == 1.0:
        variants.remark(request, variants.TIE_REMARK)
