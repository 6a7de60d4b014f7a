"""The strategies exercise the code: measured over the gate profile's draws, degenerate examples stay rare.

Degenerate means X all zero or constant, one example (m = 1), one hidden unit (n_h = 1), or all-zero weights, where
many bugs cannot show. The edge cases themselves are covered on purpose (``@example`` and dedicated properties), not
by chance. The collisions that make wrong shapes fit (n_x = n_h, n_y > 1) must stay frequent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings

from shallow_proofs.properties import strategies as s
from shallow_proofs.properties.impl import current

# The ceilings and floors, as fractions of the gate profile's examples.
AT_MOST = {"X all zero": 0.01, "X constant": 0.05, "m = 1": 0.20, "n_h = 1": 0.20, "weights all zero": 0.0}
AT_LEAST = {"n_x = n_h": 0.15, "n_y > 1": 0.20}


PROPERTIES = 5  # the gate derandomizes by property: draws for five of them, as five parametrized cases would get


def gate_draws(strategy: Any) -> list[Any]:
    """The values PROPERTIES properties of the gate profile (derandomized, 100 examples each) get from ``strategy``."""
    seen: list[Any] = []

    @settings(settings.get_profile("gate"))
    @given(strategy)
    def collect(value: Any) -> None:
        seen.append(value)

    for case in range(PROPERTIES):
        # how Hypothesis's pytest plugin tells parametrized cases apart: each gets its own derandomized draws
        collect.hypothesis.inner_test._hypothesis_internal_add_digest = f"case {case}".encode()
        collect()
    return seen


def constant(X: np.ndarray) -> bool:
    return bool(np.ptp(X) == 0)


TRAITS: dict[str, Callable[[s.Problem], bool]] = {
    "X all zero": lambda p: not p.X.any(),
    "X constant": lambda p: constant(p.X),
    "m = 1": lambda p: p.d.m == 1,
    "n_h = 1": lambda p: p.d.n_h == 1,
    "weights all zero": lambda p: not p.parameters["W1"].any() or not p.parameters["W2"].any(),
    "n_x = n_h": lambda p: p.d.n_x == p.d.n_h,
    "n_y > 1": lambda p: p.d.n_y > 1,
}


def rates(problems: list[s.Problem]) -> dict[str, float]:
    return {name: sum(map(trait, problems)) / len(problems) for name, trait in TRAITS.items()}


NETWORKS = {"problems": s.problems(), "moderate_problems": s.moderate_problems()}


@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_network_examples_are_rarely_degenerate(name):
    measured = rates(gate_draws(NETWORKS[name]))
    too_often = {k: measured[k] for k, ceiling in AT_MOST.items() if measured[k] > ceiling}
    assert not too_often, f"s.{name}(): degenerate too often {too_often}, ceilings {AT_MOST}; all rates {measured}"
    floors = AT_LEAST if current().multi_output_in("forward_propagation") else {"n_x = n_h": AT_LEAST["n_x = n_h"]}
    too_rare = {k: measured[k] for k, floor in floors.items() if measured[k] < floor}
    assert not too_rare, f"s.{name}(): collisions too rare {too_rare}, floors {floors}; all rates {measured}"


OTHER_X = {
    "square_problems": (s.square_problems(), lambda p: p.X),
    "logistic_problems": (s.logistic_problems(), lambda p: p.X),
}


@pytest.mark.parametrize("name", sorted(OTHER_X))
def test_other_inputs_are_rarely_zero_or_constant(name):
    strategy, X_of = OTHER_X[name]
    inputs = [X_of(value) for value in gate_draws(strategy)]
    zero = sum(not X.any() for X in inputs) / len(inputs)
    flat = sum(constant(X) for X in inputs) / len(inputs)
    assert zero <= AT_MOST["X all zero"] and flat <= AT_MOST["X constant"], (
        f"s.{name}(): X all zero in {zero:.0%}, constant in {flat:.0%} of the gate's examples; "
        f"ceilings {AT_MOST['X all zero']:.0%} and {AT_MOST['X constant']:.0%}"
    )


WEIGHTS = {
    "square_problems": s.square_problems().map(lambda p: p.parameters),
    "xor_parameters": s.xor_parameters(),
    "parameters": s.dims().flatmap(s.parameters),
}


@pytest.mark.parametrize("name", sorted(WEIGHTS))
def test_weights_are_never_all_zero_outside_the_symmetry_properties(name):
    zero = [P for P in gate_draws(WEIGHTS[name]) if not P["W1"].any() or not P["W2"].any()]
    assert not zero, f"s.{name}: {len(zero)} of the gate's examples have W1 or W2 all zero, e.g. {zero[0]}"
