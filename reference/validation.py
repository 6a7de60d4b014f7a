"""Checks at the public boundary: each names the argument, what was expected and what was given.

They run once per public call, never inside the training loop, and they never modify their inputs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from numbers import Integral, Real
from typing import Any

import numpy as np
from numpy.typing import NDArray

from shallow_proofs.reference.activations import ACTIVATIONS

Array = NDArray[np.float64]

PARAMETER_KEYS = ("W1", "b1", "W2", "b2")
PARAMETER_SHAPES = {"W1": "(n_h, n_x)", "b1": "(n_h, 1)", "W2": "(n_y, n_h)", "b2": "(n_y, 1)"}


def size(name: str, value: object) -> int:
    """A layer size or count: an integer >= 1."""
    if isinstance(value, bool) or not isinstance(value, Integral):
        raise TypeError(f"{name} must be an integer >= 1; got {value!r} of type {type(value).__name__}")
    if value < 1:
        raise ValueError(f"{name} must be an integer >= 1; got {value}")
    return int(value)


def learning_rate(value: object) -> float:
    """A learning rate alpha: a finite real number > 0."""
    if isinstance(value, bool) or not isinstance(value, Real):
        raise TypeError(f"learning_rate must be a finite number > 0; got {value!r} of type {type(value).__name__}")
    if not (math.isfinite(float(value)) and float(value) > 0):
        raise ValueError(f"learning_rate must be a finite number > 0; got {value!r}")
    return float(value)


def activation(name: object) -> str:
    """The name of a hidden activation."""
    if not isinstance(name, str) or name not in ACTIVATIONS:
        raise ValueError(f"activation must be one of {sorted(ACTIVATIONS)}; got {name!r}")
    return name


def real_array(name: str, value: object) -> Array:
    """A finite real array, as float64 (a copy only where a conversion is needed)."""
    array = np.asarray(value)
    if array.dtype == object or not (np.issubdtype(array.dtype, np.number) or array.dtype == np.bool_):
        raise TypeError(f"{name} must hold real numbers; got dtype {array.dtype}")
    if np.issubdtype(array.dtype, np.complexfloating):
        raise TypeError(f"{name} must hold real numbers; got complex dtype {array.dtype}")
    array = array.astype(np.float64, copy=False)
    if not np.isfinite(array).all():
        bad = "NaN" if np.isnan(array).any() else "inf"
        raise ValueError(f"{name} must be finite; got {bad} at index {_first_bad(array)}")
    return array


def _first_bad(array: Array) -> tuple[int, ...]:
    return tuple(int(i) for i in np.argwhere(~np.isfinite(array))[0])


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
    if array.ndim < 2:
        raise ValueError(f"{name} must be a 2-D array of shape (n_y, m); got shape {array.shape}")
    if probabilities and ((array < 0) | (array > 1)).any():
        index = tuple(int(i) for i in np.argwhere((array < 0) | (array > 1))[0])
        raise ValueError(f"{name} must hold probabilities in [0, 1]; got {float(array[index])!r} at index {index}")
    return array


def labels(value: object, m: int, n_y: int | None = None) -> Array:
    """Y: a 2-D (n_y, m) array of labels in {0, 1}."""
    Y = real_array("Y", value)
    expected = f"({'n_y' if n_y is None else n_y}, {m})"
    if Y.ndim != 2 or Y.shape[1] != m or (n_y is not None and Y.shape[0] != n_y):
        raise ValueError(f"Y must have shape {expected}, one column per example of X; got shape {Y.shape}")
    outside = (Y != 0) & (Y != 1)
    if outside.any():
        index = tuple(int(i) for i in np.argwhere(outside)[0])
        raise ValueError(f"Y must hold labels in {{0, 1}}; got {float(Y[index])!r} at index {index}")
    return Y


def parameters(value: object, n_x: int | None = None) -> tuple[dict[str, Array], tuple[int, int, int]]:
    """W1 (..., n_h, n_x), b1 (..., n_h, 1), W2 (..., n_y, n_h), b2 (..., n_y, 1), leading batch axes allowed."""
    if not isinstance(value, Mapping):
        raise TypeError(f"parameters must be a dict with keys {list(PARAMETER_KEYS)}; got {type(value).__name__}")
    missing = [key for key in PARAMETER_KEYS if key not in value]
    if missing:
        raise ValueError(f"parameters is missing keys {missing}; expected keys {list(PARAMETER_KEYS)}")
    params = {key: real_array(key, value[key]) for key in PARAMETER_KEYS}
    for key in PARAMETER_KEYS:
        if params[key].ndim < 2:
            raise ValueError(
                f"{key} must be a 2-D array of shape {PARAMETER_SHAPES[key]}; got shape {params[key].shape}"
            )
    n_h, n_x_w = params["W1"].shape[-2:]
    n_y = params["W2"].shape[-2]
    expected = {"b1": (n_h, 1), "W2": (n_y, n_h), "b2": (n_y, 1)}
    for key, shape in expected.items():
        if params[key].shape[-2:] != shape:
            raise ValueError(
                f"{key} must have shape {shape} to match W1 {params['W1'].shape[-2:]} and W2 rows {n_y}; "
                f"got shape {params[key].shape}"
            )
    if n_x is not None and n_x_w != n_x:
        raise ValueError(f"W1 must have shape (n_h, {n_x}) to match X's {n_x} rows; got shape {params['W1'].shape}")
    try:
        np.broadcast_shapes(*(params[key].shape[:-2] for key in PARAMETER_KEYS))
    except ValueError:
        shapes = {key: params[key].shape for key in PARAMETER_KEYS}
        raise ValueError(f"the parameters' leading batch axes must broadcast together; got shapes {shapes}") from None
    return params, (n_x_w, n_h, n_y)


def cache(
    value: object, n_h: int, n_y: int, m: int, keys: tuple[str, ...] = ("Z1", "A1", "Z2", "A2")
) -> dict[str, Array]:
    """The forward pass's cache, or the ``keys`` of it that a caller reads: Z1, A1 (n_h, m), Z2, A2 (n_y, m)."""
    if not isinstance(value, Mapping):
        raise TypeError(f"cache must be a dict with keys {list(keys)}; got {type(value).__name__}")
    missing = [key for key in keys if key not in value]
    if missing:
        raise ValueError(f"cache is missing keys {missing}; expected keys {list(keys)}")
    shapes = {"Z1": (n_h, m), "A1": (n_h, m), "Z2": (n_y, m), "A2": (n_y, m)}
    out = {key: real_array(key, value[key]) for key in keys}
    for key in keys:
        if out[key].shape != shapes[key]:
            raise ValueError(f"cache[{key!r}] must have shape {shapes[key]}; got shape {out[key].shape}")
    return out


def same_keys(name: str, value: object, like: Mapping[str, Any]) -> dict[str, Array]:
    """grads: one finite array per parameter, each with its parameter's shape (L09.shapes)."""
    if not isinstance(value, Mapping):
        raise TypeError(f"{name} must be a dict; got {type(value).__name__}")
    out = {}
    for key, param in like.items():
        grad_key = "d" + key
        if grad_key not in value:
            raise ValueError(f"{name} is missing key {grad_key!r}; expected keys {['d' + k for k in like]}")
        out[grad_key] = real_array(grad_key, value[grad_key])
        if out[grad_key].shape != np.shape(param):
            raise ValueError(
                f"{grad_key} must have the shape of {key}, {np.shape(param)}; got shape {out[grad_key].shape}"
            )
    return out
