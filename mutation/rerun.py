"""Which survivors run again after tests were added (run.py --survivors): those a new test can reach.

A survivor's tests are deterministic: it can only be killed now by a test that is new (a node id the coverage map
of the run did not have) and that executes its line, or by the whole command when its line runs at import. A
survivor whose selection named a test that is gone (renamed: a parametrized id shifted by a new case) may not have
run it, and runs again too. If the package's sources changed since the run, every survivor runs again. (A test whose
body changed under the same name is not seen: run the survivors on a fresh session for that.)
"""

from __future__ import annotations

from selected import selection


def tests_of(made: dict) -> set[str]:
    return {test for step in made["steps"] for test in step["tests"]}


def reachable(before: dict, now: dict, module: str, rows: list[int]) -> bool:
    """Whether a test new since the map ``before`` runs on a mutant of these rows of the module."""
    if before["sources"] != now["sources"]:
        return True
    added, gone = tests_of(now) - tests_of(before), tests_of(before) - tests_of(now)
    if not (added or gone):
        return False
    chosen, _ = selection(now, module, rows)
    chosen_before, _ = selection(before, module, rows)
    if chosen is None or chosen_before is None:
        return True
    return bool(chosen & added) or bool(chosen_before & gone)
