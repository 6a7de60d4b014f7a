"""The cost of sealed runs: the implementation in a worker process against the same file imported in-process.

- ``suite``: the gate profile (properties/ and gradcheck/) on tests/impls/course_style.py, through the worker and with
  ``--impl-inline``, interleaved; wall time and CPU time (the suite's process and its children, so the worker's too).
  The issue's target is a wall-time ratio <= 1.5.
- ``call``: one round trip of forward_propagation on a small problem, through the worker and in-process.
- ``interrupt``: seconds from a SIGINT to the exit of ``shallow-proofs prove`` in mid-run (the target: one second).

Medians and ranges (min to max) over the same number of runs of each side. On a shared machine the wall times move
with its load; the CPU times much less.

    python bench/bench_sealed.py [suite|call|interrupt ...] [--repeats 3]
"""

from __future__ import annotations

import argparse
import os
import resource
import signal
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).parent.parent
COURSE_STYLE = ROOT / "tests" / "impls" / "course_style.py"


def summary(label: str, values: list[float], unit: str = "s") -> str:
    return f"{label}: median {statistics.median(values):.3g} {unit} (range {min(values):.3g} to {max(values):.3g})"


def suite_run(inline: bool) -> tuple[float, float]:
    """Wall and CPU seconds of one gate run of the suite on the course-style file."""
    command = [sys.executable, "-m", "pytest", "properties", "gradcheck", "--impl", str(COURSE_STYLE), "-q"]
    command += ["-p", "no:cacheprovider", "-p", "no:xdist", "--hypothesis-profile=gate"]
    command += ["--impl-inline"] if inline else []
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise SystemExit(f"the suite failed on {COURSE_STYLE}:\n{result.stdout[-3000:]}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def suite(repeats: int) -> None:
    runs: dict[str, list[tuple[float, float]]] = {"worker": [], "in-process": []}
    for _ in range(repeats):
        for side, inline in (("worker", False), ("in-process", True)):
            runs[side].append(suite_run(inline))
            print(f"  {side}: {runs[side][-1][0]:.1f} s wall, {runs[side][-1][1]:.1f} s CPU", flush=True)
    for side, values in runs.items():
        print(summary(f"gate suite, {side}, wall", [wall for wall, _ in values]))
        print(summary(f"gate suite, {side}, CPU", [cpu for _, cpu in values]))
    for index, kind in ((0, "wall"), (1, "CPU")):
        worker = statistics.median(value[index] for value in runs["worker"])
        inline = statistics.median(value[index] for value in runs["in-process"])
        print(f"ratio of the medians, {kind}: {worker / inline:.2f}" + (" (target: <= 1.5)" if kind == "wall" else ""))


def call(repeats: int, calls: int = 2000) -> None:
    from shallow_proofs.properties.sealed import Sealed
    from shallow_proofs.properties.worker import import_target

    X = np.linspace(-1, 1, 10).reshape(2, 5)
    parameters = {
        "W1": np.full((4, 2), 0.1),
        "b1": np.zeros((4, 1)),
        "W2": np.full((1, 4), 0.2),
        "b2": np.zeros((1, 1)),
    }
    sealed = Sealed(str(COURSE_STYLE), timeout=60)
    module = import_target(str(COURSE_STYLE)).module
    sides = {
        "worker": lambda: sealed.call(("forward_propagation",), (X, parameters), {}, "forward_propagation"),
        "in-process": lambda: module.forward_propagation(X, parameters),
    }
    times: dict[str, list[float]] = {side: [] for side in sides}
    try:
        for _ in range(repeats):
            for side, function in sides.items():
                start = time.perf_counter()
                for _ in range(calls):
                    function()
                times[side].append((time.perf_counter() - start) / calls * 1e6)
    finally:
        sealed.close()
    for side, values in times.items():
        print(summary(f"forward_propagation call, {side}", values, "µs"))


def interrupt_run() -> float:
    """Seconds from SIGINT, sent once the suite is running test_course_api.py, to the exit of prove."""
    command = [sys.executable, "-m", "shallow_proofs", "prove", "--impl", str(COURSE_STYLE)]
    command += ["--", "-p", "no:cacheprovider", "--hypothesis-profile=dev"]
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    assert process.stdout is not None
    started = threading.Event()

    def read() -> None:
        seen = b""
        while chunk := process.stdout.read1(4096):  # type: ignore[union-attr]
            seen = (seen + chunk)[-4096:]
            if b"test_course_api.py " in seen:
                started.set()

    threading.Thread(target=read, daemon=True).start()
    started.wait(300)
    time.sleep(1.0)
    sent = time.perf_counter()
    process.send_signal(signal.SIGINT)
    status = process.wait(60)
    if status != 130:
        raise SystemExit(f"prove ended with {status} after SIGINT, expected 130")
    return time.perf_counter() - sent


def interrupt(repeats: int) -> None:
    print(summary("Ctrl-C to exit of prove", [interrupt_run() for _ in range(repeats)]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "parts", nargs="*", default=["call", "interrupt", "suite"], choices=["suite", "call", "interrupt"]
    )
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    print(f"load average at the start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
    for part in args.parts:
        {"suite": suite, "call": call, "interrupt": interrupt}[part](args.repeats)
    print(f"load average at the end: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
