"""The Taylor-remainder test, which needs no step size: the observed order of |f(x + h d) - f(x) - h <g, d>|.

.. math::
    R(h) = |f(x + h d) - f(x) - h \\langle g, d \\rangle| =
    \\begin{cases} O(h^2) & g = \\nabla f \\\\
    |\\langle g - \\nabla f, d \\rangle|\\, h + O(h^2) & \\text{otherwise} \\end{cases}

One random direction d per key of x (zero in the other keys), so a failure names the key; a key with no elements is not
checked (its direction is 0: nothing would move), nor is one where f is not finite at a step or near x (its noise not
finite). Steps run geometrically from h_0 = SPAN times the directional mode's initial step for a smooth f, one whose
noise is its dtype's rounding (three decades above it, where the quadratic term is far above rounding, and within the
Taylor regime: the steps of a noisy f grow with its noise, and 2^10 times them left it, sin at steps of 10 to 1,000),
down to h_min, the smallest step at which the quadratic term of a correct gradient, c h^2 / 2 with c estimated from
R(h_0), is still FLOOR = 100 times the rounding bound delta of Delta f: h_min = sqrt(2 FLOOR delta / c), or FLOOR times
the slope's rounding where delta is 0 (:func:`smallest_step`). Where f's noise puts h_min above h_0 / 2, no order can be
observed: the key is not checked (its noise swamps the remainder). The order is the least-squares slope of log R against
log h over the smallest LAST steps: about 2 for a correct gradient, about 1 for a wrong one once the error term |<g -
grad f, d>| h dominates c h^2 / 2 there. The verdict comes from the local orders of those steps (:func:`local_verdict`):
passed where each is at least the midpoint 1.5 and they approach 2, FAILED where each is within 1/2 of 1 and they
approach 1, not checked where they mix (no single term dominates R at those steps). A kink at x gives R(h) order 1
whatever g is: where the verdict would be FAILED, the even part E(h) = |f(x + h d) + f(x - h d) - 2 f(x)| / 2 is taken
at the smallest LAST steps as well. It is c h^2 / 2 + O(h^4) where f is smooth (its local orders approach 2: a wrong
slope cancels in it) and |c'| h where the slope jumps by 2 c' at x (or at a kink within the steps): where its local
orders approach 1, the key is not checked. A structured f whose moves hold its inputs near a kink still
(gradcheck.network's ReLU) is evaluated as f itself here: its remainder would miss their terms. Detection power: a slope
error above about R(h_min) / h_min, or c h_min / 2, shows as order 1; the message gives it. For an array-valued f, R(h)
is the largest remainder over the outputs.

Where f is linear along d (R(h_0) within rounding), R(h) is rounding at every step and has no order: the check
passes when R(h) stays within its rounding bound at every step, delta + h |fl(<g, d>) - <g, d>| with the dot
product's error at most n eps sum |g_i d_i| (n elements of d), and fails otherwise (a wrong slope shows as
|<g - grad f, d>| h above that bound). An error of the slope then shows only above 2 bound(h_0) / h_0; where that
is above ||g|| (f's noise, not f's linearity, keeps R(h_0) within the bound) the key is not checked.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from shallow_proofs.gradcheck.directional import draw_directions
from shallow_proofs.gradcheck.function import Perturbation
from shallow_proofs.gradcheck.layout import Array

POINTS = 16
LAST = 4
FLOOR = 100.0
THRESHOLD = 1.5
SPAN = 2.0**10
EPS = float(np.finfo(np.float64).eps)
NAN = float("nan")
NO_ELEMENTS = "the key has no elements"
NOT_FINITE = "f not finite within the step or near x (no remainder to observe)"
NOISE = "f's noise swamps the remainder within the Taylor regime's steps (no order to observe)"
KINK_AT_X = (
    "f's slope jumps within the smallest steps along the direction (a kink at or near x: the even part of the "
    "remainder, (f(x + h d) + f(x - h d)) / 2 - f(x), is of order 1), so no order of the remainder shows the gradient"
)
MIXED = (
    "no single order at the smallest steps (local orders {} differ beyond their rounding): R(h) mixes terms of "
    "different orders there, the Taylor regime's steps lie below f's noise, or an error is near the detection limit"
)


class Taylor(NamedTuple):
    """The equation tested, steps h, remainders R(h), the observed order and the verdict; ``linear`` where R(h_0) is
    within rounding (no order: the verdict is whether every R(h) is)."""

    equation: str
    steps: Array
    remainders: Array
    order: float
    passed: bool
    linear: bool = False
    unchecked: str = ""  # why nothing could be tested (no elements; f not finite; noise), empty where the check ran
    detects: float = NAN  # the error of the slope <g, d> that would show: 2 bound(h_0) / h_0 where linear, else
    # R(h_min) / h_min, about c h_min / 2 (an error eps that large brings the last local order down to about 1.5)

    @property
    def verdict(self) -> str:
        if self.unchecked:
            return "not checked"
        return "passed" if self.passed else "FAILED"

    @property
    def message(self) -> str:
        if self.unchecked:
            return f"{self.equation}: Taylor remainder not checked: {self.unchecked}"
        if self.linear:
            within = "within its rounding bound at every step" if self.passed else "above its rounding bound"
            return (
                f"{self.equation}: Taylor remainder {self.verdict}: R(h) is {within} (f linear along the direction, "
                f"or its noise above its curvature: no order to observe; a slope error above {self.detects:.3g} "
                "would show)"
            )
        order = f"observed order {self.order:.3f} (2 if correct, 1 if wrong)"
        power = f"a slope error above about {self.detects:.2g} shows"
        return f"{self.equation}: Taylor remainder {self.verdict}: {order}; {power}"

    def __bool__(self) -> bool:
        return self.passed


def taylor_checks(
    func: Perturbation, analytic: Array, equations: dict[str, str], *, rng: np.random.Generator
) -> dict[str, Taylor]:
    """R(h) along one random direction per key for POINTS steps from h_0 to h_min, and its order."""
    V, _ = draw_directions(func.layout, 1, rng)
    slopes = (analytic @ V.T).T  # (keys, outputs)
    slope_error = func.layout.size * EPS * np.max((np.abs(analytic) @ np.abs(V).T).T, axis=1)  # gamma_n sum |g_i d_i|
    h_0 = SPAN * func.smooth_direction_steps(V, func.order)
    norms = np.array([np.linalg.norm(analytic[:, V[row] != 0]) for row in range(V.shape[0])])  # ||g|| of each key
    delta = np.max(np.broadcast_to(func.direction_noise(V, analytic), slopes.shape), axis=1)
    results = {}
    for row, key in enumerate(func.layout.keys):
        if func.layout.sizes[key] == 0:
            results[key] = Taylor(equations[key], np.empty(0), np.empty(0), NAN, False, unchecked=NO_ELEMENTS)
            continue

        def remainder(h: Array, row: int = row) -> Array:
            change = func.along(h, np.full(h.size, row), V)
            return np.asarray(np.max(np.abs(change - h[:, None] * slopes[row]), axis=1))

        start = float(h_0[row])
        rounding = float(delta[row])
        first = remainder(np.array([start]))
        if not (np.isfinite(first[0]) and np.isfinite(rounding)):
            results[key] = Taylor(equations[key], np.array([start]), first, NAN, False, unchecked=NOT_FINITE)
            continue
        if first[0] <= rounding + start * slope_error[row]:
            h = np.geomspace(start, start / 2, POINTS)
            remainders = remainder(h)
            within = bool(np.all(remainders <= rounding + h * slope_error[row]))
            detects = 2.0 * (rounding + start * slope_error[row]) / start
            blind = within and detects > norms[row]
            unchecked = NOISE if blind else ""
            results[key] = Taylor(equations[key], h, remainders, NAN, within and not blind, True, unchecked, detects)
            continue
        curvature = 2.0 * float(first[0]) / start**2
        h_min = smallest_step(curvature, rounding, float(slope_error[row]), start)
        if h_min > start / 2:
            results[key] = Taylor(equations[key], np.array([start]), first, NAN, False, unchecked=NOISE)
            continue
        h = np.geomspace(start, h_min, POINTS)
        remainders = remainder(h)
        if not np.all(np.isfinite(remainders)):
            results[key] = Taylor(equations[key], h, remainders, NAN, False, unchecked=NOT_FINITE)
            continue
        with np.errstate(divide="ignore"):
            order = float(np.polyfit(np.log(h[-LAST:]), np.log(remainders[-LAST:]), 1)[0])
        local, passed = local_verdict(h[-LAST:], remainders[-LAST:], rounding + h[-LAST:] * slope_error[row])
        if passed is None:
            mixed = MIXED.format(local)
            results[key] = Taylor(equations[key], h, remainders, order, False, unchecked=mixed)
            continue
        if not passed:
            small = h[-LAST:]
            both = func.along(np.concatenate([small, -small]), np.full(2 * LAST, row), V).reshape(2, LAST, -1)
            even = np.max(np.abs(both[0] + both[1]), axis=1) / 2.0
            if local_verdict(small, even, np.full(LAST, rounding))[1] is False:
                results[key] = Taylor(equations[key], h, remainders, order, False, unchecked=KINK_AT_X)
                continue
        detects = float(remainders[-1] / h[-1])
        results[key] = Taylor(equations[key], h, remainders, order, passed, detects=detects)
    return results


def smallest_step(curvature: float, rounding: float, slope_error: float, start: float) -> float:
    """h_min = sqrt(2 FLOOR delta / c), where c h^2 / 2 is FLOOR times the rounding bound delta; start / 2 where c = 0.

    Where the probe saw no rounding (delta = 0: f exact at its points, e.g. sum x^2 at x = 0), the floor is the
    rounding of the slope, c h^2 / 2 = FLOOR h s_err: h_min = 2 FLOOR s_err / c; where that is 0 too, nothing bounds
    R(h) from below and the steps run down to start EPS."""
    if curvature <= 0:
        return start / 2
    if rounding > 0:
        return float(np.sqrt(2.0 * FLOOR * rounding / curvature))
    return max(2.0 * FLOOR * slope_error / curvature, start * EPS)


def local_verdict(h: Array, remainders: Array, bound: Array) -> tuple[str, bool | None]:
    """The local orders s_i = log(R_i / R_i+1) / log(h_i / h_i+1) of consecutive steps, and the verdict they draw:
    True where every s_i is at least THRESHOLD and they approach 2 toward the smallest step, False where every s_i is
    within 1/2 of 1 and they approach 1, None where neither holds (no verdict).

    R(h) = |eps h + c h^2 / 2 + ...|: toward h = 0 its local order tends to 2 if eps = 0 (from either side: the cubic
    term fades), to 1 if not. The midpoint rule on the fitted order alone took a mixture for either: the quadratic and
    the cubic of a correct gradient at steps above the Taylor regime (float32: f's noise keeps the steps there) gave
    local orders -0.4, 0.39, 1.3 and FAILED; an error term approaching cancellation with the quadratic gave 2.8, 3.8,
    5.4 and passed. "Approach" allows the rounding of R: a rounding within ``bound`` (u_i = bound_i / R_i < 1) moves
    log R_i by at most -log(1 - u_i), so s_i by at most b_i = (-log(1 - u_i) - log(1 - u_i+1)) / log(h_i / h_i+1), and
    |s_i+1 - k| may exceed |s_i - k| by b_i + b_i+1."""
    with np.errstate(divide="ignore", invalid="ignore"):
        u = bound / remainders
        shift = np.where(u < 1.0, -np.log1p(-np.minimum(u, 1.0)), np.inf)
        span = np.log(h[:-1] / h[1:])
        s = np.log(remainders[:-1] / remainders[1:]) / span
        b = (shift[:-1] + shift[1:]) / span
    listed = ", ".join(f"{value:.3g}" for value in s)
    if not (np.all(np.isfinite(s)) and np.all(np.isfinite(b))):
        return listed, None

    def approaches(k: float) -> bool:
        return bool(np.all(np.abs(s[1:] - k) <= np.abs(s[:-1] - k) + b[:-1] + b[1:]))

    if np.all(s >= THRESHOLD) and approaches(2.0):
        return listed, True
    if np.all(np.abs(s - 1.0) < 0.5) and approaches(1.0):
        return listed, False
    return listed, None
