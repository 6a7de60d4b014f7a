"""How often a Ctrl-C during ``prove`` is lost, and where: N runs, each with one SIGINT at a random moment.

Each run starts ``prove --impl tests/impls/course_style.py --verbose`` (as tests/test_prove.py does, the dev
profile), waits for the suite's first test file, sleeps a random delay (uniform in [0, --max-delay] s, seeded, so
two versions of the code get the same delays), sends SIGINT to prove (``--group``: to its process group, as a
terminal's Ctrl-C, which reaches pytest-xdist's workers too) and times the exit. A run is kept when prove exits 130
with its one line on stderr and the partial table; a lost interrupt shows as the watchdog's line after
interrupt.GRACE seconds. A diagnostic plugin (``-p``, on PYTHONPATH) logs every KeyboardInterrupt that reached
``sys.unraisablehook`` before shallow_proofs' own hook was set, with its traceback: where it was lost.

    python bench/bench_lost_interrupt.py [--runs 40] [--seed 2] [--max-delay 6] [--group] [-- PYTEST_ARGS ...]

Measured (2 shared CPUs, load average 6 to 8, ``-- -p no:xdist``): before the fix (seed 2) 3 of 40 runs lost, two in
a WeakKeyDictionary's weakref callback and one in Hypothesis's gc callback, each ended by the watchdog after 10 s
without the table; after it 0 of 80 (seeds 2 and 3), exit 0.16 to 2.08 s after the SIGINT. With ``--group`` and
prove's default ``-n auto`` (seed 4): 0 of 12 lost, but exit 1.9 to 8.5 s after the SIGINT while pytest-xdist waited
for each worker to end its own session; with the workers killed at the interrupt (properties/plugin.py), 0.26 to
0.37 s in 6 runs of the same delays. One of those 6 logged a KeyboardInterrupt lost in a worker's gc callback.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "impls" / "course_style.py"
LINE = "shallow-proofs prove: interrupted (Ctrl-C); claims whose tests did not all finish are unproven"
PLUGIN = """
import os, sys, traceback
import pytest

@pytest.hookimpl(trylast=True)
def pytest_configure(config):
    previous = sys.unraisablehook

    def hook(unraisable):
        if unraisable.exc_type is not None and issubclass(unraisable.exc_type, KeyboardInterrupt):
            with open(os.environ["LOST_LOG"], "a") as log:
                log.write(f"lost in {unraisable.object!r}\\n")
                log.write("".join(traceback.format_exception(unraisable.exc_value)))
        previous(unraisable)

    sys.unraisablehook = hook
"""


def one_run(delay: float, group: bool, pytest_args: list[str], folder: Path) -> tuple[bool, str]:
    log = folder / "lost.log"
    log.unlink(missing_ok=True)
    command = ["nice", "-n", "5", sys.executable, "-m", "shallow_proofs", "prove", "--impl", str(FIXTURE)]
    command += ["--verbose", "--", "-p", "no:cacheprovider", "--hypothesis-profile=dev", "-p", "lost_plugin"]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1", "LOST_LOG": str(log), "PYTHONPATH": str(folder)}
    process = subprocess.Popen(
        [*command, *pytest_args], cwd=folder, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment,
        start_new_session=group,
    )  # fmt: skip
    assert process.stdout is not None and process.stderr is not None
    started, out = threading.Event(), []

    def read() -> None:
        assert process.stdout is not None
        while chunk := process.stdout.read1(4096):  # type: ignore[attr-defined]
            out.append(chunk)
            if b"test_activations.py" in chunk or b"workers [" in chunk:
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    started.wait(300)
    time.sleep(delay)
    sent = time.monotonic()
    os.killpg(process.pid, signal.SIGINT) if group else process.send_signal(signal.SIGINT)
    try:
        status: int | str = process.wait(60)
    except subprocess.TimeoutExpired:
        process.kill()
        status = "hung"
    seconds = time.monotonic() - sent
    reader.join(5)
    err, table = process.stderr.read().decode(), b"".join(out).decode()
    kept = status == 130 and err.strip().splitlines() == [LINE] and "unproven" in table
    where = log.read_text().splitlines()[0] if log.exists() else ""
    return kept, f"delay {delay:.2f} s: status {status} after {seconds:.2f} s, {'kept' if kept else 'LOST'} {where}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--seed", type=int, default=2)
    parser.add_argument("--max-delay", type=float, default=6.0)
    parser.add_argument("--group", action="store_true", help="SIGINT to the process group, as a terminal's Ctrl-C")
    parser.add_argument("pytest_args", nargs="*")
    args = parser.parse_args()
    rng = random.Random(args.seed)
    lost = 0
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        (folder / "lost_plugin.py").write_text(PLUGIN)
        for run in range(args.runs):
            kept, line = one_run(rng.uniform(0, args.max_delay), args.group, args.pytest_args, folder)
            lost += not kept
            print(f"run {run}: {line}", flush=True)
    print(f"{args.runs} runs, {lost} lost")


if __name__ == "__main__":
    main()
