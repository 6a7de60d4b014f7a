"""Acceptance: the whole suite (properties/ and gradcheck/, gate profile) passes on two correct, independent modules.

tests/impls/course_style.py is a plain course-style module (the course's eight functions and numpy, nothing else):
the suite must test it as it is, skipping what it lacks. tests/impls/extended.py offers every optional name of the
contract. Neither calls the reference, so a pass shows the suite accepts correct code it was not written against,
and a failure names a property that is wrong for correct code (or a bug in the fixture).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FIXTURES = ("course_style.py", "extended.py")


@pytest.mark.parametrize("fixture", FIXTURES)
def test_suite_passes_on_correct_fixture(fixture: str) -> None:
    command = [
        sys.executable,
        "-m",
        "pytest",
        "properties",
        "gradcheck",
        "--impl",
        str(ROOT / "tests" / "impls" / fixture),
    ]
    command += ["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "--hypothesis-profile=gate"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    failures = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert result.returncode == 0, (
        f"the suite fails on the correct fixture tests/impls/{fixture} (exit code {result.returncode}):\n"
        + "\n".join(failures)
        + f"\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
    )
