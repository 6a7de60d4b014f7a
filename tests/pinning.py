"""Run the suite on a mutant (a targeted selection, the derandomized pinning profile: 10 examples, no -x) and read the
verdicts that tests/mutants.py pins: the refuted claims, the inconclusive ones, every function verdict that is not
``correct``, and the diagnosis of backward_propagation."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from test_catches_bugs import CAUGHT

import mutants

ROOT = Path(__file__).parent.parent
CORE = (
    "properties/test_course_api.py",
    "properties/test_gradient_descent.py",
    "gradcheck/tests/test_gradient.py",
    "gradcheck/tests/test_course_style.py",
)
"""Every mutant runs these: each of the eight functions is called, and both truths of the gradient are checked."""


def selection(name: str) -> list[str]:
    """The core files and the suite files that catch the mutant (tests/test_catches_bugs.py)."""
    return sorted(set(CORE) | {test_file for test_file, mutant in CAUGHT if mutant == name})


def run(name: str, directory: Path) -> dict[str, Any]:
    """The JSON report of the suite's run on mutant ``name``."""
    report = directory / "report.json"
    command = [sys.executable, "-m", "pytest", *selection(name), "--impl", str(mutants.write(name, directory))]
    command += ["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "--hypothesis-profile=pinning"]
    command += ["--proof-json", str(report)]
    subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    data: dict[str, Any] = json.loads(report.read_text())
    return data


def verdicts(report: dict[str, Any]) -> tuple[tuple[str, ...], tuple[str, ...], dict[str, str]]:
    """The refuted claims, the inconclusive claims and the functions whose verdict is not correct."""
    claims = report["claims"]
    refuted = tuple(claim for claim, entry in claims.items() if entry["verdict"] == "refuted")
    inconclusive = tuple(claim for claim, entry in claims.items() if entry["verdict"] == "inconclusive")
    functions = {name: entry["verdict"] for name, entry in report["functions"].items() if entry["verdict"] != "correct"}
    return refuted, inconclusive, functions


if __name__ == "__main__":  # print the measured verdicts of the mutants named on the command line
    import tempfile

    for name in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as folder:
            report = run(name, Path(folder))
        refuted, inconclusive, functions = verdicts(report)
        reasons = {claim: report["claims"][claim]["reason"] for claim in inconclusive}
        diagnosis = report["functions"]["backward_propagation"]["diagnosis"]
        found = {"refuted": refuted, "inconclusive": reasons, "functions": functions, "diagnosis": diagnosis}
        print(json.dumps({"mutant": name, **found}))
        sys.stdout.flush()
