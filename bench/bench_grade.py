"""``shallow-proofs grade`` on a batch of submissions: the bug zoo, the correct fixtures and hostile files; time and
verdicts.

The batch: every mutant of tests/mutants.py (67 since the zoo grew; its 37 earlier ones gave a batch of 52), the two
fixtures of tests/impls/ (correct), and 13 hostile files made from course_style.py (exits, a hang, KeyboardInterrupt,
get_ipython(), 50 MB printed, numpy or pytest changed at import, a missing function, NaN or None returned). grade
runs once on the folder; the script prints the wall time, the median and range of the time per submission, and each
row's verdicts against what the submission is:

- a fixture must pass, with all eight functions correct;
- a bug inside one of the eight (the function whose text the mutant edits, found with ast) must charge that function
  (wrong, error or missing), and no other function: the ones that call it may be inconclusive, never charged;
- a bug in a helper (extended.py's slopes, ACTIVATIONS, propagate ...) may charge only the eight that use the
  helper directly, and must fail the run;
- a statement at module level cannot be charged to a function: the row must exist, and may pass only with all eight
  correct (a loader that runs only definitions ignores such a statement).

    python bench/bench_grade.py [--jobs 2] [--limit 600] [--timeout S] [--quick] [--folder DIR]
"""

from __future__ import annotations

import argparse
import ast
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent.parent / "tests"))

import mutants
from shallow_proofs.report import CHARGED, FUNCTIONS

COURSE = "course_style.py"
IMPORT = "import numpy as np\n"
HOSTILE: dict[str, tuple[tuple[str, str], str]] = {
    "exit_at_import": ((IMPORT, IMPORT + "import os\n\nos._exit(0)\n"), "os._exit(0) at import"),
    "sys_exit_at_import": ((IMPORT, IMPORT + "import sys\n\nsys.exit(0)\n"), "sys.exit(0) at import"),
    "get_ipython_at_import": (
        (IMPORT, IMPORT + 'get_ipython().run_line_magic("matplotlib", "inline")\n'),
        "get_ipython() at import, as in a notebook export",
    ),
    "print_50_mb_at_import": ((IMPORT, IMPORT + 'print("x" * 50_000_000)\n'), "50 MB printed at import"),
    "seterr_raise_at_import": ((IMPORT, IMPORT + 'np.seterr(all="raise")\n'), 'np.seterr(all="raise") at import'),
    "tanh_rebound_at_import": ((IMPORT, IMPORT + "np.tanh = np.sin\n"), "np.tanh rebound to np.sin at import"),
    "exit_in_nn_model": (
        ("    np.random.seed(3)\n", "    np.random.seed(3)\n    import os\n\n    os._exit(0)\n"),
        "os._exit(0) inside nn_model",
    ),
    "loop_in_nn_model": (
        ("    np.random.seed(3)\n", "    np.random.seed(3)\n    while True:\n        pass\n"),
        "while True inside nn_model",
    ),
    "keyboard_interrupt_in_forward": (
        ('    W1 = parameters["W1"]\n', '    raise KeyboardInterrupt\n    W1 = parameters["W1"]\n'),
        "KeyboardInterrupt raised by forward_propagation",
    ),
    "patch_pytest_at_import": (
        (IMPORT, IMPORT + "import _pytest.runner\n\n_pytest.runner.pytest_runtest_call = lambda item: None\n"),
        "pytest's test-running hook replaced at import",
    ),
    "cost_returns_nan": (("    return cost\n", '    return float("nan")\n'), "compute_cost returns NaN"),
    "predict_returns_none": (("    return predictions\n", "    return None\n"), "predict returns None"),
    "predict_missing": (
        ("def predict(parameters, X):\n", "def predict_labels(parameters, X):\n"),
        "predict missing (defined as predict_labels)",
    ),
}


@dataclass(frozen=True)
class Expected:
    what: str
    charged: frozenset[str] | None
    """The functions that must be charged (an empty set: none of the eight; None: module level, no function)."""
    allowed: frozenset[str]
    """The functions that may be charged."""
    passes: bool = False


def top_level(source: str) -> dict[str, ast.stmt]:
    """Each top-level definition or assignment of source, by name."""
    found: dict[str, ast.stmt] = {}
    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef):
            found[node.name] = node
        elif isinstance(node, ast.Assign):
            found.update((target.id, node) for target in node.targets if isinstance(target, ast.Name))
    return found


def edited(source: str, old: str) -> str | None:
    """The top-level name whose text holds the first occurrence of old; None at module level (an import)."""
    line = source[: source.index(old)].count("\n") + 1
    nodes = top_level(source)
    return next((name for name, node in nodes.items() if node.lineno <= line <= (node.end_lineno or line)), None)


def direct_users(source: str, name: str) -> frozenset[str]:
    """The eight functions that use name directly or through helpers that are not among the eight."""
    nodes = top_level(source)
    uses = {n: {x.id for x in ast.walk(node) if isinstance(x, ast.Name)} for n, node in nodes.items()}
    reached, frontier = set(), {name}
    while frontier:
        step = {n for n, used in uses.items() if used & frontier and n not in reached}
        reached |= step
        frontier = {n for n in step if n not in FUNCTIONS}
    return frozenset(reached & set(FUNCTIONS))


def expectation(base: str, edits: tuple[tuple[str, str], ...], what: str) -> Expected:
    source = (mutants.IMPLS / base).read_text()
    names = {edited(source, old) for old, _ in edits}
    if None in names:
        return Expected(what, None, frozenset(FUNCTIONS))
    if names <= set(FUNCTIONS):
        return Expected(what, frozenset(n for n in names if n), frozenset(n for n in names if n))
    allowed = frozenset().union(*(direct_users(source, n) for n in names if n))
    return Expected(f"{what} [in {', '.join(sorted(n for n in names if n))}]", frozenset(), allowed)


def build(folder: Path) -> dict[str, Expected]:
    """Write the submissions into folder; what each one is."""
    expected: dict[str, Expected] = {}
    for name in ("course_style.py", "extended.py"):
        (folder / name).write_text((mutants.IMPLS / name).read_text())
        expected[name] = Expected("correct fixture", frozenset(), frozenset(), passes=True)
    for name, mutant in mutants.MUTANTS.items():
        expected[mutants.write(name, folder).name] = expectation(mutant.base, mutant.edits, mutant.bug)
    source = (mutants.IMPLS / COURSE).read_text()
    for name, ((old, new), what) in HOSTILE.items():
        (folder / f"hostile_{name}.py").write_text(source.replace(old, new, 1))
        expected[f"hostile_{name}.py"] = expectation(COURSE, ((old, new),), what)
    return expected


def check(row: dict[str, Any], expected: Expected) -> str:
    """'ok', or what disagrees."""
    verdicts: dict[str, str] = row["functions"]
    charged = {name for name, verdict in verdicts.items() if verdict in CHARGED}
    if expected.passes:
        return "ok" if row["outcome"] == "pass" and set(verdicts.values()) == {"correct"} else "should pass"
    if expected.charged is None:
        return "ok" if row["outcome"] != "pass" or set(verdicts.values()) == {"correct"} else "passed unchecked"
    if expected.charged - charged:
        return f"not charged: {', '.join(sorted(expected.charged - charged))}"
    if charged - expected.allowed:
        return f"charged wrongly: {', '.join(sorted(charged - expected.allowed))}"
    return "ok" if row["outcome"] != "pass" else "passed"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--limit", type=float, default=600.0, help="grade --limit (seconds per submission)")
    parser.add_argument("--timeout", type=float, help="grade --timeout (prove's limit per call)")
    parser.add_argument("--quick", action="store_true", help="grade --quick")
    parser.add_argument("--folder", type=Path, help="build the batch here and keep it (default: a temporary folder)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as scratch:
        folder = args.folder or Path(scratch)
        (folder / "submissions").mkdir(parents=True, exist_ok=True)
        expected = build(folder / "submissions")
        out = folder / "results.json"
        command = [sys.executable, "-m", "shallow_proofs", "grade", str(folder / "submissions"), "--out", str(out)]
        command += ["--jobs", str(args.jobs), "--limit", f"{args.limit:g}", "--force"]
        command += ["--quick"] if args.quick else []
        command += ["--timeout", f"{args.timeout:g}"] if args.timeout else []
        print(f"{len(expected)} submissions; {' '.join(command[2:])}", flush=True)
        start = time.perf_counter()
        subprocess.run(command, check=True)
        wall = time.perf_counter() - start
        rows = {Path(report["grade"]["submission"]).name: report["grade"] for report in json.loads(out.read_text())}
    seconds = [float(row["seconds"]) for row in rows.values()]
    print(f"\n{'submission':48} {'outcome':7} {'s':>6}  check  charged (what it is)")
    results = {}
    for name, what in expected.items():
        row = rows[name]
        results[name] = check(row, what)
        charged = [f"{f} {v}" for f, v in row["functions"].items() if v in CHARGED]
        print(f"{name:48} {row['outcome']:7} {row['seconds']:6.1f}  {results[name]:5}  {', '.join(charged) or '-'}")
        print(f"{'':64}({what.what})")
    print(
        f"\nwall time {wall:.0f} s for {len(rows)} submissions with --jobs {args.jobs} ({wall / len(rows):.1f} s each)"
    )
    median, low, high = statistics.median(seconds), min(seconds), max(seconds)
    print(f"time per submission: median {median:.1f} s, range {low:.1f} to {high:.1f} s")
    wrong = {name: result for name, result in results.items() if result != "ok"}
    print(f"verdicts as expected: {len(results) - len(wrong)} of {len(results)}")
    for name, result in wrong.items():
        print(f"  {name}: {result}")


if __name__ == "__main__":
    main()
