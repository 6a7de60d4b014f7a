"""shallow-proofs' numpy reference for the shallow network of the course's C1W3 notes.

Importing ``reference`` gives the course's eight functions and the optional names of the suite's contract, so that
``reference`` is itself an implementation the suite can test.
"""

from shallow_proofs.reference.activations import ACTIVATIONS
from shallow_proofs.reference.course import (
    backward_intermediates,
    backward_propagation,
    compute_cost,
    forward_propagation,
    initialize_parameters,
    layer_sizes,
    nn_model,
    predict,
    update_parameters,
)
from shallow_proofs.reference.logistic import propagate
from shallow_proofs.reference.network import cost_from_logits

__all__ = [
    "ACTIVATIONS",
    "backward_intermediates",
    "backward_propagation",
    "compute_cost",
    "cost_from_logits",
    "forward_propagation",
    "initialize_parameters",
    "layer_sizes",
    "nn_model",
    "predict",
    "propagate",
    "update_parameters",
]
