"""The public checks of the notes' gradients (gradcheck.notes) take their options by keyword only, so that an option
is never taken for another, and draw their random directions from rng = 0 by default: the same directions as rng=0."""

from __future__ import annotations

import numpy as np
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


def test_check_directions_draws_from_rng_0_by_default():
    default, seeded = check_directions(X, Y, PARAMETERS, GRADS), check_directions(X, Y, PARAMETERS, GRADS, rng=0)
    for key, check in default.items():
        np.testing.assert_array_equal(check.numerical, seeded[key].numerical, err_msg=f"{key}: default rng vs rng=0")


def test_taylor_remainders_draw_from_rng_0_by_default():
    default, seeded = taylor_remainders(X, Y, PARAMETERS, GRADS), taylor_remainders(X, Y, PARAMETERS, GRADS, rng=0)
    for key, taylor in default.items():
        np.testing.assert_array_equal(taylor.remainders, seeded[key].remainders, err_msg=f"{key}: default vs rng=0")
