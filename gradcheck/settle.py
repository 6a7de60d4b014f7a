"""Differences that settle, or elements reported as not checkable: the one engine behind every mode.

Central differences first, refined until S e + r <= rho scale (the verdict is then decided), scale = max |n| of the
variable's group (one key of x). At order 2 the first estimate costs three evaluations (gradcheck.first) and decides
every variable it settles; only the others are refined by scipy from the same step. That step is the function's
own (gradcheck.function), grown where the rounding r = G delta / h would keep the width S e + r above the variable's
target: where e is mostly rounding (e about r, on an f whose third derivative is small), the width is about
(S + 1) r, so the step grows until r <= target / (S + 1), at most FIT times (three of scipy's halvings undo it). The
analytic values give the target before any difference is taken. A variable whose differences do
not settle so is retried with central differences of the next order (which settle closer to f's noise: about
delta^(4/5) at order 4 instead of delta^(2/3) at order 2), then with one-sided differences on either side, each of
which stops before a kink on the other side; the best attempt is kept if it settles. What still does not settle is
not checkable here: a kink within the step on both sides, or f's noise, or f not finite.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from shallow_proofs.gradcheck.differences import CHUNK, STEP_FACTOR, Derivatives, Partial, gain, higher, partials
from shallow_proofs.gradcheck.first import FIRST_ORDER, first_estimate
from shallow_proofs.gradcheck.layout import Array
from shallow_proofs.gradcheck.result import CHECKED, KINK, NOISE, NOT_FINITE, SAFETY

FIT = STEP_FACTOR**3  # the most the first estimate's step grows for its rounding to fit the target


class Settled(NamedTuple):
    """Per variable: the derivative, scipy's error estimate, the rounding term r and CHECKED or a reason code."""

    df: Array
    error: Array
    rounding: Array
    codes: Array


def group_scale(values: Array, groups: Array) -> Array:
    """max |values| over each variable's group, per variable (finite values only)."""
    finite = np.where(np.isfinite(values), np.abs(values), 0.0)
    top = np.zeros(int(groups.max(initial=0)) + 1)
    np.maximum.at(top, groups, finite)
    return top[groups]


def target_scale(df: Array, ok: Array, analytic: Array, groups: Array) -> Array:
    """The scale of each variable's resolution: max |n| over its group (the differences ``ok``), or max |a| (the
    analytic values) where every difference of the group is 0: f does not change along that key (its true gradient
    vanishes, or f ignores the key), and rho max |a| lets a nonzero analytic side fail there instead of leaving a
    target of 0 that no difference with rounding reaches (not checkable)."""
    numerical = group_scale(np.where(ok, df, 0.0), groups)
    return np.where(numerical > 0, numerical, group_scale(analytic, groups))


def smallest_scale(values: Array, groups: Array) -> float:
    """The smallest nonzero max |values| of a group: the scale the tightest group's resolution applies to."""
    scales = group_scale(values, groups)
    nonzero = scales[scales > 0]
    return float(nonzero.min()) if nonzero.size else 0.0


def settle(
    f: Partial,
    variables: Array,
    steps: Callable[[int], Array],
    noise: Array,
    groups: Array,
    analytic: Array,
    *,
    resolution: float,
    order: int,
    chunk: int = CHUNK,
) -> Settled:
    """The derivative of f(t, v) at 0 for every variable v, settled to ``resolution`` of its group's scale."""
    initial = steps(order)
    if order == FIRST_ORDER:
        initial = fitted(initial, noise, analytic, groups, resolution)
        first = first_estimate(f, variables, initial, chunk)
    else:
        first = partials(
            f,
            variables,
            initial,
            atol=resolution * float(np.abs(analytic).max(initial=0.0)) / SAFETY,
            order=order,
            chunk=chunk,
        )
    df, error, finite = first.df.copy(), first.error.copy(), first.finite.copy()
    rounding = gain(order, 0) * noise / first.final_step
    target = resolution * target_scale(df, finite, analytic, groups)

    def width(e: Array, r: Array, ok: Array) -> Array:
        return np.where(ok, SAFETY * e + r, np.inf)

    best = width(error, rounding, finite)
    retry = np.flatnonzero(best > target)
    refine = [(0, order)] if order == FIRST_ORDER else []  # scipy's iterations, from the same initial step
    attempts = refine + [(0, higher(order))] + [(side, 2) for side in (1, -1)]
    for side, side_order in attempts if retry.size else []:
        start = initial if (side, side_order) == (0, order) else steps(side_order)
        again = per_group(f, variables, start, retry, groups, target, side, side_order, chunk)
        r = gain(side_order, side) * noise[retry] / again.final_step
        w = width(again.error, r, again.finite)
        better = w < best[retry]
        take = retry[better]
        df[take], error[take], rounding[take], finite[take] = again.df[better], again.error[better], r[better], True
        best[take] = w[better]
        retry = retry[best[retry] > target[retry]]
        if not retry.size:
            break
    codes = np.full(variables.size, CHECKED, dtype=np.int8)
    codes[retry] = np.where(~finite[retry], NOT_FINITE, np.where(rounding[retry] >= error[retry], NOISE, KINK))
    return Settled(df, error, rounding, codes)


def fitted(steps: Array, noise: Array, analytic: Array, groups: Array, resolution: float) -> Array:
    """The first estimate's steps, grown where its rounding G delta / h exceeds target / (S + 1), the target rho max|a|
    of the variable's group (a: the analytic values): to h = (S + 1) G delta / target, at most FIT times the step."""
    target = resolution * group_scale(analytic, groups)
    with np.errstate(divide="ignore", invalid="ignore"):
        needed = np.where(target > 0, (SAFETY + 1.0) * gain(FIRST_ORDER, 0) * noise / target, 0.0)
    return np.asarray(np.maximum(steps, np.minimum(needed, FIT * steps)))


def per_group(
    f: Partial,
    variables: Array,
    steps: Array,
    retry: Array,
    groups: Array,
    target: Array,
    side: int,
    order: int,
    chunk: int,
) -> Derivatives:
    """scipy's derivatives of the variables ``retry``, one call per group, each refined to its own group's target
    (one atol for all would refine the groups of larger scale beyond what decides their verdict)."""
    df, error, final_step = np.empty(retry.size), np.empty(retry.size), np.empty(retry.size)
    finite = np.empty(retry.size, dtype=bool)
    for group in np.unique(groups[retry]):
        mine = groups[retry] == group
        i = retry[mine]
        part = partials(
            f,
            variables[i],
            steps[i],
            atol=float(target[i[0]]) / SAFETY,
            order=order,
            step_direction=side,
            chunk=chunk,
        )
        df[mine], error[mine], final_step[mine], finite[mine] = part
    return Derivatives(df, error, final_step, finite)


def resettle(settled: Settled, groups: Array, resolution: float, analytic: Array) -> Settled:
    """Mark as not checkable (kink) what no longer settles to ``resolution`` once more terms were added."""
    width = SAFETY * settled.error + settled.rounding
    target = resolution * target_scale(settled.df, settled.codes == CHECKED, analytic, groups)
    codes = np.where((settled.codes == CHECKED) & (width > target), KINK, settled.codes).astype(np.int8)
    return settled._replace(codes=codes)
