"""L10: logistic regression's dw = (1/m) X dZ^T and db = mean(dZ) from propagate() against finite differences of J."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs.gradcheck import check_quantity, logistic_quantities
from shallow_proofs.gradcheck.tests.problems import SEED


@pytest.mark.proves("L10.logistic")
@pytest.mark.parametrize("n_x", [1, 3])
def test_propagate_gradient(impl, evidence, n_x):
    propagate = impl.function("propagate")
    rng = np.random.default_rng(SEED + n_x)
    X, w, b = rng.standard_normal((n_x, 6)), rng.standard_normal((n_x, 1)), 0.3
    Y = rng.integers(0, 2, (1, 6)).astype(np.float64)
    grads, _ = propagate(w, b, X, Y)
    dw, db = logistic_quantities(w, b, X, Y)
    checks = [check_quantity("L10.logistic", dw, grads["dw"]), check_quantity("L10.logistic", db, [[grads["db"]]])]
    evidence(
        max_rel_error=max(c.max_rel_error for c in checks),
        error_estimate=max(float(c.error_estimate.max()) for c in checks),
    )
    for check in checks:
        if not check.passed:
            pytest.fail(check.message, pytrace=False)
