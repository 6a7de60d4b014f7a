"""L04, L05: vectorizing across examples."""

from __future__ import annotations

import pytest
from hypothesis import given

from properties import strategies as s


@pytest.mark.proves("L04.shapes")
@given(s.problems(), s.activations)
def test_activation_shapes(impl, problem, activation):
    _, cache = impl.forward(problem.X, problem.parameters, activation)
    d = problem.d
    expected = {"Z1": (d.n_h, d.m), "A1": (d.n_h, d.m), "Z2": (d.n_y, d.m), "A2": (d.n_y, d.m)}
    assert {key: cache[key].shape for key in expected} == expected, "L04.shapes: cache shapes (got, expected)"
