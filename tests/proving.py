"""Run ``shallow-proofs prove`` in a subprocess, as a learner does, and read its JSON report.

Runs are cached per process by their arguments: the acceptance and agreement tests share the runs they both need.
The runs are serial (``-p no:xdist``): the test suite itself runs under ``-n auto``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

ROOT = Path(__file__).parent.parent
BOUND = 1200  # seconds: a hung run fails its test instead of hanging the suite


class Proved(NamedTuple):
    code: int
    stdout: str
    stderr: str
    report: dict[str, Any] | None

    def verdicts(self) -> dict[str, str]:
        assert self.report is not None, f"no JSON report\n{self.stdout[-3000:]}\n{self.stderr[-3000:]}"
        return {name: entry["verdict"] for name, entry in self.report["functions"].items()}


_runs: dict[tuple[str, ...], Proved] = {}
_folder: list[Path] = []


def mutant(name: str) -> Path:
    """tests/mutants.py's mutant, written once per process (so that its runs are cached by path)."""
    import mutants

    if not _folder:
        _folder.append(Path(tempfile.mkdtemp(prefix="shallow-proofs-mutants-")))
    path = _folder[0] / f"mutant_{name}.py"
    return path if path.is_file() else mutants.write(name, _folder[0])


def prove(path: Path, *options: str, pytest_args: tuple[str, ...] = ()) -> Proved:
    """prove --impl path OPTIONS --json REPORT -- -p no:xdist PYTEST_ARGS (the profile from options alone)."""
    key = (str(path), *options, "--", *pytest_args)
    if key in _runs:
        return _runs[key]
    with tempfile.TemporaryDirectory(prefix="shallow-proofs-test-") as folder:
        report = Path(folder) / "report.json"
        command = [
            sys.executable,
            "-m",
            "shallow_proofs",
            "prove",
            "--impl",
            str(path),
            *options,
            "--json",
            str(report),
        ]
        command += ["--", "-p", "no:xdist", "-p", "no:cacheprovider", *pytest_args]
        environment = {key: value for key, value in os.environ.items() if key != "HYPOTHESIS_PROFILE"}
        result = subprocess.run(
            command, cwd=folder, capture_output=True, text=True, check=False, timeout=BOUND, env=environment
        )
        data = json.loads(report.read_text()) if report.is_file() else None
    _runs[key] = Proved(result.returncode, result.stdout, result.stderr, data)
    return _runs[key]
