"""What the suite recognised as harmless, for the report: COURSE.md's variants, and remarks recorded by tests.

A variant is a property of the whole implementation (Implementation.variants, from the probes in probes.py): the
older generation of the assignment, a float32 computation, a cost returned as np.float64, the tie convention of
predict. A remark is what one test saw and accepted: it passes, and the remark says why, e.g. a form the course's own
grader rejects although it is correct. Tests record remarks as the ``remark`` user property.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from shallow_proofs.properties.impl import Implementation

REMARK = "remark"
TIE_REMARK = (
    "predict gives 1 at the tie A2 = 0.5 exactly (as np.where(A2 < 0.5, 0, 1) does); the template's A2 > 0.5 gives 0: "
    "a convention, not a bug (COURSE.md)"
)
SLOPE_FROM_Z1_REMARK = (
    "backward_propagation takes g'(Z1) = 1 - tanh(Z1)^2 from cache['Z1']: correct (dW1 and db1 follow L09 from that "
    "Z1, dW2 and db2 are the published values), but the course's own grader rejects this form, because its test "
    "cache holds a Z1 unrelated to A1"
)


KEY = "recognised variants"


def recognised(implementation: Implementation) -> str:
    """The report header's line: the variants recognised, or that there were none."""
    found = implementation.variants
    return "; ".join(found) if found else "none (the latest generation, W3A1, in float64)"


def remark(request: pytest.FixtureRequest, text: str) -> None:
    """Record a remark on this test (once, however many examples make it)."""
    if (REMARK, text) not in request.node.user_properties:
        request.node.user_properties.append((REMARK, text))
