"""Helpers of the grade tests: learners' files for tests/fake_prove.py, and grade run with it."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from shallow_proofs import grade as grade_command
from shallow_proofs.report import FUNCTIONS

FAKE = Path(__file__).parent / "fake_prove.py"
FAKE_PROVE = (sys.executable, str(FAKE))


def learner(folder: Path, name: str, behaviour: str = "", functions: tuple[str, ...] = FUNCTIONS) -> Path:
    """A file that defines functions (as text) and tells the fake prove what to do."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [f"# fake: {behaviour}"] if behaviour else []
    lines += [f"def {function}(*args):\n    return None\n" for function in functions]
    path.write_text("\n".join(lines) + "\n")
    return path


def grade(*argv: str, prove: tuple[str, ...] = FAKE_PROVE) -> int:
    return grade_command.main(list(argv), prove=prove)


def read_csv(path: Path) -> dict[str, dict[str, str]]:
    with path.open(newline="") as file:
        return {row["submission"]: row for row in csv.DictReader(file)}
