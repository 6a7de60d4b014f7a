"""Directional mode: the derivative of f along random directions v against the analytic J v, at a cost independent
of the number of elements P.

Each key of x gets ``count`` standard normal directions of its own (zero in the other keys), so a failure names the
key whose gradient is wrong, as torch's fast mode perturbs each input on its own.

Detection power: if the analytic gradient of a key is off by e, then v . e ~ N(0, |e|^2) for v ~ N(0, I), so all
``count`` directions miss it (|v . e| <= tau each) with probability at most (sqrt(2/pi) tau / |e|)^count. tau is the
check's tolerance, at most (rho + K eps) |J v| (gradcheck.result): a relative error of 1e-6 in a float64 gradient
escapes one direction with probability below about 1e-2 (rho = 1.5e-8), and two with probability below 1e-4.
"""

from __future__ import annotations

import numpy as np

from shallow_proofs.gradcheck.differences import CHUNK
from shallow_proofs.gradcheck.full import per_output
from shallow_proofs.gradcheck.function import Perturbation
from shallow_proofs.gradcheck.kinks import with_kinks
from shallow_proofs.gradcheck.layout import Array, Layout
from shallow_proofs.gradcheck.result import SAFETY, Check, compare
from shallow_proofs.gradcheck.settle import resettle, settle, smallest_scale

DIRECTIONS = 1


def draw_directions(layout: Layout, count: int, rng: np.random.Generator) -> tuple[Array, Array]:
    """``count`` standard normal directions per key, each zero outside its key: V (count * keys, P), and each
    direction's key index."""
    V = np.zeros((count * len(layout.keys), layout.size))
    owner = np.repeat(np.arange(len(layout.keys)), count)
    for row, key_index in enumerate(owner):
        key = layout.keys[key_index]
        V[row, layout.offsets[key] : layout.offsets[key] + layout.sizes[key]] = rng.standard_normal(layout.sizes[key])
    return V, owner


def directional_checks(
    func: Perturbation,
    analytic: Array,
    equations: dict[str, str],
    *,
    count: int,
    rng: np.random.Generator,
    resolution: float,
    order: int,
    chunk: int = CHUNK,
) -> dict[str, Check]:
    """One Check per key: v . grad (or J v) against d/dt f(x + t v) for the key's ``count`` directions."""
    layout, outputs = func.layout, func.out_size
    V, owner = draw_directions(layout, count, rng)
    R = V.shape[0]
    projected = (analytic @ V.T).T  # (R, outputs): J v_r
    variables = np.arange(R * outputs)
    r = variables // outputs
    noise = np.broadcast_to(func.direction_noise(V, analytic), (R, outputs)).ravel()

    def move(t: Array, rows: Array) -> Array:
        return func.along(t, rows, V)

    settled = settle(
        per_output(move, outputs),
        variables,
        lambda order: func.direction_steps(V, order)[r],
        noise,
        owner[r],
        projected.ravel(),
        resolution=resolution,
        order=order,
        chunk=chunk,
    )
    kinks = func.kinks()
    if kinks is not None:
        scale = smallest_scale(projected.ravel(), owner[r])
        near = with_kinks(settled, kinks, kinks.directions(V), resolution * scale / SAFETY)
        settled = resettle(near, owner[r], resolution, projected.ravel())
    checks = {}
    for index, key in enumerate(layout.keys):
        rows = (owner == index) & (layout.sizes[key] > 0)  # an empty key's directions are 0: they show nothing
        shape = (int(np.count_nonzero(rows)), *func.out_shape)

        def cut(values: Array, rows: Array = rows, shape: tuple[int, ...] = shape) -> Array:
            return np.asarray(values.reshape(R, outputs)[rows].reshape(shape))

        name = f"v . d{key}" if layout.is_dict else "v . grad"
        checks[key] = compare(
            equations[key],
            name,
            cut(projected.ravel()),
            cut(settled.df),
            cut(settled.error),
            layout.sizes[key] + func.terms,
            cut(settled.rounding),
            eps=func.eps,
            unchecked=cut(settled.codes),
        )
    return checks
