"""tox -e mutation: cosmic-ray on each package named (reference, gradcheck), one worker, then MUTATION.md.

A session is kept in .mutation/PACKAGE.sqlite, and the commit it was created at (``git describe --always --dirty``, the
code its mutants come from) in .mutation/PACKAGE.commit: a stopped run resumes with the mutants not yet run (delete the
file to start over, e.g. after the code changed). The operator filter of mutation/PACKAGE.toml is applied when a session
is created. ``--survivors`` runs the survivors again, and nothing else, after tests were added: the session as it was is
kept in .mutation/PACKAGE.before.sqlite, and MUTATION.md gives both scores; only the survivors a new test can reach run
again (rerun.py). Run it at low priority on a shared machine: ``nice -n 10 tox -e mutation -- reference``.

Each mutant runs only the tests that execute its line (selected.py), read from the package's coverage map
(testmap.py), built here before the session runs when a source changed since it was last built.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

import testmap
from rerun import reachable

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("reference", "gradcheck")
NOT_RUN = "not run"  # the output of a mutant set aside by --survivors, run by the next plain run


def run(*command: str) -> None:
    subprocess.run(command, cwd=ROOT, check=True)


def commit() -> str:
    """The commit checked out, marked -dirty if the working tree differs, and the time (UTC)."""
    described = subprocess.run(
        ["git", "describe", "--always", "--dirty"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout.strip()
    return f"{described} {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"


def survivors_only(session: Path, before: dict, now: dict) -> None:
    """Keep the session as it is (.before), set the mutants not yet run aside, and make pending the survivors that a
    test added since the coverage map ``before`` can reach (rerun.py); the others stay survivors."""
    shutil.copy(session, session.with_suffix(".before.sqlite"))
    with sqlite3.connect(session) as db:
        db.execute(
            "insert into work_results (worker_outcome, output, job_id) select 'SKIPPED', ?, job_id from work_items "
            "where job_id not in (select job_id from work_results)",
            (NOT_RUN,),
        )
        survivors = db.execute(
            "select job_id, module_path, start_pos_row, end_pos_row from mutation_specs join work_results "
            "using (job_id) where test_outcome = 'SURVIVED'"
        ).fetchall()
        again = [
            (job,)
            for job, module, first, last in survivors
            if reachable(before, now, module, [*range(first, last + 1)])
        ]
        db.executemany("delete from work_results where job_id = ?", again)


def resume(session: Path) -> None:
    """The mutants set aside by --survivors become pending again; the session before --survivors is no longer the
    same run's first pass, and goes."""
    session.with_suffix(".before.sqlite").unlink(missing_ok=True)
    with sqlite3.connect(session) as db:
        db.execute("delete from work_results where worker_outcome = 'SKIPPED' and output = ?", (NOT_RUN,))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", metavar="PACKAGE", help=f"among {', '.join(PACKAGES)} (default: both)")
    parser.add_argument("--survivors", action="store_true", help="run the survivors again, and nothing else")
    args = parser.parse_args()
    unknown = sorted(set(args.packages) - set(PACKAGES))
    if unknown:
        parser.error(f"packages must be among {', '.join(PACKAGES)}; got {', '.join(unknown)}")
    (ROOT / ".mutation").mkdir(exist_ok=True)
    sessions = []
    for package in args.packages or PACKAGES:
        config, session = f"mutation/{package}.toml", ROOT / ".mutation" / f"{package}.sqlite"
        if not session.exists():
            run("cosmic-ray", "init", config, str(session))
            session.with_suffix(".commit").write_text(commit())
            run("cr-filter-operators", str(session), config)
        previous = testmap.load(package) if testmap.path(package).exists() else None
        now = testmap.current(package)
        if args.survivors:
            survivors_only(session, previous or now, now)
        else:
            resume(session)
        run("cosmic-ray", "exec", config, str(session))
        before = session.with_suffix(".before.sqlite")
        sessions.append(f"{package}={session}" + (f",{before}" if before.exists() else ""))
    run(sys.executable, "mutation/report.py", *sessions)


if __name__ == "__main__":
    main()
