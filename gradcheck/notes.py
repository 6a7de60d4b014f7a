"""The notes' gradient checks (L09, L10) as users of check_grad, on the network's fast path (gradcheck.network).

Each returns one Check (or Taylor) per gradient, named by its equation (L09.dW1 ...), so that a failure refutes
exactly the claims that are wrong.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import replace
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from shallow_proofs.gradcheck.api import Report, check_grad
from shallow_proofs.gradcheck.differences import CHUNK
from shallow_proofs.gradcheck.directional import DIRECTIONS
from shallow_proofs.gradcheck.full import full_checks
from shallow_proofs.gradcheck.layout import Array, Layout
from shallow_proofs.gradcheck.network import EPS, PARAMETERS, Network, Quantity
from shallow_proofs.gradcheck.network import ORDER as NETWORK_ORDER
from shallow_proofs.gradcheck.result import Check
from shallow_proofs.gradcheck.taylor import Taylor

RESOLUTION = float(np.sqrt(EPS))
EQUATIONS = {key: f"L09.d{key}" for key in PARAMETERS}


def by_parameter(grads: Mapping[str, ArrayLike]) -> dict[str, ArrayLike]:
    """{"dW1": ...} as {"W1": ...}, the keys of x."""
    missing = [f"d{key}" for key in PARAMETERS if f"d{key}" not in grads]
    if missing:
        raise KeyError(f"grads lacks {missing}; backward_propagation returns dW1, db1, dW2 and db2")
    return {key: grads[f"d{key}"] for key in PARAMETERS}


def named(results: Mapping[str, Any]) -> dict[str, Any]:
    return {f"d{key}": value for key, value in results.items()}


def parameters_of(parameters: Mapping[str, ArrayLike]) -> dict[str, Array]:
    return {key: np.asarray(parameters[key], dtype=np.float64) for key in PARAMETERS}


def on_network(
    X: ArrayLike,
    Y: ArrayLike,
    parameters: Mapping[str, ArrayLike],
    grads: Mapping[str, ArrayLike],
    activation: str,
    mode: str,
    **options: Any,
) -> Report:
    """check_grad in ``mode`` on the network's structure (gradcheck.network), each gradient named by its equation."""
    network = Network(X, Y, activation)
    return check_grad(
        network, by_parameter(grads), parameters_of(parameters), mode=mode, equations=EQUATIONS, **options
    )


def check_parameters(
    X: ArrayLike,
    Y: ArrayLike,
    parameters: Mapping[str, ArrayLike],
    grads: Mapping[str, ArrayLike],
    activation: str = "tanh",
    *,
    chunk: int = CHUNK,
) -> dict[str, Check]:
    """Full mode: every element of dW1, db1, dW2 and db2 against finite differences of J."""
    return named(on_network(X, Y, parameters, grads, activation, "full", chunk=chunk).checks)


def check_directions(
    X: ArrayLike,
    Y: ArrayLike,
    parameters: Mapping[str, ArrayLike],
    grads: Mapping[str, ArrayLike],
    activation: str = "tanh",
    *,
    count: int = DIRECTIONS,
    rng: np.random.Generator | int | None = 0,
) -> dict[str, Check]:
    """Directional mode: ``count`` random directions in each parameter, v . dW1 ... against d/dt J(theta + t v)."""
    report = on_network(X, Y, parameters, grads, activation, "directional", directions=count, rng=rng)
    return named(report.checks)


def taylor_remainders(
    X: ArrayLike,
    Y: ArrayLike,
    parameters: Mapping[str, ArrayLike],
    grads: Mapping[str, ArrayLike],
    activation: str = "tanh",
    *,
    rng: np.random.Generator | int | None = 0,
) -> dict[str, Taylor]:
    """The Taylor-remainder order along one random direction in each parameter."""
    report = on_network(X, Y, parameters, grads, activation, "taylor", rng=rng)
    return {f"d{key}": value for key, value in report.checks.items() if isinstance(value, Taylor)}


def plain_cost_noise(
    X: ArrayLike, Y: ArrayLike, parameters: Mapping[str, ArrayLike], activation: str = "tanh"
) -> float:
    """A bound on the rounding error of the plain cost J = -(1/m) sum (Y log A2 + (1 - Y) log(1 - A2)), from its
    conditioning: A2 is rounded to A2 (1 + theta), |theta| <= eps / 2, which moves log A2 by eps / 2 and
    log(1 - A2) by (eps / 2) A2 / (1 - A2) -- e^Z2 eps / 2 where A2 rounds near 1, and infinite where it rounds to 1
    -- and each log rounds by eps |log|. The sum of m such bounds over m (worst case), twice for the two logs' terms.
    """
    Z2 = Network(X, Y, activation).logits(parameters_of(parameters))
    Y = np.asarray(Y, dtype=np.float64)
    amplification = np.where(Y == 1.0, 1.0, np.exp(np.minimum(Z2, 709.0)))  # A2 / (1 - A2) = e^Z2
    losses = np.logaddexp(0.0, (1.0 - 2.0 * Y) * Z2)
    return float(EPS * np.sum(amplification / 2.0 + losses) / Z2.shape[-1])


def check_black_box(
    cost: Callable[[dict[str, Array]], float],
    parameters: Mapping[str, ArrayLike],
    grads: Mapping[str, ArrayLike],
    *,
    noise: float = 0.0,
) -> dict[str, Check]:
    """Any cost J(parameters), such as the course's compute_cost after forward_propagation: no structure used, f's
    noise measured (gradcheck.noise) or bounded by ``noise`` (plain_cost_noise), so that the plain cost on a
    saturated A2 raises no false alarm: what its rounding hides is reported as not checkable."""
    report = check_grad(
        cost, by_parameter(grads), parameters_of(parameters), mode="full", equations=EQUATIONS, noise=noise
    )
    return {f"d{key}": value for key, value in report.checks.items() if isinstance(value, Check)}


class QuantityPerturbation:
    """A quantity of backpropagation (gradcheck.network.Quantity) as a Perturbation of that quantity alone."""

    out_shape: tuple[int, ...] = ()
    out_size = 1
    eps = EPS
    order = NETWORK_ORDER

    def __init__(self, quantity: Quantity) -> None:
        self.quantity, self.layout, self.terms = quantity, Layout(np.zeros(quantity.shape)), quantity.terms

    def element(self, t: Array, k: Array) -> Array:
        return np.asarray(self.quantity.factor * self.quantity.f(t, k))[:, None]

    def element_steps(self, order: int) -> Array:
        return np.broadcast_to(np.asarray(self.quantity.initial_step, dtype=np.float64), (self.layout.size,))

    def element_noise(self, analytic: Array) -> Array:
        noise = np.broadcast_to(np.asarray(self.quantity.noise, dtype=np.float64), (self.layout.size,))
        return np.asarray(self.quantity.factor * noise)[:, None]

    def kinks(self) -> None:
        return None

    def kinks_at_x(self, order: int, analytic: Array) -> None:
        return None

    def along(self, t: Array, r: Array, V: Array) -> Array:
        raise NotImplementedError("a backpropagation quantity is checked in full mode only")

    def direction_steps(self, V: Array, order: int) -> Array:
        raise NotImplementedError("a backpropagation quantity is checked in full mode only")

    def direction_noise(self, V: Array, analytic: Array) -> Array:
        raise NotImplementedError("a backpropagation quantity is checked in full mode only")

    def smooth_direction_steps(self, V: Array, order: int) -> Array:
        raise NotImplementedError("a backpropagation quantity is checked in full mode only")


def check_quantity(equation: str, quantity: Quantity, analytic: ArrayLike, *, chunk: int = CHUNK) -> Check:
    """The analytic value of ``quantity`` against factor * dJ/dq, element by element (full mode)."""
    a = np.asarray(analytic, dtype=np.float64)
    if a.shape != quantity.shape:
        raise ValueError(f"{equation}: {quantity.name} has shape {a.shape}; its quantity has shape {quantity.shape}")
    checks = full_checks(
        QuantityPerturbation(quantity),
        a.reshape(1, -1),
        {"x": equation},
        resolution=RESOLUTION,
        order=NETWORK_ORDER,
        chunk=chunk,
    )
    return replace(checks["x"], parameter=quantity.name)
