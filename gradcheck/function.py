"""What the checks need of a function: the change Delta f when x moves, along one element or along a direction.

:class:`Perturbation` is the protocol. :class:`BlackBox` implements it for any callable f(x), evaluating perturbed
inputs one call each or, with ``batched=True``, all of one scipy iteration in one vectorized call (f then accepts
leading batch axes on every array of x). A structured function (gradcheck.network) implements it from its structure,
cheaper, and is checked by the same engine.

Rounding bound delta of one Delta f (the ``noise``), from which the tolerance derives the rounding of a difference:

- f's own noise, measured at x (gradcheck.noise), twice (Delta f subtracts two evaluations) times lambda = 6, the
  Hoeffding factor: a rounding error of standard deviation sigma exceeds 6 sigma with probability below 2e-9; or
  twice the bound on one evaluation's error that the caller derived from f's conditioning, if larger;
- the rounding of the perturbed input: x_k + t is rounded to x_k + t (1 + theta), |theta| <= eps |x_k| / |t|, which
  moves f by up to eps |x_k| |df/dx_k|; the analytic derivative stands in for df/dx_k.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

import numpy as np

from shallow_proofs.gradcheck.kinks import Kinks
from shallow_proofs.gradcheck.layout import Array, Layout
from shallow_proofs.gradcheck.noise import estimate_noise

HOEFFDING = 6.0
BATCH_ELEMENTS = 2**15  # a batched call gets at most this many input numbers (256 KiB in float64): measured at
# P = 5,201 (6 rows a call), the network's batched cost checked in 2.08 s (median of 5) against 3.18 s at 2**16 (its
# 100 x 200 hidden arrays per row out of cache) and 2.22 s at 2**14; the function without structure, and P = 1,000
# and 17, took the same time at all three


class Perturbation(Protocol):
    """Delta f = f(x + move) - f(x) for many moves, its rounding bound, and the initial steps of the differences."""

    layout: Layout
    out_shape: tuple[int, ...]  # f's output shape, () for a scalar
    out_size: int  # number of outputs of f (1 for a scalar)
    eps: float  # unit roundoff of f's evaluation
    terms: int  # K: a gradient element sums at most K terms (rounding of the analytic side: K eps ||n||)
    order: int  # the order of the central differences that suits its noise (gradcheck.differences)

    def element(self, t: Array, k: Array) -> Array:
        """Delta f, shape (n, out_size), for x + t[i] e_k[i], i < n."""
        ...

    def element_steps(self, order: int) -> Array:
        """The initial step of each of the P elements, for central differences of ``order``."""
        ...

    def element_noise(self, analytic: Array) -> Array:
        """The rounding bound of one Delta f per element and output, broadcastable to (P, out_size)."""
        ...

    def along(self, t: Array, r: Array, V: Array) -> Array:
        """Delta f, shape (n, out_size), for x + t[i] V[r[i]], V of shape (R, P)."""
        ...

    def direction_steps(self, V: Array, order: int) -> Array:
        """The initial step along each of the R directions, for central differences of ``order``."""
        ...

    def direction_noise(self, V: Array, analytic: Array) -> Array:
        """The rounding bound of one Delta f along each direction and output, broadcastable to (R, out_size)."""
        ...

    def smooth_direction_steps(self, V: Array, order: int) -> Array:
        """The initial step along each direction were f's noise only the rounding of its dtype: the scale of a smooth
        f's Taylor regime, from which the Taylor test starts (the steps of a noisy f would leave that regime)."""
        ...

    def kinks(self) -> Kinks | None:
        """Inputs near a kink, which element and direction moves leave alone (gradcheck.kinks), or None."""
        ...

    def kinks_at_x(self, order: int, analytic: Array) -> Array | None:
        """(P, out_size) booleans: the elements along which f's slope jumps at x itself, or None if none can."""
        ...


class BlackBox:
    """Any f(x) -> float or array: every move is an evaluation of f at the moved x."""

    def __init__(
        self,
        f: Callable[..., Any],
        layout: Layout,
        *,
        batched: bool,
        order: int,
        rng: np.random.Generator,
        noise: float = 0.0,
    ) -> None:
        self.f, self.layout, self.batched, self.order = f, layout, batched, order
        value = f(layout.point())
        self.out_shape: tuple[int, ...] = np.shape(value)
        self.f0 = self._outputs(value, ())
        self.out_size = int(self.f0.size)
        self.eps = max(
            layout.eps, float(np.finfo(self.f0.dtype).eps) if np.issubdtype(self.f0.dtype, np.floating) else 0.0
        )
        self.terms = layout.size
        probe = estimate_noise(self._at, layout, self.f0, rng)  # (keys, out_size) each
        self.sigma, self.kinked = probe.sigma, probe.kinked

        def bound(sigma: Array) -> Array:
            return np.maximum(np.maximum(2.0 * HOEFFDING * sigma, self.eps * np.abs(self.f0)), 2.0 * noise)

        self.noise = bound(probe.sigma)  # along directions, which cross any kink at x
        self.element_level = bound(probe.smooth)  # along one element, beside a kink at x on another element
        self.owner = np.repeat(np.arange(len(layout.keys)), [layout.sizes[key] for key in layout.keys])  # (P,)

    def _outputs(self, value: Any, lead: tuple[int, ...]) -> Array:
        """f's value as (*lead, out_size); a batched call (lead = (n,)) must return one value of f's shape per input."""
        out = np.asarray(value)
        if not (np.issubdtype(out.dtype, np.floating) or np.issubdtype(out.dtype, np.integer)):
            raise TypeError(f"f must return real numbers; got dtype {out.dtype}")
        if lead and out.shape != (*lead, *self.out_shape):
            raise ValueError(
                f"batched f must return shape {(*lead, *self.out_shape)} for {lead[0]} inputs (f's shape "
                f"{self.out_shape} after the batch axis); got shape {out.shape}: does f keep the leading batch axes?"
            )
        return out.reshape(*lead, -1)

    def _at(self, X: Array) -> Array:
        """f at each row of X (n, P): (n, out_size), in one call per block when batched."""
        n = X.shape[0]
        if not self.batched:
            return np.stack([self._outputs(self.f(self.layout.unflatten(row)), ()) for row in X]).reshape(n, -1)
        block = max(1, BATCH_ELEMENTS // max(self.layout.size, 1))
        parts = []
        for start in range(0, n, block):
            rows = X[start : start + block]
            parts.append(self._outputs(self.f(self.layout.unflatten(rows)), (rows.shape[0],)))
        return np.concatenate(parts)

    def _delta(self, t: Array, moved: Callable[[Array, Array], Array]) -> Array:
        """Delta f at moved(t, i) = x + the i-th moves, in blocks; 0 where t = 0 (scipy asks for f(x) first)."""
        out = np.zeros((t.size, self.out_size))
        index = np.flatnonzero(t != 0)
        block = max(1, BATCH_ELEMENTS // max(self.layout.size, 1))
        for start in range(0, index.size, block):
            i = index[start : start + block]
            X = moved(t[i], i).astype(self.layout.dtype)
            with np.errstate(invalid="ignore"):
                out[i] = self._at(X).astype(np.float64) - self.f0.astype(np.float64)
        return out

    def element(self, t: Array, k: Array) -> Array:
        def moved(s: Array, i: Array) -> Array:
            X = np.repeat(self.layout.flat[None, :].astype(np.float64), s.size, axis=0)
            X[np.arange(s.size), k[i]] += s
            return X

        return self._delta(t, moved)

    def _touched(self, V: Array) -> Array:
        """f's noise along each direction of V (R, P): the largest of the keys it moves, (R, out_size)."""
        moves = np.zeros((V.shape[0], len(self.layout.keys)), dtype=bool)
        np.logical_or.at(moves.T, self.owner, (V != 0).T)
        return np.asarray(np.max(np.where(moves[:, :, None], self.noise[None], 0.0), axis=1))

    def element_steps(self, order: int) -> Array:
        per_key = np.array([relative_step(noise, self.f0, order) for noise in self.element_level])
        return np.asarray(per_key[self.owner] * np.maximum(np.abs(self.layout.flat.astype(np.float64)), 1.0))

    def element_noise(self, analytic: Array) -> Array:
        inputs = self.eps * np.abs(self.layout.flat.astype(np.float64))[:, None] * np.abs(analytic.T)  # (P, out)
        return np.asarray(self.element_level[self.owner] + inputs)

    def along(self, t: Array, r: Array, V: Array) -> Array:
        return self._delta(t, lambda s, i: self.layout.flat + s[:, None] * V[r[i]])

    def _reach(self, V: Array) -> Array:
        """max |v| of each direction over max(max |x|, 1): a relative step over it is the step along v."""
        scale = np.max(np.abs(V), axis=1, initial=0.0) / np.maximum(np.abs(self.layout.flat).max(initial=0.0), 1.0)
        return np.where(scale > 0, scale, 1.0)

    def direction_steps(self, V: Array, order: int) -> Array:
        relative = np.array([relative_step(noise, self.f0, order) for noise in self._touched(V)])
        return np.asarray(relative / self._reach(V))

    def smooth_direction_steps(self, V: Array, order: int) -> Array:
        """relative_step at f's rounding alone, eps |f|: eps^(1 / (order + 1)) over each direction's reach."""
        return np.asarray(self.eps ** (1.0 / (order + 1)) / self._reach(V))

    def kinks(self) -> None:
        """A black box shows no kinks: differences that do not settle are reported (gradcheck.settle)."""
        return None

    def kinks_at_x(self, order: int, analytic: Array) -> Array | None:
        """The elements along which f's slope jumps at x, among the keys whose noise probe saw a kink at x
        (gradcheck.noise): (P, out) booleans, or None where no probe saw one. With Delta(s) = f(x + s e_k) - f(x)
        and f(x + t e_k) = g(t) + c |t|,

        .. math:: J = \\frac{2 (\\Delta(h/2) + \\Delta(-h/2))}{h/2} - \\frac{\\Delta(h) + \\Delta(-h)}{h}
                    = 2c - \\frac{h^3}{16} g^{(4)}(0) + O(h^5),

        the jump of the slope (g'' cancels). The rounding delta of each Delta gives J at most 10 delta / h: an element
        is at a kink where |J| is above it. A kink too small to see moves the central difference by nothing and the
        first estimate's error estimate by |c| (gradcheck.first), which its tolerance then holds."""
        keys = np.any(self.kinked, axis=1)
        if not keys.any():
            return None
        k = np.flatnonzero(keys[self.owner])
        h = self.element_steps(order)[k]
        delta = self.element(np.concatenate([h, -h, h / 2, -h / 2]), np.tile(k, 4)).reshape(4, k.size, -1)
        noise = self.element_noise(analytic)[k]
        with np.errstate(invalid="ignore"):
            jump = 2.0 * (delta[2] + delta[3]) / (h / 2)[:, None] - (delta[0] + delta[1]) / h[:, None]
            at = np.abs(jump) > 10.0 * noise / h[:, None]
        kinked = np.zeros((self.layout.size, self.out_size), dtype=bool)
        kinked[k] = at
        return kinked

    def direction_noise(self, V: Array, analytic: Array) -> Array:
        inputs = self.eps * np.abs(V * self.layout.flat.astype(np.float64)) @ np.abs(analytic.T)  # (R, out)
        return np.asarray(self._touched(V) + inputs)


def relative_step(noise: Array, f0: Array, order: int) -> float:
    """(delta / |f|)^(1/(order + 1)): the central difference's step that balances truncation h^order against rounding
    delta / h (Gill, Murray and Wright, Practical Optimization (1981), section 8.6; delta / |f| is f's relative noise).
    """
    with np.errstate(invalid="ignore"):
        relative = float(np.max(noise / np.maximum(np.abs(f0.astype(np.float64)), np.finfo(np.float64).tiny)))
    if not np.isfinite(relative):  # f not finite at x: nothing can be checked there (gradcheck.settle says so)
        return 1.0
    return float(np.clip(relative, np.finfo(np.float64).eps, 1.0) ** (1.0 / (order + 1)))
