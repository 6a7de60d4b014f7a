"""The coverage map of a package's mutation run: for every line of the package, the tests that execute it.

Built once by running the package's test command (commands.py) under coverage.py with one context per test
(pytest-cov's ``--cov-context=test``), and kept in .mutation/PACKAGE.map.json with the package's sources as they
were (the pristine copy a mutated module is compared with) and each step's tests in the order they run. Its key is
a hash of every Python source of the repository and pyproject.toml: a change to the package, the tests or the
commands builds it again (:func:`current`, called by run.py before a session runs, never by the test command, which
runs with a module mutated).
"""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
from pathlib import Path

from commands import PYTEST, ROOT, STEPS, environment
from coverage import CoverageData

STORE = ROOT / ".mutation"


def path(package: str) -> Path:
    return STORE / f"{package}.map.json"


def key(leave_out: str | None = None) -> str:
    """A hash of every Python source of the repository (tracked or not, not ignored) and pyproject.toml; with
    ``leave_out``, of all but that folder's (the tests' side, which a mutant of the package does not change)."""
    listed = subprocess.run(
        ["git", "ls-files", "-co", "--exclude-standard", "*.py", "pyproject.toml"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    digest = hashlib.sha256()
    for name in sorted(listed):
        file = ROOT / name
        if file.is_file() and not (leave_out and name.startswith(f"{leave_out}/")):
            digest.update(name.encode() + b"\0" + file.read_bytes() + b"\0")
    return digest.hexdigest()


def collected(options: tuple[str, ...], paths: tuple[str, ...]) -> list[str]:
    """The node ids of a step's tests, in the order they run."""
    out = subprocess.run(
        [sys.executable, "-m", "pytest", *PYTEST, *options, "--collect-only", *paths],
        cwd=ROOT,
        env=environment(),
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [line for line in out.splitlines() if "::" in line and not line.startswith(" ")]


def measured(package: str, number: int, options: tuple[str, ...], paths: tuple[str, ...]) -> dict[str, dict]:
    """Run one step under coverage: {module: {line: [contexts]}}, a context being "node id|phase", or "" for a line
    run outside every test (at import, during collection)."""
    data_file = STORE / f"{package}.step{number}.coverage"
    data_file.unlink(missing_ok=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *PYTEST,
            *options,
            f"--cov={package}",
            "--cov-context=test",
            "--cov-report=",
            *paths,
        ],
        cwd=ROOT,
        env={**environment(), "COVERAGE_FILE": str(data_file)},
        check=True,
    )
    data = CoverageData(basename=str(data_file))
    data.read()
    lines: dict[str, dict] = {}
    for file in data.measured_files():
        module = Path(file).resolve().relative_to(ROOT).as_posix()
        lines[module] = {str(line): sorted(contexts) for line, contexts in data.contexts_by_lineno(file).items()}
    return lines


def build(package: str) -> dict:
    STORE.mkdir(exist_ok=True)
    steps, lines = [], {}
    for number, step in enumerate(STEPS[package]):
        tests = collected(step.options, step.paths)
        steps.append({"options": list(step.options), "paths": list(step.paths), "tests": tests})
        for module, found in measured(package, number, step.options, step.paths).items():
            for line, contexts in found.items():
                lines.setdefault(module, {}).setdefault(line, []).extend(contexts)
    sources = {p.relative_to(ROOT).as_posix(): p.read_text() for p in sorted((ROOT / package).glob("*.py"))}
    made = {"key": key(), "tests_key": key(leave_out=package), "sources": sources, "steps": steps, "lines": lines}
    path(package).write_text(json.dumps(made))
    return made


def load(package: str) -> dict:
    return json.loads(path(package).read_text())


def current(package: str) -> dict:
    """The map of the package, built again if a source changed since."""
    if path(package).exists():
        made = load(package)
        if made["key"] == key():
            return made
    print(f"mutation: building the coverage map of {package}/ (its test command once, under coverage)", flush=True)
    return build(package)


if __name__ == "__main__":
    for name in sys.argv[1:]:
        current(name)
