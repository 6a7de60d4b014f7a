"""The worker: the only process that imports and calls the implementation under test.

Run by the suite (properties/sealed.py) as ``python -m shallow_proofs.properties.worker FD DUMP``: FD is its end of a
socket pair to the suite, DUMP a file for faulthandler's stack dumps. It serves requests, each a pickled tuple:

- ``("load", target, mapping)``: load the implementation with properties/loader.py (a .py file, an .ipynb notebook or
  a module name; module-level statements are left out; ``mapping`` as in ``--map nn_model=neural_model``); the reply
  describes it (names, signatures, ACTIVATIONS, which course functions each one calls, the loader's notes, problems
  and suggestions) or says how the load failed.
- ``("call", path, arguments, rng_state, errstate)``: call ``module.path[0][path[1]]...`` on the arguments (pickled
  by the suite), with numpy's global RNG set to the suite's state (None: as the last call left it, properties/rng.py)
  and the suite's floating-point error state. The reply holds the result (or the exception: type, message, the frames
  in the implementation's file), what the call printed (bounded), the warnings it raised, the RNG state after it if
  the call moved it and, if the call changed them, the arguments after it.

Anything that ends the worker (``os._exit``, a signal) ends the call; the suite reads the dump to say where it was. A
``SystemExit`` or ``KeyboardInterrupt`` raised by the implementation is replied, then the worker exits.
"""

from __future__ import annotations

import contextlib
import ctypes
import faulthandler
import inspect
import os
import pickle
import signal
import sys
import traceback
import types
import warnings
from collections.abc import Callable, Mapping
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from shallow_proofs.properties import bounded, loader, rng, wire

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
OPTIONAL = ("ACTIVATIONS", "backward_intermediates", "cost_from_logits", "propagate")
DUMP_SIGNAL = signal.SIGUSR1
EXIT_MARK = "os._exit called with status "
MAX_MESSAGE = 4000
PR_SET_PDEATHSIG = 1
_exit = os._exit  # the real one: the implementation's os._exit is traced (see _trace_exit)


def is_path(target: str) -> bool:
    return target.endswith((".py", ".ipynb")) or os.sep in target or "/" in target


def import_target(target: str, mapping: Mapping[str, str] | None = None) -> loader.Loaded:
    """Load a module by name, a .py file or an .ipynb notebook (properties/loader.py: module-level statements are
    left out); a path that names no file raises FileNotFoundError, anything else that fails LoadError."""
    if is_path(target) and not Path(target).expanduser().is_file():
        raise FileNotFoundError(f"--impl {target!r}: no such file {Path(target).expanduser().resolve()}")
    return loader.load(target, mapping=mapping)


def loader_notes(loaded: loader.Loaded) -> dict[str, Any]:
    """What the loader found, as plain data: its notes, the problems per function, the suggested renames."""
    return {
        "filename": loaded.filename,
        "notes": list(loaded.notes),
        "problems": {name: list(found) for name, found in loaded.problems.items()},
        "suggestions": {s.missing: str(s) for s in loaded.suggestions},
    }


def resolve(module: types.ModuleType, path: tuple[Any, ...]) -> Any:
    """module.path[0], then [path[1]], [path[2]] ...: ("ACTIVATIONS", "tanh", 0) is module.ACTIVATIONS["tanh"][0]."""
    value = getattr(module, path[0])
    for key in path[1:]:
        value = value[key]
    return value


def signature(function: Any) -> list[tuple[str, int, bool, Any]] | None:
    """(name, kind, has a default, the default as plain data) per parameter; None when inspect cannot tell."""
    try:
        parameters = inspect.signature(function).parameters.values()
    except (TypeError, ValueError):
        return None
    return [(p.name, int(p.kind), p.default is not p.empty, wire.plain(p.default)) for p in parameters]


def referenced(function: Any) -> list[str]:
    """The course's functions whose names function's code (and the code nested in it) looks up."""
    code = getattr(function, "__code__", None)
    names: set[str] = set()
    stack = [code] if isinstance(code, types.CodeType) else []
    while stack:
        current = stack.pop()
        names.update(current.co_names)
        stack += [const for const in current.co_consts if isinstance(const, types.CodeType)]
    return sorted(names.intersection(COURSE_API) - {getattr(function, "__name__", "")})


def describe(module: types.ModuleType) -> dict[str, Any]:
    """What the suite needs to know of the implementation, as plain data."""
    public = {name: getattr(module, name, None) for name in dir(module) if not name.startswith("_")}
    callables = {name: value for name, value in public.items() if callable(value) and not inspect.isclass(value)}
    table = public.get("ACTIVATIONS")
    activations: Any = None
    if table is not None:
        activations = "not a mapping"
        if isinstance(table, Mapping):
            activations = {
                str(key): [callable(item) for item in pair]
                if isinstance(pair, tuple | list) and len(pair) == 2
                else "not a pair (g, dg)"
                for key, pair in table.items()
            }
    file = getattr(module, "__file__", None)
    return {
        "path": str(Path(file).resolve()) if file else "",
        "names": sorted(public),
        "signatures": {name: signature(value) for name, value in callables.items()},
        "activations": activations,
        "calls": {name: referenced(callables[name]) for name in COURSE_API if name in callables},
    }


def error_info(error: BaseException, path: str) -> dict[str, Any]:
    """The exception as plain data: its type, nearest built-in base, message, and the frames in the file at path."""
    builtin = next(base.__name__ for base in type(error).__mro__ if base.__module__ == "builtins")
    frames = [
        (frame.filename, frame.lineno, frame.name, frame.line or "")
        for frame in traceback.extract_tb(error.__traceback__)
        if frame.filename == path
    ]
    if isinstance(error, SyntaxError) and error.filename and Path(error.filename).resolve() == Path(path):
        frames.append((path, error.lineno or 0, "<module>", (error.text or "").strip()))
    try:
        message = str(error)
    except Exception:
        message = "(its str() raised)"
    if len(message) > MAX_MESSAGE:
        message = message[:MAX_MESSAGE] + f" ... ({len(message):,} characters)"
    return {"type": type(error).__qualname__, "builtin": builtin, "message": message, "frames": frames}


def warning_info(caught: list[warnings.WarningMessage]) -> list[tuple[str, str, str, int]]:
    """(category, message, filename, lineno) per warning, for the suite to raise again under its own filters."""
    return [(w.category.__name__, str(w.message), str(w.filename), int(w.lineno or 0)) for w in caught]


@contextlib.contextmanager
def captured(out: TextIO, err: TextIO) -> Any:
    """stdout and stderr into out and err, every warning recorded."""
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            yield caught


class Worker:
    """The worker's state: the connection, the dump file and the implementation once loaded."""

    def __init__(self, connection: Connection, dump: TextIO) -> None:
        self.connection = connection
        self.dump = dump
        self.module: types.ModuleType | None = None
        self.loaded: loader.Loaded | None = None
        self.path = ""
        self.rng = rng.Tracker()

    def serve(self) -> None:
        while True:
            try:
                request = pickle.loads(self.connection.recv_bytes())
            except (EOFError, OSError):
                return
            reply, ended = self.handle(request)
            self.connection.send_bytes(wire.dumps(reply))
            if ended:
                _exit(0)

    def handle(self, request: tuple[Any, ...]) -> tuple[dict[str, Any], bool]:
        if request[0] == "load":
            return self.load(request[1], request[2] if len(request) > 2 else None)
        return self.call(*request[1:])

    def load(self, target: str, mapping: Mapping[str, str] | None) -> tuple[dict[str, Any], bool]:
        out, err = bounded.Bounded(), bounded.Bounded()
        self.path = str(Path(target).expanduser().resolve()) if is_path(target) else ""
        try:
            with captured(out, err):
                self.loaded = import_target(target, mapping)
        except Exception as error:
            return {"outcome": "raised", "error": error_info(error, self.path), "stdout": out.text()}, False
        except BaseException as error:
            return {"outcome": "exited", "error": error_info(error, self.path), "stdout": out.text()}, True
        self.module = self.loaded.module
        description = describe(self.module) | loader_notes(self.loaded)
        self.path = self.loaded.filename if self.loaded.path is not None else description["path"]
        description["filename"] = self.path
        return {"outcome": "loaded", "description": description}, False

    def call(
        self, path: tuple[Any, ...], arguments: bytes, state: Any, errstate: dict[str, str]
    ) -> tuple[dict[str, Any], bool]:
        assert self.module is not None, "call before load"
        args, kwargs = pickle.loads(arguments)
        if state is not None:  # None: the suite's RNG is where this worker's was after the last call
            self.rng.put(state)
        out, err = bounded.Bounded(), bounded.Bounded()
        reply: dict[str, Any] = {"outcome": "returned"}
        ended = False
        with captured(out, err) as caught, np.errstate(**errstate):  # type: ignore[arg-type]
            try:
                function: Callable[..., Any] = resolve(self.module, path)
                reply["result"] = wire.plain(function(*args, **kwargs))
            except Exception as error:
                reply = {"outcome": "raised", "error": self.explained(error_info(error, self.path), error)}
            except BaseException as error:
                reply, ended = {"outcome": "exited", "error": error_info(error, self.path)}, True
        reply["rng"] = self.rng.take() if self.rng.moved() else None
        reply["stdout"], reply["stderr"] = out.text(), err.text()
        reply["warnings"] = warning_info(caught)
        reply["arguments"] = None if _pickled(args, kwargs) == arguments else wire.plain((args, kwargs))
        return reply, ended

    def explained(self, info: dict[str, Any], error: Exception) -> dict[str, Any]:
        """The error, with the numpy removal behind it named (np.asscalar: write a.item()) when there is one."""
        why = self.loaded.explain(error) if self.loaded is not None else None
        if why:
            info["message"] = f"{info['message']} ({why})"
        return info


def _pickled(args: Any, kwargs: Any) -> bytes:
    try:
        return wire.dumps((args, kwargs))
    except Exception:
        return b""


def _trace_exit(dump: TextIO) -> None:
    """os._exit writes where it was called (and its status) to the dump before it ends the process."""

    def traced_exit(status: int) -> None:
        dump.write(f"{EXIT_MARK}{status}\n")
        dump.flush()
        faulthandler.dump_traceback(file=dump, all_threads=False)
        _exit(status)

    os._exit = traced_exit  # type: ignore[assignment]


def _die_with_parent() -> None:
    """On Linux, the kernel kills the worker when the suite's process ends, even while user code loops."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def main(argv: list[str]) -> None:
    fd, dump_path = int(argv[0]), argv[1]
    dump = open(dump_path, "a", buffering=1)
    faulthandler.enable(file=dump, all_threads=False)
    faulthandler.register(DUMP_SIGNAL, file=dump, all_threads=False, chain=False)
    _die_with_parent()
    _trace_exit(dump)
    Worker(Connection(fd), dump).serve()


if __name__ == "__main__":
    main(sys.argv[1:])
