"""Seconds from Ctrl-C (SIGINT) to the exit of ``shallow-proofs train``, and what the user sees.

Each run starts ``python -m shallow_proofs train`` in a subprocess, waits for its first cost line (or, for the start-up
case, a fixed delay), sends SIGINT, and times the exit. Cases: the course's network (n_h = 4, about 0.1 ms per
iteration), a wide one (n_h = 20000, where one numpy call takes milliseconds and the interrupt waits for it), and an
interrupt during the start-up imports. Prints the median and range per case, the exit statuses and the stderr lines.

    python bench/bench_interrupt.py [--runs 7]
"""

from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import sys
import time

CASES = {
    "n_h = 4, in the loop": (["--iterations", "100000000", "--print-every", "100000"], None),
    "n_h = 20000, in the loop": (["--n-h", "20000", "--iterations", "1000000", "--print-every", "1"], None),
    "start-up imports": ([], 0.3),
}


def interrupt_once(options: list[str], delay: float | None) -> tuple[float, int, str]:
    command = [sys.executable, "-m", "shallow_proofs", "train", *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout is not None
    if delay is None:
        process.stdout.readline()  # the first cost line: the loop is running
        time.sleep(0.2)
    else:
        time.sleep(delay)
    process.send_signal(signal.SIGINT)
    sent = time.perf_counter()
    _, err = process.communicate(timeout=120)
    return time.perf_counter() - sent, process.returncode, err


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, int, str]]] = {case: [] for case in CASES}
    for _ in range(args.runs):  # interleaved: every case once per round
        for case, (options, delay) in CASES.items():
            results[case].append(interrupt_once(options, delay))
    for case, runs in results.items():
        seconds = [run[0] for run in runs]
        statuses = sorted({run[1] for run in runs})
        lines = sorted({len(run[2].splitlines()) for run in runs})
        print(
            f"{case}: median {statistics.median(seconds):.3f} s (range {min(seconds):.3f} to {max(seconds):.3f}) over "
            f"{len(runs)} runs; exit statuses {statuses}; stderr lines {lines}; e.g. {runs[0][2].strip()!r}"
        )


if __name__ == "__main__":
    main()
