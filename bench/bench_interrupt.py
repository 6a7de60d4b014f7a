"""Seconds from Ctrl-C (SIGINT) to the exit of each ``shallow-proofs`` command, and what the user sees.

Each run starts ``python -m shallow_proofs COMMAND`` in a new session, waits until the command is at work (a line of
its output, then a pause; or a fixed delay from the start), sends SIGINT to its process group as a terminal's Ctrl-C
does, and times the exit. Cases:

- ``train``: the course's network (n_h = 4, about 0.1 ms per iteration); a wide one (n_h = 20000, where one numpy
  call takes tens to hundreds of milliseconds); an interrupt during the start-up imports;
- ``prove`` on the reference, during the tests;
- ``grade`` on two copies of tests/impls/course_style.py, one at a time, while the first is graded.

The cases run interleaved, the same number of times each. Prints the median and range per case, the exit statuses,
whether any stderr held a traceback, and the last stderr line of the first run.

    python bench/bench_interrupt.py [--runs 7] [--cases train,prove,grade]
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

FIXTURE = Path(__file__).parent.parent / "tests" / "impls" / "course_style.py"


@dataclass(frozen=True)
class Case:
    command: str
    options: list[str]
    ready: Callable[[str], bool] | None  # the output line after which the command is at work; None: a fixed delay
    pause: float  # seconds after that line (or after the start, when ready is None)


def grade_options(folder: Path) -> list[str]:
    for name in ("a.py", "b.py"):
        shutil.copy(FIXTURE, folder / name)
    return [str(folder / "a.py"), str(folder / "b.py"), "--out", str(folder / "results.csv"), "--jobs", "1"]


def cases(folder: Path) -> dict[str, Case]:
    cost_line = lambda line: line.startswith("Cost after iteration")  # noqa: E731
    return {
        "train, n_h = 4, in the loop": Case(
            "train", ["--iterations", "100000000", "--print-every", "100000"], cost_line, 0.2
        ),
        "train, n_h = 20000, in the loop": Case(
            "train", ["--n-h", "20000", "--iterations", "1000000", "--print-every", "1"], cost_line, 0.2
        ),
        "train, start-up imports": Case("train", [], None, 0.1),
        "prove, in the tests": Case("prove", ["--verbose"], lambda line: "workers [" in line, 1.0),
        "grade, in the first submission": Case("grade", grade_options(folder), None, 3.0),
    }


def interrupt_once(case: Case) -> tuple[float, int, str]:
    command = [sys.executable, "-m", "shallow_proofs", case.command, *case.options]
    process = subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    assert process.stdout is not None
    if case.ready is not None:
        while not case.ready(line := process.stdout.readline()):
            assert line, f"{case.command} ended before it was at work"
    time.sleep(case.pause)
    os.killpg(process.pid, signal.SIGINT)
    sent = time.perf_counter()
    _, err = process.communicate(timeout=120)
    return time.perf_counter() - sent, process.returncode, err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--cases", default="train,prove,grade", help="the commands whose cases run (comma-separated)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        chosen = {name: case for name, case in cases(Path(folder)).items() if case.command in args.cases.split(",")}
        results: dict[str, list[tuple[float, int, str]]] = {name: [] for name in chosen}
        for _ in range(args.runs):  # interleaved: every case once per round
            for name, case in chosen.items():
                (Path(folder) / "results.csv").unlink(missing_ok=True)
                results[name].append(interrupt_once(case))
    for name, runs in results.items():
        seconds = [run[0] for run in runs]
        statuses = sorted({run[1] for run in runs})
        tracebacks = sum("Traceback" in run[2] for run in runs)
        last = runs[0][2].strip().splitlines()[-1:] or [""]
        print(
            f"{name}: median {statistics.median(seconds):.3f} s (range {min(seconds):.3f} to {max(seconds):.3f}) over "
            f"{len(runs)} runs; exit statuses {statuses}; tracebacks {tracebacks}; last stderr line {last[0]!r}"
        )


if __name__ == "__main__":
    main()
