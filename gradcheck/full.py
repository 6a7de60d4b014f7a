"""Full mode: every element of the gradient (or Jacobian) against scipy's finite-difference derivative of f.

The variables are the pairs (element k, output o); Delta f of one move serves every output of that move, so each
move is evaluated once (moves are deduplicated within each call scipy makes).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from shallow_proofs.gradcheck.differences import CHUNK, Partial
from shallow_proofs.gradcheck.function import Perturbation
from shallow_proofs.gradcheck.kinks import with_kinks
from shallow_proofs.gradcheck.layout import Array
from shallow_proofs.gradcheck.result import KINK, SAFETY, Check, compare
from shallow_proofs.gradcheck.settle import resettle, settle, smallest_scale


def per_output(move: Callable[[Array, Array], Array], outputs: int) -> Partial:
    """f(t, v) for variables v = move * outputs + output, evaluating each distinct (move, t) once."""

    def f(t: Array, v: Array) -> Array:
        t, v = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(v))
        moves, o = np.divmod(v.ravel().astype(np.intp), outputs)
        if outputs == 1:
            return move(t.ravel(), moves)[:, 0].reshape(t.shape)
        pairs, inverse = np.unique(np.stack([moves.astype(np.float64), t.ravel()]), axis=1, return_inverse=True)
        values = move(pairs[1], pairs[0].astype(np.intp))
        return values[inverse.ravel(), o].reshape(t.shape)

    return f


def full_checks(
    func: Perturbation,
    analytic: Array,
    equations: dict[str, str],
    *,
    resolution: float,
    order: int,
    chunk: int = CHUNK,
) -> dict[str, Check]:
    """One Check per key of x: ``analytic`` (out_size, P) against the settled differences, element by element."""
    layout, outputs = func.layout, func.out_size
    P = layout.size
    variables = np.arange(P * outputs)  # v = k * outputs + o
    k = variables // outputs
    noise = np.broadcast_to(func.element_noise(analytic), (P, outputs)).ravel()
    groups = np.repeat(
        np.searchsorted(np.cumsum([layout.sizes[key] for key in layout.keys]), np.arange(P), "right"), outputs
    )
    flat_analytic = analytic.T.ravel()  # (P, outputs) order: v = k * outputs + o
    settled = settle(
        per_output(func.element, outputs),
        variables,
        lambda order: func.element_steps(order)[k],
        noise,
        groups,
        flat_analytic,
        resolution=resolution,
        order=order,
        chunk=chunk,
    )
    kinks = func.kinks()
    if kinks is not None:
        scale = smallest_scale(flat_analytic, groups)
        settled = resettle(
            with_kinks(settled, kinks, kinks.elements, resolution * scale / SAFETY), groups, resolution, flat_analytic
        )
    at_x = func.kinks_at_x(order, analytic)
    if at_x is not None:
        settled = settled._replace(codes=np.where(at_x.ravel(), KINK, settled.codes).astype(np.int8))
    checks = {}
    for key in layout.keys:
        block = slice(layout.offsets[key], layout.offsets[key] + layout.sizes[key])
        shape = (*func.out_shape, *layout.shapes[key])

        def cut(values: Array, block: slice = block, shape: tuple[int, ...] = shape) -> Array:
            """Variables (P * outputs, k-major) to this key's Jacobian block, shape out_shape + x[key].shape."""
            return np.asarray(values.reshape(P, outputs).T[:, block].reshape(shape))

        name = f"d{key}" if layout.is_dict else "grad"
        checks[key] = compare(
            equations[key],
            name,
            cut(flat_analytic),
            cut(settled.df),
            cut(settled.error),
            func.terms,
            cut(settled.rounding),
            eps=func.eps,
            unchecked=cut(settled.codes),
        )
    return checks
