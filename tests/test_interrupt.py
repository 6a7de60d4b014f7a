"""Ctrl-C on every command (shallow_proofs/interrupt.py): exit status 130, one line, no traceback, from start-up on.

SIGINT goes to the process group of a subprocess, as a terminal's Ctrl-C does, at delays from 0 to 1 s after its
start. Before the interpreter sets its own handler, SIGINT kills the process (status -2, nothing printed); between
then and the first line of ``cli.main`` (CPython's start-up, the console script's imports), CPython prints a
traceback, or ends with "Fatal Python error: init_...: ... KeyboardInterrupt" (status 1) when the interrupt lands in
one of its own start-up steps (init_sys_streams, init_import_site), which no code of this package can prevent (it has
not run yet). From ``cli.main`` on, no traceback.
How long each command takes to exit is measured by bench/bench_interrupt.py, not here.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from shallow_proofs import interrupt

DELAYS = (0.0, 0.01, 0.03, 0.1, 0.3, 1.0)
BOUND = 30.0  # seconds from SIGINT to exit: far above the measured time, only to catch a hang
IN_MAIN = re.compile(r'cli\.py", line \d+, in main\b')
IN_START_UP = re.compile(r"\AFatal Python error: init_\w+: ")
ALLOWED = ("quiet", "killed before Python's handler", "traceback before cli.main", "fatal error in CPython's start-up")
FIXTURE = Path(__file__).parent / "impls" / "course_style.py"


def command_line(command: str, folder: Path) -> list[str]:
    if command == "train":
        return ["train", "--iterations", "100000000", "--print-every", "0"]
    if command == "prove":
        return ["prove"]
    shutil.copy(FIXTURE, folder / "a.py")
    return ["grade", str(folder / "a.py"), "--out", str(folder / "results.csv"), "--jobs", "1"]


def interrupted(argv: list[str], delay: float) -> tuple[int, str]:
    """SIGINT to ``python -m shallow_proofs ARGV``'s group delay seconds after its start; (exit status, stderr).

    An interrupt that CPython swallows before ``cli.main`` ("Exception ignored in ...": the run goes on) gets a second.
    """
    process = subprocess.Popen(
        [sys.executable, "-m", "shallow_proofs", *argv],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        time.sleep(delay)
        os.killpg(process.pid, signal.SIGINT)
        try:
            _, err = process.communicate(timeout=BOUND)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGINT)
            _, err = process.communicate(timeout=BOUND)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    return process.returncode, err


def verdict(status: int, err: str) -> str:
    """quiet, killed before Python's handler, a traceback or a fatal error before cli.main; or what is wrong."""
    if IN_START_UP.match(err) and "KeyboardInterrupt" in err and not IN_MAIN.search(err):
        return "fatal error in CPython's start-up"
    if "Traceback" in err:
        return "traceback in cli.main" if IN_MAIN.search(err) else "traceback before cli.main"
    if status == -signal.SIGINT and not err:
        return "killed before Python's handler"
    if status == interrupt.INTERRUPTED and len(err.splitlines()) <= 1:
        return "quiet"
    return f"exit status {status} with {len(err.splitlines())} lines on stderr"


@pytest.mark.parametrize("command", ["train", "prove", "grade"])
def test_ctrl_c_at_any_moment_from_start_up_on_exits_130_without_a_traceback(command, tmp_path):
    seen = {}
    for delay in DELAYS:
        status, err = interrupted(command_line(command, tmp_path), delay)
        seen[delay] = verdict(status, err)
        assert seen[delay] in ALLOWED, f"SIGINT {delay:g} s after the start of {command}: {seen[delay]}; stderr {err!r}"
    assert "quiet" in seen.values(), f"no SIGINT reached {command}'s cli.main, so this test proved nothing: {seen}"


STREAMS = (
    "Fatal Python error: init_sys_streams: can't initialize sys standard streams\n"
    "Python runtime state: core initialized\nKeyboardInterrupt\n\n"
    "Current thread 0x00007f8a41bc7b80 (most recent call first):\n  <no Python frame>\n"
)
IN_CLI_MAIN = '  File "/x/shallow_proofs/cli.py", line 9, in main\n'


@pytest.mark.parametrize(
    ("status", "err", "expected"),
    [
        (1, STREAMS, "fatal error in CPython's start-up"),
        (1, STREAMS.replace("KeyboardInterrupt", "MemoryError"), "exit status 1 with 6 lines on stderr"),
        (1, "Traceback (most recent call last):\n" + IN_CLI_MAIN + STREAMS, "traceback in cli.main"),
        (1, STREAMS + "Traceback (most recent call last):\n" + IN_CLI_MAIN, "traceback in cli.main"),
        (130, "shallow-proofs prove: interrupted (Ctrl-C)\n", "quiet"),
        (-signal.SIGINT, "", "killed before Python's handler"),
    ],
    ids=[
        "init_sys_streams (CI, 0.01 s)",
        "not an interrupt",
        "traceback in main",
        "fatal error in main",
        "quiet",
        "killed",
    ],
)
def test_the_verdict_allows_only_what_came_before_cli_main(status, err, expected):
    """The first case is the stderr of a CI run: SIGINT 0.01 s after the start of prove, inside CPython's
    init_sys_streams. The others are its controls."""
    assert verdict(status, err) == expected


def test_the_quiet_line_names_the_command():
    status, err = interrupted(["train", "--iterations", "100000000", "--print-every", "0"], 1.0)
    assert (status, err) == (130, "shallow-proofs train: interrupted (Ctrl-C)\n")


def test_in_worker_returns_the_result_and_raises_the_error_of_the_work():
    assert interrupt.in_worker(lambda: threading.current_thread().name) == "shallow-proofs-worker"
    with pytest.raises(ZeroDivisionError):
        interrupt.in_worker(lambda: 1 / 0)


def test_raising_raises_keyboard_interrupt_and_gives_the_old_handler_back():
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt), interrupt.raising("test"):
        signal.raise_signal(signal.SIGINT)
    assert signal.getsignal(signal.SIGINT) is before


LOSES_THE_INTERRUPT = """
import sys, time
from shallow_proofs import interrupt
interrupt.GRACE = float(sys.argv[1])
with interrupt.raising("prove"):
    try:
        print("ready", flush=True)
        time.sleep(60)
    except KeyboardInterrupt:
        pass  # lost, as inside a finalizer or a bare except
    time.sleep(60)  # and the run goes on
"""


@pytest.mark.parametrize(("grace", "signals"), [(0.5, 1), (BOUND * 10, 2)], ids=["after GRACE", "at the second"])
def test_a_lost_keyboard_interrupt_still_ends_the_process(grace, signals):
    """After GRACE seconds (made 0.5 here), or at once at a second Ctrl-C; with exit status 130 and one line."""
    command = [sys.executable, "-c", LOSES_THE_INTERRUPT, str(grace)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline() == "ready\n"
        for _ in range(signals):
            process.send_signal(signal.SIGINT)
            time.sleep(0.2)
        _, err = process.communicate(timeout=BOUND)
    finally:
        process.kill()
    assert (process.returncode, err) == (130, "shallow-proofs prove: interrupted (Ctrl-C)\n")


def test_a_reader_that_goes_away_ends_train_with_141_and_no_traceback():
    """``shallow-proofs train | head -1``: the pipe closes after one line, as SIGPIPE ends a shell's command."""
    command = [sys.executable, "-m", "shallow_proofs", "train", "--iterations", "100000000", "--print-every", "1"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().startswith("Cost after iteration 0: ")
        process.stdout.close()
        err = process.stderr.read()
        process.wait(timeout=BOUND)
    finally:
        process.kill()
    assert (process.returncode, err) == (141, ""), err


def test_the_line_reaches_the_terminal_while_pytest_captures_stderr(tmp_path):
    """pytest's capture points fd 2 at a file while a test runs: the line said from the signal handler goes to the
    stderr the program started with."""
    captured = tmp_path / "captured"
    script = (
        "import os, signal\n"
        "from shallow_proofs import interrupt\n"
        "interrupt.quiet('prove')\n"
        f"os.dup2(os.open({str(captured)!r}, os.O_WRONLY | os.O_CREAT), 2)\n"
        "os.kill(os.getpid(), signal.SIGINT)\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert result.returncode == interrupt.INTERRUPTED, result
    assert result.stderr == interrupt.line("prove") + "\n", (result.stderr, captured.read_text())


IN_A_FINALIZER = """
import gc, os, signal, sys, time, weakref
from shallow_proofs import interrupt
interrupt.GRACE = 5.0

def interrupt_here(*args):
    if hasattr(interrupt_here, "done"):
        return
    interrupt_here.done = True
    os.kill(os.getpid(), signal.SIGINT)
    for _ in range(1000):  # the eval loop's checks: the handler runs here, inside the finalizer
        pass

class Finalized:
    pass

try:
    with interrupt.raising("prove"):
        finalized = Finalized()
        if sys.argv[1] == "__del__":
            Finalized.__del__ = interrupt_here
        elif sys.argv[1] == "weakref callback":
            reference = weakref.ref(finalized, interrupt_here)
        else:
            gc.callbacks.append(interrupt_here)
        del finalized
        gc.collect()
        time.sleep(60)  # the run goes on, if the KeyboardInterrupt was lost
except KeyboardInterrupt:
    print("KeyboardInterrupt", flush=True)
"""


@pytest.mark.parametrize("finalizer", ["__del__", "weakref callback", "gc callback"])
def test_a_keyboard_interrupt_raised_inside_a_finalizer_is_raised_again_outside_it(finalizer):
    """Python runs the SIGINT handler wherever the main thread is, a finalizer included (Hypothesis times every garbage
    collection with a gc callback; the suite's WeakKeyDictionaries have weakref callbacks): the KeyboardInterrupt raised
    there cannot propagate. It is raised again outside, well before GRACE (5 s here) ends the process instead."""
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, "-c", IN_A_FINALIZER, finalizer], capture_output=True, text=True, timeout=BOUND
    )
    assert (result.returncode, result.stdout) == (0, "KeyboardInterrupt\n"), result
    assert "Exception ignored" not in result.stderr, result.stderr
    assert time.monotonic() - started < 5.0


def test_a_test_whose_keyboard_interrupt_hypothesis_turned_into_another_error_ends_the_run(tmp_path):
    """Hypothesis's engine fails ``assert state._runner is not None`` on a KeyboardInterrupt raised before it started:
    the suite's plugin raises the KeyboardInterrupt again, so pytest ends the run (exit status 2) instead of failing
    the test and going on with the next."""
    (tmp_path / "test_converted.py").write_text(
        "def test_converted():\n"
        "    try:\n"
        "        raise KeyboardInterrupt\n"
        "    except BaseException:\n"
        "        assert False, 'an engine that could not start'\n"
        "\n"
        "def test_next():\n"
        "    pass\n"
    )
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q"]
    command += ["--impl", "shallow_proofs.reference", "test_converted.py"]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert result.returncode == pytest.ExitCode.INTERRUPTED, result.stdout[-2000:]
    assert "1 passed" not in result.stdout, "the run went on after the Ctrl-C"
