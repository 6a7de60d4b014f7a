"""The suite's side of the worker (properties/worker.py): the implementation under test runs in its own process.

:class:`Sealed` starts a worker, loads the implementation there and calls it under a time limit. Each call carries
numpy's global RNG state and floating-point error state to the worker and brings back the RNG state, the arguments as
the call left them, what it printed and the warnings it raised, so that a test sees what it would see in-process.
A worker that dies or hangs is stopped; the call fails (:mod:`faults`) and the next call starts a fresh worker.
Nothing the implementation does in its process reaches the suite's, but for the plain data the worker sends back.
"""

from __future__ import annotations

import builtins
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import warnings
from collections.abc import Sequence
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import numpy as np

from shallow_proofs.properties import bounded, faults, rng, wire, worker
from shallow_proofs.properties.faults import Frame
from shallow_proofs.properties.worker import DUMP_SIGNAL, EXIT_MARK, is_path

MAX_REPLY = 256 * 2**20
"""A reply larger than this (256 MiB) ends the worker: nothing in the course's API is that large."""
DUMP_WAIT = 5.0
"""Seconds to wait at most for a hung worker's stack dump before it is killed. The wait ends as soon as the dump is
complete (milliseconds on an idle machine); on a loaded one the worker may not run its signal handler for over a
second (a CI run at load 5 to 7 reported a hang in forward_propagation without its line, with 1 s)."""
WORKER_FILE = str(Path(worker.__file__))
"""The worker's own module: its frames lie below the implementation's on every stack the worker dumps."""
CUT = re.compile(r"^  \.\.\.$", re.MULTILINE)
"""faulthandler's last line for a stack cut at its 100 frames."""
FRAME = re.compile(r'^\s*File "(?P<path>.*)", line (?P<line>\d+) in (?P<function>.*)$', re.MULTILINE)
SIGNALS = {signal.SIGSEGV: "a segmentation fault (SIGSEGV)", signal.SIGABRT: "an abort (SIGABRT)"}


class LoadError(Exception):
    """The implementation could not be imported: the message is one paragraph for a person."""


class Ended(Exception):
    """The worker ended, or was stopped, during a request: how, and its frames in the implementation's file."""

    def __init__(self, how: str, frames: Sequence[Frame], timed_out: bool = False) -> None:
        super().__init__(how)
        self.how, self.frames, self.timed_out = how, list(frames), timed_out


def stack(text: str, path: str) -> list[Frame]:
    """The frames in path of the last stack faulthandler dumped in text, innermost last."""
    block = text.rsplit("(most recent call first):", 1)[-1]
    frames = [Frame(m["path"], int(m["line"]), m["function"].strip(), "") for m in FRAME.finditer(block)]
    return [frame for frame in reversed(frames) if path and frame.path == path]


def complete(dump: str) -> bool:
    """A stack dump has reached the worker's own frames, or faulthandler's cut: every frame above them is written."""
    block = dump.rsplit("(most recent call first):", 1)[-1]
    return any(m["path"] == WORKER_FILE for m in FRAME.finditer(block)) or CUT.search(block) is not None


class Process:
    """One worker process, its connection and its dump file."""

    def __init__(self, path: str) -> None:
        self.path = path
        handle, name = tempfile.mkstemp(prefix="shallow-proofs-worker-", suffix=".txt")
        os.close(handle)
        self.dump = Path(name)
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", "shallow_proofs.properties.worker", str(theirs.fileno()), name]
        self.popen = subprocess.Popen(
            command,
            pass_fds=(theirs.fileno(),),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # Ctrl-C in the terminal reaches the suite, which stops the worker
        )
        theirs.close()
        self.connection = Connection(ours.detach())

    def request(self, message: tuple[Any, ...], timeout: float) -> dict[str, Any]:
        """Send message, wait at most timeout seconds for the reply; Ended if the worker died or hung."""
        try:
            try:
                self.connection.send_bytes(wire.dumps(message))
                ready = self.connection.poll(timeout)
            except OSError:
                ready = True  # the worker is gone: receiving says how
            if not ready:
                frames = self.hung_stack()
                self.stop()
                raise Ended(f"no reply within {timeout:g} s", frames, timed_out=True)
            try:
                data = self.connection.recv_bytes(MAX_REPLY)
            except EOFError:
                raise Ended(self.death(), stack(self.dumped(), self.path)) from None
            except OSError as error:  # a reply over MAX_REPLY, or a broken connection
                raise Ended(f"its reply could not be read ({error}; at most {MAX_REPLY:,} bytes)", []) from None
            try:
                reply: dict[str, Any] = wire.loads(data)
            except Exception as error:
                self.stop()
                raise Ended(f"the worker sent a reply that is not plain data ({error})", []) from None
            return reply
        except BaseException:  # Ended, or Ctrl-C while waiting: no worker outlives a call that did not return
            self.stop()
            raise

    def dumped(self) -> str:
        try:
            with self.dump.open(errors="replace") as file:
                return file.read()[-65536:]
        except OSError:
            return ""

    def hung_stack(self) -> list[Frame]:
        """Ask the hung worker for its stack (faulthandler answers even inside C code) and read it once complete.

        faulthandler writes a stack a line at a time, innermost frame first: a worker preempted in the middle of its
        dump leaves a part that no longer changes for a while (two CI runs read the header without the
        implementation's line). The dump is complete once it reaches the worker's own frames, which lie below the
        implementation's, or faulthandler's cut; else whatever came within DUMP_WAIT is read."""
        before = self.dumped()
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.popen.pid, DUMP_SIGNAL)
        deadline = time.monotonic() + DUMP_WAIT
        text = before
        while time.monotonic() < deadline and not complete(text[len(before) :]):
            time.sleep(0.01)
            text = self.dumped()
        return stack(text[len(before) :], self.path) if text != before else []

    def death(self) -> str:
        """How the worker ended, from its exit status and dump."""
        try:
            status = self.popen.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.stop()
            return "the worker process stopped answering"
        text = self.dumped()
        if EXIT_MARK in text:
            return f"os._exit({text.rsplit(EXIT_MARK, 1)[1].split()[0]}) ended the worker process"
        if status < 0:
            name = signal.Signals(-status)
            return f"the worker process was killed by {SIGNALS.get(name, name.name)}"
        return f"the worker process exited with status {status}"

    def stop(self) -> None:
        """Kill the worker and whatever it started (its process group); forget the dump file."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.popen.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=5)
        self.connection.close()
        self.dump.unlink(missing_ok=True)

    def finish(self) -> None:
        """After a reply that says the worker exits (it raised SystemExit or KeyboardInterrupt)."""
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.popen.wait(timeout=1)
        self.stop()


def warning_type(name: str) -> type[Warning] | None:
    """The built-in or numpy warning class of that name; None for a class the suite does not know."""
    for module in (builtins, np.exceptions):
        value = getattr(module, name, None)
        if isinstance(value, type) and issubclass(value, Warning):
            return value
    return None


def warn_again(records: Sequence[Sequence[Any]]) -> None:
    """Raise the worker's warnings here, under the filters in force in the test."""
    for name, message, filename, lineno in records:
        category = warning_type(name)
        if category is None:
            category, message = UserWarning, f"[{name}] {message}"
        warnings.warn_explicit(message, category, filename, lineno, registry={})


def write_back(original: Any, after: Any) -> None:
    """Make original (the suite's argument) what the call left of it in the worker: arrays in place, dicts and
    lists item by item, so a test that checks its inputs are unchanged sees a mutation as it would in-process."""
    if isinstance(original, np.ndarray) and isinstance(after, np.ndarray):
        if original.shape == after.shape and original.flags.writeable:
            np.copyto(original, after, casting="unsafe")
    elif isinstance(original, dict) and isinstance(after, dict):
        for key in [key for key in original if key not in after]:
            del original[key]
        for key, value in after.items():
            if key in original and _same_kind(original[key], value):
                write_back(original[key], value)
            else:
                original[key] = value
    elif isinstance(original, list) and isinstance(after, list):
        if len(original) != len(after):
            original[:] = after
        else:
            for index, value in enumerate(after):
                if _same_kind(original[index], value):
                    write_back(original[index], value)
                else:
                    original[index] = value


def _same_kind(original: Any, after: Any) -> bool:
    if isinstance(original, np.ndarray):
        return isinstance(after, np.ndarray) and original.shape == after.shape and original.dtype == after.dtype
    return isinstance(original, dict | list) and type(original) is type(after)


class Sealed:
    """The implementation under test in a worker process, restarted after every crash or timeout."""

    def __init__(self, target: str, timeout: float, mapping: dict[str, str] | None = None) -> None:
        self.target, self.timeout, self.mapping = target, timeout, dict(mapping or {})
        self.path = str(Path(target).expanduser().resolve()) if is_path(target) else ""
        self.process: Process | None = None
        self.rng, self.synced = rng.Tracker(), False
        self.begin_test()
        self.description = self.start()

    def start(self) -> dict[str, Any]:
        """A fresh worker with the implementation loaded: its description; LoadError if the import fails."""
        process = Process(self.path)
        try:
            reply = process.request(("load", self.target, self.mapping), self.timeout)
        except Ended as ended:
            if ended.timed_out:
                how = f"did not finish within {self.timeout:g} s"
            else:
                how = f"ended the process: {ended.how}"
            raise LoadError(f"importing {self.path or self.target} {how}{faults.where(ended.frames)}.") from None
        if reply["outcome"] != "loaded":
            process.finish() if reply["outcome"] == "exited" else process.stop()
            error = reply["error"]
            if error["type"] == "LoadError":  # the loader's message names the file, the line and the cause
                raise LoadError(error["message"].removesuffix(".") + ".")
            how = f"raised {faults.exception_text(error)}"
            where = faults.where(faults.frames_of(error["frames"]))
            raise LoadError(f"importing {self.path or self.target} {how}{where}.")
        self.process, self.synced = process, False
        self.path = process.path = reply["description"]["filename"] or self.path
        description: dict[str, Any] = reply["description"]
        return description

    def begin_test(self) -> None:
        self.budget = bounded.Budget()

    def close(self) -> None:
        if self.process is not None:
            self.process.stop()
            self.process = None

    def call(self, path: tuple[Any, ...], args: tuple[Any, ...], kwargs: dict[str, Any], label: str) -> Any:
        """Call the function at path in the worker; raise a fault if it raised, crashed or hung."""
        name = str(path[0])
        if self.process is None:
            try:
                self.start()
            except LoadError as error:
                how = f"a fresh worker could not load the implementation: {error}"
                raise faults.crashed(name, faults.call_text(label, args, kwargs), how, []) from None
        assert self.process is not None
        state = self.rng.take() if not self.synced or self.rng.moved() else None
        message = ("call", path, wire.dumps((args, kwargs)), state, np.geterr())
        try:
            reply = self.process.request(message, self.timeout)
            self.synced = True
        except Ended as ended:
            self.process = None
            call = faults.call_text(label, args, kwargs)
            if ended.timed_out:
                raise faults.timed_out(name, call, self.timeout, ended.frames) from None
            raise faults.crashed(name, call, ended.how, ended.frames) from None
        if reply["outcome"] == "exited":
            self.process.finish()
            self.process = None
        self.replay(reply, args, kwargs)
        if reply["outcome"] == "returned":
            return reply["result"]
        call = faults.call_text(label, args, kwargs)
        if reply["outcome"] == "raised":
            raise faults.raised(name, call, reply["error"])
        error = reply["error"]
        how = f"it raised {error['type']}" + (f"({error['message']})" if error["message"] else "")
        raise faults.crashed(name, call, how, faults.frames_of(error["frames"]))

    def replay(self, reply: dict[str, Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
        """What the call did that a test can see: the RNG, the arguments, the output, the warnings (last: they may
        raise, under the test's filters)."""
        if reply.get("rng") is not None:
            self.rng.put(reply["rng"])
        if reply.get("arguments") is not None:
            after_args, after_kwargs = reply["arguments"]
            for original, after in zip((*args, *kwargs.values()), (*after_args, *after_kwargs.values()), strict=False):
                write_back(original, after)
        self.budget.show(reply.get("stdout", ""), sys.stdout)
        self.budget.show(reply.get("stderr", ""), sys.stderr)
        warn_again(reply.get("warnings", []))
