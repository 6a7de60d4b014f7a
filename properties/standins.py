"""Stand-ins for the course's helper modules, for learners' files whose helpers are not next to them.

The assignment's notebook imports ``planar_utils`` (sigmoid, the flower, plotting), ``testCases`` / ``testCases_v2``
(the inputs of its checks), ``public_tests`` and ``test_utils`` (the checks). A learner's functions use few of these
names: ``sigmoid`` in forward_propagation, now and then ``load_planar_dataset`` or ``layer_sizes_test_case``. Each
stand-in has the course's exact semantics, global RNG included:

- ``sigmoid(x) = 1 / (1 + np.exp(-x))``, the course's formula as written (it overflows to 0 past x = -709, as the
  course's does);
- ``load_planar_dataset()`` calls ``np.random.seed(1)`` and draws the flower's 4 x 200 normals from the global RNG,
  so the global RNG is left as the course's leaves it; the values are reference.datasets' (bit-identical);
- ``layer_sizes_test_case()``: ``np.random.seed(1)``, then X (5, 3) and Y (2, 3) standard normals;
- ``initialize_parameters_test_case()``: ``(2, 4, 1)``.

Names without a stand-in (the checks, the plots, the other test cases' recorded arrays) are listed by ``missing``.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from shallow_proofs.reference.datasets import Dataset

FLOWER_DRAWS = 4 * 200
"""The course's load_planar_dataset draws t's and r's noise, 200 normals each, for each of the two classes."""


def sigmoid(x: Any) -> Any:
    """sigma(x) = 1 / (1 + e^-x), planar_utils' formula."""
    return 1 / (1 + np.exp(-x))


def load_planar_dataset() -> Dataset:
    """The flower: X (2, 400), Y (1, 400) uint8; seeds and draws from the global RNG as the course's does."""
    from shallow_proofs.reference import datasets  # imports scipy: only when called

    X, Y = datasets.load_planar_dataset()
    np.random.seed(1)  # noqa: NPY002 (the course's global RNG: leave it as the course's function leaves it)
    np.random.randn(FLOWER_DRAWS)  # noqa: NPY002
    return X, Y


def layer_sizes_test_case() -> tuple[Any, Any]:
    """X_assess (5, 3) and Y_assess (2, 3), standard normals after np.random.seed(1)."""
    np.random.seed(1)  # noqa: NPY002 (the course's test case seeds the global RNG)
    X_assess = np.random.randn(5, 3)  # noqa: NPY002
    Y_assess = np.random.randn(2, 3)  # noqa: NPY002
    return X_assess, Y_assess


def initialize_parameters_test_case() -> tuple[int, int, int]:
    """n_x, n_h, n_y = 2, 4, 1."""
    return 2, 4, 1


HELPERS: dict[str, dict[str, Callable[..., Any]]] = {
    "planar_utils": {"sigmoid": sigmoid, "load_planar_dataset": load_planar_dataset},
    "testCases": {
        "layer_sizes_test_case": layer_sizes_test_case,
        "initialize_parameters_test_case": initialize_parameters_test_case,
    },
    "testCases_v2": {
        "layer_sizes_test_case": layer_sizes_test_case,
        "initialize_parameters_test_case": initialize_parameters_test_case,
    },
    "public_tests": {},
    "test_utils": {},
}
"""The course's helper modules -> the names the suite stands in for."""


def is_helper(module: str) -> bool:
    """Whether module (a dotted name) is one of the course's helper modules."""
    return module.partition(".")[0] in HELPERS


def names(module: str, wanted: set[str]) -> dict[str, Callable[..., Any]]:
    """The stand-ins among wanted that module provides."""
    return {name: value for name, value in HELPERS[module.partition(".")[0]].items() if name in wanted}


def missing(module: str, wanted: set[str]) -> list[str]:
    """The names among wanted that module has no stand-in for."""
    return sorted(wanted - set(HELPERS[module.partition(".")[0]]))


def as_module(module: str) -> ModuleType:
    """A module object holding every stand-in of ``module``, for ``import planar_utils as pu``; not in sys.modules."""
    stand_in = ModuleType(module, f"stand-ins for the course's {module} (shallow_proofs.properties.standins)")
    for name, value in HELPERS[module.partition(".")[0]].items():
        setattr(stand_in, name, value)
    return stand_in
