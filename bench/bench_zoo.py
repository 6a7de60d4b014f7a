"""Time per mutant of the bug zoo (tests/mutants.py): ``prove -- -x`` (the gate profile, stopping at the first
failure) against ``prove --quick`` (the quick profile, every test), each serial (``-p no:xdist``), interleaved per
mutant, the same number of runs; prints each mutant's times and the medians and ranges.

    python bench/bench_zoo.py --every 3        # every third mutant of the zoo, in its order
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

import mutants

MODES = {"-x": ("--", "-x", "-p", "no:xdist"), "--quick": ("--quick", "--", "-p", "no:xdist")}


def seconds(path: Path, options: tuple[str, ...], folder: Path) -> float:
    command = [sys.executable, "-m", "shallow_proofs", "prove", "--impl", str(path), *options]
    start = time.monotonic()
    subprocess.run(command, cwd=folder, capture_output=True, check=False)
    return time.monotonic() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--every", type=int, default=1, help="time every n-th mutant (default: all)")
    names = list(mutants.MUTANTS)[:: parser.parse_args().every]
    times: dict[str, list[float]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory() as folder:
        for name in names:
            path = mutants.write(name, Path(folder))
            row = {mode: seconds(path, options, Path(folder)) for mode, options in MODES.items()}
            for mode, took in row.items():
                times[mode].append(took)
            print(f"{name}: " + ", ".join(f"{mode} {took:.1f} s" for mode, took in row.items()), flush=True)
    for mode, values in times.items():
        print(
            f"{mode}: median {statistics.median(values):.1f} s, range {min(values):.1f} to {max(values):.1f} s, "
            f"{len(values)} mutants"
        )


if __name__ == "__main__":
    main()
