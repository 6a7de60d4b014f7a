"""The learner's report: what ``shallow-proofs prove`` prints by default, rendered from its JSON report.

First the file and what the loader left out of it (one line per note), then one line per function of the course
(correct, wrong, error, missing, inconclusive, not checked); then one block per function found wrong or in error:
the claim and the equation in the notes' notation, a call that reproduces the failure (copy-pasteable Python, the
shrunk example's arrays written out), the expected and the actual value, and the diagnosis when the report has one;
last the claims, those not applicable folded into one line. The file is named by its path in the first line, by its
name after it. pytest's own output comes only with ``--verbose``.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

NAME_WIDTH = 22
"""The longest of the course's names, initialize_parameters, is 21 characters."""
VERDICT_WIDTH = 14
"""The longest verdict, inconclusive, is 12 characters."""
LINE = 110
"""Messages are cut to this many characters in the one-line-per-function table."""
BLOCKED = ("wrong", "error", "missing")


def short(text: str, width: int = LINE) -> str:
    first = text.strip().splitlines()[0] if text.strip() else ""
    return first if len(first) <= width else first[: width - 3] + "..."


def indented(text: str, prefix: str = "      ") -> list[str]:
    return [prefix + line for line in text.splitlines()]


def diagnosis_text(diagnosis: Any) -> str:
    """functions[name]["diagnosis"] as text: a string as it is; a mapping by its text, summary or message."""
    if isinstance(diagnosis, str):
        return diagnosis
    if isinstance(diagnosis, Mapping):
        for key in ("text", "summary", "message", "cause"):
            if isinstance(diagnosis.get(key), str) and diagnosis[key]:
                return str(diagnosis[key])
    if isinstance(diagnosis, list):
        return "\n".join(diagnosis_text(item) for item in diagnosis)
    return json.dumps(diagnosis, sort_keys=True)


def header(report: Mapping[str, Any]) -> list[str]:
    functions = report.get("functions", {})
    correct = sum(entry["verdict"] == "correct" for entry in functions.values())
    state = "" if report.get("complete") else "; the run did not finish, so what did not run is unproven"
    target = report["implementation"]["path"]
    lines = [f"{target}: {correct} of {len(functions)} functions correct ({report['profile']} profile{state})"]
    loader = report.get("loader") or {}
    lines += [f"  note: {note}" for note in loader.get("notes", [])]
    for name, problems in loader.get("problems", {}).items():
        lines += [f"  problem in {name}: {problem}" for problem in problems]
    return lines


def function_lines(functions: Mapping[str, Any]) -> list[str]:
    lines = ["", "Functions"]
    for name, entry in functions.items():
        evidence = entry.get("evidence") or {}
        why = "" if entry["verdict"] == "correct" else short(entry["message"])
        if evidence.get("quantity"):
            found = f"{evidence['quantity']} = {evidence['actual']}, expected {evidence['expected']}"
            why = short(f"{evidence['claim']}: {found} (below)")
        elif evidence:
            why = short(f"{evidence['claim']}: {evidence['message'] or entry['message']} (below)")
        lines.append(f"  {name:<{NAME_WIDTH}}{entry['verdict']:<{VERDICT_WIDTH}}{why}".rstrip())
    return lines


def block(name: str, entry: Mapping[str, Any], claims: Mapping[str, Any]) -> list[str]:
    """The block of one function found wrong or in error."""
    evidence = entry.get("evidence") or {}
    lines = ["", f"{name}: {entry['verdict']}"]
    if not evidence:
        return [*lines, *indented(entry["message"], "  ")]
    lines.append(f"  claim:     {evidence['claim']}")
    if evidence.get("equation"):
        lines.append(f"  equation:  {evidence['equation']}")
    lines.append(f"  test:      {evidence['test']}")
    if evidence.get("call"):
        lines += ["  reproduce:", "      import numpy as np", *indented(evidence["call"])]
    if evidence.get("quantity"):
        bound = evidence.get("bound")
        within = f" (rounding explains a difference up to {bound:.1e})" if isinstance(bound, float) else ""
        lines.append(f"  expected:  {evidence['quantity']} = {evidence['expected']}{within}")
        lines.append(f"  actual:    {evidence['quantity']} = {evidence['actual']}")
    elif evidence.get("message"):
        lines += ["  failure:", *indented(evidence["message"])]
    if entry.get("diagnosis"):
        lines += ["  diagnosis:", *indented(diagnosis_text(entry["diagnosis"]))]
    return lines


def claim_lines(claims: Mapping[str, Any]) -> list[str]:
    """One line per claim; the claims that are not applicable folded into one line."""
    shown = {claim: entry for claim, entry in claims.items() if entry["verdict"] != "not applicable"}
    folded = [claim for claim in claims if claim not in shown]
    width = max((len(claim) for claim in claims), default=0)
    lines = ["", "Claims"]
    for claim, entry in shown.items():
        lines.append(f"  {claim:<{width}}  {entry['verdict']:<14}  {short(entry['reason'])}".rstrip())
    if folded:
        lines += textwrap.wrap(
            f"not applicable ({len(folded)}, no test applies to this implementation): {', '.join(folded)}",
            LINE,
            initial_indent="  ",
            subsequent_indent="    ",
        )
    return lines


def render(report: Mapping[str, Any]) -> list[str]:
    """The learner's report, as lines; a file that could not be loaded has its own paragraph already (stderr)."""
    if report.get("load_error"):
        return []
    functions = report.get("functions", {})
    lines = function_lines(functions)
    for name, entry in functions.items():
        if entry["verdict"] in BLOCKED:
            lines += block(name, entry, report.get("claims", {}))
    lines += claim_lines(report.get("claims", {}))
    path = str(report["implementation"]["path"])
    short_lines = [line.replace(path, PurePath(path).name) for line in lines] if path else lines
    return header(report) + short_lines
