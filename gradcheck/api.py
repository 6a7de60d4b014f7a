"""``check_grad``: the gradient (or Jacobian) of any function against finite differences, in one of four modes.

>>> import numpy as np
>>> from shallow_proofs.gradcheck import check_grad
>>> report = check_grad(lambda x: np.sum(np.sin(x)), np.cos, np.linspace(0.0, 1.0, 5))
>>> report.passed
True

- ``full``: every element, by scipy.differentiate, settled to the resolution rho or reported as not checkable.
- ``directional``: ``directions`` random directions per key of x; the cost does not grow with the number of elements.
- ``taylor``: the observed order of the Taylor remainder along one direction per key (2 if right, 1 if wrong; no
  verdict where the local orders of its smallest steps mix).
- ``complex``: the complex step, for an f that accepts complex input (no difference, no cancellation).

Central differences of a plain f are of order 2 (3 evaluations per element where the first estimate settles,
gradcheck.first; scipy refines the others); elements that do not settle are retried at order 4, which settles closer
to f's noise (float32's, say). A structured f states its own order.

The resolution rho (default sqrt(eps) of x's dtype: 1.5e-8 in float64, 3.5e-4 in float32) is the accuracy a forward
difference reaches at its best step on a smooth function (Gill, Murray and Wright, Practical Optimization, 8.6).
Central differences are refined until their tolerance is within rho ||n||_inf, which decides the verdict, and no
further; an element whose differences cannot get there (a kink or noise within the step on both sides) is reported
as not checkable and counted, never passed by a grown tolerance.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from numbers import Integral, Real
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from shallow_proofs.gradcheck.complexstep import complex_step_checks
from shallow_proofs.gradcheck.differences import CHUNK, ORDER
from shallow_proofs.gradcheck.directional import DIRECTIONS, directional_checks
from shallow_proofs.gradcheck.full import full_checks
from shallow_proofs.gradcheck.function import BlackBox, Perturbation
from shallow_proofs.gradcheck.layout import Layout
from shallow_proofs.gradcheck.result import Check
from shallow_proofs.gradcheck.taylor import Taylor, taylor_checks

MODES = ("full", "directional", "taylor", "complex")


class Structured:
    """Base of functions with a fast path: callable as f(x), and ``perturbation(layout)`` gives their
    :class:`~shallow_proofs.gradcheck.function.Perturbation`, which check_grad uses instead of calling f per move."""

    def perturbation(self, layout: Layout) -> Perturbation:
        raise NotImplementedError

    def __call__(self, x: Any) -> Any:
        raise NotImplementedError


@dataclass(frozen=True)
class Report:
    """One result per key of x (the key "x" for an array x): Check, or Taylor in taylor mode."""

    mode: str
    checks: dict[str, Check | Taylor]

    @property
    def passed(self) -> bool:
        """Every key passed: each had at least one element checked, and none failed."""
        return all(check.passed for check in self.checks.values())

    @property
    def verdict(self) -> str:
        """FAILED if a key failed; else not checked if a key had no element checked; else passed."""
        verdicts = {check.verdict for check in self.checks.values()}
        return next((v for v in ("FAILED", "not checked") if v in verdicts), "passed")

    @property
    def message(self) -> str:
        return "\n".join(check.message for check in self.checks.values())

    def __bool__(self) -> bool:
        return self.passed

    def __getitem__(self, key: str) -> Check | Taylor:
        return self.checks[key]


def check_grad(
    f: Callable[..., Any],
    grad: Callable[..., Any] | ArrayLike | Mapping[str, ArrayLike],
    x: ArrayLike | Mapping[str, ArrayLike],
    *,
    mode: str = "full",
    batched: bool = False,
    resolution: float | None = None,
    directions: int = DIRECTIONS,
    order: int | None = None,
    equations: Mapping[str, str] | None = None,
    noise: float = 0.0,
    rng: np.random.Generator | int | None = 0,
    chunk: int = CHUNK,
) -> Report:
    """Check ``grad`` (a function of x, or its values at x) against finite differences of ``f`` at ``x``.

    x is an array or a dict of arrays (float32 or float64). f(x) returns a number, or an array of shape S: then grad
    is the Jacobian, of shape S + x.shape (per key for a dict). With ``batched=True`` f accepts leading batch axes on
    every array of x and returns one result per batch element. ``equations`` names each key's claim in messages.
    ``noise`` is a bound on the rounding error of one evaluation of f, where its conditioning is known (f's noise is
    also measured at x, gradcheck.noise; the larger counts).
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    if order not in (None, 2, 4, 6):
        raise ValueError(f"order must be 2, 4 or 6 (or None: the function's own); got {order!r}")
    if isinstance(noise, bool) or not isinstance(noise, Real) or not (np.isfinite(noise) and noise >= 0):
        raise ValueError(f"noise must be a finite number >= 0 (a bound on f's rounding error); got {noise!r}")
    for name, count in (("directions", directions), ("chunk", chunk)):
        if isinstance(count, bool) or not isinstance(count, Integral) or count < 1:
            raise ValueError(f"{name} must be an integer >= 1; got {count!r}")
    if resolution is not None and not (isinstance(resolution, Real) and 0 < resolution < np.inf):
        raise ValueError(f"resolution must be a finite number > 0 (None: sqrt(eps) of x's dtype); got {resolution!r}")
    if not (rng is None or (isinstance(rng, np.random.Generator | Integral) and not isinstance(rng, bool))):
        raise TypeError(f"rng must be a numpy Generator, an integer seed or None; got {rng!r}")
    layout = Layout(x)
    values = grad(layout.point()) if callable(grad) else grad
    rho = np.sqrt(layout.eps) if resolution is None else float(resolution)
    generator = rng if isinstance(rng, np.random.Generator) else np.random.default_rng(rng)
    names = {key: (equations or {}).get(key, f"d{key}" if layout.is_dict else "grad") for key in layout.keys}
    if mode == "complex":
        out_shape = np.shape(f(layout.point()))
        analytic = layout.flatten(values, out_shape, "grad")
        return Report(mode, dict(complex_step_checks(f, layout, analytic, names, batched=batched)))
    if isinstance(f, Structured):
        func = f.perturbation(layout)
    else:
        func = BlackBox(f, layout, batched=batched, order=order or ORDER, rng=generator, noise=noise)
    order = order or func.order
    analytic = layout.flatten(values, func.out_shape, "grad").reshape(func.out_size, layout.size)
    if mode == "full":
        return Report(mode, dict(full_checks(func, analytic, names, resolution=rho, order=order, chunk=chunk)))
    if mode == "directional":
        checks = directional_checks(
            func, analytic, names, count=directions, rng=generator, resolution=rho, order=order, chunk=chunk
        )
        return Report(mode, dict(checks))
    if isinstance(f, Structured) and func.kinks() is not None:  # its moves hold the inputs near a kink: not f's
        func = BlackBox(f, layout, batched=False, order=order, rng=generator, noise=noise)
    return Report(mode, dict(taylor_checks(func, analytic, names, rng=generator)))
