"""A call of the implementation as copy-pasteable Python: its arguments written out as literals.

``python_call("backward_propagation", (parameters, cache, X, Y), {})`` gives::

    backward_propagation(
        {"W1": np.array([[0.5, -1.0]]), "b1": np.array([[0.0]]), ...},
        ...
    )

Arrays are written with ``np.array(...)`` from their exact values (Python's float repr round-trips), with their
dtype when it is not float64 or int64 or bool; an array of more than MAX_ELEMENTS elements is not written out (a
comment says so): the shrunk examples that the learner's report shows are small.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np

MAX_ELEMENTS = 200
PLAIN_DTYPES = ("float64", "int64", "bool")


def number(value: float) -> str:
    """A float as Python source: 0.1, np.nan, -np.inf."""
    if math.isnan(value):
        return "np.nan"
    if math.isinf(value):
        return "np.inf" if value > 0 else "-np.inf"
    return repr(value)


def nested(value: Any) -> str:
    """A nested list of numbers (ndarray.tolist()) as source."""
    if isinstance(value, list):
        return "[" + ", ".join(nested(item) for item in value) + "]"
    if isinstance(value, float):
        return number(value)
    return repr(value)


def literal(value: Any) -> str:
    """value as Python source that rebuilds it (numpy as np)."""
    if isinstance(value, np.ndarray):
        if value.size > MAX_ELEMENTS:
            return f"...  # a {value.dtype} array of shape {value.shape}: too large to write out"
        dtype = "" if value.dtype.name in PLAIN_DTYPES else f", dtype=np.{value.dtype.name}"
        if value.ndim == 0:
            return f"np.array({nested(value.item())}{dtype})"
        return f"np.array({nested(value.tolist())}{dtype})"
    if isinstance(value, np.generic):
        return f"np.{type(value).__name__}({nested(value.item())})"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{key!r}: {literal(item)}" for key, item in value.items()) + "}"
    if isinstance(value, tuple):
        return "(" + ", ".join(literal(item) for item in value) + ("," if len(value) == 1 else "") + ")"
    if isinstance(value, list):
        return "[" + ", ".join(literal(item) for item in value) + "]"
    if isinstance(value, float):
        return number(value)
    return repr(value)


def python_call(label: str, args: Sequence[Any], kwargs: dict[str, Any]) -> str:
    """The call as source, one argument per line."""
    parts = [literal(arg) for arg in args] + [f"{key}={literal(value)}" for key, value in kwargs.items()]
    if not parts:
        return f"{label}()"
    return f"{label}(\n" + "".join(f"    {part},\n" for part in parts) + ")"
