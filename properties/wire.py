"""The wire between the suite and its worker: plain data, pickled; the suite unpickles only plain data.

Plain data is what the course's API passes around: numpy arrays and scalars of numbers, booleans or text, Python
numbers, strings and bytes, and tuples, lists and dicts of them. The worker turns anything else it must send (a
result of a class defined in the implementation, say) into an :class:`Opaque` stand-in with its type and repr.

What the worker sends is untrusted: code under test runs there and could send any bytes. :func:`loads` refuses every
class outside an allow-list, so unpickling cannot run code of the worker's choosing in the suite's process, and every
dtype that is not plain data (object and structured arrays).
"""

from __future__ import annotations

import io
import pickle
from typing import Any

import numpy as np

PROTOCOL = pickle.HIGHEST_PROTOCOL
MAX_DEPTH = 32
MAX_REPR = 300
SCALARS = (bool, int, float, complex, str, bytes)
PLAIN_KINDS = frozenset("biufcUS")
"""numpy dtype kinds of plain data: bool, signed, unsigned, float, complex, text, bytes."""
ALLOWED = frozenset(
    (module, name)
    for core in ("numpy._core", "numpy.core")
    for module, name in (
        (f"{core}.multiarray", "_reconstruct"),
        (f"{core}.multiarray", "scalar"),
        (f"{core}.numeric", "_frombuffer"),
    )
) | {
    ("numpy", "dtype"),
    ("numpy", "ndarray"),
    ("numpy", "matrix"),
    ("builtins", "complex"),
    (__name__, "Opaque"),
}


class Opaque:
    """A value that is not plain data, as the worker saw it: its type's name and its (shortened) repr."""

    def __init__(self, kind: str, text: str) -> None:
        self.kind = kind
        self.text = text

    def __repr__(self) -> str:
        return f"<{self.kind} (not plain data; from the implementation): {self.text}>"

    def __reduce__(self) -> tuple[type[Opaque], tuple[str, str]]:
        return Opaque, (self.kind, self.text)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Opaque) and (self.kind, self.text) == (other.kind, other.text)

    def __hash__(self) -> int:
        return hash((self.kind, self.text))


def dumps(value: Any) -> bytes:
    return pickle.dumps(value, protocol=PROTOCOL)


def plain_dtype(*args: Any) -> np.dtype[Any]:
    """np.dtype, for plain kinds only: no object or structured arrays come out of the worker's pickles."""
    dtype = np.dtype(*args)
    if dtype.kind not in PLAIN_KINDS:
        raise pickle.UnpicklingError(f"the worker sent an array of dtype {dtype}, which is not plain data")
    return dtype


class _Restricted(pickle.Unpickler):
    def find_class(self, module: str, name: str) -> Any:
        if (module, name) == ("numpy", "dtype"):
            return plain_dtype
        if (module, name) not in ALLOWED:
            raise pickle.UnpicklingError(f"the worker sent a {module}.{name}, which is not plain data")
        return super().find_class(module, name)


def loads(data: bytes) -> Any:
    """Unpickle what the worker sent: plain data only (see the module's docstring)."""
    return _Restricted(io.BytesIO(data)).load()


def opaque(value: Any) -> Opaque:
    try:
        text = repr(value)
    except Exception as error:  # a repr that raises is still described
        text = f"(repr raised {type(error).__name__})"
    if len(text) > MAX_REPR:
        text = text[: MAX_REPR - 5] + " ...)"
    return Opaque(f"{type(value).__module__}.{type(value).__qualname__}", text)


def plain(value: Any, depth: int = 0, seen: dict[int, Any] | None = None) -> Any:
    """value as plain data: containers rebuilt as tuple, list and dict, anything else replaced by an Opaque.

    Shared containers stay shared (so pickling keeps aliasing); a cycle or nesting deeper than MAX_DEPTH is Opaque.
    """
    seen = {} if seen is None else seen
    if value is None or type(value) in SCALARS:
        return value
    if isinstance(value, np.ndarray | np.generic):
        if value.dtype.kind not in PLAIN_KINDS:
            return opaque(value)
        return value if type(value) in (np.ndarray, np.matrix) or isinstance(value, np.generic) else np.asarray(value)
    for scalar in SCALARS:  # a subclass: an IntEnum, a str subclass
        if isinstance(value, scalar):
            return scalar(value)
    if not isinstance(value, tuple | list | dict) or depth >= MAX_DEPTH:
        return opaque(value)
    if id(value) in seen:
        return seen[id(value)] if seen[id(value)] is not None else opaque(value)
    seen[id(value)] = None  # until built: a cycle back to value is Opaque
    built: Any
    if isinstance(value, dict):
        built = {plain(key, depth + 1, seen): plain(item, depth + 1, seen) for key, item in value.items()}
    elif isinstance(value, tuple):
        built = tuple(plain(item, depth + 1, seen) for item in value)
    else:
        built = [plain(item, depth + 1, seen) for item in value]
    seen[id(value)] = built
    return built
