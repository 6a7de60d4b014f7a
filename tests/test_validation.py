"""The reference's checks at its public boundary: each bad input of issue 2 gets ValueError or TypeError with a message
that names the argument, what was expected and what was given; and a call that raises leaves its inputs as they were.
"""

from __future__ import annotations

import copy
import functools
import re
import warnings
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from shallow_proofs.reference import course, datasets, logistic, network, validation
from shallow_proofs.reference.activations import ACTIVATIONS

M = 5


def problem() -> dict[str, Any]:
    """A valid small problem: X (2, 5), Y (1, 5), parameters with n_h = 4, its cache and gradients."""
    rng = np.random.default_rng(0)
    X = rng.standard_normal((2, M))
    Y = np.array([[0.0, 1.0, 1.0, 0.0, 1.0]])
    P = network.initialize(2, 4, 1, scale=0.5, rng=rng)
    cache = network.forward(X, P)
    grads = {key: network.backward(P, cache, X, Y)[key] for key in ("dW1", "db1", "dW2", "db2")}
    return {"X": X, "Y": Y, "P": P, "cache": cache, "grads": grads}


def with_entry(array: np.ndarray, index: tuple[int, ...], value: float) -> np.ndarray:
    bad = array.copy()
    bad[index] = value
    return bad


def without(mapping: dict[str, Any], key: str) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if k != key}


def replaced(mapping: dict[str, Any], key: str, value: Any) -> dict[str, Any]:
    return {**mapping, key: value}


def stacked(array: np.ndarray) -> np.ndarray:
    """Three copies along a new leading (batch) axis."""
    return np.stack([array] * 3)


def view(shape: tuple[int, ...], value: float = 0.0) -> np.ndarray:
    """A read-only array of any size that takes no memory (a broadcast scalar): for the memory checks."""
    return np.broadcast_to(np.float64(value), shape)


BIG = 1e308


def overflow(inputs: str, what: str, bad: str, name: str) -> str:
    return (
        f"the entries of {inputs} must be small enough for {what} to stay finite in float64; got {bad} in {name} "
        "at index (0, 0)"
    )


ONES_GRADS = {"dW1": np.full((4, 2), 10.0), "db1": np.full((4, 1), 10.0), "dW2": np.full((1, 4), 10.0),
              "db2": np.full((1, 1), 10.0)}  # fmt: skip


# Each case: (function, arguments built from a valid problem p, exception, exact message).
Case = tuple[Callable[..., Any], Callable[[dict[str, Any]], tuple[Any, ...]], type[Exception], str]
CASES: dict[str, Case] = {
    # X not 2-D, m = 0, X's rows not matching W1
    "X 1-D": (network.forward, lambda p: (p["X"].ravel(), p["P"]), ValueError,
              "X must be a 2-D array of shape (n_x, m); got 1-D array of shape (10,)"),
    "X 3-D": (course.forward_propagation, lambda p: (p["X"][None], p["P"]), ValueError,
              "X must be a 2-D array of shape (n_x, m); got 3-D array of shape (1, 2, 5)"),
    "m = 0": (network.forward, lambda p: (np.ones((2, 0)), p["P"]), ValueError,
              "X must have n_x >= 1 rows and m >= 1 columns; got shape (2, 0)"),
    "X rows": (network.forward, lambda p: (np.ones((3, M)), p["P"]), ValueError,
               "W1 must have shape (n_h, 3) to match X's 3 rows; got shape (4, 2)"),
    "X rows, predict": (course.predict, lambda p: (p["P"], np.ones((3, M))), ValueError,
                        "W1 must have shape (n_h, 3) to match X's 3 rows; got shape (4, 2)"),
    # Y not (n_y, m), labels outside {0, 1}
    "Y columns": (network.backward, lambda p: (p["P"], p["cache"], p["X"], p["Y"][:, :4]), ValueError,
                  "Y must have shape (1, 5), as many rows as W2, one column per example of X; got shape (1, 4)"),
    "Y transposed": (course.compute_cost, lambda p: (p["cache"]["A2"], p["Y"].T), ValueError,
                     "A2 and Y must have the same (n_y, m) in their last two axes; got A2 of shape (1, 5) and Y of "
                     "shape (5, 1)"),
    "Y 1-D": (course.nn_model, lambda p: (p["X"], p["Y"].ravel(), 4), ValueError,
              "Y must have shape (n_y, 5), n_y >= 1, one column per example of X; got shape (5,)"),
    "Y rows": (network.train, lambda p: (p["X"], np.vstack([p["Y"], p["Y"]]), p["P"]), ValueError,
               "Y must have shape (1, 5), as many rows as W2, one column per example of X; got shape (2, 5)"),
    "label 2": (course.compute_cost, lambda p: (p["cache"]["A2"], with_entry(p["Y"], (0, 3), 2.0)), ValueError,
                "Y must hold labels in {0, 1}; got 2.0 at index (0, 3)"),
    "label -1, logistic": (logistic.propagate, lambda p: (np.zeros((2, 1)), 0.0, p["X"], p["Y"] * 2 - 1), ValueError,
                           "Y must hold labels in {0, 1}; got -1.0 at index (0, 0)"),
    "label 0.5, logits": (network.cost_from_logits, lambda p: (p["cache"]["Z2"], with_entry(p["Y"], (0, 1), 0.5)),
                          ValueError, "Y must hold labels in {0, 1}; got 0.5 at index (0, 1)"),
    "Y rows for A2": (network.cost, lambda p: (np.full((2, M), 0.5), p["Y"]), ValueError,
                      "A2 and Y must have the same (n_y, m) in their last two axes; got A2 of shape (2, 5) and Y of "
                      "shape (1, 5)"),
    "A2 1-D": (course.compute_cost, lambda p: (p["cache"]["A2"].ravel(), p["Y"]), ValueError,
               "A2 must be a 2-D array of shape (n_y, m), n_y >= 1 and m >= 1; got shape (5,)"),
    "A2 batch in compute_cost": (course.compute_cost, lambda p: (p["cache"]["A2"][None], p["Y"]), ValueError,
                                 "A2 must be a 2-D array of shape (n_y, m), without batch axes; got shape (1, 1, 5)"),
    "A2 above 1": (course.compute_cost, lambda p: (with_entry(p["cache"]["A2"], (0, 2), 1.5), p["Y"]), ValueError,
                   "A2 must hold probabilities in [0, 1]; got 1.5 at index (0, 2)"),
    "Z2 1-D": (network.cost_from_logits, lambda p: (p["cache"]["Z2"].ravel(), p["Y"]), ValueError,
               "Z2 must be a 2-D array of shape (n_y, m), n_y >= 1 and m >= 1; got shape (5,)"),
    # NaN or inf
    "NaN in X": (network.forward, lambda p: (with_entry(p["X"], (1, 2), np.nan), p["P"]), ValueError,
                 "X must be finite; got NaN at index (1, 2)"),
    "inf in W1": (network.forward, lambda p: (p["X"], replaced(p["P"], "W1", with_entry(p["P"]["W1"], (0, 1), np.inf))),
                  ValueError, "W1 must be finite; got inf at index (0, 1)"),
    "NaN in A2": (course.compute_cost, lambda p: (with_entry(p["cache"]["A2"], (0, 4), np.nan), p["Y"]), ValueError,
                  "A2 must be finite; got NaN at index (0, 4)"),
    "-inf in db2": (network.update, lambda p: (p["P"], replaced(p["grads"], "db2", np.array([[-np.inf]])), 1.2),
                    ValueError, "db2 must be finite; got inf at index (0, 0)"),
    "NaN in cache": (network.backward,
                     lambda p: (p["P"], replaced(p["cache"], "A1", with_entry(p["cache"]["A1"], (3, 0), np.nan)),
                                p["X"], p["Y"]), ValueError, "A1 must be finite; got NaN at index (3, 0)"),
    # a non-numeric dtype
    "X strings": (network.forward, lambda p: (np.full((2, M), "a"), p["P"]), TypeError,
                  "X must hold real numbers; got dtype <U1"),
    "X objects": (network.forward, lambda p: (np.array([[1.0, None]], dtype=object), p["P"]), TypeError,
                  "X must hold real numbers; got dtype object"),
    "X complex": (network.forward, lambda p: (p["X"] + 0j, p["P"]), TypeError,
                  "X must hold real numbers; got complex dtype complex128"),
    "Y strings": (course.compute_cost, lambda p: (p["cache"]["A2"], p["Y"].astype(str)), TypeError,
                  "Y must hold real numbers; got dtype <U32"),
    # missing dict keys, not a dict
    "parameters without b2": (network.forward, lambda p: (p["X"], without(p["P"], "b2")), ValueError,
                              "parameters must have keys ['W1', 'b1', 'W2', 'b2']; got keys ['W1', 'b1', 'W2'], "
                              "without ['b2']"),
    "parameters a list": (network.forward, lambda p: (p["X"], list(p["P"].values())), TypeError,
                          "parameters must be a dict with keys ['W1', 'b1', 'W2', 'b2']; got list"),
    "grads without db1": (course.update_parameters, lambda p: (p["P"], without(p["grads"], "db1")), ValueError,
                          "grads must have keys ['dW1', 'db1', 'dW2', 'db2']; got keys ['dW1', 'dW2', 'db2'], "
                          "without ['db1']"),
    "cache without Z1": (network.backward, lambda p: (p["P"], without(p["cache"], "Z1"), p["X"], p["Y"]), ValueError,
                         "cache must have keys ['Z1', 'A1', 'Z2', 'A2']; got keys ['A1', 'Z2', 'A2'], without ['Z1']"),
    "course cache without A1": (course.backward_propagation,
                                lambda p: (p["P"], without(p["cache"], "A1"), p["X"], p["Y"]), ValueError,
                                "cache must have keys ['A1', 'A2']; got keys ['Z1', 'Z2', 'A2'], without ['A1']"),
    # wrong parameter shapes
    "b1 1-D": (network.forward, lambda p: (p["X"], replaced(p["P"], "b1", np.zeros(4))), ValueError,
               "b1 must be a 2-D array of shape (n_h, 1); got shape (4,)"),
    "b1 rows": (network.forward, lambda p: (p["X"], replaced(p["P"], "b1", np.zeros((3, 1)))), ValueError,
                "b1 must have shape (4, 1), n_h = 4 as in W1 (4, 2) and W2 (1, 4); got shape (3, 1)"),
    "W2 columns": (course.forward_propagation, lambda p: (p["X"], replaced(p["P"], "W2", np.zeros((1, 3)))), ValueError,
                   "W2 must have shape (1, 4), n_h = 4 as in W1 (4, 2) and b1 (4, 1); got shape (1, 3)"),
    "db1 without keepdims": (network.update, lambda p: (p["P"], replaced(p["grads"], "db1", np.zeros(4)), 1.2),
                             ValueError, "db1 must have the shape of b1, (4, 1); got shape (4,)"),
    "cache A1 shape": (network.backward,
                       lambda p: (p["P"], replaced(p["cache"], "A1", p["cache"]["A1"].T), p["X"], p["Y"]), ValueError,
                       "cache['A1'] must have shape (4, 5); got shape (5, 4)"),
    "logistic w shape": (logistic.propagate, lambda p: (np.zeros((1, 2)), 0.0, p["X"], p["Y"]), ValueError,
                         "w must have shape (2, 1) to match X's 2 rows; got shape (1, 2)"),
    # a learning rate that is not finite and > 0
    "learning rate 0": (network.update, lambda p: (p["P"], p["grads"], 0), ValueError,
                        "learning_rate must be a finite number > 0; got 0"),
    "learning rate -1.2": (course.update_parameters, lambda p: (p["P"], p["grads"], -1.2), ValueError,
                           "learning_rate must be a finite number > 0; got -1.2"),
    "learning rate inf": (course.nn_model, lambda p: (p["X"], p["Y"], 4, 10, False, np.inf), ValueError,
                          "learning_rate must be a finite number > 0; got inf"),
    "learning rate str": (network.update, lambda p: (p["P"], p["grads"], "1.2"), TypeError,
                          "learning_rate must be a finite number > 0; got '1.2' of type str"),
    # sizes < 1, or not integers
    "n_x 0": (network.initialize, lambda p: (0, 4, 1), ValueError, "n_x must be an integer >= 1; got 0"),
    "n_h -1": (course.initialize_parameters, lambda p: (2, -1, 1), ValueError, "n_h must be an integer >= 1; got -1"),
    "n_y 2.0": (course.initialize_parameters, lambda p: (2, 4, 2.0), TypeError,
                "n_y must be an integer >= 1; got 2.0 of type float"),
    "n_h True": (network.initialize, lambda p: (2, True, 1), TypeError,
                 "n_h must be an integer >= 1; got True of type bool"),
    "nn_model n_h 0": (course.nn_model, lambda p: (p["X"], p["Y"], 0), ValueError,
                       "n_h must be an integer >= 1; got 0"),
    "num_iterations 0": (course.nn_model, lambda p: (p["X"], p["Y"], 4, 0), ValueError,
                         "num_iterations must be an integer >= 1; got 0"),
    # the activations: numeric arrays only, finite, rectangular
    "g(None)": (ACTIVATIONS["tanh"].g, lambda p: (None,), TypeError, "z must hold real numbers; got dtype object"),
    "ReLU of strings": (ACTIVATIONS["relu"].g, lambda p: (["1.5", "-2"],), TypeError,
                        "z must hold real numbers; got dtype <U3"),
    "tanh of a complex": (ACTIVATIONS["tanh"].g, lambda p: (1 + 5j,), TypeError,
                          "z must hold real numbers; got complex dtype complex128"),
    "sigma' of a ragged list": (ACTIVATIONS["sigmoid"].dg, lambda p: ([[1.0, 2.0], [3.0]],), ValueError,
                                "z must be a rectangular array of real numbers; got a ragged nested sequence"),
    "leaky ReLU of durations": (ACTIVATIONS["leaky_relu"].g, lambda p: (np.array([1, 2], dtype="m8[s]"),), TypeError,
                                "z must hold real numbers; got dtype timedelta64[s]"),
    "ReLU' of dates": (ACTIVATIONS["relu"].dg, lambda p: (np.array(["2024-01-01"], dtype="M8[D]"),), TypeError,
                       "z must hold real numbers; got dtype datetime64[D]"),
    "identity of NaN": (ACTIVATIONS["identity"].g, lambda p: (np.array([0.0, np.nan]),), ValueError,
                        "z must be finite; got NaN at index (1,)"),
    "tanh' of -inf": (ACTIVATIONS["tanh"].dg, lambda p: (np.array([[1.0, -np.inf]]),), ValueError,
                      "z must be finite; got inf at index (0, 1)"),
    # ragged lists and durations where arrays belong
    "X ragged": (network.forward, lambda p: ([[1.0, 2.0], [3.0]], p["P"]), ValueError,
                 "X must be a rectangular array of real numbers; got a ragged nested sequence"),
    "X durations": (network.forward, lambda p: (np.ones((2, M), dtype="m8[s]"), p["P"]), TypeError,
                    "X must hold real numbers; got dtype timedelta64[s]"),
    # the parameter that disagrees with the others is named; all of them when none has a majority
    "W1 rows, the odd one out": (network.forward, lambda p: (p["X"], replaced(p["P"], "W1", np.ones((3, 2)))),
                                 ValueError,
                                 "W1 must have shape (4, 2), n_h = 4 as in b1 (4, 1) and W2 (1, 4); got shape (3, 2)"),
    "n_h without a majority": (network.forward,
                               lambda p: (p["X"], {**p["P"], "W1": np.ones((3, 2)), "b1": np.ones((5, 1))}), ValueError,
                               "W1, b1 and W2 must agree on n_h: expected W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h); "
                               "got W1 (3, 2), b1 (5, 1), W2 (1, 4)"),
    "W2 and b2 on n_y": (network.forward, lambda p: (p["X"], replaced(p["P"], "W2", np.ones((2, 4)))), ValueError,
                         "W2 and b2 must agree on n_y: expected W2 (n_y, n_h), b2 (n_y, 1); got W2 (2, 4), b2 (1, 1)"),
    "b1 two columns": (network.forward, lambda p: (p["X"], replaced(p["P"], "b1", np.ones((4, 2)))), ValueError,
                       "b1 must have shape (4, 1), one column; got shape (4, 2)"),
    "A2 columns": (course.compute_cost, lambda p: (p["cache"]["A2"][:, :4], p["Y"]), ValueError,
                   "A2 and Y must have the same (n_y, m) in their last two axes; got A2 of shape (1, 4) and Y of "
                   "shape (1, 5)"),
    "Z2 columns": (network.cost_from_logits, lambda p: (p["cache"]["Z2"][:, :4], p["Y"]), ValueError,
                   "Z2 and Y must have the same (n_y, m) in their last two axes; got Z2 of shape (1, 4) and Y of "
                   "shape (1, 5)"),
    "layer_sizes, Y without rows": (course.layer_sizes, lambda p: (p["X"], np.zeros((0, M))), ValueError,
                                    "Y must have shape (n_y, 5), n_y >= 1, one column per example of X; got shape "
                                    "(0, 5)"),
    "nn_model, Y without rows": (course.nn_model, lambda p: (p["X"], np.zeros((0, M)), 3), ValueError,
                                 "Y must have shape (n_y, 5), n_y >= 1, one column per example of X; got shape (0, 5)"),
    "logistic, Y rows": (logistic.propagate, lambda p: (np.zeros((2, 1)), 0.0, p["X"], np.vstack([p["Y"], p["Y"]])),
                         ValueError, "Y must have shape (1, 5), one row (logistic regression has one output), one "
                         "column per example of X; got shape (2, 5)"),
    # batch axes where the function takes none
    "batched W2, backward_propagation": (course.backward_propagation,
                                         lambda p: (replaced(p["P"], "W2", stacked(p["P"]["W2"])), p["cache"], p["X"],
                                                    p["Y"]), ValueError,
                                         "W2 must be a 2-D array of shape (n_y, n_h), without batch axes; got shape "
                                         "(3, 1, 4)"),
    "batched W2, backward": (network.backward,
                             lambda p: (replaced(p["P"], "W2", stacked(p["P"]["W2"])), p["cache"], p["X"], p["Y"]),
                             ValueError, "W2 must be a 2-D array of shape (n_y, n_h), without batch axes; got shape "
                             "(3, 1, 4)"),
    "batched W1, train": (network.train, lambda p: (p["X"], p["Y"], replaced(p["P"], "W1", stacked(p["P"]["W1"]))),
                          ValueError, "W1 must be a 2-D array of shape (n_h, n_x), without batch axes; got shape "
                          "(3, 4, 2)"),
    # numbers
    "learning rate 10**400": (network.update, lambda p: (p["P"], p["grads"], 10**400), ValueError,
                              f"learning_rate must be a finite number > 0; got {10**400}"),
    "scale -1": (functools.partial(network.initialize, scale=-1.0), lambda p: (2, 4, 1), ValueError,
                 "scale must be a finite number >= 0; got -1.0"),
    "zeros 'yes'": (functools.partial(network.initialize, zeros="yes"), lambda p: (2, 4, 1), TypeError,
                    "zeros must be True or False; got 'yes' of type str"),
    "print_every 0": (functools.partial(network.train, print_every=0), lambda p: (p["X"], p["Y"], p["P"]), ValueError,
                      "print_every must be an integer >= 1; got 0"),
    # the data sets
    "n 0": (datasets.noisy_circles, lambda p: (0,), ValueError, "n must be an integer >= 1; got 0"),
    "factor 1": (functools.partial(datasets.noisy_circles, factor=1.0), lambda p: (10,), ValueError,
                 "factor must be a finite number in [0, 1); got 1.0"),
    "noise -0.1": (functools.partial(datasets.noisy_moons, noise=-0.1), lambda p: (10,), ValueError,
                   "noise must be a finite number >= 0; got -0.1"),
    "centers 0": (functools.partial(datasets.blobs, centers=0), lambda p: (10,), ValueError,
                  "centers must be an integer >= 1; got 0"),
    "cov NaN": (functools.partial(datasets.gaussian_quantiles, cov=float("nan")), lambda p: (10,), ValueError,
                "cov must be a finite number >= 0; got nan"),
    "seed -1": (functools.partial(datasets.noisy_moons, seed=-1), lambda p: (10,), ValueError,
                "seed must be None or an integer >= 0; got -1"),
    "seed 1.5": (functools.partial(datasets.noisy_moons, seed=1.5), lambda p: (10,), TypeError,
                 "seed must be None or an integer >= 0; got 1.5 of type float"),
    "data set named by a list": (datasets.load, lambda p: (["flower"],), ValueError,
                                 "data set must be one of ['blobs', 'flower', 'gaussian_quantiles', 'noisy_circles', "
                                 "'noisy_moons']; got ['flower']"),
    # finite inputs whose results overflow float64: an error, not a warning and an inf
    "Z1 overflows": (network.forward, lambda p: (np.full((2, M), BIG), replaced(p["P"], "W1", np.ones((4, 2)))),
                     ValueError, overflow('X, W1 and b1', 'Z1 = W1 X + b1', 'inf', 'Z1')),
    "Z2 overflows": (functools.partial(course.forward_propagation, activation="identity"),
                     lambda p: (np.full((2, M), BIG / 4), {**p["P"], "W1": np.ones((4, 2)), "W2": np.ones((1, 4))}),
                     ValueError, overflow('X and the parameters', 'Z2 = W2 A1 + b2', 'inf', 'Z2')),
    "dW2 overflows": (functools.partial(network.backward, activation="identity"),
                      lambda p: (p["P"], {**p["cache"], "A1": np.full((4, M), BIG), "A2": np.full((1, M), 0.5)}, p["X"],
                                 np.zeros((1, M))), ValueError,
                      overflow('W2, the cache and X', 'the gradients', 'inf', 'dW2')),
    "dW2 overflows, course": (functools.partial(course.backward_propagation, activation="relu"),
                              lambda p: (p["P"], {**p["cache"], "A1": np.full((4, M), BIG), "A2": np.full((1, M), 0.5)},
                                         p["X"], np.zeros((1, M))), ValueError,
                              overflow('W2, the cache and X', 'the gradients', 'inf', 'dW2')),
    "update overflows": (network.update, lambda p: (p["P"], ONES_GRADS, BIG), ValueError,
                         overflow('W1, dW1 and learning_rate', 'W1 - learning_rate * dW1', 'inf', 'the new W1')),
    "logistic Z overflows": (logistic.propagate, lambda p: (np.ones((2, 1)), 0.0, np.full((2, M), BIG), p["Y"]),
                             ValueError, overflow('X, w and b', 'Z = w^T X + b', 'inf', 'Z')),
    "logistic prediction overflows": (logistic.logistic_predict, lambda p: (np.ones((2, 1)), 0.0, np.full((2, M), BIG)),
                                      ValueError, overflow('X, w and b', 'Z = w^T X + b', 'inf', 'Z')),
    # names
    "activation softmax": (network.forward, lambda p: (p["X"], p["P"], "softmax"), ValueError,
                           "activation must be one of ['identity', 'leaky_relu', 'relu', 'sigmoid', 'tanh']; "
                           "got 'softmax'"),
    "data set iris": (datasets.load, lambda p: ("iris",), ValueError,
                      "data set must be one of ['blobs', 'flower', 'gaussian_quantiles', 'noisy_circles', "
                      "'noisy_moons']; got 'iris'"),
}  # fmt: skip


def assert_unchanged(before: Any, after: Any, where: str) -> None:
    """Deep equality of the arguments before and after a call (arrays bit for bit, NaN equal to NaN)."""
    if isinstance(before, np.ndarray):
        assert isinstance(after, np.ndarray) and before.dtype == after.dtype and before.shape == after.shape, where
        same = np.array_equal(before, after, equal_nan=before.dtype.kind in "fc")
        assert same, f"{where} was changed by a call that raised"
    elif isinstance(before, dict):
        assert isinstance(after, dict) and list(before) == list(after), f"{where}: keys changed"
        for key in before:
            assert_unchanged(before[key], after[key], f"{where}[{key!r}]")
    elif isinstance(before, list | tuple):
        assert len(before) == len(after), where
        for i, (b, a) in enumerate(zip(before, after, strict=True)):
            assert_unchanged(b, a, f"{where}[{i}]")
    else:
        assert before == after or (before != before and after != after), f"{where} changed"


@pytest.mark.parametrize("case", list(CASES))
def test_bad_input_raises_with_message_and_mutates_nothing(case):
    function, arguments, error, message = CASES[case]
    args = arguments(problem())
    saved = copy.deepcopy(args)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # an overflow warning would be raised instead of the error
        with pytest.raises(error, match=f"^{re.escape(message)}$"):
            function(*args)
    assert_unchanged(saved, args, "arguments")


def needs(what: str, gigabytes: str) -> str:
    return (
        f"{what} must fit in this machine's memory (0.10 GB); got sizes that need {gigabytes} GB of float64 arrays "
        "at once"
    )


# Each case: (function, arguments from a valid problem, exact message), on a machine said to have 10^8 bytes.
MEMORY_CASES: dict[str, tuple[Callable[..., Any], Callable[[dict[str, Any]], tuple[Any, ...]], str]] = {
    "initialize_parameters": (course.initialize_parameters, lambda p: (10**4, 10**3, 1),
                              needs("the parameters for n_x = 10000, n_h = 1000, n_y = 1", "0.16")),
    "initialize, zeros": (functools.partial(network.initialize, zeros=True), lambda p: (10**4, 10**3, 1),
                          needs("the parameters for n_x = 10000, n_h = 1000, n_y = 1", "0.16")),
    "nn_model, n_h": (course.nn_model, lambda p: (p["X"], p["Y"], 10**6),
                      needs("training with n_x = 2, n_h = 1000000, n_y = 1, m = 5 and num_iterations = 10000", "0.30")),
    "train, num_iterations": (functools.partial(network.train, num_iterations=2 * 10**7),
                              lambda p: (p["X"], p["Y"], p["P"]),
                              needs("training with n_x = 2, n_h = 4, n_y = 1, m = 5 and num_iterations = 20000000",
                                    "0.16")),
    "logistic_train": (functools.partial(logistic.logistic_train, num_iterations=2 * 10**7),
                       lambda p: (p["X"], p["Y"]),
                       needs("training with n_x = 2, m = 5 and num_iterations = 20000000", "0.16")),
    "data set": (datasets.noisy_moons, lambda p: (2 * 10**6,), needs("a data set of n = 2000000 points", "0.16")),
    "centers": (functools.partial(datasets.blobs, centers=4 * 10**6), lambda p: (10,),
                needs("a data set with 4000000 centers", "0.13")),
    "forward, batch axes": (network.forward, lambda p: (p["X"], replaced(p["P"], "W1", view((10**6, 4, 2), 0.1))),
                            needs("the forward pass with batch axes (1000000,), n_h = 4, n_y = 1, m = 5", "0.60")),
    "backward": (network.backward,
                 lambda p: ({"W1": view((1000, 2)), "b1": view((1000, 1)), "W2": view((1, 1000)), "b2": view((1, 1))},
                            {"Z1": view((1000, 5000)), "A1": view((1000, 5000)), "Z2": view((1, 5000)),
                             "A2": view((1, 5000), 0.5)}, view((2, 5000)), view((1, 5000))),
                 needs("backpropagation with n_h = 1000, m = 5000", "0.12")),
    "cost": (network.cost, lambda p: (view((1, 4 * 10**6), 0.5), view((1, 4 * 10**6))),
             needs("the cost of A2 of shape (1, 4000000)", "0.13")),
    "cost_from_logits": (network.cost_from_logits, lambda p: (view((1, 5 * 10**6)), view((1, 5 * 10**6))),
                         needs("the cost of Z2 of shape (1, 5000000)", "0.12")),
    "update": (network.update,
               lambda p: ({"W1": view((5000, 2000)), "b1": view((5000, 1)), "W2": view((1, 5000)), "b2": view((1, 1))},
                          {"dW1": view((5000, 2000)), "db1": view((5000, 1)), "dW2": view((1, 5000)),
                           "db2": view((1, 1))}, 0.1),
               needs("the update of 10010001 parameters", "0.16")),
}  # fmt: skip


@pytest.mark.parametrize("case", list(MEMORY_CASES))
def test_work_beyond_the_memory_is_refused_before_allocating(case, monkeypatch):
    """The machine is said to have 10^8 bytes, so that the refused sizes are harmless if a check were missing."""
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(10**8, validation.PHYSICAL))
    function, arguments, message = MEMORY_CASES[case]
    args = arguments(problem())
    np.random.seed(11)  # noqa: NPY002
    before = np.random.get_state()  # noqa: NPY002
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        function(*args)
    after = np.random.get_state()  # noqa: NPY002
    assert before[1].tolist() == after[1].tolist() and before[2:] == after[2:], f"{case} moved the global RNG"


def test_train_learning_rate_keyword():
    p = problem()
    for bad in (np.nan, 0.0, -np.inf):
        with pytest.raises(ValueError, match=re.escape(f"learning_rate must be a finite number > 0; got {bad!r}")):
            network.train(p["X"], p["Y"], p["P"], learning_rate=bad)


def test_initialize_rejects_a_seed_where_a_generator_is_expected():
    with pytest.raises(TypeError, match=re.escape("rng must be a np.random.Generator (np.random.default_rng(seed))")):
        network.initialize(2, 4, 1, rng=3)  # type: ignore[arg-type]


def test_bad_nn_model_call_leaves_the_global_rng_alone():
    p = problem()
    np.random.seed(11)  # noqa: NPY002
    before = np.random.get_state()  # noqa: NPY002
    with pytest.raises(ValueError, match="n_h must be an integer >= 1"):
        course.nn_model(p["X"], p["Y"], 0)
    after = np.random.get_state()  # noqa: NPY002
    assert before[1].tolist() == after[1].tolist() and before[2:] == after[2:], "nn_model reseeded before failing"
