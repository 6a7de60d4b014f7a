"""properties/diagnosis.py names the slip in a wrong backward_propagation from the numbers alone, and says nothing of
a right one."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.properties.diagnosed import from_message
from shallow_proofs.properties.diagnosis import diagnose, message
from shallow_proofs.reference import network


def point(seed: int = 0, n_x: int = 3, n_h: int = 4, m: int = 5):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n_x, m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    P = {"W1": rng.normal(size=(n_h, n_x)), "b1": rng.normal(size=(n_h, 1))}
    P |= {"W2": rng.normal(size=(1, n_h)), "b2": rng.normal(size=(1, 1))}
    return X, Y, P


def backward(X, Y, P, slip: str = ""):
    """The course's backward_propagation (tanh), with one slip."""
    m = X.shape[1]
    A1 = np.tanh(P["W1"] @ X + P["b1"])
    A2 = 1 / (1 + np.exp(-(P["W2"] @ A1 + P["b2"])))
    dZ2 = Y - A2 if slip == "sign" else A2 - Y
    slope = {"1-A1": 1 - A1, "none": 1.0}.get(slip, 1 - A1**2)
    dZ1 = (P["W2"].T @ dZ2) * slope
    scale = 1.0 if slip == "no 1/m" else 1 / m
    grads = {"dW1": scale * dZ1 @ X.T, "db1": scale * np.sum(dZ1, axis=1, keepdims=True)}
    grads |= {"dW2": scale * dZ2 @ A1.T, "db2": scale * np.sum(dZ2, axis=1, keepdims=True)}
    if slip == "keepdims":
        grads["db1"] = np.sum(dZ1, axis=1) / m
    if slip == "dW1 only":
        grads["dW1"] = grads["dW1"] * 1.001
    return grads


def test_right_gradients_get_no_diagnosis():
    for seed in range(5):
        X, Y, P = point(seed)
        assert diagnose(network.backward(P, network.forward(X, P), X, Y), X, Y, P) == []


@pytest.mark.parametrize(
    ("slip", "expected"),
    [
        ("no 1/m", "the factor 1/m is missing"),
        ("sign", "dZ2 has the wrong sign"),
        ("1-A1", "tanh's slope is written 1 - A1"),
        ("none", "the slope g'(Z1) is missing"),
        ("keepdims", "db1: np.sum(dZ, axis=1) without keepdims=True"),
        ("dW1 only", "db1 is right but dW1 is not: the product dZ1 X^T"),
    ],
)
def test_each_slip_is_named(slip: str, expected: str):
    X, Y, P = point()
    lines = diagnose(backward(X, Y, P, slip), X, Y, P)
    assert any(expected in line for line in lines), lines


def test_a_wrong_slope_is_located_between_dA1_and_dZ1():
    X, Y, P = point()
    grads = backward(X, Y, P)
    A1 = np.tanh(P["W1"] @ X + P["b1"])
    dZ1 = (P["W2"].T @ (1 / (1 + np.exp(-(P["W2"] @ A1 + P["b2"]))) - Y)) * (1 - A1**3)
    grads |= {"dW1": dZ1 @ X.T / X.shape[1], "db1": np.sum(dZ1, axis=1, keepdims=True) / X.shape[1]}
    lines = diagnose(grads, X, Y, P)
    assert any("the error lies between dA1 and dZ1" in line for line in lines), lines
    assert not any("match this slip" in line for line in lines), lines


def test_the_diagnosis_travels_in_one_line_of_the_failure_message():
    """The gradient tests append diagnosis.message(lines) to their failure; the plugin reads it back from the text."""
    lines = ["gradients: dW1 wrong, db1 wrong, dW2 right, db2 right", "the numbers match this slip: x"]
    text = f"E   AssertionError: L09.dW1: dW1[0, 1]: implementation 1.0, expected 2.0\nE   {message(lines)}\n"
    assert from_message(text) == "; ".join(lines)
    assert from_message("E   AssertionError: L09.dW1: dW1[0, 1]: implementation 1.0, expected 2.0") == ""


def test_a_wrong_shape_alone_names_no_slip_of_the_values():
    """At m = 1 a missing 1/m gives the right numbers: with only db1's shape wrong, no slip is named."""
    X, Y, P = point(m=1)
    lines = diagnose(backward(X, Y, P, "keepdims"), X, Y, P)
    assert any("without keepdims=True" in line for line in lines), lines
    assert not any("match this slip" in line for line in lines), lines
