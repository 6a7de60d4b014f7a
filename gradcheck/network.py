"""The notes' cost J as a function of each quantity of backpropagation, the others held fixed (L09).

For the 2-layer network Z1 = W1 X + b1, A1 = g(Z1), Z2 = W2 A1 + b2 and the stable cost on Z2, each quantity q gets a
:class:`Quantity`: ``f(t, k)`` = J(q + t e_k) - J(q) for batches of steps and element indices, evaluated from the
point where q enters the network, never by a full forward pass:

- W1[i, j] + t moves row i of Z1 by t X[j, :]; b1[i] + t moves it by t. Then Z2 moves by W2[:, i] (g(Z1[i] + ...) -
  A1[i]): O(n_y m) work per evaluation instead of O(n_h n_x m).
- W2[r, i] + t moves row r of Z2 by t A1[i, :] (A1 held fixed); b2[r] + t moves it by t.
- A1[i, c] + t moves column c of Z2 by t W2[:, i]; Z1[i, c] + t by W2[:, i] (g(Z1[i, c] + t) - A1[i, c]); Z2[r, c] + t
  by t.

Delta J comes from :class:`gradcheck.loss.Logits`, accurate to eps relative. Where Z1 moves, g(Z1 + s) - A1 carries
an absolute rounding error up to eps (|g(Z1 + s)| + |Z1| g'(Z1) + |A1|) <= eps (2 |A1| + |Z1|) (g' <= 1 for the five
activations), carried to Delta J through W2 and ell' = sigma - y (|ell'| <= 1): that bound is the quantity's
``noise``, which the verdict's tolerance amplifies by the stencil (gradcheck.result). Derivatives with respect to Z2,
A1 and Z1 are scaled by m, as the notes' dZ2, dA1 and dZ1 are m times the partial derivatives of J.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cached_property
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from shallow_proofs.gradcheck.api import Structured
from shallow_proofs.gradcheck.differences import Partial
from shallow_proofs.gradcheck.kinks import Kinks
from shallow_proofs.gradcheck.layout import Layout
from shallow_proofs.gradcheck.loss import Logits
from shallow_proofs.reference.activations import ACTIVATIONS
from shallow_proofs.reference.network import cost_from_logits

Array = NDArray[np.float64]
Index = NDArray[np.intp]

EPS = float(np.finfo(np.float64).eps)
ORDER = 4  # Delta J's rounding bound, a sum over many elements, is some 100 eps: order 2 would settle only to about
# (100 eps)^(2/3), near the resolution sqrt(eps); order 4 settles to about (100 eps)^(4/5)
STEP = EPS ** (1.0 / (ORDER + 1))  # how far a step moves a pre-activation: the balance of h^4 against eps / h
PARAMETERS = ("W1", "b1", "W2", "b2")
KINKED = ("relu", "leaky_relu")
KINK_SHARE = 0.5
KINK_ZONE = 2.0 * STEP  # |Z1| below this: near the kink, differentiated on its own side (Point.near)
HOEFFDING = 6.0


class Quantity(NamedTuple):
    """One quantity of backpropagation: name, shape, Delta J as a function of (t, k), steps, factor, terms, noise."""

    name: str
    shape: tuple[int, ...]
    f: Partial
    initial_step: Array
    factor: float
    terms: int
    noise: Array | float = 0.0


def elementwise(compute: Callable[[Array, Index], Array]) -> Partial:
    """Broadcast t and k together, evaluate on the flattened pairs, and restore the shape."""

    def f(t: Array, k: Index) -> Array:
        t, k = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(k))
        return compute(t.ravel(), k.ravel().astype(np.intp)).reshape(t.shape)

    return f


def steps_for(coefficients: Array) -> Array:
    """STEP / max |coefficient| per row: the largest change of the moved pre-activation is then STEP."""
    size = np.max(np.abs(coefficients), axis=-1, initial=0.0)
    return np.asarray(np.where(size > 0, STEP / np.where(size > 0, size, 1.0), STEP))


class Point:
    """A network at one point: X, Y, parameters, activation, and its forward pass (computed by the reference)."""

    def __init__(self, X: ArrayLike, Y: ArrayLike, parameters: Mapping[str, ArrayLike], activation: str) -> None:
        self.X = np.asarray(X, dtype=np.float64)
        self.Y = np.asarray(Y, dtype=np.float64)
        self.params = {key: np.asarray(parameters[key], dtype=np.float64) for key in ("W1", "b1", "W2", "b2")}
        self.activation = activation
        self.g = ACTIVATIONS[activation].g
        W1, b1, W2, b2 = (self.params[key] for key in ("W1", "b1", "W2", "b2"))
        self.Z1 = W1 @ self.X + b1  # Z1 = W1 X + b1
        self.A1 = self.g(self.Z1)  # A1 = g(Z1)
        self.Z2 = W2 @ self.A1 + b2  # Z2 = W2 A1 + b2
        self.logits = Logits(self.Z2, self.Y)
        self.n_x, self.m = self.X.shape
        self.n_h, self.n_y = W1.shape[0], W2.shape[0]
        self.terms = self.m + self.n_h + self.n_y
        reach = np.abs(W2).sum(axis=0)[:, None]  # ||W2[:, i]||_1
        self.noise = EPS * reach * (2.0 * np.abs(self.A1) + np.abs(self.Z1)) / self.m  # per element of Z1
        self.kinked = activation in KINKED
        self.near = np.abs(self.Z1) < KINK_ZONE if self.kinked else np.zeros(self.Z1.shape, dtype=bool)
        self.far = (~self.near).astype(np.float64)  # 1 where a move of W1 or b1 moves Z1, 0 where Z1 is held

    def moved(self, weights: Array, moves: Sequence[Array], rows: Index, t: Array) -> Array:
        """weights[p] (g(Z1 + t M) - A1) for each point p, M = moves[row] broadcast against Z1 (a direction of b1
        alone moves every column alike: its M may be one column). One (n_h, m) scratch array serves every point: a
        stack of them per call is large enough that the allocator maps fresh pages for it, and its page faults cost
        as much as the arithmetic.

        For tanh, with a = A1 = tanh Z1 and u = tanh(|t| M), the addition theorem gives tanh(Z1 +- |t| M) - a =
        u (1 - a^2) / (a u +- 1) (tanh is odd): one tanh per pair of points +-t, which central differences always
        come in, and one per unit where M is one column. Where |t| is twice the next smaller step of the same M (scipy's
        first stencil holds two such steps), u = 2 u_half / (1 + u_half^2) (the doubling formula, conditioned at most
        1): no tanh.
        Neither Z1 + t M nor the difference is rounded: the result is within a few eps |u| of the exact difference at
        A1, where g(Z1 + t M) - A1 is within eps (|g(Z1 + t M)| + |Z1| + |A1|) (the module's bound, the noise, kept).
        tanh is most of directional mode's work; this cuts it to one (n_h, m) tanh per direction and iteration."""
        out = np.empty((t.size, weights.shape[1], self.m))
        change = np.empty(self.Z1.shape)
        if self.activation != "tanh":
            for point, row in enumerate(rows):
                np.multiply(moves[row], t[point], out=change)
                change += self.Z1
                np.matmul(weights[point], self.g(change) - self.A1, out=out[point])
            return out
        au, numerator = np.empty(self.Z1.shape), np.empty(self.Z1.shape)
        for row in np.unique(rows):
            mine = np.flatnonzero(rows == row)
            size = np.abs(t[mine])
            last, u = 0.0, np.zeros(())
            for step in np.unique(size):  # ascending: a half step comes before its double
                u = 2.0 * u / (1.0 + u * u) if step == 2.0 * last else np.tanh(step * moves[row])
                np.multiply(self.A1, u, out=au)  # a u
                np.multiply(self.sech2, u, out=numerator)  # u (1 - a^2)
                for point in mine[size == step]:
                    np.add(au, 1.0 if t[point] > 0 else -1.0, out=change)  # 1 + a u, or a u - 1 for -|t|
                    np.divide(numerator, change, out=change)
                    np.matmul(weights[point], change, out=out[point])
                last = step
        return out

    @cached_property
    def sech2(self) -> Array:
        """1 - A1^2 for tanh, as (1 - A1)(1 + A1): exact to eps relative where A1 nears +-1."""
        return np.asarray((1.0 - self.A1) * (1.0 + self.A1))

    def total_noise(self) -> float:
        """Rounding bound of Delta J when every element of Z1 moves: lambda sqrt(sum noise^2), lambda = 6.

        Independent rounding errors bounded by a_k sum to at most lambda sqrt(sum a_k^2) with probability at least
        1 - 2 exp(-lambda^2 / 2) > 1 - 1e-7 (Hoeffding; Higham and Mary, SIAM J. Sci. Comput. 41 (2019) A2815).
        """
        return float(HOEFFDING * np.sqrt(np.sum(self.noise**2)))

    def _kink_limit(self, rows: Index, coefficients: Array, steps: Array) -> Array:
        """For ReLU and leaky ReLU, shrink steps so no stencil point moves Z1 across 0 (the margin stays positive)."""
        if self.activation not in KINKED:
            return steps
        with np.errstate(divide="ignore", invalid="ignore"):
            room = np.where(coefficients != 0, np.abs(self.Z1[rows]) / np.abs(coefficients), np.inf)  # held: no limit
        return np.asarray(np.minimum(steps, KINK_SHARE * np.min(room, axis=-1, initial=np.inf)))

    def _hidden_row(self, i: Index, coefficient_rows: Array, t: Array) -> Array:
        """Delta J when the far entries of row i of Z1 move by t * coefficient_rows (one row per pair)."""
        if self.kinked:
            coefficient_rows = coefficient_rows * self.far[i]
        moved = self.g(self.Z1[i] + t[:, None] * coefficient_rows) - self.A1[i]
        D = self.params["W2"].T[i][:, :, None] * moved[:, None, :]
        return self.logits.delta(D)

    def W1(self) -> Quantity:
        """J(W1), through Z1 = W1 X + b1."""
        n_x = self.n_x

        def compute(t: Array, k: Index) -> Array:
            return self._hidden_row(k // n_x, self.X[k % n_x], t)

        i, j = np.divmod(np.arange(self.n_h * n_x), n_x)
        steps = self._kink_limit(i, self.X[j] * self.far[i], steps_for(self.X[j]))
        noise = self.noise.sum(axis=1)[i]
        return Quantity("dW1", (self.n_h, n_x), elementwise(compute), steps, 1.0, self.terms, noise)

    def b1(self) -> Quantity:
        """J(b1), through Z1 = W1 X + b1."""
        ones = np.ones((1, self.m))

        def compute(t: Array, k: Index) -> Array:
            return self._hidden_row(k, np.broadcast_to(ones, (k.size, self.m)), t)

        rows = np.arange(self.n_h)
        steps = self._kink_limit(rows, self.far, np.full(self.n_h, STEP))
        noise = self.noise.sum(axis=1)
        return Quantity("db1", (self.n_h, 1), elementwise(compute), steps, 1.0, self.terms, noise)

    def _output_row(self, r: Index, rows: Array, t: Array) -> Array:
        """Delta J when row r of Z2 moves by t * rows (one row per pair)."""
        D = np.zeros((r.size, self.n_y, self.m))
        D[np.arange(r.size), r] = t[:, None] * rows
        return self.logits.delta(D)

    def W2(self) -> Quantity:
        """J(W2) with A1 held fixed, through Z2 = W2 A1 + b2."""
        n_h = self.n_h

        def compute(t: Array, k: Index) -> Array:
            return self._output_row(k // n_h, self.A1[k % n_h], t)

        steps = steps_for(self.A1[np.arange(self.n_y * n_h) % n_h])
        return Quantity("dW2", (self.n_y, n_h), elementwise(compute), steps, 1.0, self.terms)

    def b2(self) -> Quantity:
        """J(b2), through Z2 = W2 A1 + b2."""

        def compute(t: Array, k: Index) -> Array:
            return self._output_row(k, np.ones((k.size, self.m)), t)

        return Quantity("db2", (self.n_y, 1), elementwise(compute), np.full(self.n_y, STEP), 1.0, self.terms)

    def _output_column(self, c: Index, columns: Array) -> Array:
        """Delta J when column c of Z2 moves by columns (one (n_y,) column per pair)."""
        D = np.zeros((c.size, self.n_y, self.m))
        D[np.arange(c.size), :, c] = columns
        return self.logits.delta(D)

    def Z2_free(self) -> Quantity:
        """J(Z2): m dJ/dZ2 is the notes' dZ2."""
        m = self.m

        def compute(t: Array, k: Index) -> Array:
            r, c = np.divmod(k, m)
            columns = np.zeros((k.size, self.n_y))
            columns[np.arange(k.size), r] = t
            return self._output_column(c, columns)

        size = self.n_y * m
        return Quantity("dZ2", (self.n_y, m), elementwise(compute), np.full(size, STEP), float(m), self.terms)

    def A1_free(self) -> Quantity:
        """J(A1) through Z2 = W2 A1 + b2: m dJ/dA1 is the notes' dA1 = W2^T dZ2."""
        m, W2 = self.m, self.params["W2"]

        def compute(t: Array, k: Index) -> Array:
            i, c = np.divmod(k, m)
            return self._output_column(c, t[:, None] * W2.T[i])

        steps = np.repeat(steps_for(W2.T), m)
        return Quantity("dA1", (self.n_h, m), elementwise(compute), steps, float(m), self.terms)

    def Z1_free(self) -> Quantity:
        """J(Z1) through A1 = g(Z1): m dJ/dZ1 is the notes' dZ1 = W2^T dZ2 * g'(Z1)."""
        m, W2 = self.m, self.params["W2"]

        def compute(t: Array, k: Index) -> Array:
            i, c = np.divmod(k, m)
            moved = self.g(self.Z1[i, c] + t) - self.A1[i, c]
            return self._output_column(c, moved[:, None] * W2.T[i])

        steps = np.full(self.n_h * m, STEP)
        if self.activation in KINKED:
            steps = np.minimum(steps, KINK_SHARE * np.abs(self.Z1.ravel()))
        noise = self.noise.ravel()
        return Quantity("dZ1", (self.n_h, m), elementwise(compute), steps, float(m), self.terms, noise)

    def parameters(self) -> tuple[Quantity, Quantity, Quantity, Quantity]:
        """The four parameter gradients dW1, db1, dW2, db2, each as a function of its parameter alone."""
        return self.W1(), self.b1(), self.W2(), self.b2()


class Network(Structured):
    """J(W1, b1, W2, b2) of the notes' network on (X, Y): callable on a parameter dict (the reference's stable cost),
    and with the fast path of :class:`Point` for gradcheck.check_grad."""

    def __init__(self, X: ArrayLike, Y: ArrayLike, activation: str = "tanh") -> None:
        self.X, self.Y, self.activation = np.asarray(X, dtype=np.float64), np.asarray(Y, dtype=np.float64), activation

    def logits(self, params: Mapping[str, ArrayLike]) -> Array:
        """Z2 = W2 g(W1 X + b1) + b2."""
        W1, b1, W2, b2 = (np.asarray(params[key], dtype=np.float64) for key in PARAMETERS)
        return np.asarray(W2 @ ACTIVATIONS[self.activation].g(W1 @ self.X + b1) + b2)

    def __call__(self, params: Mapping[str, ArrayLike]) -> float:
        return float(cost_from_logits(self.logits(params), self.Y))

    def perturbation(self, layout: Layout) -> PointPerturbation:
        if layout.keys != PARAMETERS:
            raise ValueError(f"the network's x must be the dict {{W1, b1, W2, b2}} in that order; got {layout.keys}")
        params = layout.unflatten(layout.flat)
        assert isinstance(params, dict)
        return PointPerturbation(Point(self.X, self.Y, params, self.activation), layout)


class Directions(NamedTuple):
    """Directions V (R, P), their blocks W1 ... b2, d Z1 / dt (each broadcast against Z1), d Z2 / dt with A1 fixed,
    and which move Z1."""

    V: Array
    blocks: dict[str, Array]
    moves: list[Array]
    outputs: Array
    hidden: NDArray[np.bool_]


class PointPerturbation:
    """The fast path as a gradcheck.function.Perturbation: an element of W1 moves one row of Z1, a direction moves
    Z1 by V_W1 X + v_b1 (one matrix product for every step)."""

    out_shape: tuple[int, ...] = ()
    out_size = 1
    eps = EPS
    order = ORDER

    def __init__(self, point: Point, layout: Layout) -> None:
        self.point, self.layout = point, layout
        self.terms = point.terms
        self._moves: Directions | None = None

    @cached_property
    def quantities(self) -> dict[str, Quantity]:
        """The four parameters' quantities, built on first use (full mode): their steps cost O(P m)."""
        return dict(zip(PARAMETERS, self.point.parameters(), strict=True))

    def element(self, t: Array, k: Array) -> Array:
        out = np.zeros(t.size)
        for key in PARAMETERS:
            start = self.layout.offsets[key]
            mine = np.flatnonzero((k >= start) & (k < start + self.layout.sizes[key]) & (t != 0))
            if mine.size:
                out[mine] = self.quantities[key].f(t[mine], (k[mine] - start).astype(np.intp))
        return out[:, None]

    def element_steps(self, order: int) -> Array:
        return np.concatenate(
            [np.broadcast_to(self.quantities[key].initial_step, (self.layout.sizes[key],)) for key in PARAMETERS]
        )

    def element_noise(self, analytic: Array) -> Array:
        noise = [
            np.broadcast_to(np.asarray(self.quantities[key].noise, dtype=np.float64), (self.layout.sizes[key],))
            for key in PARAMETERS
        ]
        return np.concatenate(noise)[:, None]

    def kinks(self) -> Kinks | None:
        """The entries of Z1 within KINK_ZONE of the kink (ReLU, leaky ReLU), or None if there are none."""
        point = self.point
        entries = np.flatnonzero(point.near)
        if not entries.size:
            return None
        Z1 = point.Z1_free()

        def f(t: Array, v: Array) -> Array:
            t, v = np.broadcast_arrays(np.asarray(t, dtype=np.float64), np.asarray(v))
            return np.asarray(Z1.f(t, entries[v.astype(np.intp)]))

        sides = np.sign(point.Z1.ravel()[entries])
        steps = np.full(entries.size, STEP)
        return Kinks(f, steps, sides, point.noise.ravel()[entries], self.weigh_elements, self.weigh_directions)

    def kinks_at_x(self, order: int, analytic: Array) -> None:
        """An entry of Z1 at its kink is one of kinks()' near inputs, on no side."""
        return None

    def _spread(self, values: Array) -> Array:
        """Values of the near entries as an (n_h, m) array, zero at the far ones."""
        full = np.zeros(self.point.Z1.size)
        full[np.flatnonzero(self.point.near)] = values
        return full.reshape(self.point.Z1.shape)

    def weigh_elements(self, values: Array, absolute: bool) -> Array:
        """Sum over near (i, c) of dZ1[i, c]/d theta_k * values: X[j, c] for W1[i, j], 1 for b1[i], 0 for W2, b2."""
        full = self._spread(values)
        X = np.abs(self.point.X) if absolute else self.point.X
        W2_b2 = np.zeros(self.layout.sizes["W2"] + self.layout.sizes["b2"])
        return np.concatenate([(full @ X.T).ravel(), full.sum(axis=1), W2_b2])

    def _hidden_moves(self, blocks: dict[str, Array]) -> list[Array]:
        """d Z1 / dt = V_W1 X + v_b1 along each direction: one column, v_b1 (n_h, 1), where V_W1 = 0 (every column
        of Z1 moves alike); the product only for directions that move W1."""
        X, pairs = self.point.X, zip(blocks["W1"], blocks["b1"], strict=True)
        return [V_W1 @ X + v_b1 if np.any(V_W1) else v_b1 for V_W1, v_b1 in pairs]

    def weigh_directions(self, V: Array) -> Callable[[Array, bool], Array]:
        """Sum over near (i, c) of dZ1[i, c]/dt along each direction (V_W1 X + v_b1) * values."""
        moves = self._hidden_moves(self.layout.split(V))

        def weigh(values: Array, absolute: bool) -> Array:
            spread = self._spread(values)
            return np.array([((np.abs(M) if absolute else M) * spread).sum() for M in moves])

        return weigh

    def _directions(self, V: Array) -> Directions:
        """V's blocks and what they move, computed once per V (scipy calls along many times with the same V). The
        entries of Z1 near a kink are held: they enter through :meth:`kinks`."""
        if self._moves is None or self._moves.V is not V:
            blocks = self.layout.split(V)
            moves = self._hidden_moves(blocks)
            if self.point.kinked:
                moves = [M * self.point.far for M in moves]
            outputs = blocks["W2"] @ self.point.A1 + blocks["b2"]  # d Z2 / dt with A1 fixed: V_W2 A1 + v_b2
            self._moves = Directions(V, blocks, moves, outputs, np.array([np.any(M) for M in moves]))
        return self._moves

    def along(self, t: Array, r: Array, V: Array) -> Array:
        """Delta Z2 = t (V_W2 A1 + v_b2) + (W2 + t V_W2) (g(Z1 + t (V_W1 X + v_b1)) - A1), the second term only for
        directions that move Z1; then Delta J."""
        point, d = self.point, self._directions(V)
        s = t.reshape(-1, 1, 1)
        D = s * d.outputs[r]
        hidden = np.flatnonzero((t != 0) & d.hidden[r])
        if hidden.size:
            rows, steps = r[hidden].astype(np.intp), s[hidden]
            D[hidden] += point.moved(point.params["W2"] + steps * d.blocks["W2"][rows], d.moves, rows, t[hidden])
        return np.asarray(point.logits.delta(D))[:, None]

    def direction_steps(self, V: Array, order: int) -> Array:
        point, d = self.point, self._directions(V)
        reach = np.maximum([np.abs(M).max() for M in d.moves], np.abs(d.outputs).max(axis=(1, 2)))
        scale = 1.0 / np.where(reach > 0, reach, 1.0)
        if point.activation not in KINKED:
            return np.asarray(STEP * scale)
        room = np.array([self._room(M) for M in d.moves])
        # A piecewise-linear g is linear on the far entries' pieces: only the logits curve, on a scale of 1, so the
        # step may fill the piece (scipy refines it down), and Delta J's rounding shrinks as the step grows.
        return np.asarray(np.minimum(scale, KINK_SHARE * room))

    def _room(self, M: Array) -> float:
        """min |Z1| / |M| over the entries that M moves: how far t may go before one of them reaches the kink."""
        M = np.broadcast_to(M, self.point.Z1.shape)
        moving = M != 0  # unmoved units set no limit
        return float(np.min(np.abs(self.point.Z1[moving]) / np.abs(M[moving]), initial=np.inf))

    def direction_noise(self, V: Array, analytic: Array) -> Array:
        return np.full((V.shape[0], 1), self.point.total_noise())

    def smooth_direction_steps(self, V: Array, order: int) -> Array:
        """The directional steps: they follow the pre-activations' reach, not the noise."""
        return self.direction_steps(V, order)
