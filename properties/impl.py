"""The implementation under test: loaded once at start-up, from a module name or a .py path.

Required: the course's eight functions. Optional names (the contract in README.md) are capabilities: a test that
needs one it lacks is skipped with a reason that names it, never an error.
"""

from __future__ import annotations

import importlib
import importlib.util
import inspect
import os
import sys
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np
import pytest

from shallow_proofs.properties.plugin import ENV

DEFAULT = "shallow_proofs.reference"
COURSE_API = (
    "layer_sizes",
    "initialize_parameters",
    "forward_propagation",
    "compute_cost",
    "backward_propagation",
    "update_parameters",
    "nn_model",
    "predict",
)
COURSE_LEARNING_RATE = 1.2


def import_target(target: str) -> ModuleType:
    """Import a module by name, or a .py file by path, under a private module name."""
    if target.endswith(".py") or os.sep in target or "/" in target:
        path = Path(target).expanduser().resolve()
        if not path.is_file():
            raise FileNotFoundError(f"--impl {target!r}: no such file {path}")
        name = f"shallow_proofs_impl_{path.stem}"
        spec = importlib.util.spec_from_file_location(name, path)
        if spec is None or spec.loader is None:
            raise ImportError(f"--impl {target!r}: cannot load {path} as a Python module")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        return module
    return importlib.import_module(target)


class Implementation:
    """One implementation of the course's API, with its optional capabilities detected."""

    def __init__(self, target: str, module: ModuleType) -> None:
        self.target = target
        self.module = module
        self.path = getattr(module, "__file__", None) or target
        missing = [name for name in COURSE_API if not callable(getattr(module, name, None))]
        self.missing = missing

    def __repr__(self) -> str:
        return f"Implementation({self.target!r} from {self.path})"

    def function(self, name: str) -> Callable[..., Any]:
        """A required or optional function, or a skip naming what is missing."""
        value = getattr(self.module, name, None)
        if not callable(value):
            pytest.skip(f"{self.target} does not define {name}()")
        return value

    def has(self, name: str) -> bool:
        return hasattr(self.module, name)

    def accepts(self, function: str, keyword: str) -> bool:
        """Whether function takes the keyword argument ``keyword``."""
        try:
            parameters = inspect.signature(self.function(function)).parameters
        except (TypeError, ValueError):
            return False
        return keyword in parameters or any(p.kind is p.VAR_KEYWORD for p in parameters.values())

    def _with_activation(self, function: str, activation: str) -> dict[str, str]:
        if activation == "tanh" and not self.accepts(function, "activation"):
            return {}
        if not self.accepts(function, "activation"):
            pytest.skip(f"{self.target}.{function}() takes no activation= keyword (needed for {activation!r})")
        return {"activation": activation}

    @cached_property
    def multi_output(self) -> bool:
        """Whether forward_propagation accepts n_y > 1 (optional: the course's API is binary)."""
        X = np.zeros((2, 3))
        params = {
            "W1": np.full((2, 2), 0.1),
            "b1": np.zeros((2, 1)),
            "W2": np.full((2, 2), 0.1),
            "b2": np.zeros((2, 1)),
        }
        try:
            A2, _ = self.module.forward_propagation(X, params)
        except Exception:
            return False
        return bool(np.shape(A2) == (2, 3))

    @cached_property
    def cost_takes_parameters(self) -> bool:
        """Whether compute_cost requires the oldest generation's third argument."""
        try:
            parameters = list(inspect.signature(self.module.compute_cost).parameters.values())
        except (TypeError, ValueError):
            return False
        required = [
            p for p in parameters if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        return len(required) >= 3

    def require_multi_output(self) -> None:
        if not self.multi_output:
            pytest.skip(f"{self.target}.forward_propagation() does not accept n_y > 1 (optional capability)")

    def forward(self, X: Any, parameters: Mapping[str, Any], activation: str = "tanh") -> tuple[Any, dict[str, Any]]:
        extra = self._with_activation("forward_propagation", activation)
        A2, cache = self.module.forward_propagation(X, parameters, **extra)
        return A2, cache

    def cost(self, A2: Any, Y: Any, parameters: Mapping[str, Any] | None = None) -> Any:
        if self.cost_takes_parameters:
            return self.module.compute_cost(A2, Y, parameters)
        return self.module.compute_cost(A2, Y)

    def backward(
        self, parameters: Mapping[str, Any], cache: Mapping[str, Any], X: Any, Y: Any, activation: str = "tanh"
    ) -> dict[str, Any]:
        extra = self._with_activation("backward_propagation", activation)
        grads: dict[str, Any] = self.module.backward_propagation(parameters, cache, X, Y, **extra)
        return grads

    def intermediates(
        self, parameters: Mapping[str, Any], cache: Mapping[str, Any], X: Any, Y: Any, activation: str = "tanh"
    ) -> dict[str, Any]:
        function = self.function("backward_intermediates")
        extra = self._with_activation("backward_intermediates", activation)
        values: dict[str, Any] = function(parameters, cache, X, Y, **extra)
        return values

    def update(self, parameters: Mapping[str, Any], grads: Mapping[str, Any], learning_rate: float) -> dict[str, Any]:
        new: dict[str, Any] = self.module.update_parameters(parameters, grads, learning_rate)
        return new

    def nn_model(
        self,
        X: Any,
        Y: Any,
        n_h: int,
        num_iterations: int,
        learning_rate: float = COURSE_LEARNING_RATE,
        activation: str = "tanh",
    ) -> dict[str, Any]:
        extra: dict[str, Any] = self._with_activation("nn_model", activation)
        if learning_rate != COURSE_LEARNING_RATE:
            if not self.accepts("nn_model", "learning_rate"):
                pytest.skip(f"{self.target}.nn_model() takes no learning_rate= keyword")
            extra["learning_rate"] = learning_rate
        params: dict[str, Any] = self.module.nn_model(X, Y, n_h, num_iterations=num_iterations, **extra)
        return params

    def predict(self, parameters: Mapping[str, Any], X: Any, activation: str = "tanh") -> Any:
        extra = self._with_activation("predict", activation)
        return self.module.predict(parameters, X, **extra)

    def activation(self, name: str) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
        """(g, g') from the optional ACTIVATIONS mapping."""
        table = getattr(self.module, "ACTIVATIONS", None)
        if not isinstance(table, Mapping):
            pytest.skip(f"{self.target} defines no ACTIVATIONS mapping of (g, g') pairs")
        if name not in table:
            pytest.skip(f"{self.target}.ACTIVATIONS has no {name!r}")
        g, dg = table[name]
        return g, dg


_current: Implementation | None = None


def load(target: str | None = None) -> Implementation:
    """Load the implementation named by target, $SHALLOW_PROOFS_IMPL, or the reference, and make it current."""
    global _current
    target = target or os.environ.get(ENV) or DEFAULT
    implementation = Implementation(target, import_target(target))
    if implementation.missing:
        raise ImportError(f"--impl {target!r} lacks the course's functions {implementation.missing}")
    _current = implementation
    return implementation


def current() -> Implementation:
    """The implementation under test (loaded at start-up)."""
    return _current if _current is not None else load()
