"""What can go wrong in a call of the implementation, as the exceptions a test fails with.

- :class:`Raised`: the implementation raised an exception (a subclass of the same built-in type is raised here, so
  ``except ValueError`` and ``pytest.raises(ValueError)`` in a test see it as they would in-process);
- :class:`Missing`: a required function of the course's API is not defined;
- :class:`Crashed`: the worker process ended during the call (``os._exit``, ``sys.exit``, a signal such as a
  segmentation fault, a ``KeyboardInterrupt`` raised by the implementation);
- :class:`TimedOut`: the call did not return within the time limit;
- :class:`NotCalled`: the call was not made, since the function crashed or hung in enough tests already.

The first two are Exceptions: Hypothesis shrinks them as any failure. The last three are not (see :class:`Halt`).

Each names the call, says what happened and where: the innermost frame in the implementation's file. A fault is
*charged* to the innermost of the course's functions on that stack (a predict that hangs inside the implementation's
own forward_propagation is charged to forward_propagation), else to the function the suite called.
"""

from __future__ import annotations

import builtins
import linecache
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from shallow_proofs.properties.worker import COURSE_API, OPTIONAL

CHARGEABLE = (*COURSE_API, *OPTIONAL[1:])
MAX_KEYS = 6
MAX_REPR = 40


class Frame(NamedTuple):
    """One frame in the implementation's file."""

    path: str
    line: int
    function: str
    text: str

    def describe(self) -> str:
        source = self.text or linecache.getline(self.path, self.line).strip()
        return f"in {self.function}, line {self.line} of {Path(self.path).name}" + (f": `{source}`" if source else "")


def charged(called: str, frames: Sequence[Frame]) -> str:
    """The innermost of the course's functions among frames (innermost last), else the function called."""
    return next((frame.function for frame in reversed(frames) if frame.function in CHARGEABLE), called)


class Faulty:
    """A call of the implementation that did not return normally; ``record`` is its summary as plain data."""

    kind = "fault"

    def __init__(self, message: str, called: str, frames: Sequence[Frame] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.called = called
        self.frames = tuple(frames)

    @property
    def record(self) -> dict[str, str]:
        return {
            "kind": self.kind,
            "called": self.called,
            "charged": charged(self.called, self.frames),
            "message": self.message.splitlines()[0],
        }

    def again(self, reason: str = "") -> Faulty:
        """A fresh exception of the same type and message (raised from the same place: one failure, not two)."""
        return type(self)(reason + self.message, self.called, self.frames)


class Fault(Faulty, Exception):
    """The implementation raised, or lacks a function: an ordinary test failure (Hypothesis shrinks it)."""


class Halt(Faulty, BaseException):
    """The worker crashed or hung. Not an Exception, so Hypothesis does not call it again to shrink the example, and
    no ``except Exception`` in a test swallows it; pytest reports it as the test's failure."""


class Raised(Fault):
    kind = "raised"


class Missing(Fault):
    kind = "missing"


class Crashed(Halt):
    kind = "crashed"


class TimedOut(Halt):
    kind = "timeout"


class NotCalled(Halt):
    """A consequence of the crashes or hangs before it, never the first failure to show."""

    kind = "not called"


FAULTS = (Fault, Halt)


_RAISED: dict[str, type[Raised]] = {}


def raised_type(builtin: str) -> type[Raised]:
    """Raised, also a subclass of the built-in exception type the implementation's exception derives from."""
    if builtin not in _RAISED:
        base = getattr(builtins, builtin, None)
        bases: tuple[type, ...] = (Raised,)
        if isinstance(base, type) and issubclass(base, Exception) and base is not Exception:
            bases = (Raised, base)
        try:
            _RAISED[builtin] = type(f"Raised{builtin}", bases, {"__module__": __name__})
        except TypeError:  # a built-in whose layout cannot be combined
            _RAISED[builtin] = type(f"Raised{builtin}", (Raised,), {"__module__": __name__})
    return _RAISED[builtin]


def frames_of(raw: Sequence[Sequence[Any]]) -> list[Frame]:
    return [Frame(str(path), int(line), str(function), str(text)) for path, line, function, text in raw]


def traceback_lines(frames: Sequence[Frame]) -> list[str]:
    lines = []
    for frame in frames:
        lines.append(f'  File "{frame.path}", line {frame.line}, in {frame.function}')
        source = frame.text or linecache.getline(frame.path, frame.line).strip()
        if source:
            lines.append(f"    {source}")
    return lines


def shape(value: Any) -> str:
    """A short description of an argument: an array by dtype and shape, a dict by its keys' shapes."""
    if isinstance(value, np.ndarray):
        return f"array{value.shape} {value.dtype}"
    if isinstance(value, dict):
        items = [f"{key!r}: {shape(item)}" for key, item in list(value.items())[:MAX_KEYS]]
        return "{" + ", ".join(items) + (", ..." if len(value) > MAX_KEYS else "") + "}"
    text = repr(value)
    return text if len(text) <= MAX_REPR else text[: MAX_REPR - 3] + "..."


def call_text(label: str, args: Sequence[Any], kwargs: dict[str, Any]) -> str:
    """``nn_model(array(2, 5) float64, array(1, 5) float64, 3, num_iterations=10)``"""
    return f"{label}(" + ", ".join([*map(shape, args), *(f"{k}={shape(v)}" for k, v in kwargs.items())]) + ")"


def exception_text(error: dict[str, Any]) -> str:
    """``ValueError: shapes (4, 2) and (3, 5) not aligned``, or ``KeyboardInterrupt`` when it has no message."""
    return f"{error['type']}: {error['message']}" if error["message"] else error["type"]


def raised(name: str, call: str, error: dict[str, Any]) -> Raised:
    frames = frames_of(error["frames"])
    message = f"{call} raised {exception_text(error)}"
    if frames:
        message += "\n" + "\n".join(["Traceback, in the implementation's file:", *traceback_lines(frames)])
    return raised_type(error["builtin"])(message, name, frames)


def where(frames: Sequence[Frame]) -> str:
    return f", {frames[-1].describe()}" if frames else ""


def crashed(name: str, call: str, how: str, frames: Sequence[Frame]) -> Crashed:
    message = f"{call} crashed: {how}{where(frames)}. A fresh worker process takes the next call."
    return Crashed(message, name, frames)


def not_called(name: str, call: str, strikes: int, frames: Sequence[Frame]) -> NotCalled:
    """The call not made; ``frames`` are those of the last crash or hang, so it is charged where that happened (an
    nn_model whose forward_propagation crashed is not charged: forward_propagation is)."""
    message = f"{call} was not called: {name} crashed or timed out in {strikes} tests already{where(frames)}."
    return NotCalled(message, name, frames)


def timed_out(name: str, call: str, seconds: float, frames: Sequence[Frame]) -> TimedOut:
    message = f"{call} did not return within {seconds:g} s{where(frames)}. The worker process was stopped"
    limit = " (the limit: `shallow-proofs prove --timeout SECONDS`, or pytest's --impl-timeout SECONDS)."
    return TimedOut(message + limit, name, frames)


def missing(name: str, path: str, suggestion: str) -> Missing:
    return Missing(f"{name} is missing: {path} does not define it{suggestion}", name)
