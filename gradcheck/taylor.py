"""The Taylor-remainder test, which needs no step size: the observed order of |J(theta + h d) - J(theta) - h <g, d>|.

.. math::
    R(h) = |J(\\theta + h d) - J(\\theta) - h \\langle g, d \\rangle| =
    \\begin{cases} O(h^2) & g = \\nabla J \\\\
    |\\langle g - \\nabla J, d \\rangle|\\, h + O(h^2) & \\text{otherwise} \\end{cases}

Steps run geometrically from h_0 down to h_min, the smallest step at which the quadratic term of a correct gradient,
c h^2 / 2 with c estimated from R(h_0), is still FLOOR = 100 times the rounding bound delta of Delta J
(Point.total_noise): h_min = sqrt(2 FLOOR delta / c). The order is the least-squares slope of log R against log h over
the smallest LAST steps: about 2 for a correct gradient, about 1 for a wrong one once the error term
|<g - grad J, d>| h dominates c h^2 / 2 there, so the verdict threshold is the midpoint 1.5. Detection power: a
relative gradient error above about c h_min / |<g, d>| shows as order 1.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike

from shallow_proofs.gradcheck.differences import Array
from shallow_proofs.gradcheck.directional import draw_directions, equation
from shallow_proofs.gradcheck.full import PARAMETERS
from shallow_proofs.gradcheck.network import STEP, Point

POINTS = 16
LAST = 4
FLOOR = 100.0
THRESHOLD = 1.5


class Taylor(NamedTuple):
    """The equation tested, steps h, remainders R(h), the observed order and the verdict."""

    equation: str
    steps: Array
    remainders: Array
    order: float
    passed: bool

    @property
    def message(self) -> str:
        verdict = "passed" if self.passed else "FAILED"
        order = f"observed order {self.order:.3f} (2 if correct, 1 if wrong)"
        return f"{self.equation}: Taylor remainder {verdict}: {order}"


def taylor_remainders(
    X: ArrayLike,
    Y: ArrayLike,
    parameters: Mapping[str, ArrayLike],
    grads: Mapping[str, ArrayLike],
    activation: str = "tanh",
    *,
    rng: np.random.Generator | None = None,
    only: str | None = None,
) -> Taylor:
    """R(h) along one random direction d (in parameter ``only``) for POINTS steps from h_0 to h_min, and its order."""
    point = Point(X, Y, parameters, activation)
    V = {key: value[0] for key, value in draw_directions(point, 1, rng or np.random.default_rng(), only).items()}
    slope = sum(float(np.sum(V[key] * np.asarray(grads["d" + key]))) for key in PARAMETERS)
    move = V["W1"] @ point.X + V["b1"]

    def remainder(h: Array) -> Array:
        s = h[:, None, None]
        A1 = point.g(point.Z1 + s * move)
        D = point.params["W2"] @ (A1 - point.A1) + s * (V["W2"] @ A1 + V["b2"])
        return np.asarray(np.abs(point.logits.delta(D) - h * slope))

    h_0 = STEP / max(float(np.abs(move).max()), 1.0)
    curvature = 2.0 * float(remainder(np.array([h_0]))[0]) / h_0**2
    h_min = min(np.sqrt(2.0 * FLOOR * point.total_noise() / curvature), h_0 / 2) if curvature > 0 else h_0 / 2
    h = np.geomspace(h_0, h_min, POINTS)
    remainders = remainder(h)
    order = float(np.polyfit(np.log(h[-LAST:]), np.log(remainders[-LAST:]), 1)[0])
    return Taylor(equation(only), h, remainders, order, order >= THRESHOLD)
