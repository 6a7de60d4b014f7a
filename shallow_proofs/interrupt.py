"""Ctrl-C on every command: exit status 130 and one line on stderr, never a traceback, within a second.

The program's entry point calls :func:`quiet` before it imports any command: from then on SIGINT ends the process at
once. Python runs a signal handler in the main thread only, between two bytecodes, so work that spends long in one
numpy call runs :func:`in_worker`, the main thread waiting on a lock, which a signal interrupts at once. A command that
tidies up after an interrupt (prove prints the partial claim table, grade saves its rows) does it around a
:func:`raising` block, in which SIGINT raises KeyboardInterrupt as Python's default handler does; the program then
ends with :func:`exit_now`, without the interpreter's teardown (half a second once pytest is loaded).
"""

from __future__ import annotations

import os
import signal
import sys

TYPE_CHECKING = False  # not typing.TYPE_CHECKING: typing takes milliseconds to import, before Ctrl-C is handled
if TYPE_CHECKING:
    from collections.abc import Callable, Iterator
    from contextlib import AbstractContextManager
    from types import FrameType
    from typing import Any, TypeVar

    T = TypeVar("T")
    Handler = Callable[[int, FrameType | None], Any] | int | None

INTERRUPTED = 130
"""The exit status of a command ended by Ctrl-C, as a shell reports a process ended by SIGINT (128 + 2)."""
FLUSH_SECONDS = 0.5
GRACE = 10.0
"""Seconds from a SIGINT inside :func:`raising` to the end of the process, if the KeyboardInterrupt was lost: prove
prints its partial table within 0.5 to 1.5 s of a SIGINT on 2 shared CPUs (load average 6 to 18)."""


_stderr: list[int] = []
"""The process's stderr as it was when :func:`quiet` first ran, duplicated: pytest's capture points fd 2 at a file
while a test runs, and the line said from a signal handler must reach the terminal."""


def line(command: str) -> str:
    return f"shallow-proofs {command}: interrupted (Ctrl-C)"


def say(command: str) -> None:
    """Write ``line(command)`` to the original stderr; not through sys.stderr: this thread may be inside a write."""
    os.write(_stderr[0] if _stderr else 2, (line(command) + "\n").encode())


def exit_now(status: int) -> None:
    """End the process with status: stdout and stderr flushed, no interpreter teardown (os._exit).

    The flush runs in a thread given FLUSH_SECONDS: a pipe whose reader has stopped reading (a paused pager) blocks a
    write, and the thread blocked in it holds the stream's lock.
    """
    import threading

    flusher = threading.Thread(target=_flush, name="shallow-proofs-flush", daemon=True)
    flusher.start()
    flusher.join(FLUSH_SECONDS)
    os._exit(status)


def _flush() -> None:
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            pass  # closed, or its reader has gone


def quiet(command: str) -> Handler:
    """From now on SIGINT writes ``line(command)`` to stderr and ends the process with status 130; the old handler."""

    def interrupted(signum: int, frame: FrameType | None) -> None:
        say(command)
        exit_now(INTERRUPTED)

    if not _stderr:
        _stderr.append(os.dup(2))
    return signal.signal(signal.SIGINT, interrupted)


def raising(command: str) -> AbstractContextManager[None]:
    """A block in which SIGINT raises KeyboardInterrupt, as Python's default handler does; the handler before is back
    after it. Outside the main thread, where no signal handler can be set, the block changes nothing.

    A KeyboardInterrupt can be lost (raised inside a finalizer, caught by a bare ``except``), and then the run goes on:
    so GRACE seconds after the first SIGINT the process ends anyway, as :func:`quiet` ends it; a second SIGINT ends it
    at once.
    """
    import threading
    from contextlib import contextmanager, nullcontext

    @contextmanager
    def default_handler() -> Iterator[None]:
        interrupted, left = threading.Event(), threading.Event()

        def watchdog() -> None:
            interrupted.wait()
            if not left.wait(GRACE):
                say(command)
                exit_now(INTERRUPTED)

        def handler(signum: int, frame: FrameType | None) -> None:
            quiet(command)
            interrupted.set()
            raise KeyboardInterrupt

        threading.Thread(target=watchdog, name="shallow-proofs-watchdog", daemon=True).start()
        previous = signal.signal(signal.SIGINT, handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
            left.set()
            interrupted.set()

    return default_handler() if threading.current_thread() is threading.main_thread() else nullcontext()


def in_worker(work: Callable[[], T]) -> T:
    """work() run in a daemon thread while this thread waits for it; its result, or its exception raised here.

    numpy releases the GIL inside its calls, so the waiting main thread takes a SIGINT (runs the handler, or raises
    KeyboardInterrupt) within milliseconds, however long the numpy call in progress.
    """
    import threading

    outcome: list[tuple[bool, Any]] = []

    def run() -> None:
        try:
            outcome.append((True, work()))
        except BaseException as error:  # re-raised in the waiting thread
            outcome.append((False, error))

    worker = threading.Thread(target=run, name="shallow-proofs-worker", daemon=True)
    worker.start()
    worker.join()
    succeeded, value = outcome[0]
    if not succeeded:
        raise value
    result: T = value
    return result
