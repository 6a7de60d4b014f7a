"""The loader on files shaped like learners' files (tests/learners/): each correct one loads without running a
module-level statement, and its functions give the reference's values; each buggy one names its problem.

Comparisons with the reference use the rounding bounds of properties.bounds and properties.oracle: the learner's
code and the reference compute the same formulas by different routes, from the same inputs.
"""

from __future__ import annotations

import runpy
import sys
from pathlib import Path

import numpy as np
import pytest

import mutants
from mutants import MUTANTS
from shallow_proofs.properties import standins
from shallow_proofs.properties.bounds import EPS, assert_exact, assert_within, gamma, product_bound, sum_bound
from shallow_proofs.properties.loader import PREFIX, load
from shallow_proofs.properties.oracle import G_ULPS, forward_bounds
from shallow_proofs.reference import course

LEARNERS = Path(__file__).parent / "learners"
CORRECT = {
    "export_W3A1.py": {},
    "notebook_W3A1.ipynb": {},
    "with_helper/solution.py": {},
    "helpers_absent.py": {},
    "renamed.py": {"nn_model": "neural_model"},
}
LEARNING_RATE = 0.5
"""Not the course's 1.2, so that an update that ignores its argument shows."""
NOT_CAUGHT = {
    "dZ1_star_for_dot": "W2.T * dZ2 equals W2.T dZ2 where n_y = 1, as in every course call",
    "nn_model_extra_step": "one step more changes nothing that nn_model prints at iteration 0",
    "predict_at_least_half": "A2 >= 0.5 differs from A2 > 0.5 only at A2 = 0.5, which the problem avoids",
    "predict_threshold_on_Z2": "Z2 > 0.5 differs from Z2 > 0 only where 0 < Z2 <= 0.5: the problem's Z2 are "
    "0.68, -0.72, -0.47, 1.28 and 1.38",
    "W2_reshaped_not_transposed": "W2.reshape(n_h, n_y) is W2.T where n_y = 1, as in the problem",
    "dZ2_first_label_row": "Y[0] broadcasts to Y where n_y = 1, as in the problem",
    "forward_b2_first_row": "b2[0] is b2 where n_y = 1, as in the problem",
    "layer_sizes_n_y_is_1": "n_y is 1 in the problem",
    "nn_model_ignores_n_h": "nn_model is called with n_h = 4, the n_h that layer_sizes returns",
    "nn_model_initializes_in_the_loop": "one step changes nothing that nn_model prints at iteration 0",
    "nn_model_stale_gradients": "one step changes nothing that nn_model prints at iteration 0",
    "nn_model_updates_once": "one step changes nothing that nn_model prints at iteration 0",
}
"""Course-style mutants that the comparison on one small problem is not meant to catch (the suite catches them)."""


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch):
    """sys.path and the helper modules as they were: a helper that one fixture imports must not serve another."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield
    for name in [n for n in sys.modules if n.startswith(PREFIX) or standins.is_helper(n)]:
        del sys.modules[name]


def problem():
    """A small problem with weights of order 1, so that A2 stays clear of the 0.5 threshold."""
    rng = np.random.default_rng(11)
    X = rng.standard_normal((3, 5))
    Y = np.array([[1.0, 0.0, 1.0, 1.0, 0.0]])
    P = {"W1": rng.standard_normal((4, 3)), "b1": rng.standard_normal((4, 1))}
    P |= {"W2": rng.standard_normal((1, 4)), "b2": rng.standard_normal((1, 1))}
    return X, Y, P


def cost_of(module, A2, Y, P):
    """compute_cost(A2, Y), or the oldest generation's compute_cost(A2, Y, parameters)."""
    takes_parameters = module.compute_cost.__code__.co_argcount >= 3
    return module.compute_cost(A2, Y, P) if takes_parameters else module.compute_cost(A2, Y)


def cost_bound(A2, Y, A2_error=0.0):
    """Two evaluations of J = -(1/m) sum(y log a + (1 - y) log(1 - a)): the sum of m terms of one sign (gamma(m + 1)),
    each term's own roundings (G_ULPS ulps), and an error in A2 carried by |dL/da| = 1/a or 1/(1 - a)."""
    terms = -(Y * np.log(A2) + (1 - Y) * np.log(1 - A2))
    slope = np.where(Y == 1.0, 1.0 / A2, 1.0 / (1.0 - A2))
    m = Y.shape[1]
    return (2 * gamma(m + 1) * terms.sum() + np.sum(2 * G_ULPS * EPS * terms + slope * A2_error)) / m


def backward_bounds(P, cache, X, Y):
    """Two evaluations of the L09 gradients from the same cache: each product (n terms, then 1/m) within
    product_bound, and dZ1's error carried into dW1 and db1. dZ2 = A2 - Y is one rounding in either route."""
    m = X.shape[1]
    A1, dZ2 = cache["A1"], cache["A2"] - Y
    dZ2_error = EPS * np.abs(dZ2)
    dZ1_error = (
        2 * gamma(P["W2"].shape[0] + 4) * (np.abs(P["W2"].T) @ np.abs(dZ2)) + np.abs(P["W2"].T) @ dZ2_error
    ) * (1 + A1**2)
    dZ1 = (P["W2"].T @ dZ2) * (1 - A1**2)
    return {
        "dW2": (product_bound(dZ2, A1.T) + dZ2_error @ np.abs(A1.T)) / m,
        "db2": (sum_bound(dZ2) + dZ2_error.sum(axis=1, keepdims=True)) / m,
        "dW1": (product_bound(dZ1, X.T) + dZ1_error @ np.abs(X.T)) / m,
        "db1": (sum_bound(dZ1) + dZ1_error.sum(axis=1, keepdims=True)) / m,
    }


def printed(J: float) -> str:
    return "Cost after iteration 0: %f" % J  # noqa: UP031 (the course's format)


def assert_reference_values(module, capsys, skip=()):
    """Each course function of module on a small problem against shallow_proofs.reference.course."""
    X, Y, P = problem()
    assert module.layer_sizes(X, Y) == course.layer_sizes(X, Y)
    np.random.seed(2)  # noqa: NPY002 (the course's global RNG)
    init = module.initialize_parameters(2, 4, 1)
    np.random.seed(2)  # noqa: NPY002
    for key, value in course.initialize_parameters(2, 4, 1).items():
        assert_exact("loader", f"initialize_parameters after seed(2): {key}", init[key], value, key)
    A2, cache = module.forward_propagation(X, P)
    A2_ref, cache_ref = course.forward_propagation(X, P)
    bounds = forward_bounds(X, P, "tanh", cache_ref)
    for key in ("Z1", "A1", "Z2", "A2"):
        assert_within("loader", f"forward_propagation: {key}", cache[key], cache_ref[key], bounds[key], key)
    assert_within("loader", "forward_propagation returns A2", A2, A2_ref, bounds["A2"], "A2")
    if "compute_cost" not in skip:
        J = cost_of(module, A2_ref, Y, P)
        assert isinstance(J, float), f"compute_cost returned {type(J).__name__}, not a float"
        assert_within("loader", "compute_cost", J, course.compute_cost(A2_ref, Y), cost_bound(A2_ref, Y), "J")
    grads = module.backward_propagation(P, cache_ref, X, Y)
    grads_ref = course.backward_propagation(P, cache_ref, X, Y)
    for key, bound in backward_bounds(P, cache_ref, X, Y).items():
        assert_within("loader", f"backward_propagation: {key}", grads[key], grads_ref[key], bound, key)
    updated = module.update_parameters(P, grads_ref, LEARNING_RATE)
    for key, value in course.update_parameters(P, grads_ref, LEARNING_RATE).items():
        bound = 2 * gamma(2) * (np.abs(P[key]) + LEARNING_RATE * np.abs(grads_ref["d" + key]))
        assert_within("loader", f"update_parameters: {key}", updated[key], value, bound, key)
    assert np.all(np.abs(A2_ref - 0.5) > bounds["A2"]), "the problem puts an A2 within rounding of the threshold"
    predictions = np.asarray(module.predict(P, X))
    assert_exact("loader", "predict", predictions.astype(bool), course.predict(P, X), "predictions")
    if "compute_cost" not in skip:
        assert_first_printed_cost(module, capsys, X, Y)


def assert_first_printed_cost(module, capsys, X, Y):
    """nn_model's first printed cost is J at its initial weights: the reference's J at the same weights, when no
    rounding boundary of the printed 6 decimals lies within J's bound."""
    np.random.seed(3)  # noqa: NPY002 (nn_model's seed; the older generation reseeds with 2 inside)
    init = module.initialize_parameters(X.shape[0], 4, Y.shape[0])
    A2_ref, cache_ref = course.forward_propagation(X, init)
    J = course.compute_cost(A2_ref, Y)
    bound = cost_bound(A2_ref, Y, forward_bounds(X, init, "tanh", cache_ref)["A2"])
    assert printed(J - bound) == printed(J + bound), "J lies within its bound of a rounding boundary of %f"
    capsys.readouterr()
    module.nn_model(X, Y, 4, num_iterations=1, print_cost=True)
    assert capsys.readouterr().out == printed(J) + "\n"


@pytest.mark.parametrize("fixture", sorted(CORRECT))
def test_correct_file_loads_and_gives_the_reference_values(fixture, capsys):
    loaded = load(str(LEARNERS / fixture), mapping=CORRECT[fixture])
    assert capsys.readouterr().out == "", "loading ran a module-level statement that prints"
    assert (loaded.missing, loaded.suggestions) == ([], [])
    assert_reference_values(loaded.module, capsys)


@pytest.mark.parametrize(
    ("fixture", "helper"), [("export_W3A1.py", "testCases_v2"), ("with_helper/solution.py", "planar_utils")]
)
def test_the_files_fail_when_imported_as_they_are(fixture, helper):
    """The negative control: executed as it is, from another folder, a fixture stops at its helpers' import."""
    with pytest.raises(ModuleNotFoundError, match=f"No module named '{helper}'"):
        runpy.run_path(str(LEARNERS / fixture))


def test_notebook_export_leaves_out_training_plots_tests_and_magics():
    loaded = load(str(LEARNERS / "export_W3A1.py"))
    assert loaded.notes == [
        "left out 64 module-level statements: 9 calls of the file's functions (predict x2, layer_sizes, "
        "initialize_parameters, forward_propagation, compute_cost, backward_propagation, update_parameters, "
        "nn_model), 15 test calls, 14 prints, 6 plots, 5 other calls, 3 magics, 3 assignments, 1 shell escape, "
        "1 unused constant, 1 loop, 6 imports the functions do not use (matplotlib.pyplot, testCases_v2, "
        "public_tests, sklearn, sklearn.datasets, sklearn.linear_model)",
        "stand-ins for planar_utils (not found): sigmoid",
    ]
    assert loaded.module.WEIGHT_SCALE == 0.01, "the constant that initialize_parameters uses is kept"
    assert loaded.module.sigmoid is standins.sigmoid
    assert loaded.problems == {}


def test_notebook_cells_markdown_latex_and_ipython_syntax():
    loaded = load(str(LEARNERS / "notebook_W3A1.ipynb"))
    assert loaded.notes == [
        "left out 28 module-level statements: 4 calls of the file's functions (layer_sizes, initialize_parameters, "
        "nn_model, predict), 6 magics, 4 test calls, 2 shell escapes, 2 other calls, 2 plots, 2 prints, "
        "6 imports the functions do not use (matplotlib.pyplot, testCases_v2, public_tests, sklearn, "
        "sklearn.datasets, sklearn.linear_model)",
        "left out cell 11: it is not valid Python (line 1: invalid syntax: np.dot?)",
        "stand-ins for planar_utils (not found): sigmoid",
    ]
    assert loaded.filename.endswith("notebook_W3A1.ipynb (code cells)")


def test_helper_next_to_the_file_is_imported():
    loaded = load(str(LEARNERS / "with_helper" / "solution.py"))
    assert loaded.module.sigmoid.__module__ == "planar_utils"
    assert Path(sys.modules["planar_utils"].__file__) == LEARNERS / "with_helper" / "planar_utils.py"
    assert str(LEARNERS / "with_helper") == sys.path[0]
    calls = "2 calls of the file's functions (nn_model, predict)"
    assert loaded.notes == [f"left out 5 module-level statements: {calls}, 2 prints, 1 other call"]


def test_absent_helpers_get_stand_ins_and_the_older_generation_loads():
    loaded = load(str(LEARNERS / "helpers_absent.py"))
    assert loaded.module.sigmoid is standins.sigmoid
    assert "stand-ins for planar_utils (not found): sigmoid" in loaded.notes
    assert (
        "not defined: plot_decision_boundary (used by plot_model); those functions will fail if called" in loaded.notes
    )
    assert loaded.problems == {}


def test_renamed_function_is_suggested_and_mapped():
    loaded = load(str(LEARNERS / "renamed.py"))
    assert loaded.missing == ["nn_model"]
    assert [str(s) for s in loaded.suggestions] == [
        "nn_model is missing; neural_model(X, Y, n_h, num_iterations, print_cost) has the same parameters and a "
        "similar name (test it as nn_model with --map nn_model=neural_model)"
    ]
    mapped = load(str(LEARNERS / "renamed.py"), mapping={"nn_model": "neural_model"})
    assert mapped.module.nn_model is mapped.module.neural_model
    assert "nn_model is neural_model (--map nn_model=neural_model)" in mapped.notes


def test_np_asscalar_is_named_with_its_replacement(capsys):
    loaded = load(str(LEARNERS / "asscalar.py"))
    message = "np.asscalar was removed in numpy 1.23: write a.item()"
    assert loaded.problems == {"compute_cost": [f"line 40: {message}"]}
    X, Y, P = problem()
    A2, _ = loaded.module.forward_propagation(X, P)
    with pytest.raises(AttributeError) as error:
        loaded.module.compute_cost(A2, Y)
    assert loaded.explain(error.value) == f"compute_cost (line 40): {message}"
    assert_reference_values(loaded.module, capsys, skip=("compute_cost",))


@pytest.mark.parametrize(
    "name", sorted(n for n, m in MUTANTS.items() if m.base == "course_style.py" and n not in NOT_CAUGHT)
)
def test_reference_values_catch_the_bug_zoo(name, tmp_path, capsys):
    """The negative control of assert_reference_values: a course-style mutant, loaded by the loader, fails it."""
    module = load(str(mutants.write(name, tmp_path))).module
    with pytest.raises((AssertionError, ValueError, TypeError)):
        assert_reference_values(module, capsys)
