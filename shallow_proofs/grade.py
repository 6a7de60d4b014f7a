"""``shallow-proofs grade``: run ``prove`` on many submissions, one process group each, into one table.

Each submission is graded by ``python -m shallow_proofs prove --impl FILE --json REPORT`` in its own process group,
with --jobs of them at a time; what the report says becomes its row (shallow_proofs/rows.py). A submission that
hangs, crashes or cannot be loaded gets an error row and the batch goes on. The output (--out) is rewritten
atomically as rows come in, so a re-run with the same --out skips what is already graded (by path and content hash)
unless --force. --shard i/N grades every N-th submission of the sorted list, for a CI matrix or an array job.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import time
from collections.abc import Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

from shallow_proofs import gradescope, interrupt, submissions
from shallow_proofs.progress import Progress, duration
from shallow_proofs.results import Element, Output
from shallow_proofs.runner import PROVE, Graded, Options, Runner
from shallow_proofs.submissions import Submission

USAGE = (
    "shallow-proofs grade PATHS... --out FILE.csv|FILE.json [--gradescope [--weights FILE] [--visibility V]] "
    "[--jobs N] [--timeout S] [--quick] [--limit S] [--shard i/N] [--force] [-- PYTEST_ARGS ...]"
)
LIMIT = 1800.0
SAVE_EVERY = 10.0
"""--out is rewritten at most this often while rows come in (a JSON list of reports grows large), and at the end."""


def parser() -> argparse.ArgumentParser:
    grade = argparse.ArgumentParser(prog="shallow-proofs grade", usage=USAGE, description=__doc__)
    grade.add_argument("paths", nargs="+", metavar="PATHS", help=".py or .ipynb files, or folders (README: grade)")
    grade.add_argument("--out", required=True, metavar="FILE", help="results.csv, or results.json (a list of reports)")
    grade.add_argument("--gradescope", action="store_true", help="write Gradescope's results.json format to --out")
    grade.add_argument("--weights", metavar="FILE", help="JSON or TOML: function -> weight (default: 1 each)")
    grade.add_argument("--visibility", choices=gradescope.VISIBILITIES, help="Gradescope visibility (default: visible)")
    grade.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="submissions at a time (default: cores)")
    grade.add_argument("--timeout", type=float, help="prove's limit per call, in seconds (prove --timeout)")
    grade.add_argument("--quick", action="store_true", help="prove's quick profile (prove --quick)")
    grade.add_argument("--limit", type=float, default=LIMIT, help=f"wall-clock seconds per submission ({LIMIT:g})")
    grade.add_argument("--shard", metavar="i/N", help="grade only shard i of N: every N-th submission from the i-th")
    grade.add_argument("--force", action="store_true", help="grade again what --out already holds")
    return grade


@dataclass
class Plan:
    output: Output
    todo: list[Submission]
    elements: dict[str, Element]
    """What --out holds already, by submission; graded rows replace or join them."""
    skipped: int
    shard: str


def main(argv: Sequence[str], prove: Sequence[str] = PROVE) -> int:
    """shallow-proofs grade ...; prove is the command that grades one submission (tests give a small script)."""
    argv = list(argv)
    split = argv.index("--") if "--" in argv else len(argv)
    args = parser().parse_args(argv[:split])
    try:
        batch = plan(args)
    except ValueError as error:
        print(f"shallow-proofs grade: {error}", file=sys.stderr)
        return 2
    return run(batch, Options(args.limit, args.quick, args.timeout, tuple(argv[split + 1 :]), tuple(prove)), args.jobs)


def plan(args: argparse.Namespace) -> Plan:
    """Check every argument and --out before any work; the submissions to grade and the rows to keep."""
    if not args.gradescope and (args.weights or args.visibility):
        raise ValueError("--weights and --visibility apply to --gradescope output only")
    for name, value in (("--limit", args.limit), ("--timeout", args.timeout)):
        if value is not None and not (math.isfinite(value) and value > 0):
            raise ValueError(f"{name} must be a number of seconds > 0; got {value:g}")
    if args.jobs < 1:
        raise ValueError(f"--jobs must be an integer >= 1; got {args.jobs}")
    index, count = parse_shard(args.shard)
    weights = gradescope.load_weights(args.weights) if args.weights else gradescope.EQUAL
    output = Output(args.out, args.gradescope, weights, args.visibility or "visible")
    output.check()
    elements = {str(output.row(element)["submission"]): element for element in output.load()}
    graded = {name: output.row(element)["sha256"] for name, element in elements.items()}
    found = submissions.find(args.paths)
    mine = submissions.shard(found, index, count)
    todo = [s for s in mine if args.force or s.problem or graded.get(s.name) != s.sha256]
    shard = f"shard {index}/{count}: {len(mine)} of {len(found)} submissions" if count > 1 else ""
    return Plan(output, todo, elements, len(mine) - len(todo), shard)


def parse_shard(text: str | None) -> tuple[int, int]:
    if text is None:
        return 1, 1
    index, _, count = text.partition("/")
    if index.isdigit() and count.isdigit() and 1 <= int(index) <= int(count):
        return int(index), int(count)
    raise ValueError(f"--shard expects i/N with 1 <= i <= N (e.g. --shard 2/4); got {text!r}")


def run(batch: Plan, options: Options, jobs: int) -> int:
    """Grade the plan's submissions, jobs at a time; rewrite --out as rows come in; 130 when interrupted, else 0."""
    output, todo, elements = batch.output, batch.todo, batch.elements
    if batch.shard:
        print(batch.shard)
    if batch.skipped:
        print(f"{batch.skipped} already graded in {output.path}: kept (--force grades them again)")
    runner, progress = Runner(options), Progress(len(todo))
    start = saved = time.monotonic()
    output.write(list(elements.values()))
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending: set[Future[Graded]] = {pool.submit(runner.grade, s) for s in todo}
        try:
            with interrupt.raising("grade"):  # the rows so far are saved below; a second Ctrl-C ends it at once
                unsaved = 0
                while pending:
                    done, pending = wait(pending, timeout=1.0, return_when=FIRST_COMPLETED)
                    for future in done:
                        graded = future.result()
                        elements[graded.row.submission] = output.render(graded)
                        progress.finished(graded.row)
                        unsaved += 1
                    if unsaved and time.monotonic() - saved >= SAVE_EVERY:
                        output.write(list(elements.values()))
                        saved, unsaved = time.monotonic(), 0
                    progress.draw()
        except KeyboardInterrupt:
            runner.stop()
            pool.shutdown(wait=True, cancel_futures=True)
            output.write(list(elements.values()))
            progress.clear()
            saved_line = f"{progress.done} of {len(todo)} graded, saved to {output.path}; run again to resume"
            print(f"{interrupt.line('grade')}: {saved_line}", file=sys.stderr)  # stdout holds the rows only
            return interrupt.INTERRUPTED
    output.write(list(elements.values()))
    progress.clear()
    print(totals(output, elements, len(todo), time.monotonic() - start))
    return 0


def totals(output: Output, elements: dict[str, Element], graded: int, seconds: float) -> str:
    outcomes: dict[str, Any] = {"pass": 0, "fail": 0, "error": 0}
    for element in elements.values():
        outcome = output.row(element)["outcome"]
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    counts = ", ".join(f"{n} {outcome}" for outcome, n in outcomes.items())
    return f"{len(elements)} submissions in {output.path} ({counts}); graded {graded} in {duration(seconds)}"
