"""Complex-step mode, for an f that accepts complex input and is real-analytic there (Squire and Trapp, SIAM Rev. 40
(1998) 110; Martins, Sturdza and Alonso, ACM TOMS 29 (2003) 245):

.. math:: f'(x)\\, e_k = \\operatorname{Im} f(x + i h e_k) / h + O(h^2)

No difference is taken, so there is no cancellation: the step can be tiny, h = sqrt(eps) times the element's scale,
where the truncation term h^2 |f'''| / 6 is below eps |f'| unless f''' exceeds f' by 1/eps. scipy's error estimate has
no part here; the error estimate is the Richardson one from a second step 2h: |D(2h) - D(h)| / 3 (the h^2 terms of
D(2h) and D(h) are in ratio 4), and the rounding of Im f, a few eps relative, is within the verdict's K eps ||n||
term (K = P).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from shallow_proofs.gradcheck.function import BATCH_ELEMENTS
from shallow_proofs.gradcheck.layout import Array, Layout
from shallow_proofs.gradcheck.result import Check, compare

COMPLEX = {np.dtype(np.float32): np.complex64, np.dtype(np.float64): np.complex128}


def complex_step_checks(
    f: Callable[..., Any], layout: Layout, analytic: Array, equations: dict[str, str], *, batched: bool
) -> dict[str, Check]:
    """Each element of the gradient (or Jacobian) against Im f(x + i h e_k) / h, at h and 2h."""
    P, dtype = layout.size, COMPLEX[np.dtype(layout.dtype)]
    h = np.sqrt(layout.eps) * np.maximum(np.abs(layout.flat.astype(np.float64)), 1.0)

    def at(rows: Array) -> Array:
        if batched:
            return np.asarray(f(layout.unflatten(rows))).reshape(rows.shape[0], -1)
        return np.stack([np.asarray(f(layout.unflatten(row))).reshape(-1) for row in rows])

    def derivative(scale: float) -> Array:
        """Im f(x + i scale h e_k) / (scale h) for every k, in blocks of rows: (P, outputs)."""
        parts = []
        for start in range(0, P, max(1, BATCH_ELEMENTS // P)):
            k = np.arange(start, min(start + max(1, BATCH_ELEMENTS // P), P))
            X: Array = np.repeat(layout.flat[None, :].astype(dtype), k.size, axis=0)
            X[np.arange(k.size), k] += 1j * scale * h[k].astype(layout.dtype)
            values = at(X)
            if not np.iscomplexobj(values):
                raise TypeError("complex-step mode needs an f that keeps complex input complex; f returned reals")
            parts.append(values.imag.astype(np.float64) / (scale * h[k, None]))
        return np.concatenate(parts)

    D, D2 = derivative(1.0), derivative(2.0)
    error = np.abs(D2 - D) / 3.0
    out_shape = analytic.shape[:-1]
    checks = {}
    for key in layout.keys:
        block = slice(layout.offsets[key], layout.offsets[key] + layout.sizes[key])
        shape = (*out_shape, *layout.shapes[key])

        def cut(values: Array, block: slice = block, shape: tuple[int, ...] = shape) -> Array:
            return np.asarray(values.T[:, block].reshape(shape))

        name = f"d{key}" if layout.is_dict else "grad"
        checks[key] = compare(
            equations[key], name, cut(analytic.reshape(-1, P).T), cut(D), cut(error), P, eps=layout.eps
        )
    return checks
