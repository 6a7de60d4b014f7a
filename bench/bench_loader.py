"""Time to load each learner-shaped fixture (tests/learners/) with properties.loader, in a fresh process each time.

Each run starts a new interpreter that imports numpy and the reference first (as the suite's worker has), then
times ``from shallow_proofs.properties.loader import load`` plus ``load(fixture)``: the loader's own cost, helper
imports and stand-ins included. The fixtures are interleaved within each repeat; medians and ranges are printed.
For comparison, the same file run as it is (``runpy``) would train for minutes or stop at its first helper import.

    python bench/bench_loader.py [--repeats 7]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
from pathlib import Path

LEARNERS = Path(__file__).parent.parent / "tests" / "learners"
FIXTURES = {
    "export_W3A1.py": {},
    "notebook_W3A1.ipynb": {},
    "with_helper/solution.py": {},
    "helpers_absent.py": {},
    "renamed.py": {"nn_model": "neural_model"},
    "asscalar.py": {},
}
PROGRAM = """
import sys, time
import numpy, shallow_proofs.reference
start = time.perf_counter()
from shallow_proofs.properties.loader import load
loaded = load(sys.argv[1], mapping=dict(pair.split("=") for pair in sys.argv[2:]))
print(time.perf_counter() - start)
"""


def seconds(fixture: str, mapping: dict[str, str]) -> float:
    pairs = [f"{course}={learner}" for course, learner in mapping.items()]
    command = [sys.executable, "-c", PROGRAM, str(LEARNERS / fixture), *pairs]
    result = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(result.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    times: dict[str, list[float]] = {fixture: [] for fixture in FIXTURES}
    for repeat in range(args.repeats):
        order = list(FIXTURES)[repeat % len(FIXTURES) :] + list(FIXTURES)[: repeat % len(FIXTURES)]
        for fixture in order:
            times[fixture].append(seconds(fixture, FIXTURES[fixture]))
    for fixture, values in times.items():
        print(
            f"{fixture:>24}: median {statistics.median(values) * 1e3:6.1f} ms over {args.repeats} runs "
            f"(range {min(values) * 1e3:.1f} to {max(values) * 1e3:.1f})"
        )


if __name__ == "__main__":
    main()
