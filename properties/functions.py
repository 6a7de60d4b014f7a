"""A verdict per function of the course's API, from the tests' outcomes and what each test called.

Every failed test is *charged* to one function:

- a fault logged by the implementation's proxies (properties/faults.py) is charged to the function it names: the
  innermost of the course's functions on the stack when it raised, crashed or hung, or the missing function; if the
  suite had called another function (a predict that hung inside forward_propagation), that one is charged too, as
  *explained by* the first;
- any other failure is charged to the first of the course's functions that its message names, else to the last
  function of the implementation the test called. It is *explained by* any other function the test called, or that
  the charged function calls (by name, in its code), if that function is charged anywhere.

Then, for each of the eight functions, the first that applies:

- ``missing``: the implementation does not define it;
- ``error``: a fault (it raised, crashed or timed out) is charged to it;
- ``wrong``: a failure is charged to it that no other function explains;
- ``inconclusive``: failures are charged to it, each explained by another function (named in the message);
- ``correct``: a test that called it passed, and no failure is charged to it;
- ``not checked``: no test that called it ran to the end.

This is a first derivation: it charges a failure to one function by its message or its order, not by the claim.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

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


@dataclass
class FunctionVerdict:
    name: str
    verdict: str
    claims: list[str]
    message: str


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


def subject(result: Result) -> str:
    """The function a failure without a fault is charged to: the first named in its message, else the last called."""
    message = result.counterexample.split("Falsifying example", 1)[0]
    named = NAMED.search(message)
    return named.group(1) if named else result.last


def charges(results: Iterable[Result], dependencies: Mapping[str, Sequence[str]]) -> dict[str, list[Charge]]:
    by_function: dict[str, list[Charge]] = {}
    for result in results:
        if result.outcome != "failed":
            continue
        first_line = result.counterexample.splitlines()[0] if result.counterexample else ""
        if result.faults:
            for fault in result.faults:
                kind = "missing" if fault["kind"] == "missing" else "error"
                charged = fault["charged"]
                by_function.setdefault(charged, []).append(Charge(kind, result.nodeid, fault["message"], result.claims))
                if fault["called"] != charged:
                    explained = Charge("failed", result.nodeid, fault["message"], result.claims, {charged})
                    by_function.setdefault(fault["called"], []).append(explained)
            continue
        name = subject(result)
        if name:
            involved = (set(result.calls) | closure(name, dependencies)) - {name}
            by_function.setdefault(name, []).append(
                Charge("failed", result.nodeid, first_line, result.claims, involved)
            )
    return by_function


def verdicts(
    results: Sequence[Result], dependencies: Mapping[str, Sequence[str]], missing: Sequence[str]
) -> dict[str, FunctionVerdict]:
    """The verdict of each of the course's eight functions (rules in the module's docstring)."""
    charged = charges(results, dependencies)
    table = {}
    for name in COURSE_API:
        mine = charged.get(name, [])
        called = [r for r in results if name in r.calls and r.outcome in ("passed", "failed")]
        passed = [r for r in called if r.outcome == "passed"]
        claims = sorted({claim for charge in mine for claim in charge.claims} or {c for r in passed for c in r.claims})
        errors = [charge for charge in mine if charge.kind in ("error", "missing")]
        unexplained = [charge for charge in mine if charge.kind == "failed" and not (charge.involved & set(charged))]
        if name in missing:
            message = next((c.message for c in mine if c.kind == "missing"), f"{name} is not defined")
            table[name] = FunctionVerdict(name, MISSING, claims, message)
        elif errors:
            table[name] = FunctionVerdict(name, ERROR, claims, errors[0].message)
        elif unexplained:
            table[name] = FunctionVerdict(name, WRONG, claims, f"{unexplained[0].test}: {unexplained[0].message}")
        elif mine:
            others = sorted({other for charge in mine for other in charge.involved & set(charged)})
            table[name] = FunctionVerdict(
                name, INCONCLUSIVE, claims, f"its failing tests depend on {', '.join(others)}, charged with failures"
            )
        elif passed:
            table[name] = FunctionVerdict(name, CORRECT, claims, f"{len(passed)} tests that call it passed")
        else:
            table[name] = FunctionVerdict(name, NOT_CHECKED, [], "no test that calls it ran to the end")
    return table
