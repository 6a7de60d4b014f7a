"""Checks at the public boundary: each names the argument, what was expected and what was given.

They run once per public call, never inside the training loop, and they never modify their inputs. Work whose arrays
cannot fit in the memory this process may use (the machine's, its cgroup's limit, RLIMIT_AS) is refused before anything
is allocated (or drawn from a random generator).
"""

from __future__ import annotations

import functools
import math
import os
from collections.abc import Callable, Iterable, Mapping
from numbers import Integral, Real
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from numpy.typing import NDArray

Array = NDArray[np.float64]

PARAMETER_KEYS = ("W1", "b1", "W2", "b2")
PARAMETER_SHAPES = {"W1": ("n_h", "n_x"), "b1": ("n_h", "1"), "W2": ("n_y", "n_h"), "b2": ("n_y", "1")}
REAL_KINDS = "biuf"  # numpy's kinds of bool, signed and unsigned integers, floats; not complex, dates or durations
FLOAT_BYTES = 8


def size(name: str, value: object) -> int:
    """A layer size or count: an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer >= 1; got {value!r} of type {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be an integer >= 1; got {value}")
    return int(value)


def number(name: str, value: object, rule: str, holds: Callable[[float], bool]) -> float:
    """A finite real number for which ``holds`` is true; ``rule`` says which, e.g. "> 0"."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"{name} must be a finite number {rule}; got {value!r} of type {type(value).__name__}")
    try:
        x = float(value)
    except OverflowError:  # an int beyond float64's range
        x = math.inf
    if not (math.isfinite(x) and holds(x)):
        raise ValueError(f"{name} must be a finite number {rule}; got {value!r}")
    return x


def learning_rate(value: object) -> float:
    """A learning rate alpha: a finite real number > 0."""
    return number("learning_rate", value, "> 0", lambda alpha: alpha > 0)


def activation(name: object, names: Iterable[str]) -> str:
    """The name of a hidden activation, one of ``names`` (the keys of activations.ACTIVATIONS)."""
    if not isinstance(name, str) or name not in names:
        raise ValueError(f"activation must be one of {sorted(names)}; got {name!r}")
    return name


class Limit(NamedTuple):
    """A bound on the bytes this process may hold, and where it comes from (words for a message)."""

    bytes: int
    where: str


CGROUP = Path("/sys/fs/cgroup")  # where the cgroup file systems are mounted (v1: one folder per controller)
PROC_CGROUP = Path("/proc/self/cgroup")  # this process's cgroups: "0::PATH" (v2), "N:CONTROLLERS:PATH" (v1)
PHYSICAL = "this machine's memory"
CGROUP_LIMIT = "the cgroup memory limit {}"
ADDRESS_SPACE = "the address-space limit RLIMIT_AS"


def memory() -> Limit | None:
    """The lowest bound on this process's memory: the machine's physical memory, the limit of its cgroup or of one of
    the cgroup's ancestors (v2 memory.max, v1 memory.limit_in_bytes), and RLIMIT_AS; None where none is known."""
    limits = [limit for limit in (_physical(), *_cgroup_limits(), _address_space()) if limit is not None]
    return min(limits, default=None)


def _physical() -> Limit | None:
    try:
        return Limit(os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES"), PHYSICAL)
    except (AttributeError, ValueError, OSError):  # os.sysconf is POSIX
        return None


@functools.cache
def _cgroup_limits() -> tuple[Limit, ...]:
    """The memory limits set on this process's cgroups (v2 and v1) and on their ancestors; "max" is none.

    Read once per process (some files each, 0.3 ms, where a public call takes microseconds): an administrator may
    change a cgroup's limit while the process runs; ``_cgroup_limits.cache_clear()`` reads them again.
    """
    try:
        lines = PROC_CGROUP.read_text().splitlines()
    except OSError:
        return ()
    limits = []
    for line in lines:
        _, controllers, path = line.split(":", 2) if line.count(":") >= 2 else ("", "?", "")
        if controllers == "":
            folder, name = CGROUP, "memory.max"
        elif "memory" in controllers.split(","):
            folder, name = CGROUP / "memory", "memory.limit_in_bytes"
        else:
            continue
        parts = [part for part in path.split("/") if part]
        for depth in range(len(parts), -1, -1):  # the cgroup, its parent, ... the root of the mount
            try:
                text = (folder.joinpath(*parts[:depth]) / name).read_text().strip()
            except OSError:
                continue
            if text.isdigit():
                limits.append(Limit(int(text), CGROUP_LIMIT.format(name)))
    return tuple(limits)


def _address_space() -> Limit | None:
    try:
        import resource
    except ImportError:  # not on Windows
        return None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    return None if soft == resource.RLIM_INFINITY else Limit(soft, ADDRESS_SPACE)


def fits(what: str, numbers: int) -> None:
    """Refuse work that needs more float64 numbers at once than this process may hold (:func:`memory`), before
    allocating."""
    limit = memory()
    if limit is not None and numbers * FLOAT_BYTES > limit.bytes:
        raise ValueError(
            f"{what} must fit in {limit.where} ({limit.bytes / 1e9:,.2f} GB); got sizes that need "
            f"{numbers * FLOAT_BYTES / 1e9:,.2f} GB of float64 arrays at once"
        )


def real_array(name: str, value: object) -> Array:
    """A finite real array, as float64 (a copy only where a conversion is needed)."""
    try:
        array = np.asarray(value)
    except ValueError:
        raise ValueError(f"{name} must be a rectangular array of real numbers; got a ragged nested sequence") from None
    if array.dtype.kind == "c":
        raise TypeError(f"{name} must hold real numbers; got complex dtype {array.dtype}")
    if array.dtype.kind not in REAL_KINDS:
        raise TypeError(f"{name} must hold real numbers; got dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if not np.isfinite(array).all():
        bad = "NaN" if np.isnan(array).any() else "inf"
        raise ValueError(f"{name} must be finite; got {bad} at index {_first_bad(array)}")
    return array


def _first_bad(array: Array) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])


def finite_result(name: str, value: Array, inputs: str, what: str | None = None) -> None:
    """``value`` (called ``name``, computed as ``what``) must be finite: from finite ``inputs`` it is not only where
    float64 overflowed."""
    if not np.isfinite(value).all():
        bad = "NaN" if np.isnan(value).any() else "inf"
        raise ValueError(
            f"the entries of {inputs} must be small enough for {what or name} to stay finite in float64; got {bad} in "
            f"{name} at index {_first_bad(value)}"
        )


def examples(value: object) -> Array:
    """X: a 2-D (n_x, m) array with m >= 1 examples."""
    X = real_array("X", value)
    if X.ndim != 2:
        raise ValueError(f"X must be a 2-D array of shape (n_x, m); got {X.ndim}-D array of shape {X.shape}")
    if X.shape[0] < 1 or X.shape[1] < 1:
        raise ValueError(f"X must have n_x >= 1 rows and m >= 1 columns; got shape {X.shape}")
    return X


def outputs(name: str, value: object, probabilities: bool = False) -> Array:
    """Z2 or A2: an (..., n_y, m) array; A2 also in [0, 1]."""
    array = real_array(name, value)
    if array.ndim < 2 or array.shape[-2] < 1 or array.shape[-1] < 1:
        raise ValueError(f"{name} must be a 2-D array of shape (n_y, m), n_y >= 1 and m >= 1; got shape {array.shape}")
    if probabilities and ((array < 0) | (array > 1)).any():
        index = tuple(int(i) for i in np.argwhere((array < 0) | (array > 1))[0])
        raise ValueError(f"{name} must hold probabilities in [0, 1]; got {float(array[index])!r} at index {index}")
    return array


def labels(value: object, m: int | None = None, n_y: int | None = None, rows: str = "as many rows as W2") -> Array:
    """Y: a 2-D (n_y, m) array of labels in {0, 1}; m from X and n_y from W2 (as ``rows`` says), where known."""
    Y = real_array("Y", value)
    expected = (n_y or Y.shape[0], m or Y.shape[1]) if Y.ndim == 2 else None
    if expected is None or Y.shape != expected or min(Y.shape) < 1:
        shape = f"({'n_y' if n_y is None else n_y}, {'m' if m is None else m})"
        rules = [rule for rule, known in (("n_y >= 1", n_y), ("m >= 1", m)) if known is None]
        rules += [rule for rule, known in ((rows, n_y), ("one column per example of X", m)) if known is not None]
        raise ValueError(f"Y must have shape {shape}, {', '.join(rules)}; got shape {Y.shape}")
    outside = (Y != 0) & (Y != 1)
    if outside.any():
        index = tuple(int(i) for i in np.argwhere(outside)[0])
        raise ValueError(f"Y must hold labels in {{0, 1}}; got {float(Y[index])!r} at index {index}")
    return Y


def same_examples(name: str, array: Array, Y: Array) -> None:
    """A2 or Z2 (..., n_y, m) and the labels Y (n_y, m): one row per output and one column per example, in both."""
    if array.shape[-2:] != Y.shape:
        raise ValueError(
            f"{name} and Y must have the same (n_y, m) in their last two axes; got {name} of shape {array.shape} "
            f"and Y of shape {Y.shape}"
        )


def parameters(
    value: object, n_x: int | None = None, batched: bool = True
) -> tuple[dict[str, Array], tuple[int, int, int]]:
    """W1 (..., n_h, n_x), b1 (..., n_h, 1), W2 (..., n_y, n_h), b2 (..., n_y, 1); leading batch axes if ``batched``.

    n_h is read from W1, b1 and W2, n_y from W2 and b2: where they disagree, the one that differs from the others is
    named, or all of them where no size has a majority.
    """
    if not isinstance(value, Mapping):
        raise TypeError(f"parameters must be a dict with keys {list(PARAMETER_KEYS)}; got {type(value).__name__}")
    _has_keys("parameters", value, PARAMETER_KEYS)
    params = {key: real_array(key, value[key]) for key in PARAMETER_KEYS}
    for key, array in params.items():
        if array.ndim < 2 or (not batched and array.ndim > 2):
            batch = "" if batched else ", without batch axes"
            raise ValueError(f"{key} must be a 2-D array of shape ({', '.join(PARAMETER_SHAPES[key])}){batch}; "
                             f"got shape {array.shape}")  # fmt: skip
    shapes = {key: array.shape[-2:] for key, array in params.items()}
    n_h = _agreed("n_h", {"W1": shapes["W1"][0], "b1": shapes["b1"][0], "W2": shapes["W2"][1]}, params)
    n_y = _agreed("n_y", {"W2": shapes["W2"][0], "b2": shapes["b2"][0]}, params)
    for key in ("b1", "b2"):
        if shapes[key][1] != 1:
            raise ValueError(f"{key} must have shape ({shapes[key][0]}, 1), one column; got shape {params[key].shape}")
    n_x_w = shapes["W1"][1]
    if n_x is not None and n_x_w != n_x:
        raise ValueError(f"W1 must have shape (n_h, {n_x}) to match X's {n_x} rows; got shape {params['W1'].shape}")
    try:
        np.broadcast_shapes(*(params[key].shape[:-2] for key in PARAMETER_KEYS))
    except ValueError:
        shapes_given = {key: params[key].shape for key in PARAMETER_KEYS}
        raise ValueError(
            f"the parameters' leading batch axes must broadcast together; got shapes {shapes_given}"
        ) from None
    return params, (n_x_w, n_h, n_y)


def _agreed(symbol: str, sizes: dict[str, int], params: Mapping[str, Array]) -> int:
    """The size that the parameters in ``sizes`` give to ``symbol``; the odd one out, or all, named if they differ."""
    counts = {n: list(sizes.values()).count(n) for n in sizes.values()}
    majority = [n for n, count in counts.items() if count > len(sizes) / 2]
    if len(counts) == 1:
        return next(iter(sizes.values()))
    if majority:
        n = majority[0]
        wrong = next(key for key, given in sizes.items() if given != n)
        others = " and ".join(f"{key} {params[key].shape}" for key, given in sizes.items() if given == n)
        expected = tuple(n if dim == symbol else int(params[wrong].shape[-2 + i])
                         for i, dim in enumerate(PARAMETER_SHAPES[wrong]))  # fmt: skip
        raise ValueError(
            f"{wrong} must have shape {expected}, {symbol} = {n} as in {others}; got shape {params[wrong].shape}"
        )
    given_shapes = ", ".join(f"{key} {params[key].shape}" for key in sizes)
    expected_shapes = ", ".join(f"{key} ({', '.join(PARAMETER_SHAPES[key])})" for key in sizes)
    names = " and ".join(", ".join(sizes).rsplit(", ", 1))
    raise ValueError(f"{names} must agree on {symbol}: expected {expected_shapes}; got {given_shapes}")


def cache(
    value: object, n_h: int, n_y: int, m: int, keys: tuple[str, ...] = ("Z1", "A1", "Z2", "A2")
) -> dict[str, Array]:
    """The forward pass's cache, or the ``keys`` of it that a caller reads: Z1, A1 (n_h, m), Z2, A2 (n_y, m)."""
    if not isinstance(value, Mapping):
        raise TypeError(f"cache must be a dict with keys {list(keys)}; got {type(value).__name__}")
    _has_keys("cache", value, keys)
    shapes = {"Z1": (n_h, m), "A1": (n_h, m), "Z2": (n_y, m), "A2": (n_y, m)}
    out = {key: real_array(key, value[key]) for key in keys}
    for key in keys:
        if out[key].shape != shapes[key]:
            raise ValueError(f"cache[{key!r}] must have shape {shapes[key]}; got shape {out[key].shape}")
    return out  # A1 and A2 are not checked against g and sigma: the course's own backward test passes random ones


def _has_keys(name: str, value: Mapping[Any, Any], keys: Iterable[str]) -> None:
    missing = [key for key in keys if key not in value]
    if missing:
        raise ValueError(f"{name} must have keys {list(keys)}; got keys {list(value)}, without {missing}")


def same_keys(name: str, value: object, like: Mapping[str, Any]) -> dict[str, Array]:
    """grads: one finite array per parameter, each with its parameter's shape (L09.shapes)."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict; got {type(value).__name__}")
    _has_keys(name, value, ["d" + key for key in like])
    out = {}
    for key, param in like.items():
        grad_key = "d" + key
        out[grad_key] = real_array(grad_key, value[grad_key])
        if out[grad_key].shape != np.shape(param):
            raise ValueError(
                f"{grad_key} must have the shape of {key}, {np.shape(param)}; got shape {out[grad_key].shape}"
            )
    return out


def parameters_fit(n_x: int, n_h: int, n_y: int) -> None:
    """W1, b1, W2 and b2, and the draw of the larger weight matrix: randn and its scaled copy exist at once."""
    weights = (n_h * n_x, n_y * n_h)
    fits(f"the parameters for n_x = {n_x}, n_h = {n_h}, n_y = {n_y}", sum(weights) + n_h + n_y + max(weights))


# One iteration of gradient descent holds five (n_h, m) arrays at once: Z1, A1, g'(Z1), dA1 and dZ1; three of (n_y, m)
# (Z2, A2, dZ2); the parameters, their gradients and the stepped parameters; and the costs, one per iteration.
TRAIN_ARRAYS = 5


def training_fits(n_x: int, n_h: int, n_y: int, m: int, num_iterations: int) -> None:
    """The arrays of gradient descent (TRAIN_ARRAYS) for these sizes."""
    parameter_count = n_h * n_x + n_h + n_y * n_h + n_y
    numbers = TRAIN_ARRAYS * n_h * m + 3 * n_y * m + 3 * parameter_count + num_iterations
    fits(f"training with n_x = {n_x}, n_h = {n_h}, n_y = {n_y}, m = {m} and num_iterations = {num_iterations}", numbers)
