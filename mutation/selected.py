"""The test command of a mutation run (cosmic-ray's test-command): the tests that execute the mutated line, only.

cosmic-ray mutates one module of the package in place, runs this command, and puts the module back. The command
finds the mutated lines by comparing the package with its pristine copy in the coverage map (testmap.py), and runs
the package's test command (commands.py) on the tests that execute them, each step in its order with ``-x``:

- a line run outside every test (at import: module level, class bodies, decorators, default values; context "")
  or outside every function body runs the whole command: its effect reaches tests that never execute it;
- a line run in a test's set-up or tear-down (a fixture, maybe shared by the file's tests) runs every test of that
  file;
- a line no test executes runs nothing: the mutant survives, "not covered";
- if the sources outside the package changed since the map was built (a test added or renamed: its node ids are no
  longer the map's), every mutant runs the whole command, as the map can no longer name the tests.

A test that executes a line of a multi-line statement is counted for the whole statement (the header only, for a
compound one). ``--full`` runs the whole command whatever the mutant (mutation/agreement.py compares both).

    python mutation/selected.py PACKAGE [--full]
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
import tempfile
from difflib import SequenceMatcher

from commands import NOT_COVERED, PYTEST, ROOT, STEPS, environment
from testmap import key, load

FUNCTIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)


def mutated(sources: dict[str, str]) -> tuple[str, list[int]] | None:
    """The module that differs from its pristine source, and the changed lines (of the pristine source, from 1)."""
    for module, text in sources.items():
        now = (ROOT / module).read_text()
        if now == text:
            continue
        rows: set[int] = set()
        opcodes = SequenceMatcher(None, text.splitlines(), now.splitlines(), autojunk=False).get_opcodes()
        for tag, i1, i2, _, _ in opcodes:
            if tag != "equal":
                rows.update(range(i1 + 1, max(i2, i1 + 1) + 1))
        return module, sorted(rows)
    return None


def span(node: ast.stmt) -> range:
    """The lines of a statement, or of a compound statement's header (up to its body)."""
    body = getattr(node, "body", None)
    end = body[0].lineno - 1 if isinstance(body, list) and body else node.end_lineno or node.lineno
    return range(node.lineno, max(end, node.lineno) + 1)


def statement_lines(tree: ast.Module, row: int) -> tuple[range, bool]:
    """The lines of the innermost statement holding the row, and whether the row is inside a function's body (run
    when the function is called, not when the module is imported)."""
    innermost, in_body = None, False
    for node in ast.walk(tree):  # breadth first: a statement holding the row comes after the ones holding it
        if isinstance(node, ast.stmt) and node.lineno <= row <= (node.end_lineno or node.lineno):
            innermost = node
        if isinstance(node, FUNCTIONS):
            body = node.body if isinstance(node.body, list) else [node.body]
            in_body = in_body or body[0].lineno <= row <= (node.end_lineno or node.lineno)
    lines = span(innermost) if innermost and row in span(innermost) else range(row, row + 1)
    return lines, in_body


def selection(made: dict, module: str, rows: list[int]) -> tuple[set[str] | None, str]:
    """The node ids to run (None: the whole command) and why."""
    tree = ast.parse(made["sources"][module])
    covered = made["lines"].get(module, {})
    contexts: set[str] = set()
    for row in rows:
        lines, in_body = statement_lines(tree, row)
        if not in_body:
            return None, f"line {row} runs at import"
        for line in lines:
            contexts.update(covered.get(str(line), ()))
    if "" in contexts:
        return None, "a line runs outside every test"
    chosen = set()
    for context in contexts:
        nodeid, _, phase = context.rpartition("|")
        if phase == "run":
            chosen.add(nodeid)
        else:
            file = nodeid.split("::")[0]
            chosen.update(t for step in made["steps"] for t in step["tests"] if t.split("::")[0] == file)
    return chosen, "tests that execute it"


def run_step(step: dict, only: list[str] | None) -> int:
    """One step of the command with -x: every test, or only the listed ones (the files holding them, in order)."""
    if only is None:
        return subprocess.run(
            [sys.executable, "-m", "pytest", *PYTEST, "-x", *step["options"], *step["paths"]],
            cwd=ROOT,
            env=environment(),
        ).returncode
    files = list(dict.fromkeys(t.split("::")[0] for t in only))
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as listed:
        listed.write("\n".join(only))
        listed.flush()
        return subprocess.run(
            [sys.executable, "-m", "pytest", *PYTEST, "-x", "-p", "only", *step["options"], *files],
            cwd=ROOT,
            env={**environment(), "MUTATION_ONLY": listed.name},
        ).returncode


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("package")
    parser.add_argument("--full", action="store_true", help="run the whole command, whatever the mutant")
    args = parser.parse_args()
    made = load(args.package)
    found = mutated(made["sources"])
    chosen: set[str] | None = None
    stale = made.get("tests_key") != key(leave_out=args.package)
    if stale:
        print("mutation: the tests changed since the coverage map was built: the whole command", flush=True)
    if found and not args.full and not stale:
        module, rows = found
        chosen, why = selection(made, module, rows)
        total = sum(len(step["tests"]) for step in made["steps"])
        where = f"{module}:{','.join(map(str, rows))}"
        if chosen is not None and not chosen:
            print(f"mutation: {NOT_COVERED}: no test executes {where}", flush=True)
            return 0
        print(f"mutation: {where}: {len(chosen) if chosen else total} of {total} tests ({why})", flush=True)
    if chosen is None:  # the whole command as commands.py has it now
        steps = [{"options": step.options, "paths": step.paths} for step in STEPS[args.package]]
        codes = (run_step(step, None) for step in steps)
    else:
        selected = ([t for t in step["tests"] if t in chosen] for step in made["steps"])
        codes = (run_step(step, only) for step, only in zip(made["steps"], selected, strict=True) if only)
    return next((code for code in codes if code), 0)  # the steps run lazily: none after the first failure


if __name__ == "__main__":
    sys.exit(main())
