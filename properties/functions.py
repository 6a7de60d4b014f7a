"""A verdict per function of the course's API, from the tests' outcomes and what each test called.

Every failed test is *charged* to one function:

- a crash or a timeout (properties/faults.py) is charged to the innermost of the course's functions on the stack,
  where it was; if the suite had called another function (a predict that hung inside forward_propagation), that one
  is charged too, *explained by* the first;
- an exception the implementation raised is charged to the function the suite called (it may have raised deeper, in
  a function it calls, on what it gave that function); a missing function is charged to itself;
- any other failure is charged to the one function the test called that tests calling it alone, on the suite's
  own inputs, did not show right; else to the first of those that the test judges (its ``checks`` marker: the
  others compute its inputs, and explain the failure if they are wrong); else to the first of those that its
  message names, else to the last function of the implementation the test called.

A charge (but for a crash, a timeout or a missing function) is *explained by* any other function that the test
called, or that the charged function calls (by name, in its code), if that function is charged anywhere.

Then, for each of the eight functions, the first that applies:

- ``missing``: the implementation does not define it;
- ``error``: it raised, crashed or timed out, and no other function explains it;
- ``wrong``: another failure is charged to it that no other function explains;
- ``inconclusive``: failures are charged to it, each explained by another function, and none of its tests passed;
  or its tests passed, but it calls (by name, in its code) a function that is missing or wrong (the message names
  them);
- ``correct``: a test that called it passed, every failure charged to it is explained by another function, and
  what it calls is not in doubt;
- ``not checked``: no test that called it ran to the end.

This is a first derivation: it charges a failure to one function by its message or its order, not by the claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from shallow_proofs.properties import faults
from shallow_proofs.properties.document import Result
from shallow_proofs.properties.worker import COURSE_API

CORRECT, WRONG, ERROR, MISSING, INCONCLUSIVE, NOT_CHECKED = (
    "correct",
    "wrong",
    "error",
    "missing",
    "inconclusive",
    "not checked",
)
VERDICTS = (CORRECT, WRONG, ERROR, MISSING, INCONCLUSIVE, NOT_CHECKED)
NAMED = re.compile(r"\b(" + "|".join(COURSE_API) + r")\b")


@dataclass
class Charge:
    """One failed test charged to a function: the kind (error, missing or failed), and what may explain it."""

    kind: str
    test: str
    message: str
    claims: tuple[str, ...]
    involved: set[str] = field(default_factory=set)
    consequence: bool = False
    """A call not made after the function's strikes (faults.NotCalled): shown after the crash or hang itself."""


@dataclass
class FunctionVerdict:
    name: str
    verdict: str
    claims: list[str]
    message: str
    test: str = ""
    """The failed test the verdict (wrong or error) rests on."""
    tests: list[str] = field(default_factory=list)
    """Every failed test charged to it that no other function explains (the learner's report shows the simplest)."""
    diagnosis: str | None = None
    """For backward_propagation: which part is wrong, read from its gradients (properties/diagnosis.py)."""


def closure(name: str, dependencies: Mapping[str, Sequence[str]]) -> set[str]:
    """The course's functions that name calls, directly or through others."""
    seen: set[str] = set()
    stack = list(dependencies.get(name, ()))
    while stack:
        other = stack.pop()
        if other not in seen:
            seen.add(other)
            stack += dependencies.get(other, ())
    return seen - {name}


def cleared(results: Iterable[Result]) -> set[str]:
    """The functions shown right on the suite's own inputs: every test that called that function alone passed."""
    alone: dict[str, set[str]] = {}
    for result in results:
        if len(set(result.calls)) == 1 and result.outcome in ("passed", "failed"):
            alone.setdefault(result.calls[0], set()).add(result.outcome)
    return {name for name, outcomes in alone.items() if outcomes == {"passed"}}


def subject(result: Result, right: set[str]) -> str:
    """The function a failure without a fault is charged to: the one called function not shown right by tests that
    call it alone, else the first of those the test judges (all it judges when every called function was shown
    right and it called the judged one: it then fails on what they do together, which is the judged one's to do),
    else the first such function its message names, else the last called."""
    suspects = [name for name in dict.fromkeys(result.calls) if name not in right]
    if len(suspects) == 1:
        return suspects[0]
    judged = [name for name in result.checks if name in suspects or (not suspects and name in result.calls)]
    if judged:
        return judged[0]
    message = result.counterexample.split("Falsifying example", 1)[0]
    named = [name for name in NAMED.findall(message) if name in suspects or not suspects]
    return named[0] if named else result.last


def charges(results: Iterable[Result], dependencies: Mapping[str, Sequence[str]]) -> dict[str, list[Charge]]:
    by_function: dict[str, list[Charge]] = {}

    def charge(
        name: str, kind: str, result: Result, message: str, involved: set[str], consequence: bool = False
    ) -> None:
        entry = Charge(kind, result.nodeid, message, result.claims, involved, consequence)
        by_function.setdefault(name, []).append(entry)

    results = list(results)
    right = cleared(results)
    for result in results:
        if result.outcome != "failed":
            continue
        if not result.faults:
            name = subject(result, right)
            if name:
                message = result.counterexample.splitlines()[0] if result.counterexample else ""
                charge(name, "failed", result, message, (set(result.calls) | closure(name, dependencies)) - {name})
            continue
        for fault in result.faults:
            called, message = fault["called"], fault["message"]
            if fault["kind"] == "missing":
                charge(called, "missing", result, message, set())
            elif fault["kind"] == "raised":  # raised in called, or in what called calls with what called gave it
                charge(called, "error", result, message, (set(result.calls) | closure(called, dependencies)) - {called})
            else:  # it crashed or hung where it was: charged there; the function the suite called depends on it
                charge(fault["charged"], "error", result, message, set(), fault["kind"] == faults.NotCalled.kind)
                if called != fault["charged"]:
                    charge(called, "failed", result, message, {fault["charged"]})
    return by_function


def verdicts(
    results: Sequence[Result], dependencies: Mapping[str, Sequence[str]], missing: Sequence[str]
) -> dict[str, FunctionVerdict]:
    """The verdict of each of the course's eight functions (rules in the module's docstring)."""
    charged = charges(results, dependencies)
    table: dict[str, FunctionVerdict] = {}
    explained: dict[str, set[str]] = {}
    for name in COURSE_API:
        mine = charged.get(name, [])
        passed = [r for r in results if name in r.calls and r.outcome == "passed"]
        claims = sorted({claim for charge in mine for claim in charge.claims} or {c for r in passed for c in r.claims})
        unexplained = [charge for charge in mine if not (charge.involved & set(charged))]
        errors = [charge for charge in unexplained if charge.kind in ("error", "missing")]
        errors.sort(key=lambda charge: charge.consequence)  # the crash or hang itself shows first
        unexplained = [charge for charge in unexplained if charge.kind == "failed"]
        if name in missing:
            message = next((c.message for c in mine if c.kind == "missing"), f"{name} is not defined")
            table[name] = FunctionVerdict(name, MISSING, claims, message)
        elif errors:
            tests = [c.test for c in errors]
            table[name] = FunctionVerdict(name, ERROR, claims, errors[0].message, test=errors[0].test, tests=tests)
        elif unexplained:
            charge, tests = unexplained[0], [c.test for c in unexplained]
            table[name] = FunctionVerdict(
                name, WRONG, claims, f"{charge.test}: {charge.message}", test=charge.test, tests=tests
            )
        elif mine and not passed:
            explained[name] = {other for charge in mine for other in charge.involved & set(charged)}
            table[name] = FunctionVerdict(name, INCONCLUSIVE, claims, "")
        elif passed:
            table[name] = FunctionVerdict(
                name, CORRECT, claims, f"{len(passed)} of {len(passed)} tests that call it passed"
            )
        else:
            table[name] = FunctionVerdict(name, NOT_CHECKED, [], "no test that calls it ran to the end")
    found = [r.diagnosis for r in sorted(results, key=lambda r: r.nodeid) if r.outcome == "failed" and r.diagnosis]
    if found and table["backward_propagation"].verdict == WRONG:
        table["backward_propagation"].diagnosis = found[0]
    wrong = {name for name, verdict in table.items() if verdict.verdict in (MISSING, WRONG)}
    for name, verdict in table.items():
        if verdict.verdict == CORRECT and closure(name, dependencies) & wrong:
            explained[name] = closure(name, dependencies) & wrong
            verdict.verdict = INCONCLUSIVE
        if verdict.verdict == INCONCLUSIVE:
            others = sorted(explained[name])
            named = ", ".join(f"{other} ({table[other].verdict})" if other in table else other for other in others)
            verdict.message = f"its results depend on {named}"
    return table
