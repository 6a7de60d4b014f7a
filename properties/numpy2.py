"""Names numpy removed, found in the source (ast) and in the errors they raise, each with its replacement.

``np.asscalar`` went in numpy 1.23; the aliases ``np.float``, ``np.int``, ``np.bool``, ``np.object``, ``np.str`` ...
in 1.24; ``np.float_``, ``np.NaN``, ``np.product`` ... in 2.0. numpy 2 brought ``np.bool`` back as ``np.bool_`` (and
``np.long`` as the C long), so a name is reported only when the numpy in use lacks it: no false alarm on code that
runs. numpy 2 also refuses ``float()`` (and ``int()``) of an array with more than 0 dimensions, such as the (1, 1)
array that ``np.dot(Y, P.T)`` gives: that one is known only when it happens, from its TypeError.
"""

from __future__ import annotations

import ast
import warnings

import numpy as np

REMOVED: dict[str, tuple[str, str]] = {
    "asscalar": ("1.23", "a.item()"),
    "float": ("1.24", "float (or np.float64)"),
    "int": ("1.24", "int (or np.int64)"),
    "bool": ("1.24", "bool (or np.bool_)"),
    "object": ("1.24", "object"),
    "str": ("1.24", "str"),
    "complex": ("1.24", "complex (or np.complex128)"),
    "long": ("1.24", "int"),
    "unicode": ("1.24", "str"),
    "float_": ("2.0", "np.float64"),
    "complex_": ("2.0", "np.complex128"),
    "NaN": ("2.0", "np.nan"),
    "NAN": ("2.0", "np.nan"),
    "Inf": ("2.0", "np.inf"),
    "Infinity": ("2.0", "np.inf"),
    "infty": ("2.0", "np.inf"),
    "PINF": ("2.0", "np.inf"),
    "NINF": ("2.0", "-np.inf"),
    "product": ("2.0", "np.prod"),
    "cumproduct": ("2.0", "np.cumprod"),
    "sometrue": ("2.0", "np.any"),
    "alltrue": ("2.0", "np.all"),
    "round_": ("2.0", "np.round"),
    "msort": ("2.0", "np.sort(a, axis=0)"),
    "asfarray": ("2.0", "np.asarray(a, dtype=float)"),
    "mat": ("2.0", "np.asmatrix"),
    "string_": ("2.0", "np.bytes_"),
    "unicode_": ("2.0", "np.str_"),
    "in1d": ("2.0", "np.isin"),
    "trapz": ("2.0", "np.trapezoid"),
}
"""numpy's removed name -> (the version that removed it, what to write instead)."""

ZERO_D_MESSAGES = ("only 0-dimensional arrays can be converted", "only length-1 arrays can be converted")
NOT_SCALAR = (
    "numpy 2 converts only 0-dimensional arrays to Python scalars: write x.item() (or float(np.squeeze(x))) "
    "instead of float(x) or int(x) of an array such as a (1, 1) result of np.dot"
)


def absent(name: str) -> bool:
    """Whether the numpy in use lacks ``name`` (numpy's FutureWarnings on the old aliases are silenced)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return not hasattr(np, name)


def message(name: str) -> str:
    """'np.asscalar was removed in numpy 1.23: write a.item()'."""
    version, replacement = REMOVED[name]
    return f"np.{name} was removed in numpy {version}: write {replacement}"


def numpy_aliases(tree: ast.AST) -> set[str]:
    """The names that ``import numpy`` / ``import numpy as np`` bind in tree (np, numpy ...)."""
    aliases = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {alias.asname or alias.name for alias in node.names if alias.name == "numpy"}
    return aliases


def uses(node: ast.AST, aliases: set[str]) -> list[tuple[int, str]]:
    """(line, message) for each removed numpy name that node uses: np.asscalar(...), from numpy import float_ ..."""
    found = []
    for child in ast.walk(node):
        name = None
        if isinstance(child, ast.Attribute) and isinstance(child.value, ast.Name) and child.value.id in aliases:
            name = child.attr
        if isinstance(child, ast.ImportFrom) and child.module == "numpy":
            name = next((alias.name for alias in child.names if alias.name in REMOVED and absent(alias.name)), None)
        if name in REMOVED and absent(name):
            found.append((getattr(child, "lineno", 0), message(name)))
    return found


def explain(error: BaseException) -> str | None:
    """The removal behind an error, in words with its replacement; None for an error that is not one."""
    text = str(error)
    if isinstance(error, TypeError) and text.startswith(ZERO_D_MESSAGES):
        return NOT_SCALAR
    if isinstance(error, AttributeError) and (
        getattr(error, "obj", None) is np or text.startswith(("module 'numpy' has no attribute", "`np."))
    ):
        name = getattr(error, "name", None) or text.partition("`np.")[2].partition("`")[0]
        name = name or text.partition("attribute '")[2].partition("'")[0]
        return message(name) if name in REMOVED else None
    if isinstance(error, ImportError) and getattr(error, "name", None) == "numpy":
        name = text.partition("cannot import name '")[2].partition("'")[0]
        return message(name) if name in REMOVED else None
    return None
