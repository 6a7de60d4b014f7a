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
    import threading
    from collections.abc import Callable, Iterator
    from contextlib import AbstractContextManager
    from sys import UnraisableHookArgs
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
RETRY = 0.05
"""Seconds between two tries of :func:`raising`'s watchdog to raise again a KeyboardInterrupt lost in a finalizer."""


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

    Python runs the handler in whatever code the main thread is running, a finalizer included (a ``__del__``, a
    weakref callback, a gc callback: Hypothesis times every collection with one): there the KeyboardInterrupt cannot
    propagate, CPython hands it to ``sys.unraisablehook`` and the run goes on. So the block's hook, set at the first
    SIGINT over the one in place then (pytest's, during a run), tells the watchdog, which sends the main thread a
    SIGINT again (within RETRY seconds), and the handler raises it again, until it propagates. A KeyboardInterrupt
    caught by a bare ``except`` is lost still: GRACE seconds after the first SIGINT the process ends anyway, as
    :func:`quiet` ends it; a second SIGINT ends it at once.
    """
    import threading
    from contextlib import contextmanager, nullcontext

    @contextmanager
    def default_handler() -> Iterator[None]:
        interrupted, left = threading.Event(), threading.Event()
        lost, again = threading.Event(), threading.Event()  # a KeyboardInterrupt lost; the handler to raise it again

        def watchdog() -> None:
            import _thread
            import time

            interrupted.wait()
            deadline = time.monotonic() + GRACE
            while not left.wait(RETRY):
                if time.monotonic() > deadline:
                    say(command)
                    exit_now(INTERRUPTED)
                if lost.is_set():
                    lost.clear()
                    again.set()
                    if hasattr(signal, "pthread_kill"):  # a signal: it also ends a system call the thread waits in
                        signal.pthread_kill(threading.main_thread().ident or 0, signal.SIGINT)
                    else:
                        _thread.interrupt_main(signal.SIGINT)

        def handler(signum: int, frame: FrameType | None) -> None:
            if again.is_set():  # called by the watchdog: raise the lost KeyboardInterrupt again, outside the hook
                again.clear()
                if in_hook(frame):
                    lost.set()
                    return
                raise KeyboardInterrupt
            if interrupted.is_set():  # a second Ctrl-C
                say(command)
                exit_now(INTERRUPTED)
            interrupted.set()
            sys.unraisablehook = KeepsKeyboardInterrupt(sys.unraisablehook, lost)
            raise KeyboardInterrupt

        threading.Thread(target=watchdog, name="shallow-proofs-watchdog", daemon=True).start()
        previous = signal.signal(signal.SIGINT, handler)
        try:
            yield
        finally:
            signal.signal(signal.SIGINT, previous)
            if isinstance(sys.unraisablehook, KeepsKeyboardInterrupt) and sys.unraisablehook.lost is lost:
                sys.unraisablehook = sys.unraisablehook.hook
            left.set()
            interrupted.set()

    return default_handler() if threading.current_thread() is threading.main_thread() else nullcontext()


class KeepsKeyboardInterrupt:
    """An unraisablehook: hook, but an unraisable KeyboardInterrupt (raised by the SIGINT handler inside a finalizer)
    is not passed to hook: it sets ``lost``, for :func:`raising`'s watchdog to have it raised again."""

    def __init__(self, hook: Callable[[UnraisableHookArgs], object], lost: threading.Event) -> None:
        self.hook, self.lost = hook, lost

    def __call__(self, unraisable: UnraisableHookArgs) -> None:
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            self.lost.set()
        else:
            self.hook(unraisable)


def in_hook(frame: FrameType | None) -> bool:
    """Whether frame is, or is called by, :class:`KeepsKeyboardInterrupt`: an exception raised there is lost."""
    while frame is not None:
        if frame.f_code is KeepsKeyboardInterrupt.__call__.__code__:
            return True
        frame = frame.f_back
    return False


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
