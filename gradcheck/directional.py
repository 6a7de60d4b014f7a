"""Directional mode: the derivative of J along R random directions v against v . grad, at a cost independent of P.

Along a direction v = (V_W1, v_b1, V_W2, v_b2) the hidden pre-activation moves linearly,
Z1(t) = Z1 + t (V_W1 X + v_b1), so one matrix product serves every step t; then

.. math:: \\Delta Z^{[2]}(t) = W^{[2]} (g(Z^{[1]}(t)) - A^{[1]}) + t\\, (V^{[2]} g(Z^{[1]}(t)) + v_{b2})

Detection power: if the analytic gradient is off by e, then v . e ~ N(0, |e|^2) for v ~ N(0, I), so all R directions
miss it (|v . e| <= tau each) with probability at most (sqrt(2/pi) tau / |e|)^R. With the tolerances here (tau about
1e-13 |grad|), a relative gradient error |e| / |grad| of 1e-10 escapes R = 4 directions with probability < 1e-10.
Errors orthogonal to every drawn direction are the blind spot: full mode has none.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from numpy.typing import ArrayLike

from shallow_proofs.gradcheck.differences import STENCIL_GAIN, Array, Index, partials
from shallow_proofs.gradcheck.full import PARAMETERS
from shallow_proofs.gradcheck.network import KINK_SHARE, KINKED, STEP, Point
from shallow_proofs.gradcheck.result import Check, compare

DIRECTIONS = 4


def draw_directions(point: Point, count: int, rng: np.random.Generator, only: str | None = None) -> dict[str, Array]:
    """``count`` standard normal directions, one array per parameter with a leading axis of length count.

    With ``only`` (a parameter name such as "W1"), the directions are zero in every other parameter, so that a failure
    names that parameter's equation (L09.dW1) instead of the whole gradient.
    """
    V = {key: rng.standard_normal((count, *point.params[key].shape)) for key in PARAMETERS}
    if only is not None:
        V = {key: value if key == only else np.zeros_like(value) for key, value in V.items()}
    return V


def equation(only: str | None) -> str:
    """The equation a directional check tests: one parameter's (L09.dW1) or the whole gradient's."""
    return "L09.gradient" if only is None else f"L09.d{only}"


def check_directions(
    X: ArrayLike,
    Y: ArrayLike,
    parameters: Mapping[str, ArrayLike],
    grads: Mapping[str, ArrayLike],
    activation: str = "tanh",
    *,
    count: int = DIRECTIONS,
    rng: np.random.Generator | None = None,
    only: str | None = None,
) -> Check:
    """v_r . (dW1, db1, dW2, db2) against d/dt J(theta + t v_r) for ``count`` random directions v_r (in ``only``)."""
    point = Point(X, Y, parameters, activation)
    V = draw_directions(point, count, np.random.default_rng() if rng is None else rng, only)
    analytic = sum((V[key] * np.asarray(grads["d" + key], dtype=np.float64)).sum(axis=(1, 2)) for key in PARAMETERS)
    moves = V["W1"] @ point.X + V["b1"]  # d Z1 / dt along v_r: V_W1 X + v_b1
    W2 = point.params["W2"]

    def f(t: Array, r: Index) -> Array:
        t, r = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(r))
        s, k = t.reshape(-1, 1, 1), r.ravel().astype(np.intp)
        A1 = point.g(point.Z1 + s * moves[k])
        D = W2 @ (A1 - point.A1) + s * (V["W2"][k] @ A1 + V["b2"][k])
        return point.logits.delta(D).reshape(t.shape)

    reach = np.maximum(np.abs(moves).max(axis=(1, 2)), np.abs(V["W2"] @ point.A1 + V["b2"]).max(axis=(1, 2)))
    steps = STEP / np.where(reach > 0, reach, 1.0)
    if activation in KINKED:
        with np.errstate(divide="ignore"):
            room = np.where(moves != 0, np.abs(point.Z1) / np.abs(moves), np.inf)  # unmoved units set no limit
        steps = np.minimum(steps, KINK_SHARE * room.min(axis=(1, 2)))
    result = partials(f, count, steps)
    error = np.where(result.usable, result.error, np.inf)
    rounding = STENCIL_GAIN * point.total_noise() / result.final_step
    size = sum(point.params[key].size for key in PARAMETERS)
    return compare(equation(only), "v . grad", np.asarray(analytic), result.df, error, size + point.terms, rounding)
