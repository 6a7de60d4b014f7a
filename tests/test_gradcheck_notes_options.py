"""The public checks of the notes' gradients (gradcheck.notes) take their options by keyword only, so that an option
given by position is refused, never taken for another (their rng defaults: tests/test_gradcheck_defaults.py)."""

from __future__ import annotations

import pytest

from shallow_proofs.gradcheck import (
    Point,
    check_black_box,
    check_directions,
    check_parameters,
    check_quantity,
    taylor_remainders,
)
from shallow_proofs.gradcheck.tests.problems import network
from shallow_proofs.reference import network as reference

X, Y, PARAMETERS = network("tanh", n_x=2, n_h=3, m=4)
GRADS = reference.backward(PARAMETERS, reference.forward(X, PARAMETERS, "tanh"), X, Y, "tanh")


def cost(parameters):
    return float(reference.cost(reference.forward(X, parameters, "tanh")["A2"], Y))


@pytest.mark.parametrize(
    "call",
    [
        lambda: check_parameters(X, Y, PARAMETERS, GRADS, "tanh", 3),  # chunk
        lambda: check_directions(X, Y, PARAMETERS, GRADS, "tanh", 1),  # count
        lambda: taylor_remainders(X, Y, PARAMETERS, GRADS, "tanh", 0),  # rng
        lambda: check_black_box(cost, PARAMETERS, GRADS, 0.0),  # noise
        lambda: check_quantity("L09.db2", Point(X, Y, PARAMETERS, "tanh").b2(), GRADS["db2"], 3),  # chunk
    ],
    ids=["check_parameters", "check_directions", "taylor_remainders", "check_black_box", "check_quantity"],
)
def test_options_are_keyword_only(call):
    with pytest.raises(TypeError, match="positional argument"):
        call()
