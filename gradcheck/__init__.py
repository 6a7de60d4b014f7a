"""Finite-difference checks, built on scipy.differentiate, of every backpropagation equation of the notes (L09, L10).

- :func:`check_quantity` / :func:`check_parameters`: full mode, every element, in chunks (memory O(chunk)).
- :func:`check_directions`: directional mode, R random directions, cost independent of the number of parameters.
- :func:`taylor_remainders`: the Taylor-remainder order test, which needs no step size.
- :func:`check_black_box`: any cost function, such as the course's compute_cost after forward_propagation.
- :class:`Point`: J as a function of each quantity (W1, b1, W2, b2, Z2, A1, Z1) with the others held fixed.
"""

from shallow_proofs.gradcheck.blackbox import check_black_box
from shallow_proofs.gradcheck.directional import check_directions
from shallow_proofs.gradcheck.full import check_parameters, check_quantity
from shallow_proofs.gradcheck.logistic import logistic_quantities
from shallow_proofs.gradcheck.network import Point, Quantity
from shallow_proofs.gradcheck.result import Check, compare
from shallow_proofs.gradcheck.taylor import Taylor, taylor_remainders

__all__ = [
    "Check",
    "Point",
    "Quantity",
    "Taylor",
    "check_black_box",
    "check_directions",
    "check_parameters",
    "check_quantity",
    "compare",
    "logistic_quantities",
    "taylor_remainders",
]
