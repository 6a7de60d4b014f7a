"""Does the selection of tests (selected.py) change a mutant's verdict? A seeded random sample of a package's mutants,
each run with the selected tests and with the whole command; both verdicts and both times per mutant.

Not in the default run (minutes: the whole command runs once per mutant). It needs the package's session
(.mutation/PACKAGE.sqlite, made by run.py or ``cosmic-ray init``) for the mutants; each is applied with
``cosmic-ray apply``, the module put back from the coverage map's pristine copy after every run. The two commands
alternate which runs first. Writes .mutation/PACKAGE.agreement.json, which mutation/report.py quotes in MUTATION.md.

    nice -n 10 python mutation/agreement.py gradcheck --sample 30 --seed 15
"""

from __future__ import annotations

import argparse
import json
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import time
import tomllib

import testmap
from commands import NOT_COVERED, ROOT, environment

FILTERED = "select job_id from work_results where worker_outcome = 'SKIPPED' and coalesce(output, '') != 'not run'"


def sample(package: str, size: int, seed: int) -> list[tuple[str, str, int, int]]:
    """(module, operator, occurrence, row) of a random sample of the session's mutants the operator filter kept."""
    with sqlite3.connect(ROOT / ".mutation" / f"{package}.sqlite") as db:
        rows = db.execute(
            f"select module_path, operator_name, occurrence, start_pos_row from mutation_specs "
            f"where job_id not in ({FILTERED}) order by module_path, operator_name, occurrence"
        ).fetchall()
    return random.Random(seed).sample(rows, min(size, len(rows)))


def verdict(package: str, timeout: float, *flags: str) -> tuple[str, float, str]:
    """killed or survived, the wall time, and the command's first line (what the selection chose)."""
    start = time.perf_counter()
    command = subprocess.Popen(
        [sys.executable, "mutation/selected.py", package, *flags],
        cwd=ROOT,
        env=environment(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # a time-out ends pytest too, not only the command (as cosmic-ray does)
    )
    try:
        out, _ = command.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(command.pid, signal.SIGKILL)
        command.communicate()
        return "killed", time.perf_counter() - start, "timeout"
    seconds = time.perf_counter() - start
    first = next((line for line in out.splitlines() if line.startswith("mutation:")), "")
    return ("killed" if command.returncode else "survived"), seconds, first


def summary(seconds: list[float]) -> dict[str, float]:
    return {"median": statistics.median(seconds), "min": min(seconds), "max": max(seconds)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package", choices=("reference", "gradcheck"))
    parser.add_argument("--sample", type=int, default=30)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    made = testmap.current(args.package)
    timeout = tomllib.loads((ROOT / "mutation" / f"{args.package}.toml").read_text())["cosmic-ray"]["timeout"]
    results = []
    for number, (module, operator, occurrence, row) in enumerate(sample(args.package, args.sample, args.seed)):
        try:
            subprocess.run(
                ["cosmic-ray", "apply", module, operator, str(occurrence)], cwd=ROOT, check=True, capture_output=True
            )
            if (ROOT / module).read_text() == made["sources"][module]:
                raise SystemExit(f"cosmic-ray apply {module} {operator} {occurrence} changed nothing")
            order = [(), ("--full",)] if number % 2 == 0 else [("--full",), ()]
            runs = {flags: verdict(args.package, timeout, *flags) for flags in order}
        finally:
            (ROOT / module).write_text(made["sources"][module])
        (selected, selected_s, chosen), (full, full_s, _) = runs[()], runs[("--full",)]
        results.append(
            {
                "module": module,
                "operator": operator.split("/")[-1],
                "occurrence": occurrence,
                "row": row,
                "selected": selected,
                "full": full,
                "selected_seconds": selected_s,
                "full_seconds": full_s,
                "chosen": chosen,
            }
        )
        print(
            f"{module}:{row} {operator} #{occurrence}: selected {selected} in {selected_s:.1f} s, full {full} in "
            f"{full_s:.1f} s; {chosen}",
            flush=True,
        )
    agree = sum(r["selected"] == r["full"] for r in results)
    report = {
        "package": args.package,
        "seed": args.seed,
        "sampled_by": "module, operator and occurrence: the same mutants from any session of the same code",
        "mutants": len(results),
        "agree": agree,
        "not_covered": sum(NOT_COVERED in r["chosen"] for r in results),
        "selected_seconds": summary([r["selected_seconds"] for r in results]),
        "full_seconds": summary([r["full_seconds"] for r in results]),
        "results": results,
    }
    (ROOT / ".mutation" / f"{args.package}.agreement.json").write_text(json.dumps(report, indent=1))
    print(json.dumps({k: v for k, v in report.items() if k != "results"}, indent=1))
    if agree != len(results):
        sys.exit(1)


if __name__ == "__main__":
    main()
