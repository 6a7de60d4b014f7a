"""Acceptance: the whole suite (properties/ and gradcheck/, gate profile) passes on correct, independent modules.

tests/impls/course_style.py is a plain course-style module (the course's eight functions and numpy, nothing else):
the suite must test it as it is, skipping what it lacks. tests/impls/extended.py offers every optional name of the
contract. Neither calls the reference, so a pass shows the suite accepts correct code it was not written against,
and a failure names a property that is wrong for correct code (or a bug in the fixture). The binary variant keeps the
template's ``assert A2.shape == (1, X.shape[1])``: the suite must work where n_y > 1 is not supported.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
FIXTURES = ("course_style.py", "extended.py", "course_style.py binary")
BINARY = ('    cache = {"Z1"', '    assert A2.shape == (1, X.shape[1])\n    cache = {"Z1"')


def target(fixture: str, directory: Path) -> Path:
    """The fixture's path, or its binary variant written to ``directory``."""
    name, _, variant = fixture.partition(" ")
    path = ROOT / "tests" / "impls" / name
    if variant != "binary":
        return path
    source = path.read_text()
    assert BINARY[0] in source, f"tests/impls/{name} no longer has the line {BINARY[0]!r}"
    binary = directory / "course_binary.py"
    binary.write_text(source.replace(BINARY[0], BINARY[1], 1))
    return binary


@pytest.mark.parametrize("fixture", FIXTURES)
def test_suite_passes_on_correct_fixture(fixture: str, tmp_path: Path) -> None:
    command = [sys.executable, "-m", "pytest", "properties", "gradcheck", "--impl", str(target(fixture, tmp_path))]
    command += ["-q", "-p", "no:cacheprovider", "-p", "no:xdist", "--hypothesis-profile=gate"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    failures = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert result.returncode == 0, (
        f"the suite fails on the correct fixture {fixture} (exit code {result.returncode}):\n"
        + "\n".join(failures)
        + f"\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
    )
