"""gradcheck's public functions as their signatures state them: the random directions default to seed 0, so a run
without ``rng`` is the run with ``rng=0`` (reproducible from one call to the next), and check_black_box takes its
arguments by name as well as by position."""

from __future__ import annotations

import numpy as np
from gradcheck_problems import saturated

from shallow_proofs.gradcheck import check_black_box, check_directions, check_grad, taylor_remainders
from shallow_proofs.reference import course

X, Y, PARAMS, GRADS = saturated(1.0)


def test_check_directions_draws_with_seed_0_by_default():
    default, seeded = check_directions(X, Y, PARAMS, GRADS), check_directions(X, Y, PARAMS, GRADS, rng=0)
    for key, check in default.items():
        np.testing.assert_array_equal(check.analytic, seeded[key].analytic, err_msg=f"{key}: v . {key} of seed 0")


def test_taylor_remainders_draw_with_seed_0_by_default():
    default, seeded = taylor_remainders(X, Y, PARAMS, GRADS), taylor_remainders(X, Y, PARAMS, GRADS, rng=0)
    for key, taylor in default.items():
        np.testing.assert_array_equal(taylor.remainders, seeded[key].remainders, err_msg=f"{key}: R(h) of seed 0")


def test_check_grad_draws_with_seed_0_by_default():
    def f(x):
        return float(np.sum(np.sin(x) * x[::-1]))

    def grad(x):
        return np.cos(x) * x[::-1] + np.sin(x)[::-1]

    x = np.linspace(-1.3, 2.1, 5)
    default, seeded = check_grad(f, grad, x, mode="directional"), check_grad(f, grad, x, mode="directional", rng=0)
    np.testing.assert_array_equal(default["x"].analytic, seeded["x"].analytic, err_msg="v . grad of seed 0")


def test_check_black_box_takes_its_arguments_by_name():
    def cost(params):
        A2, _ = course.forward_propagation(X, params)
        return course.compute_cost(A2, Y)

    by_name = check_black_box(cost=cost, parameters=PARAMS, grads=GRADS)
    by_position = check_black_box(cost, PARAMS, GRADS)
    assert [check.message for check in by_name.values()] == [check.message for check in by_position.values()]
