"""Finite-difference gradient checks on scipy.differentiate: any function (check_grad), and every equation of the
notes (L09, L10) on the network's fast path.

- :func:`check_grad`: f and its gradient or Jacobian at x (an array or a dict of arrays), in full, directional,
  Taylor or complex-step mode; float32 or float64; ``batched=True`` for an f that takes leading batch axes.
- :func:`check_parameters`, :func:`check_directions`, :func:`taylor_remainders`: dW1, db1, dW2, db2 of the notes'
  network, by check_grad on its structure (:class:`Network`).
- :func:`check_quantity` with :class:`Point`: each backpropagation quantity (dZ2, dA1, dZ1 ...) on its own.
- :func:`check_black_box`: any cost, such as the course's compute_cost after forward_propagation.
"""

from shallow_proofs.gradcheck.api import Report, Structured, check_grad
from shallow_proofs.gradcheck.logistic import logistic_quantities
from shallow_proofs.gradcheck.network import Network, Point, Quantity
from shallow_proofs.gradcheck.notes import (
    check_black_box,
    check_directions,
    check_parameters,
    check_quantity,
    taylor_remainders,
)
from shallow_proofs.gradcheck.result import Check, compare
from shallow_proofs.gradcheck.taylor import Taylor

__all__ = [
    "Check",
    "Network",
    "Point",
    "Quantity",
    "Report",
    "Structured",
    "Taylor",
    "check_black_box",
    "check_directions",
    "check_grad",
    "check_parameters",
    "check_quantity",
    "compare",
    "logistic_quantities",
    "taylor_remainders",
]
