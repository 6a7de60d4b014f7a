"""The implementation under test: loaded once at start-up, from a module name or a .py path.

Required: the course's eight functions. Optional names (the contract in README.md) are capabilities: a test that
needs one it lacks is skipped with a reason that names it, never an error. A test that needs a missing required
function fails with a message that says so (and names a likely intended function); the other tests run.

Any implementation but the trusted reference runs in a worker process (properties/sealed.py): the functions here
are proxies with the implementation's own signatures. Each test's calls and faults are logged (:class:`Log`), for
the verdicts per function of the JSON report.
"""

from __future__ import annotations

import contextlib
import difflib
import inspect
import io
import os
import sys
import warnings
from collections.abc import Callable, Mapping
from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
import pytest

from shallow_proofs.properties import bounded, faults
from shallow_proofs.properties.loader import Loaded
from shallow_proofs.properties.loader import LoadError as LoaderError
from shallow_proofs.properties.plugin import ENV
from shallow_proofs.properties.probes import MULTI_OUTPUT_PROBES, VARIANT_PROBES, float32
from shallow_proofs.properties.reproduce import python_call
from shallow_proofs.properties.sealed import LoadError, Sealed
from shallow_proofs.properties.worker import COURSE_API, describe, import_target, is_path, loader_notes, resolve

DEFAULT = "shallow_proofs.reference"
COURSE_LEARNING_RATE = 1.2
EMPTY = inspect.Parameter.empty
DEFAULT_TIMEOUT = 60.0
STRIKES = 2
"""A function that crashed or hung in this many tests is not called again: later calls fail at once."""
COURSE_PARAMETERS = {
    "layer_sizes": ("X", "Y"),
    "initialize_parameters": ("n_x", "n_h", "n_y"),
    "forward_propagation": ("X", "parameters"),
    "compute_cost": ("A2", "Y"),
    "backward_propagation": ("parameters", "cache", "X", "Y"),
    "update_parameters": ("parameters", "grads", "learning_rate"),
    "nn_model": ("X", "Y", "n_h", "num_iterations", "print_cost"),
    "predict": ("parameters", "X"),
}


class Inline:
    """A trusted implementation (the reference, or any with ``--impl-inline``), imported and called in the suite's own
    process; what a call prints is bounded as a worker's is (properties/bounded.py)."""

    def __init__(self, loaded: Loaded) -> None:
        self.module = loaded.module
        self.description = describe(loaded.module) | loader_notes(loaded)
        self.begin_test()

    def call(self, path: tuple[Any, ...], args: tuple[Any, ...], kwargs: dict[str, Any], label: str) -> Any:
        out, err = bounded.Bounded(), bounded.Bounded()
        try:
            with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                return resolve(self.module, path)(*args, **kwargs)
        finally:
            self.budget.show(out.text(), sys.stdout)
            self.budget.show(err.text(), sys.stderr)

    def begin_test(self) -> None:
        self.budget = bounded.Budget()

    def close(self) -> None:
        pass


class Log:
    """One test's dealings with the implementation: the functions it called, in order, and the faults."""

    def __init__(self) -> None:
        self.calls: dict[str, None] = {}
        self.arguments: dict[str, tuple[str, tuple[Any, ...], dict[str, Any]]] = {}
        """Per function, the arguments of its last call (under Hypothesis, the shrunk example runs last)."""
        self.last = ""
        self.faults: list[dict[str, str]] = []
        self.halted: set[str] = set()

    def snapshot(self) -> dict[str, tuple[str, tuple[Any, ...], dict[str, Any]]]:
        """The last call of each function so far (a failure keeps the calls of its own example)."""
        return dict(self.arguments)

    def record(self, failure: BaseException | None = None) -> dict[str, Any]:
        """As plain data; on a failure, each called function's last call before it, as Python source
        (properties/reproduce.py)."""
        found: dict[str, Any] = {"calls": list(self.calls), "last": self.last, "faults": self.faults}
        if failure is not None:
            calls = snapshot_of(failure)
            found["texts"] = {name: python_call(*call) for name, call in (calls or self.arguments).items()}
        return found


def snapshot_of(error: BaseException) -> dict[str, Any] | None:
    """The calls that a failure (or the first of a group of them) carries, or None."""
    calls: dict[str, Any] | None = getattr(error, "calls", None)
    if calls is not None:
        return calls
    for inner in getattr(error, "exceptions", ()):
        if (found := snapshot_of(inner)) is not None:
            return found
    return None


def parameters_text(parameters: list[tuple[str, int, bool, Any]]) -> str:
    return ", ".join(name for name, *_ in parameters)


def suggestion(name: str, signatures: Mapping[str, Any], suggestions: Mapping[str, str] | None = None) -> str:
    """A function of the module that is likely the one meant: the loader's suggestion (properties/renames.py, with
    its --map), else one with the same parameters, or a close name."""
    found = (suggestions or {}).get(name, "")
    if found:
        return "; " + found.split("; ", 1)[-1]
    others = {other: value for other, value in signatures.items() if value is not None and other not in COURSE_API}
    wanted = COURSE_PARAMETERS[name]
    same = [other for other, value in others.items() if tuple(p[0] for p in value[: len(wanted)]) == wanted]
    close = difflib.get_close_matches(name, list(others), n=1, cutoff=0.6)
    for other, why in [*((o, "has the same parameters") for o in same), *((o, "has a similar name") for o in close)]:
        return f"; {other}({parameters_text(others[other])}) {why}"
    return ""


class Proxy:
    """A function of the implementation, called in its process; inspect.signature gives its own signature."""

    def __init__(self, implementation: Implementation, path: tuple[Any, ...], label: str, signature: Any) -> None:
        self.implementation, self.path, self.__name__ = implementation, path, label
        self.__signature__ = signature

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        __tracebackhide__ = True
        return self.implementation.invoke(self.path, self.__name__, args, kwargs)

    def __repr__(self) -> str:
        return f"<{self.__name__} of {self.implementation.target}>"


def rebuild(parameters: list[tuple[str, int, bool, Any]] | None) -> inspect.Signature | None:
    """The signature the worker described, rebuilt here (None if it cannot be)."""
    if parameters is None:
        return None
    try:
        return inspect.Signature(
            [
                inspect.Parameter(
                    name, inspect._ParameterKind(kind), default=default if has else inspect.Parameter.empty
                )
                for name, kind, has, default in parameters
            ]
        )
    except (TypeError, ValueError):
        return None


class Implementation:
    """One implementation of the course's API, with its optional capabilities detected."""

    def __init__(self, target: str, backend: Inline | Sealed) -> None:
        self.target = target
        self.backend = backend
        description = backend.description
        self.path = description["path"] or target
        self.names = set(description["names"])
        self.signatures: dict[str, Any] = description["signatures"]
        self.activations = description["activations"]
        self.dependencies: dict[str, list[str]] = description["calls"]
        self.missing = [name for name in COURSE_API if name not in self.signatures]
        self.notes: list[str] = description.get("notes", [])
        """The loader's notes: what was left out of the file, stand-ins, skipped imports, the --map applied."""
        self.problems: dict[str, list[str]] = description.get("problems", {})
        self.suggestions: dict[str, str] = description.get("suggestions", {})
        self.log = Log()
        self.strikes: dict[str, int] = {}
        self.struck_at: dict[str, tuple[faults.Frame, ...]] = {}
        """Per function called: the frames of its last crash or hang (where its strikes are charged)."""
        self.probing = False
        self._multi_output: dict[str, bool] = {}

    def __repr__(self) -> str:
        return f"Implementation({self.target!r} from {self.path})"

    def begin_test(self) -> None:
        """A new test: a fresh log, and the output budget of a sealed implementation renewed."""
        self.log = Log()
        self.backend.begin_test()

    def close(self) -> None:
        self.backend.close()

    def invoke(self, path: tuple[Any, ...], label: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
        """Call the implementation's function at path; a fault is logged, and raised from this one place."""
        __tracebackhide__ = True
        if self.probing:
            return self.backend.call(path, args, kwargs, f"{label} (probe)")
        name = str(path[0])
        self.log.calls[name] = None
        self.log.arguments[name] = (label, args, kwargs)
        self.log.last = name
        fault = self.halted(name, label, args, kwargs)
        if fault is None:
            try:
                return self.backend.call(path, args, kwargs, label)
            except faults.FAULTS as caught:
                fault = self.logged(caught)
        raise fault

    def halted(self, name: str, label: str, args: tuple[Any, ...], kwargs: dict[str, Any]) -> faults.Faulty | None:
        """A function that crashed or hung in STRIKES tests already is not called again."""
        if self.strikes.get(name, 0) < STRIKES:
            return None
        call = faults.call_text(label, args, kwargs)
        return self.logged(faults.not_called(name, call, STRIKES, self.struck_at.get(name, ())))

    def logged(self, fault: faults.Faulty) -> faults.Faulty:
        if self.probing:
            return fault.again()
        self.log.faults.append(fault.record)
        if isinstance(fault, faults.Halt) and fault.called not in self.log.halted:
            self.log.halted.add(fault.called)
            self.strikes[fault.called] = self.strikes.get(fault.called, 0) + 1
            self.struck_at[fault.called] = fault.frames
        again = fault.again()
        again.calls = self.log.snapshot()  # type: ignore[attr-defined]
        return again

    def call(self, name: str, *args: Any, **kwargs: Any) -> Any:
        """A required function of the course's API, called with args; a test that needs a missing one fails."""
        __tracebackhide__ = True
        if name not in self.signatures:
            raise self.logged(faults.missing(name, self.path, suggestion(name, self.signatures, self.suggestions)))
        return self.invoke((name,), name, args, kwargs)

    def function(self, name: str) -> Callable[..., Any]:
        """A required or optional function: a missing required one fails the test, a missing optional one skips it."""
        __tracebackhide__ = True
        if name not in self.signatures:
            if name in COURSE_API:
                raise self.logged(faults.missing(name, self.path, suggestion(name, self.signatures, self.suggestions)))
            pytest.skip(f"{self.target} does not define {name}()")
        return Proxy(self, (name,), name, rebuild(self.signatures[name]))

    def has(self, name: str) -> bool:
        return name in self.names

    def accepts(self, function: str, keyword: str) -> bool:
        """Whether function takes the keyword argument ``keyword``."""
        parameters = self.signatures.get(function)
        if parameters is None:
            return False
        return any(name == keyword or kind == inspect.Parameter.VAR_KEYWORD for name, kind, *_ in parameters)

    def _with_activation(self, function: str, activation: str) -> dict[str, str]:
        if activation == "tanh" and not self.accepts(function, "activation"):
            return {}
        if not self.accepts(function, "activation"):
            pytest.skip(f"{self.target}.{function}() takes no activation= keyword (needed for {activation!r})")
        return {"activation": activation}

    def multi_output_in(self, *functions: str) -> bool:
        """Whether each of the functions handles n_y > 1, probed on that function alone (MULTI_OUTPUT_PROBES)."""
        for name in functions:
            if name not in self._multi_output:
                self._multi_output[name] = name in self.signatures and self._probe(
                    lambda name=name: MULTI_OUTPUT_PROBES[name](self, self.eps)
                )
        return all(self._multi_output[name] for name in functions)

    def _probe(self, call: Callable[[], bool]) -> bool:
        """A probe's answer; no when it raises, crashes or hangs. Its calls are not logged (no test is charged), and
        the global RNG, the warnings and the output are left as they were."""
        state = np.random.get_state()  # noqa: NPY002  (the course's functions use, and seed, the global RNG)
        self.probing = True
        try:
            with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
                warnings.simplefilter("ignore")
                return bool(call())
        except (Exception, faults.Halt):
            return False
        finally:
            self.probing = False
            np.random.set_state(state)  # noqa: NPY002

    @cached_property
    def variants(self) -> list[str]:
        """The harmless variants of COURSE.md this implementation is recognised as, by short name (probes.py)."""
        return [name for name, probe in VARIANT_PROBES.items() if self._probe(lambda probe=probe: probe(self))]

    @cached_property
    def dtype(self) -> type[np.floating[Any]]:
        """The precision it computes in: float32 if its forward pass returns float32 arrays, else float64."""
        return np.float32 if self._probe(lambda: float32(self)) else np.float64

    @property
    def eps(self) -> float:
        """Machine epsilon of the precision it computes in: the unit of every rounding bound for it."""
        return float(np.finfo(self.dtype).eps)

    @cached_property
    def cost_takes_parameters(self) -> bool:
        """Whether compute_cost requires the oldest generation's third argument."""
        parameters = rebuild(self.signatures.get("compute_cost"))
        if parameters is None:
            return False
        required = [
            p
            for p in parameters.parameters.values()
            if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
        ]
        return len(required) >= 3

    def require_multi_output(self, *functions: str) -> None:
        """Skip unless every one of functions (forward_propagation when none is named) handles n_y > 1."""
        for name in functions or ("forward_propagation",):
            if not self.multi_output_in(name):
                pytest.skip(f"{self.target}.{name}() does not handle n_y > 1 (optional capability)")

    def forward(self, X: Any, parameters: Mapping[str, Any], activation: str = "tanh") -> tuple[Any, dict[str, Any]]:
        extra = self._with_activation("forward_propagation", activation)
        A2, cache = self.call("forward_propagation", X, parameters, **extra)
        return A2, cache

    def cost(self, A2: Any, Y: Any, parameters: Mapping[str, Any] | None = None) -> Any:
        if self.cost_takes_parameters:
            return self.call("compute_cost", A2, Y, parameters)
        return self.call("compute_cost", A2, Y)

    def backward(
        self, parameters: Mapping[str, Any], cache: Mapping[str, Any], X: Any, Y: Any, activation: str = "tanh"
    ) -> dict[str, Any]:
        extra = self._with_activation("backward_propagation", activation)
        grads: dict[str, Any] = self.call("backward_propagation", parameters, cache, X, Y, **extra)
        return grads

    def intermediates(
        self, parameters: Mapping[str, Any], cache: Mapping[str, Any], X: Any, Y: Any, activation: str = "tanh"
    ) -> dict[str, Any]:
        function = self.function("backward_intermediates")
        extra = self._with_activation("backward_intermediates", activation)
        values: dict[str, Any] = function(parameters, cache, X, Y, **extra)
        return values

    def update(self, parameters: Mapping[str, Any], grads: Mapping[str, Any], learning_rate: float) -> dict[str, Any]:
        new: dict[str, Any] = self.call("update_parameters", parameters, grads, learning_rate)
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
        params: dict[str, Any] = self.call("nn_model", X, Y, n_h, num_iterations=num_iterations, **extra)
        return params

    def predict(self, parameters: Mapping[str, Any], X: Any, activation: str = "tanh") -> Any:
        extra = self._with_activation("predict", activation)
        return self.call("predict", parameters, X, **extra)

    def activation(self, name: str) -> tuple[Callable[[Any], Any], Callable[[Any], Any]]:
        """(g, g') from the optional ACTIVATIONS mapping."""
        if not isinstance(self.activations, dict):
            pytest.skip(f"{self.target} defines no ACTIVATIONS mapping of (g, g') pairs")
        if name not in self.activations:
            pytest.skip(f"{self.target}.ACTIVATIONS has no {name!r}")
        if not isinstance(self.activations[name], list):
            pytest.fail(f"{self.target}.ACTIVATIONS[{name!r}] is {self.activations[name]}", pytrace=False)
        g, dg = (Proxy(self, ("ACTIVATIONS", name, i), f"ACTIVATIONS[{name!r}][{i}]", None) for i in (0, 1))
        return g, dg


_current: Implementation | None = None


def inline_backend(target: str, mapping: Mapping[str, str] | None = None) -> Inline:
    try:
        loaded = import_target(target, mapping)
    except FileNotFoundError:
        raise
    except LoaderError as error:
        raise LoadError(str(error).removesuffix(".") + ".") from error
    except Exception as error:
        raise LoadError(f"importing {target} raised {type(error).__name__}: {error}") from error
    return Inline(loaded)


def load(
    target: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    inline: bool = False,
    mapping: Mapping[str, str] | None = None,
) -> Implementation:
    """Load the implementation named by target, $SHALLOW_PROOFS_IMPL, or the reference, and make it current.

    The target is loaded by properties/loader.py (a .py file, an .ipynb notebook or a module name; module-level
    statements are left out; ``mapping`` tests a learner's function under the course's name). The reference
    (trusted) and, with ``inline``, any target are loaded into this process; any other target runs in a worker
    process (properties/sealed.py), under a limit of ``timeout`` seconds per call. A file that cannot be loaded
    raises LoadError; a path that names no file, FileNotFoundError.
    """
    global _current
    target = target or os.environ.get(ENV) or DEFAULT
    if is_path(target) and not Path(target).expanduser().is_file():
        raise FileNotFoundError(f"--impl {target!r}: no such file (a relative path is read from {Path.cwd()})")
    if _current is not None:
        _current.close()
    backend = inline_backend(target, mapping) if inline or target == DEFAULT else Sealed(target, timeout, mapping)
    _current = Implementation(target, backend)
    return _current


def close() -> None:
    """Stop the worker of the current implementation, if any."""
    if _current is not None:
        _current.close()


def current() -> Implementation:
    """The implementation under test (loaded at start-up)."""
    return _current if _current is not None else load()
