"""Errata in the notes (seed C1W3), each proved by test; the proof document lists them with their exhibits.

Every test here also holds the implementation to the correct form, so an implementation that copies an erratum fails.
"""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.properties import bounds

ONE = np.ones((1, 1))
ZERO = np.zeros((1, 1))
L04_ERRATUM = (
    "L04 writes Z[2] = W[2] Z[1] + b[2]; the second layer reads A[1]: Z[2] = W[2] A[1] + b[2]. The two agree exactly "
    "when g is the identity (the properties of claim L04.erratum prove both directions for every activation)"
)


def one_unit_network(z: float) -> tuple[np.ndarray, dict[str, np.ndarray]]:
    """n_x = n_h = n_y = m = 1: x = z, W1 = W2 = 1, b1 = b2 = 0, so Z1 = z and Z2 = g(z)."""
    return np.full((1, 1), z), {"W1": ONE, "b1": ZERO, "W2": ONE, "b2": ZERO}


@pytest.mark.proves("L04.erratum")
@pytest.mark.erratum(L04_ERRATUM)
def test_L04_notes_line_fails_for_tanh(impl, exhibit):
    X, parameters = one_unit_network(1.0)
    _, cache = impl.forward(X, parameters)
    notes = parameters["W2"] @ cache["Z1"] + parameters["b2"]  # the notes' L04 line
    correct = parameters["W2"] @ cache["A1"] + parameters["b2"]  # L01, L03, L09: Z2 = W2 A1 + b2
    assert notes[0, 0] != correct[0, 0], f"L04.erratum: tanh(1) = {correct[0, 0]!r} should differ from 1"
    bounds.assert_within("L04.erratum", "Z2 = W2 A1 + b2 (not W2 Z1 + b2)", cache["Z2"], correct, bounds.EPS, "Z2")
    exhibit(
        f"counterexample (tanh, n_x = n_h = n_y = m = 1, x = 1, W1 = W2 = 1, b1 = b2 = 0): the notes' "
        f"W[2] Z[1] + b[2] = {notes[0, 0]:.6g}, but Z[2] = W[2] A[1] + b[2] = tanh(1) = {correct[0, 0]:.6g} "
        f"(the implementation's Z2: {float(cache['Z2'][0, 0]):.6g})"
    )


@pytest.mark.proves("L04.erratum")
@pytest.mark.erratum(L04_ERRATUM)
def test_L04_notes_line_holds_for_identity(impl, exhibit):
    X, parameters = one_unit_network(1.0)
    _, linear = impl.forward(X, parameters, "identity")
    bounds.assert_exact("L04.erratum", "A1 = Z1 for the identity", linear["A1"], linear["Z1"], "A1")
    exhibit("with g the identity, A[1] = Z[1] bit for bit, so W[2] Z[1] + b[2] = W[2] A[1] + b[2] on every input")


@pytest.mark.proves("L11.init")
@pytest.mark.erratum("L11 writes b[1] = np.zero((2, 1)); numpy has no np.zero: it is np.zeros((2, 1))")
def test_L11_np_zero_is_a_typo(impl, exhibit):
    with pytest.raises(AttributeError, match="has no attribute 'zero'"):
        np.zero((2, 1))  # the notes' L11 line
    b1 = impl.function("initialize_parameters")(2, 2, 1)["b1"]
    bounds.assert_exact("L11.init", "b1 = np.zeros((2, 1))", b1, np.zeros((2, 1)), "b1")
    exhibit("np.zero((2, 1)) raises AttributeError; initialize_parameters(2, 2, 1) returns b1 = np.zeros((2, 1))")


@pytest.mark.proves("L01.forward")
@pytest.mark.erratum(
    "L01, L03 and L04 write a[1] = sigma(z[1]) for the hidden layer; L09 writes g[1], and the course's assignment "
    "uses g = tanh, a different function"
)
def test_L01_hidden_layer_is_tanh_not_sigmoid(impl, exhibit):
    X, parameters = one_unit_network(0.0)
    _, cache = impl.forward(X, parameters)
    A1 = float(cache["A1"][0, 0])
    assert A1 == 0.0, f"L01.forward: the course's hidden layer A1 = tanh(Z1) = tanh(0) = 0; implementation A1 = {A1!r}"
    exhibit(f"at z[1] = 0 the course's forward_propagation gives a[1] = tanh(0) = {A1:g}, while sigma(0) = 0.5")


@pytest.mark.proves("L08.kink")
@pytest.mark.erratum(
    "L08 says g'(0) of ReLU and leaky ReLU can be 0 or 1; for leaky ReLU the one-sided slopes are 0.01 and 1, so 0 is "
    "not one of them"
)
def test_L08_leaky_relu_slopes_at_0_are_0_01_and_1(impl, exhibit):
    g, _ = impl.activation("leaky_relu")
    h = 2.0**-20  # a power of two: h, 0.01 h and the quotients below carry no rounding beyond 0.01's own
    left = float((g(np.zeros(1)) - g(np.full(1, -h)))[0] / h)
    right = float((g(np.full(1, h)) - g(np.zeros(1)))[0] / h)
    assert abs(left - 0.01) <= 2 * bounds.EPS and right == 1.0, (
        f"L08.kink: leaky ReLU one-sided slopes at 0: left {left!r} (expected 0.01), right {right!r} (expected 1)"
    )
    exhibit(f"(g(0) - g(-h)) / h = {left:g} and (g(h) - g(0)) / h = {right:g} for h = 2^-20: neither is 0")


@pytest.mark.proves("L08.relu")
@pytest.mark.erratum(
    "L06 says z is not exactly 0 during the calculation (L08: it rarely is); it is exactly 0 for every example x = 0 "
    "while b[1] = 0, as initialized, so the convention g'(0) = 1 decides the gradient there"
)
def test_L08_z_is_exactly_0_at_initialization(impl, exhibit):
    X = np.array([[0.0, 1.0], [0.0, -2.0]])  # the first example is the origin
    Y = np.array([[1.0, 0.0]])
    np.random.seed(1)  # noqa: NPY002  the course's initialize_parameters draws from the global RNG
    parameters = impl.function("initialize_parameters")(2, 3, 1)
    _, cache = impl.forward(X, parameters, "relu")
    bounds.assert_exact("L08.relu", "Z1 = W1 x + b1 = 0 for x = 0, b1 = 0", cache["Z1"][:, 0], np.zeros(3), "Z1[:, 0]")
    dZ1 = impl.intermediates(parameters, cache, X, Y, "relu")["dZ1"]
    dA1 = parameters["W2"].T @ (cache["A2"] - Y)
    bounds.assert_exact("L08.relu", "dZ1 = dA1 * g'(0) with g'(0) = 1", dZ1[:, 0], dA1[:, 0], "dZ1[:, 0]")
    exhibit("x = 0 with initialize_parameters' b1 = 0 gives Z1 = 0 exactly, and dZ1 = W2^T dZ2 * g'(0) = W2^T dZ2")
