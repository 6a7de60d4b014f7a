"""The point x of a check, an array or a dict of arrays, as one flat vector of P variables (and back).

A dict's arrays are concatenated in their order; the check reports each key on its own. The dtype is the common
floating dtype of the arrays (float32 stays float32: its eps sets the tolerances); integers become float64.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

Array = NDArray[Any]
SINGLE = "x"  # the key under which an array x is reported


class Layout:
    """Keys, shapes and offsets of x's arrays in the flat vector; ``flat`` holds x itself."""

    def __init__(self, x: ArrayLike | Mapping[str, ArrayLike]) -> None:
        self.is_dict = isinstance(x, Mapping)
        arrays = (
            {key: np.asarray(value) for key, value in x.items()} if isinstance(x, Mapping) else {SINGLE: np.asarray(x)}
        )
        if not arrays:
            raise ValueError("x must hold at least one array; got an empty dict")
        for key, value in arrays.items():
            if not (np.issubdtype(value.dtype, np.floating) or np.issubdtype(value.dtype, np.integer)):
                raise TypeError(f"x[{key!r}] must be a real array (float32 or float64); got dtype {value.dtype}")
            if not np.all(np.isfinite(value)):
                index = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0])
                bad = "NaN" if np.isnan(value[index]) else "inf"
                raise ValueError(f"x[{key!r}] must be finite (a point to differentiate at); got {bad} at index {index}")
        self.dtype = np.result_type(
            *(v.dtype if np.issubdtype(v.dtype, np.floating) else np.float64 for v in arrays.values())
        )
        self.keys = tuple(arrays)
        self.shapes = {key: value.shape for key, value in arrays.items()}
        sizes = [int(np.prod(shape)) for shape in self.shapes.values()]
        self.offsets = dict(zip(self.keys, np.cumsum([0, *sizes[:-1]]).tolist(), strict=True))
        self.sizes = dict(zip(self.keys, sizes, strict=True))
        self.size = sum(sizes)
        self.flat = np.concatenate([arrays[key].astype(self.dtype).ravel() for key in self.keys])

    @property
    def eps(self) -> float:
        return float(np.finfo(self.dtype).eps)

    def point(self) -> Array | dict[str, Array]:
        """x itself, as arrays of its shapes, in a fresh copy: f and grad may write into their input."""
        return self.unflatten(self.flat.copy())

    def unflatten(self, flat: Array) -> Array | dict[str, Array]:
        """Arrays of x's shapes from flat (..., P), leading axes kept: a dict for a dict x, else one array."""
        lead = flat.shape[:-1]
        arrays = {
            key: flat[..., self.offsets[key] : self.offsets[key] + self.sizes[key]].reshape((*lead, *self.shapes[key]))
            for key in self.keys
        }
        return arrays if self.is_dict else arrays[SINGLE]

    def flatten(self, values: ArrayLike | Mapping[str, ArrayLike], out_shape: tuple[int, ...], name: str) -> Array:
        """A gradient (out_shape + each key's shape, per key) as float64 (*out_shape, P); clear errors otherwise."""
        if self.is_dict != isinstance(values, Mapping):
            expected = "a dict with keys " + ", ".join(self.keys) if self.is_dict else "an array"
            raise TypeError(f"{name} must be {expected}, like x; got {type(values).__name__}")
        arrays = dict(values.items()) if isinstance(values, Mapping) else {SINGLE: values}
        missing = [key for key in self.keys if key not in arrays]
        if missing:
            raise KeyError(f"{name} lacks the keys {missing}; x has {list(self.keys)}")
        blocks = []
        for key in self.keys:
            value = np.asarray(arrays[key], dtype=np.float64)
            expected_shape = (*out_shape, *self.shapes[key])
            if value.shape != expected_shape:
                where = f"{name}[{key!r}]" if self.is_dict else name
                raise ValueError(
                    f"{where} must have shape {expected_shape} (f's output shape {out_shape} + x's shape); "
                    f"got {value.shape}"
                )
            blocks.append(value.reshape(*out_shape, self.sizes[key]))
        return np.concatenate(blocks, axis=-1)

    def split(self, flat: Array) -> dict[str, Array]:
        """Per key, the last axis (P) of flat cut back into that key's shape."""
        lead = flat.shape[:-1]
        return {
            key: flat[..., self.offsets[key] : self.offsets[key] + self.sizes[key]].reshape((*lead, *self.shapes[key]))
            for key in self.keys
        }
