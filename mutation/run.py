"""tox -e mutation: cosmic-ray on each package named (reference, gradcheck), one worker, then MUTATION.md.

A session is kept in .mutation/PACKAGE.sqlite: a stopped run resumes with the mutants not yet run (delete the file to
start over, e.g. after the code changed). The operator filter of mutation/PACKAGE.toml is applied when a session is
created. Run it at low priority on a shared machine: ``nice -n 10 tox -e mutation -- reference``.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("reference", "gradcheck")


def run(*command: str) -> None:
    subprocess.run(command, cwd=ROOT, check=True)


def main(packages: list[str]) -> None:
    unknown = sorted(set(packages) - set(PACKAGES))
    if unknown:
        sys.exit(f"mutation/run.py: packages must be among {', '.join(PACKAGES)}; got {', '.join(unknown)}")
    (ROOT / ".mutation").mkdir(exist_ok=True)
    sessions = []
    for package in packages:
        config, session = f"mutation/{package}.toml", f".mutation/{package}.sqlite"
        if not (ROOT / session).exists():
            run("cosmic-ray", "init", config, session)
            run("cr-filter-operators", session, config)
        run("cosmic-ray", "exec", config, session)
        sessions.append(f"{package}={session}")
    run(sys.executable, "mutation/report.py", *sessions)


if __name__ == "__main__":
    main(sys.argv[1:] or list(PACKAGES))
