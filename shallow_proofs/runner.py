"""Grading one submission: ``prove --impl FILE --json REPORT`` in its own process group, under a wall-clock limit.

prove runs in a private scratch folder (what it writes, such as Hypothesis' database, lands there and is removed),
with its output captured to a file there. At the limit it gets SIGINT, so that pytest can still write the report
of what ran; GRACE seconds later, and in every case once it has ended, its whole process group is killed, so no
worker outlives it. Whatever happens, the submission gets a row: the batch never stops for one submission.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import IO

from shallow_proofs.prove import distributed
from shallow_proofs.report import Reading, UnreadableReport, read_report
from shallow_proofs.rows import Row, from_reading
from shallow_proofs.submissions import Submission

PROVE = (sys.executable, "-m", "shallow_proofs", "prove")
GRACE = 10.0
"""Seconds between SIGINT at the limit and SIGKILL of the process group: time for pytest to write its report."""
TAIL_BYTES = 16_384
LOG_LINES = 40


@dataclass(frozen=True)
class Options:
    limit: float
    """Wall-clock seconds for one submission (the backstop; prove's own --timeout limits each call)."""
    quick: bool = False
    timeout: float | None = None
    pytest_args: tuple[str, ...] = ()
    prove: tuple[str, ...] = PROVE
    """The command that grades one submission, before its arguments: tests substitute a small script."""


@dataclass(frozen=True)
class Graded:
    row: Row
    reading: Reading | None = None


class Runner:
    """Grades submissions, one process group each; stop() kills every group still running (on Ctrl-C)."""

    def __init__(self, options: Options) -> None:
        self.options = options
        self.running: set[subprocess.Popen[bytes]] = set()
        self.lock = threading.Lock()
        self.stopped = threading.Event()

    def command(self, submission: Submission, report: Path) -> list[str]:
        command = [*self.options.prove, "--impl", str(submission.main), "--json", str(report)]
        if self.options.quick:
            command.append("--quick")
        if self.options.timeout is not None:
            command += ["--timeout", f"{self.options.timeout:g}"]
        # one process per submission: --jobs already spreads the batch over the cores (prove alone adds -n auto)
        pytest_args = list(self.options.pytest_args)
        return [*command, "--", *pytest_args, *(["-n", "0"] if distributed(pytest_args) else [])]

    def grade(self, submission: Submission) -> Graded:
        """The row of one submission; never raises (a failure of the grader itself is an error row too)."""
        helpers = tuple(helper.name for helper in submission.helpers)
        base = Row(submission.name, submission.sha256, "error", helpers=helpers)
        if submission.problem:
            return Graded(replace(base, message=submission.problem))
        start = time.monotonic()
        try:
            return self.run(submission, base, start)
        except Exception as error:  # the batch goes on, whatever went wrong with one submission
            message = f"the grader failed on this submission: {type(error).__name__}: {error}"
            return Graded(replace(base, seconds=time.monotonic() - start, message=message))

    def run(self, submission: Submission, base: Row, start: float) -> Graded:
        with tempfile.TemporaryDirectory(prefix="shallow-proofs-grade-") as scratch:
            report, log = Path(scratch) / "report.json", Path(scratch) / "output.txt"
            with log.open("wb") as output:
                code, stopped = self.wait(self.command(submission, report), Path(scratch), output)
            base = replace(base, exit_code=code, seconds=time.monotonic() - start)
            lines = tail(log)
            try:
                reading = read_report(report)
            except UnreadableReport as error:
                return Graded(replace(base, message=self.unread(error, code, stopped, lines), log=log_text(lines)))
        return self.judge(base, reading, code, stopped, lines)

    def unread(self, error: UnreadableReport, code: int, stopped: bool, lines: list[str]) -> str:
        """Why a run without a readable report is an error."""
        if stopped:
            return f"stopped after {self.options.limit:g} s (--limit) without a report; last output: {last_line(lines)}"
        return f"{error}; prove {exit_text(code)}; last output: {last_line(lines)}"

    def judge(self, base: Row, reading: Reading, code: int, stopped: bool, lines: list[str]) -> Graded:
        """The row from the report: error if the limit stopped the run or the file could not be loaded, else pass when
        prove exited 0, else fail."""
        row = from_reading(base, reading)
        if not reading.loaded:
            return Graded(replace(row, message=reading.message), reading)
        if stopped:
            said = f"{reading.message}; " if reading.message else ""
            partial = f"stopped after {self.options.limit:g} s (--limit); the report is partial: {said}"
            return Graded(
                replace(row, message=f"{partial}last output: {last_line(lines)}", log=log_text(lines)), reading
            )
        if code == 0:
            return Graded(replace(row, outcome="pass", message=reading.message), reading)
        message = reading.message or f"prove {exit_text(code)}: {last_line(lines)}"
        return Graded(replace(row, outcome="fail", message=message), reading)

    def wait(self, command: list[str], folder: Path, output: IO[bytes]) -> tuple[int, bool]:
        """Run command in its own session; (exit code, whether the limit stopped it)."""
        if self.stopped.is_set():
            raise RuntimeError("the batch was interrupted")
        process = subprocess.Popen(
            command,
            cwd=folder,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        with self.lock:
            self.running.add(process)
            if self.stopped.is_set():
                signal_group(process, signal.SIGKILL)
        try:
            try:
                return process.wait(timeout=self.options.limit), False
            except subprocess.TimeoutExpired:
                interrupt(process)
                try:
                    return process.wait(timeout=GRACE), True
                except subprocess.TimeoutExpired:
                    signal_group(process, signal.SIGKILL)
                    return process.wait(), True
        finally:
            signal_group(process, signal.SIGKILL)
            with self.lock:
                self.running.discard(process)

    def stop(self) -> None:
        """Kill every process group still running, and start no more."""
        self.stopped.set()
        with self.lock:
            for process in self.running:
                signal_group(process, signal.SIGKILL)


def interrupt(process: subprocess.Popen[bytes]) -> None:
    """SIGINT to prove itself (not its workers): pytest stops and writes the report of what ran."""
    try:
        os.kill(process.pid, signal.SIGINT)
    except ProcessLookupError:
        pass  # it has just ended


def signal_group(process: subprocess.Popen[bytes], number: int) -> None:
    try:
        os.killpg(process.pid, number)
    except (ProcessLookupError, PermissionError):
        pass  # the group has ended already


def tail(log: Path) -> list[str]:
    with log.open("rb") as file:
        file.seek(max(0, log.stat().st_size - TAIL_BYTES))
        return file.read().decode("utf-8", errors="replace").splitlines()


def log_text(lines: Sequence[str]) -> str:
    return "\n".join(lines[-LOG_LINES:])


def last_line(lines: Sequence[str]) -> str:
    """The last line that says something (pytest's ===== rulers stripped), at most 300 characters."""
    said = [line.strip().strip("=").strip() for line in lines]
    return next((line[:300] for line in reversed(said) if line), "(none)")


def exit_text(code: int) -> str:
    if code < 0:
        return f"was killed by {signal.Signals(-code).name}"
    return f"exited {code}"
