"""Acceptance of sealed runs: for each hostile or broken file of tests/zoo.py, ``prove`` ends non-zero in bounded
time, with a readable message and the right verdict on each of the course's eight functions (in its JSON report).

The runs use the course's API tests (``-k``: they reach all eight functions) and the ``dev`` profile, so the zoo costs
seconds per file; the correct fixtures pass the whole suite (tests/test_fixtures_pass.py), the negative control.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

import zoo

BOUND = 300  # seconds: a run that hangs fails here instead of hanging the suite
MAX_OUTPUT = 512 * 1024  # characters: the 50 MB printed shows as a few kilobytes per failing example


def prove(
    path: Path,
    directory: Path,
    *options: str,
    pytest_args: tuple[str, ...] = (),
    timeout: float = 30.0,
    select: str = "test_course_api",
):
    """``shallow-proofs prove OPTIONS`` on path, the tests selected by -k, the JSON report in directory."""
    report = directory / "report.json"
    command = [sys.executable, "-m", "shallow_proofs", "prove", "--impl", str(path), *options, "--json", str(report)]
    command += ["--timeout", str(timeout), "--", "-k", select, "-p", "no:cacheprovider", "--hypothesis-profile=dev"]
    result = subprocess.run(
        [*command, *pytest_args], cwd=directory, capture_output=True, text=True, check=False, timeout=BOUND
    )
    return result, json.loads(report.read_text()) if report.exists() else None


@pytest.mark.parametrize("name", sorted(zoo.ZOO))
def test_prove_gives_a_verdict_on_a_hostile_file(name: str, tmp_path: Path) -> None:
    hostile = zoo.ZOO[name]
    extra = ("--verbose",) if hostile.verbose else ()
    path = zoo.write(name, tmp_path)
    result, report = prove(path, tmp_path, *extra, timeout=hostile.timeout, select=hostile.select)
    output = result.stdout + result.stderr
    assert result.returncode == 1, f"{name}: prove exit status {result.returncode}, expected 1\n{output[-3000:]}"
    assert "INTERNALERROR" not in output and "Traceback (most recent call last)" not in output, output[-3000:]
    assert len(output) < MAX_OUTPUT, f"{name}: prove printed {len(output):,} characters"
    for fragment in hostile.message:
        assert fragment in output, f"{name}: prove's output lacks {fragment!r}\n{output[-3000:]}"
    assert report is not None, f"{name}: no JSON report\n{output[-3000:]}"
    verdicts = {function: entry["verdict"] for function, entry in report["functions"].items()}
    expected = {function: hostile.verdicts.get(function, "correct") for function in zoo.COURSE_API}
    assert verdicts == expected, f"{name}: verdicts per function {verdicts}, expected {expected}"
    assert report["complete"] is (hostile.verdicts is not zoo.NOT_CHECKED)
    assert (report["load_error"] is not None) is (hostile.verdicts is zoo.NOT_CHECKED)


def test_in_process_the_patching_file_fools_the_suite(tmp_path: Path) -> None:
    """Negative control: imported into the suite's process (--impl-inline), the file that patches pytest and
    Hypothesis at import makes every test pass without running it: its wrong layer_sizes is never called."""
    path = zoo.write("patches_pytest_and_hypothesis", tmp_path)
    result, report = prove(path, tmp_path, "--verbose", pytest_args=("--impl-inline", "-p", "no:xdist"))
    assert "22 passed" in result.stdout and "failed" not in result.stdout, result.stdout[-3000:]  # course.api's 22
    assert report is not None and set(report["functions"]) == set(zoo.COURSE_API)
    assert {entry["verdict"] for entry in report["functions"].values()} == {"not checked"}, report["functions"]
