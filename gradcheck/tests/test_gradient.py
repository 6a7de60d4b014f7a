"""L09: the end-to-end gradient (dW1, db1, dW2, db2 from backward_propagation) of every parameter together, in full
mode (every element, in chunks), in directional mode and by the Taylor-remainder order.

The gradient's *correct* truth: backward_propagation is given the notes' cache (the reference's forward pass), so it
alone is judged, against the notes' network; its *consistent* truth, against the implementation's own
forward_propagation and compute_cost, is test_course_style.py's."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_directions, check_parameters, taylor_remainders
from shallow_proofs.gradcheck.tests.problems import ACTIVATIONS, SEED, SMOOTH, network, require_float64
from shallow_proofs.reference.network import forward

GRADIENT = ("L09.dW1", "L09.db1", "L09.dW2", "L09.db2")
pytestmark = [pytest.mark.checks("backward_propagation"), pytest.mark.truth("correct")]


def gradient(impl, activation: str):
    require_float64(impl)
    n_y = 2 if impl.multi_output_in("backward_propagation") else 1
    X, Y, parameters = network(activation, n_y=n_y, n_x=4, n_h=6, m=7)
    cache = forward(X, parameters, activation)  # the notes' Z1, A1, Z2, A2: no other function of the implementation
    return X, Y, parameters, impl.backward(parameters, cache, X, Y, activation)


@pytest.mark.proves(*GRADIENT)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_full_gradient(impl, evidence, activation):
    X, Y, parameters, grads = gradient(impl, activation)
    checks = check_parameters(X, Y, parameters, grads, activation)
    worst = max(checks.values(), key=lambda check: check.max_rel_error)
    evidence(
        max_rel_error=worst.max_rel_error, error_estimate=max(float(c.error_estimate.max()) for c in checks.values())
    )
    failed = [check.message for check in checks.values() if not check.passed]
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)


@pytest.mark.proves(*GRADIENT)
def test_chunks_change_nothing(impl):
    """Full mode in chunks of 3 elements agrees with one chunk: memory is bounded, results are not.

    Within the verdict's tolerance, not bit for bit: numpy's summation order depends on the batch size.
    """
    X, Y, parameters, grads = gradient(impl, "tanh")
    whole, chunked = check_parameters(X, Y, parameters, grads), check_parameters(X, Y, parameters, grads, chunk=3)
    for key, check in whole.items():
        gap = np.abs(chunked[key].numerical - check.numerical)
        assert np.all(gap <= check.tolerance), f"{key}: chunked vs whole differ by {gap.max():.3g}"
        assert chunked[key].passed, chunked[key].message


@pytest.mark.proves(*GRADIENT)
@pytest.mark.parametrize("activation", ACTIVATIONS)
def test_directional(impl, evidence, activation):
    """Directions in each parameter's block alone, so that a failure names its equation."""
    X, Y, parameters, grads = gradient(impl, activation)
    checks = list(check_directions(X, Y, parameters, grads, activation, count=4, rng=SEED).values())
    evidence(
        max_rel_error=max(c.max_rel_error for c in checks),
        error_estimate=max(float(c.error_estimate.max()) for c in checks),
    )
    failed = [check.message for check in checks if not check.passed]
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)


@pytest.mark.proves(*GRADIENT)
@pytest.mark.parametrize("activation", SMOOTH)
def test_taylor_remainder_is_second_order(impl, activation):
    """Along one direction in each parameter's block, so that a failure names its equation."""
    X, Y, parameters, grads = gradient(impl, activation)
    remainders = taylor_remainders(X, Y, parameters, grads, activation, rng=SEED).values()
    failed = [taylor.message for taylor in remainders if not taylor.passed]
    if failed:
        pytest.fail("\n".join(failed), pytrace=False)
