"""No blind spot at kinks: inputs of a kink that lie within a step of it are differentiated on their own side.

A structured function (gradcheck.network for ReLU and leaky ReLU) may split its kinked inputs u (the entries of Z1)
into far ones, which no step of a stencil can carry across their kink, and near ones. An element's (or direction's)
move then moves only the far inputs, and the near ones enter through the chain rule of the linear map from the checked
variables to u (Z1 = W1 X + b1 is linear, so this is exact):

.. math:: \\frac{dJ}{dt} = \\frac{dJ_{far}}{dt} + \\sum_{u \\text{ near}} \\frac{\\partial u}{\\partial t}
          \\frac{\\partial J}{\\partial u}

Each near dJ/du is a one-sided difference on the side u lies on, away from its kink at 0, with an ordinary step:
moving u alone, no other kink is in the way. Its error estimate and rounding enter each element weighted by
|du/dt|. An input exactly at its kink has no derivative (the two one-sided slopes differ): every element it enters is
reported as not checkable ("kink within the step"), never passed.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from shallow_proofs.gradcheck.differences import Partial, gain, partials
from shallow_proofs.gradcheck.layout import Array
from shallow_proofs.gradcheck.result import CHECKED, KINK
from shallow_proofs.gradcheck.settle import Settled

ONE_SIDED_ORDER = 2
Weigh = Callable[[Array, bool], Array]


class Kinks(NamedTuple):
    """The near inputs: Delta J when near input v moves by t alone, their steps, sides (+1, -1; 0 exactly at the
    kink) and rounding bounds; ``elements(values, absolute)`` is the sum over near inputs of du/d theta_k * values
    for every element k (with |du/d theta_k| when ``absolute``), ``directions(V)`` the same along each direction."""

    f: Partial
    steps: Array
    sides: Array
    noise: Array
    elements: Weigh
    directions: Callable[[Array], Weigh]


def near_partials(kinks: Kinks, atol: float) -> Settled:
    """dJ/du for every near input u, one-sided on its own side."""
    count = kinks.steps.size
    sides = np.where(kinks.sides == 0, 1, kinks.sides)
    result = partials(kinks.f, np.arange(count), kinks.steps, atol=atol, order=ONE_SIDED_ORDER, step_direction=sides)
    rounding = gain(ONE_SIDED_ORDER, 1) * kinks.noise / result.final_step
    codes = np.where((kinks.sides == 0) | ~result.finite, KINK, CHECKED).astype(np.int8)
    return Settled(result.df, result.error, rounding, codes)


def with_kinks(settled: Settled, kinks: Kinks, weigh: Weigh, atol: float) -> Settled:
    """The far part's derivatives plus the near inputs' contributions, errors and rounding; elements that an input
    exactly at its kink enters are not checkable. ``atol`` is the error allowed in an element: each near input is
    refined to atol over the largest sum of weights |du/dt| of an element."""
    reach = float(np.max(weigh(np.ones(kinks.steps.size), True), initial=0.0))
    near = near_partials(kinks, atol / (2.0 * max(reach, 1.0)))  # half the allowance for the near inputs
    blocked = weigh((near.codes != CHECKED).astype(np.float64), True) > 0
    codes = np.where(blocked & (settled.codes == CHECKED), KINK, settled.codes).astype(np.int8)
    return Settled(
        settled.df + weigh(np.where(near.codes == CHECKED, near.df, 0.0), False),
        settled.error + weigh(near.error, True),
        settled.rounding + weigh(near.rounding, True),
        codes,
    )
