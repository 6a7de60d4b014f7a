"""MUTATION.md from cosmic-ray sessions: the score per package, what ran, and every survivor with its verdict.

A survivor is equivalent (listed with its reason in equivalent.toml, hand-kept, or inside a type annotation,
found here: every module has ``from __future__ import annotations``, so annotations are never evaluated), a defect
(it survives because of a bug it uncovered; listed in equivalent.toml with verdict = "defect") or open (a test is
missing). The score is killed / (killed + survived); a run stopped early (sessions run their mutants in
cosmic-ray's order, not by module) reports the mutants it ran and how many it did not.

    python mutation/report.py reference=.mutation/reference.sqlite gradcheck=.mutation/gradcheck.sqlite

A package not named keeps its section of the existing MUTATION.md, as its last run wrote it. A session's mutants
come from the code at the commit that mutation/run.py recorded next to it (PACKAGE.commit), given in its section.

A session's first pass (before tests were added for its survivors, mutation/run.py --survivors) may follow, after a
comma: reference=.mutation/reference.sqlite,.mutation/reference.before.sqlite.
"""

from __future__ import annotations

import argparse
import ast
import json
import sqlite3
import tomllib
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from commands import NOT_COVERED

HERE = Path(__file__).parent
ROOT = HERE.parent
PACKAGES = ("reference", "gradcheck")  # the order of MUTATION.md's sections


@dataclass(frozen=True)
class Mutant:
    module: str
    operator: str
    row: int
    col: int
    before: str
    after: str
    outcome: str  # killed, timeout, survived, pending, skipped
    not_covered: bool = False  # survived without running a test: no test executes the line (selected.py)


def changed_lines(diff: str) -> tuple[str, str]:
    """The line before and after the mutation, from cosmic-ray's unified diff."""
    minus = [line[1:] for line in diff.splitlines() if line.startswith("-") and not line.startswith("---")]
    plus = [line[1:] for line in diff.splitlines() if line.startswith("+") and not line.startswith("+++")]
    return " ".join(minus).strip(), " ".join(plus).strip()


def mutants(session: Path) -> list[Mutant]:
    db = sqlite3.connect(session)
    rows = db.execute(
        "select m.module_path, m.operator_name, m.start_pos_row, m.start_pos_col, r.worker_outcome, r.test_outcome, "
        "r.output, r.diff from mutation_specs m left join work_results r using (job_id)"
    ).fetchall()
    found = []
    for module, operator, row, col, worker, test, output, diff in rows:
        if worker is None:
            outcome = "pending"
        elif worker == "SKIPPED":
            outcome = "pending" if output == "not run" else "skipped"  # set aside by run.py --survivors
        elif test == "SURVIVED":
            outcome = "survived"
        elif output == "timeout":
            outcome = "timeout"
        else:
            outcome = "killed"  # the tests failed, or the mutant did not import (worker outcome ABNORMAL/EXCEPTION)
        before, after = changed_lines(diff or "")
        uncovered = outcome == "survived" and f"mutation: {NOT_COVERED}" in (output or "")
        found.append(Mutant(module, operator.split("/")[-1], row, col, before, after, outcome, uncovered))
    return found


def annotation_spans(module: str) -> list[tuple[tuple[int, int], tuple[int, int]]]:
    """(start, end) positions (row from 1, column from 0) of every annotation in the module."""
    tree = ast.parse((ROOT / module).read_text())
    nodes: list[ast.expr] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.arg) and node.annotation is not None:
            nodes.append(node.annotation)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.returns is not None:
            nodes.append(node.returns)
        elif isinstance(node, ast.AnnAssign):
            nodes.append(node.annotation)
    return [((n.lineno, n.col_offset), (n.end_lineno or n.lineno, n.end_col_offset or 0)) for n in nodes]


def equivalence(mutant: Mutant, listed: dict[tuple[str, str, str], str], spans: dict[str, list]) -> str | None:
    """Why the mutant is equivalent, or None."""
    reason = listed.get((mutant.module, mutant.before, mutant.after))
    if reason:
        return reason
    if mutant.module not in spans:
        spans[mutant.module] = annotation_spans(mutant.module)
    if any(start <= (mutant.row, mutant.col) < end for start, end in spans[mutant.module]):
        return "equivalent: inside a type annotation, never evaluated (from __future__ import annotations)"
    return None


def load_equivalents(path: Path) -> dict[tuple[str, str, str], str]:
    data = tomllib.loads(path.read_text()) if path.exists() else {"mutant": []}
    return {
        (m["module"], m["before"].strip(), m["after"].strip()): f"{m.get('verdict', 'equivalent')}: {m['reason']}"
        for m in data["mutant"]
    }


def first_pass(before: list[Mutant]) -> str:
    counts = Counter(m.outcome for m in before)
    killed = counts["killed"] + counts["timeout"]
    ran = killed + counts["survived"]
    return (
        f"Before the tests added for the survivors (the first pass): killed {killed}, survived {counts['survived']}, "
        f"score {killed / ran:.1%}. The survivors were then run again (run.py --survivors): the numbers below."
        if ran
        else ""
    )


def agreement(path: Path) -> str:
    """The figures of mutation/agreement.py: does the selection of tests change a verdict, and the time it saves."""
    if not path.exists():
        return "The selection of tests was not compared with the whole command on this package (mutation/agreement.py)."
    made = json.loads(path.read_text())
    selected, full = made["selected_seconds"], made["full_seconds"]
    return (
        f"The selection of tests against the whole command (mutation/agreement.py, {made['mutants']} mutants drawn "
        f"with seed {made['seed']}, in the order of {made['sampled_by']}): the same verdict for {made['agree']} of "
        f"{made['mutants']} ({made['not_covered']} "
        f"not covered); time per mutant, median (range), {selected['median']:.1f} s ({selected['min']:.1f} to "
        f"{selected['max']:.1f}) with the selection, {full['median']:.1f} s ({full['min']:.1f} to {full['max']:.1f}) "
        "with the whole command."
    )


def session_commit(session: Path) -> str | None:
    """The commit and time mutation/run.py recorded when it created the session, if it did."""
    recorded = session.with_suffix(".commit")
    return recorded.read_text().strip() if recorded.exists() else None


def kept_sections(path: Path) -> dict[str, list[str]]:
    """The sections (## package) of an existing MUTATION.md, by package, each with its lines up to the next."""
    sections: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text().splitlines() if path.exists() else []:
        if line.startswith("## "):
            current = sections.setdefault(line[3:].strip(), [])
        if current is not None:
            current.append(line)
    return sections


def section(
    package: str,
    found: list[Mutant],
    listed: dict[tuple[str, str, str], str],
    before: list[Mutant] | None = None,
    agreed: Path | None = None,
    session: Path | None = None,
) -> list[str]:
    spans: dict[str, list] = {}
    counts = Counter(m.outcome for m in found)
    killed = counts["killed"] + counts["timeout"]
    survivors = sorted((m for m in found if m.outcome == "survived"), key=lambda m: (m.module, m.row, m.col))
    verdicts = [(m, equivalence(m, listed, spans)) for m in survivors]
    uncovered = sum(1 for m, reason in verdicts if m.not_covered and not reason)
    equivalent = sum(1 for _, reason in verdicts if reason and reason.startswith("equivalent"))
    ran = killed + counts["survived"]
    lines = [f"## {package}", ""]
    created = session_commit(session) if session else None
    if created:
        lines += [f"Mutants of the code at commit {created} (mutation/run.py, when the session was created).", ""]
    if agreed:
        lines += [agreement(agreed), ""]
    if before:
        lines += [first_pass(before), ""]
    if ran:
        score = killed / ran
        strict = killed / (ran - equivalent) if ran > equivalent else 1.0
        lines.append(
            f"Ran {ran} of {ran + counts['pending']} mutants ({counts['pending']} not run, {counts['skipped']} left "
            f"out by the operator filter). Killed {killed} ({counts['timeout']} of them by the time limit), survived "
            f"{counts['survived']}: score killed / (killed + survived) = {score:.1%}; with the {equivalent} "
            f"equivalent survivors left out, {strict:.1%}. Not covered (no test executes the line, so no test ran; "
            f"counted as survivors, among the open): {uncovered}."
        )
    else:
        lines.append("No mutant ran.")
    header = "| module | mutants run | killed | survived | equivalent | open | of them not covered | not run |"
    lines += ["", header, "|---" * 8 + "|"]
    for module in sorted({m.module for m in found}):
        mine = [m for m in found if m.module == module]
        c = Counter(m.outcome for m in mine)
        eq = sum(1 for m, reason in verdicts if reason and reason.startswith("equivalent") and m.module == module)
        surv = c["survived"]
        bare = sum(1 for m, reason in verdicts if m.not_covered and not reason and m.module == module)
        lines.append(
            f"| {module} | {c['killed'] + c['timeout'] + surv} | {c['killed'] + c['timeout']} | {surv} | {eq} | "
            f"{surv - eq} | {bare} | {c['pending']} |"
        )
    lines += ["", "Survivors (line, operator, the line before and after, verdict):", ""]
    for m, reason in verdicts:
        verdict = reason.replace("defect:", "**defect**:") if reason else "**open**: no test kills it yet"
        if m.not_covered and not reason:
            verdict = f"**open**, {NOT_COVERED}: no test executes the line"
        lines.append(f"- `{m.module}:{m.row}` {m.operator}: `{m.before}` → `{m.after}`; {verdict}")
    return [*lines, ""]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sessions", nargs="+", metavar="PACKAGE=SESSION[,BEFORE]")
    parser.add_argument("--out", type=Path, default=ROOT / "MUTATION.md")
    parser.add_argument("--equivalent", type=Path, default=HERE / "equivalent.toml")
    args = parser.parse_args()
    listed = load_equivalents(args.equivalent)
    lines = [
        "# Mutation testing",
        "",
        f"Generated by `mutation/report.py` (tox -e mutation) from the sessions of cosmic-ray {version('cosmic-ray')}; "
        "the equivalent mutants and the defects are hand-kept in `mutation/equivalent.toml`, with their reasons, "
        "except the mutants inside type annotations, found by the report. The operators and the modules: "
        "mutation/reference.toml and mutation/gradcheck.toml; the test command of each package: mutation/commands.py, "
        "stopping at the first failure (a mutant that makes it time out counts as killed, and is counted apart), on "
        "the tests that execute the mutated line only (mutation/selected.py, from a coverage map with one context "
        "per test, mutation/testmap.py): a line run at import runs the whole command, a line run in a fixture every "
        "test of its file, and a line no test executes none (the mutant survives, not covered). A package not run "
        "again keeps its section as its last run wrote it.",
        "",
    ]
    given = dict(item.split("=", 1) for item in args.sessions)
    unknown = sorted(set(given) - set(PACKAGES))
    if unknown:
        parser.error(f"packages must be among {', '.join(PACKAGES)}; got {', '.join(unknown)}")
    kept = kept_sections(args.out)
    for package in PACKAGES:
        if package not in given:
            lines += kept.get(package, [])
            continue
        session, _, before = given[package].partition(",")
        agreed = Path(session).with_name(f"{package}.agreement.json")
        found = mutants(Path(session))
        lines += section(package, found, listed, mutants(Path(before)) if before else None, agreed, Path(session))
    args.out.write_text("\n".join(lines).rstrip("\n") + "\n")


if __name__ == "__main__":
    main()
