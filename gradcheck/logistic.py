"""Logistic regression (L10): J(w, b) from the logits Z = w^T X + b, for checking dw and db.

w[j] + t moves Z by t X[j, :]; b + t moves it by t. Delta J comes from gradcheck.loss, as for the network.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike

from shallow_proofs.gradcheck.loss import Logits
from shallow_proofs.gradcheck.network import STEP, Array, Index, Quantity, elementwise, steps_for


def logistic_quantities(w: ArrayLike, b: float, X: ArrayLike, Y: ArrayLike) -> tuple[Quantity, Quantity]:
    """dw (n_x, 1) and db (1, 1) as functions of w and b."""
    w = np.asarray(w, dtype=np.float64)
    X = np.asarray(X, dtype=np.float64)
    logits = Logits(w.T @ X + b, np.asarray(Y, dtype=np.float64))  # Z = w^T X + b
    n_x, m = X.shape

    def moved(rows: Array, t: Array) -> Array:
        return logits.delta((t[:, None] * rows)[:, None, :])

    def dw(t: Array, k: Index) -> Array:
        return moved(X[k], t)

    def db(t: Array, k: Index) -> Array:
        return moved(np.ones((k.size, m)), t)

    terms = m + n_x
    return (
        Quantity("dw", (n_x, 1), elementwise(dw), steps_for(X), 1.0, terms),
        Quantity("db", (1, 1), elementwise(db), np.full(1, STEP), 1.0, terms),
    )
