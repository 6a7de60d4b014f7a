"""Wall time of ``shallow-proofs prove --quick`` per learner-shaped file (tests/learners/): the learner's whole wait,
from the command to the report (a fresh interpreter, the worker, pytest-xdist's workers, the quick profile).

Sides: ``auto`` is prove's default (``-n auto``: the machine's cores), ``serial`` the same run with ``-p no:xdist``.
Within each repeat the files and the sides are interleaved (the order rotates), so every file and side has the same
number of runs under the same drift of the machine's load; the load average is printed before and after, since the
machine is shared. The CPU time of the run and all its processes (getrusage of the reaped children) is printed too:
unlike the wall time, it hardly moves with the load. Target: at most 15 s wall per file on a 2-core machine.

    python bench/bench_learners.py [--repeats 3] [--sides auto,serial]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

LEARNERS = Path(__file__).parent.parent / "tests" / "learners"
FILES = {
    "export_W3A1.py": (),
    "notebook_W3A1.ipynb": (),
    "with_helper/solution.py": (),
    "helpers_absent.py": (),
    "renamed.py": ("--map", "nn_model=neural_model"),
    "asscalar.py": (),
}
SIDES = {"auto": (), "serial": ("-p", "no:xdist")}
TARGET = 15.0


def seconds(fixture: str, side: str) -> tuple[float, float]:
    """One prove --quick run's wall and CPU time; its exit status must be 0 or 1 (a verdict), never an error."""
    command = [sys.executable, "-m", "shallow_proofs", "prove", "--quick", "--impl", str(LEARNERS / fixture)]
    command += [*FILES[fixture], "--", "-p", "no:cacheprovider", *SIDES[side]]
    environment = {key: value for key, value in os.environ.items() if key != "HYPOTHESIS_PROFILE"}
    with tempfile.TemporaryDirectory() as folder:
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        result = subprocess.run(command, cwd=folder, capture_output=True, text=True, check=False, env=environment)
        elapsed = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode not in (0, 1):
        raise SystemExit(f"{fixture} ({side}): exit status {result.returncode}\n{result.stdout}\n{result.stderr}")
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, cpu


def load() -> str:
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sides", default="auto", help="comma-separated: auto, serial")
    args = parser.parse_args()
    sides = args.sides.split(",")
    runs = [(fixture, side) for fixture in FILES for side in sides]
    times: dict[tuple[str, str], list[tuple[float, float]]] = {run: [] for run in runs}
    print(f"{os.cpu_count()} CPUs; load average (1, 5, 15 min) before: {load()}", flush=True)
    for repeat in range(args.repeats):
        shift = repeat % len(runs)
        for run in runs[shift:] + runs[:shift]:
            times[run].append(seconds(*run))
            wall, cpu = times[run][-1]
            print(f"  repeat {repeat + 1}: {run[0]} ({run[1]}): {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
    print(f"load average after: {load()}")
    for (fixture, side), values in times.items():
        wall, cpu = [v[0] for v in values], [v[1] for v in values]
        verdict = "within" if statistics.median(wall) <= TARGET else "over"
        print(
            f"{fixture:>24} {side:>6}: wall median {statistics.median(wall):5.1f} s (range {min(wall):.1f} to "
            f"{max(wall):.1f}; {verdict} the {TARGET:g} s target), CPU median {statistics.median(cpu):5.1f} s "
            f"(range {min(cpu):.1f} to {max(cpu):.1f}), {args.repeats} runs"
        )


if __name__ == "__main__":
    main()
