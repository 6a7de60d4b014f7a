"""Which part of backward_propagation is wrong, read from the measured gradients, never guessed.

Given the implementation's gradients at one point and the notes' network at that point, each gradient is *right*
(within the rounding bound of its formula, properties.bounds), of the *wrong shape*, or *wrong*. Then:

- known slips are recomputed at the same point (a missing 1/m, a flipped dZ2, tanh's slope as 1 - A1 ...); a slip
  that reproduces every measured gradient within the same bounds is named;
- otherwise the pattern of right and wrong gradients locates the error: dW2 and db2 right but dW1 and db1 wrong puts
  it between dA1 and dZ1; every gradient off by one factor c is a scaling; dW wrong but db right is the product with
  the layer's input; and so on.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from shallow_proofs.properties import oracle
from shallow_proofs.properties.bounds import EPS, product_bound, sum_bound
from shallow_proofs.properties.diagnosed import PREFIX

Array = np.ndarray[Any, Any]
GRADIENTS = ("dW1", "db1", "dW2", "db2")
"""The line of a failure message that carries the diagnosis (the proof document and the JSON report read it)."""


def gradients(X: Array, Y: Array, W2: Array, A1: Array, dZ2: Array, slope: Array) -> dict[str, Array]:
    """L09: dW2 = (1/m) dZ2 A1^T, db2 = (1/m) sum(dZ2), dZ1 = W2^T dZ2 * g'(Z1), dW1 = (1/m) dZ1 X^T, db1 = ..."""
    m = X.shape[1]
    dZ1 = (W2.T @ dZ2) * slope
    return {
        "dW1": dZ1 @ X.T / m,
        "db1": np.sum(dZ1, axis=1, keepdims=True) / m,
        "dW2": dZ2 @ A1.T / m,
        "db2": np.sum(dZ2, axis=1, keepdims=True) / m,
    }


def bounds(X: Array, W2: Array, A1: Array, dZ2: Array, slope: Array) -> dict[str, Array]:
    """How far two correct evaluations of each gradient may differ (the tests' bounds, properties/bounds.py)."""
    m = X.shape[1]
    dZ1 = np.abs(W2.T) @ np.abs(dZ2) * np.abs(slope)
    dZ1_error = product_bound(np.abs(W2.T), np.abs(dZ2), extra_operations=4) * np.abs(slope) + 4 * EPS * dZ1
    return {
        "dW1": (product_bound(dZ1, X.T) + 2 * dZ1_error @ np.abs(X.T)) / m,
        "db1": (sum_bound(dZ1) + 2 * dZ1_error.sum(axis=1, keepdims=True)) / m,
        "dW2": product_bound(dZ2, A1.T) / m,
        "db2": sum_bound(dZ2) / m,
    }


SLIPS: dict[str, Callable[[Mapping[str, Array], Array, str, int], tuple[Array, Array, float]]] = {
    "the factor 1/m is missing from every gradient (dW = dZ A^T, not (1/m) dZ A^T)": (
        lambda cache, Y, a, m: (cache["A2"] - Y, oracle.slope(a, cache), float(m))
    ),
    "every gradient is divided by m twice": lambda cache, Y, a, m: (cache["A2"] - Y, oracle.slope(a, cache), 1 / m),
    "dZ2 has the wrong sign: dZ2 = Y - A2 instead of A2 - Y": (
        lambda cache, Y, a, m: (Y - cache["A2"], oracle.slope(a, cache), 1.0)
    ),
    "tanh's slope is written 1 - A1 instead of 1 - A1**2": lambda cache, Y, a, m: (
        cache["A2"] - Y,
        1 - cache["A1"],
        1.0,
    ),
    "tanh's slope is computed from Z1 (1 - Z1**2) instead of A1 (1 - A1**2)": (
        lambda cache, Y, a, m: (cache["A2"] - Y, 1 - cache["Z1"] ** 2, 1.0)
    ),
    "the slope g'(Z1) is missing from dZ1 = W2^T dZ2 * g'(Z1)": (
        lambda cache, Y, a, m: (cache["A2"] - Y, np.ones_like(cache["Z1"]), 1.0)
    ),
    "the hidden slope is the sigmoid's A1 (1 - A1), not tanh's 1 - A1**2": (
        lambda cache, Y, a, m: (cache["A2"] - Y, cache["A1"] * (1 - cache["A1"]), 1.0)
    ),
}
"""Known slips: from the oracle's cache, Y, the activation and m, each gives the dZ2, the slope g'(Z1) and the factor
on every gradient that the slip computes with (:func:`recompute` turns them into gradients and bounds)."""


def recompute(
    X: Array, Y: Array, W2: Array, cache: Mapping[str, Array], dZ2: Array, slope: Array, factor: float
) -> tuple[dict[str, Array], dict[str, Array]]:
    """The four gradients with this dZ2, slope and factor, and their rounding bounds."""
    values = gradients(X, Y, W2, cache["A1"], dZ2, slope)
    limits = bounds(X, W2, cache["A1"], dZ2, slope)
    return {k: v * factor for k, v in values.items()}, {k: b * abs(factor) for k, b in limits.items()}


def classify(grads: Mapping[str, Any], expected: Mapping[str, Array], bound: Mapping[str, Array]) -> dict[str, str]:
    """Each gradient: 'right', 'missing', 'shape (n,) for (n, 1)' or 'wrong'."""
    states = {}
    for key in GRADIENTS:
        value = np.asarray(grads[key], dtype=np.float64) if key in grads else None
        if value is None:
            states[key] = "missing"
        elif value.shape != expected[key].shape:
            states[key] = f"shape {value.shape} for {expected[key].shape}"
        else:
            states[key] = "right" if np.all(np.abs(value - expected[key]) <= bound[key]) else "wrong"
    return states


def common_factor(grads: Mapping[str, Any], expected: Mapping[str, Array], keys: tuple[str, ...]) -> float | None:
    """The one factor c with grads = c * expected on every key (to 1e3 eps relative), if there is one."""
    ratios = []
    for key in keys:
        value, right = np.asarray(grads[key], dtype=np.float64), expected[key]
        nonzero = np.abs(right) > 0
        if not np.any(nonzero):
            return None
        ratios.append(value[nonzero] / right[nonzero])
    ratio = np.concatenate([r.ravel() for r in ratios])
    c = float(np.median(ratio))
    return c if np.all(np.abs(ratio - c) <= 1e3 * EPS * max(abs(c), 1.0)) else None


def diagnose(
    grads: Mapping[str, Any],
    X: Array,
    Y: Array,
    parameters: Mapping[str, Array],
    activation: str = "tanh",
) -> list[str]:
    """What the measured gradients say about backward_propagation at (parameters, X, Y); empty when all are right."""
    cache = oracle.per_example(X, parameters, activation)
    W2, m = parameters["W2"], X.shape[1]
    expected, bound = recompute(X, Y, W2, cache, cache["A2"] - Y, oracle.slope(activation, cache), 1.0)
    states = classify(grads, expected, bound)
    if all(state == "right" for state in states.values()):
        return []
    lines = [describe_states(states)]
    lines += [shape_diagnosis(key, state) for key, state in states.items() if state.startswith("shape")]
    lines += [f"{key} is missing from the returned dict" for key, state in states.items() if state == "missing"]
    comparable = tuple(key for key, state in states.items() if state in ("right", "wrong"))
    if "wrong" not in states.values():  # only shapes or keys are off: no slip of the values to name (at m = 1, a
        return lines  # missing 1/m gives the right numbers, and would be named)
    matching = []
    for name, slip in SLIPS.items():
        values, limits = recompute(X, Y, W2, cache, *slip(cache, Y, activation, m))
        if comparable and all(
            np.all(np.abs(np.asarray(grads[k], dtype=np.float64) - values[k]) <= limits[k]) for k in comparable
        ):
            matching.append(name)
    if matching:
        return [*lines, *[f"the numbers match this slip: {name}" for name in matching]]
    return [*lines, *locate(states, grads, expected)]


def describe_states(states: Mapping[str, str]) -> str:
    return "gradients: " + ", ".join(f"{key} {state}" for key, state in states.items())


def shape_diagnosis(key: str, state: str) -> str:
    """A shape (n,) where (n, 1) belongs is a sum without keepdims; (1, m) is the sum over the wrong axis."""
    if key.startswith("db") and state.startswith("shape (") and state.split(")")[0].endswith(","):
        return f"{key}: np.sum(dZ, axis=1) without keepdims=True gives a 1-D array ({state})"
    if key.startswith("db"):
        return f"{key}: the sum runs over the wrong axis ({state}); it is np.sum(dZ, axis=1, keepdims=True)"
    return f"{key}: {state}; a transposed factor (A1 or X, not A1^T or X^T) gives the transposed shape"


def locate(states: Mapping[str, str], grads: Mapping[str, Any], expected: Mapping[str, Array]) -> list[str]:
    """Where the error lies, from which gradients are right."""
    wrong = {key for key, state in states.items() if state == "wrong"}
    right = {key for key, state in states.items() if state == "right"}
    lines = []
    if wrong and (c := common_factor(grads, expected, tuple(sorted(wrong)))) is not None and len(wrong) > 1:
        lines.append(f"{', '.join(sorted(wrong))} are each {c:.6g} times the right value: a scaling")
    if {"dW2", "db2"} <= right and wrong & {"dW1", "db1"}:
        lines.append(
            "dW2 and db2 are right, so dZ2 is right: the error lies between dA1 and dZ1, in the slope g'(Z1) "
            "or the product dZ1 = W2^T dZ2 * g'(Z1)"
        )
    if {"dW2", "db2"} <= wrong and {"dW1", "db1"} <= wrong and not lines:
        lines.append("every gradient is wrong: dZ2 = A2 - Y is the first suspect, since all four depend on it")
    for layer, source in (("1", "X^T"), ("2", "A1^T")):
        if f"db{layer}" in right and f"dW{layer}" in wrong:
            lines.append(f"db{layer} is right but dW{layer} is not: the product dZ{layer} {source} (or its 1/m)")
        if f"dW{layer}" in right and f"db{layer}" in wrong:
            lines.append(f"dW{layer} is right but db{layer} is not: the sum of dZ{layer} over examples (or its 1/m)")
    if {"dW1", "db1"} <= right and wrong & {"dW2", "db2"}:
        lines.append("layer 1's gradients are right, so dZ2 is right: the error is in layer 2's formulas")
    return lines


def message(lines: list[str]) -> str:
    """The diagnosis as one line of a failure message."""
    return PREFIX + "; ".join(lines)
