"""Reading the JSON report that ``prove --json FILE`` writes: the one place that knows its format.

The report (issue 9) holds ``implementation``, ``profile``, ``versions``, ``complete``, ``load_error`` (the
paragraph on a file that could not be loaded), ``claims`` (``{id: {"verdict", "tests": [{"id", "outcome",
"message"}], "reason"}}``), ``functions`` (``{name: {"verdict", "claims", "message"}}`` for the course's eight
functions) and summary counts. The grader reads only ``complete``, ``load_error``, ``claims`` and ``functions``; it
counts the claim verdicts itself rather than trust the summary.
"""

from __future__ import annotations

import json
import textwrap
from dataclasses import dataclass
from pathlib import Path
from typing import Any

FUNCTIONS = (
    "layer_sizes",
    "initialize_parameters",
    "forward_propagation",
    "compute_cost",
    "backward_propagation",
    "update_parameters",
    "nn_model",
    "predict",
)
"""The course's eight functions, in the course's order (the columns of the table)."""

FUNCTION_VERDICTS = ("correct", "wrong", "error", "missing", "inconclusive", "not checked")
CLAIM_VERDICTS = ("proved", "partly proved", "refuted", "inconclusive", "not applicable", "unproven")
MESSAGE_CHARACTERS = 2000
"""A message longer than this is cut in the details (a 50 MB print must not become a 50 MB results.json)."""
CHARGED = ("wrong", "error", "missing")
"""The function verdicts that charge a function with a fault (inconclusive and not checked charge nobody)."""


class UnreadableReport(ValueError):
    """The report is missing, not JSON, or not in the format above; the message says which."""


@dataclass(frozen=True)
class Reading:
    functions: dict[str, str]
    """Verdict of each of the eight, in course order; "not checked" when the report does not name the function."""
    claims: dict[str, int]
    """How many claims got each verdict of CLAIM_VERDICTS."""
    complete: bool
    message: str
    """One line on what is wrong: the paragraph of a file that could not be loaded (``load_error``), else the charged
    functions' messages, else the refuted claims (a bug in an optional capability charges none of the eight)."""
    loaded: bool
    """False when the report says the file could not be loaded (then nothing ran)."""
    details: dict[str, str]
    """For each of the eight: its verdict and message, then each of its claims with its verdict, and for a claim that
    is refuted or inconclusive, the reason and the first failing test's message (Gradescope's output per test)."""
    report: dict[str, Any]


def read_report(path: Path) -> Reading:
    """Read the report at path; raises UnreadableReport when it cannot be read as issue 9's format."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UnreadableReport("prove wrote no report") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableReport(f"the report is not readable JSON: {error}") from None
    if not isinstance(report, dict):
        raise UnreadableReport(f"the report is a JSON {type(report).__name__}, expected an object")
    claims, functions = report.get("claims"), report.get("functions")
    if not isinstance(claims, dict) or not isinstance(functions, dict):
        raise UnreadableReport("the report has no 'claims' and 'functions' objects")
    try:
        verdicts = {name: str(functions[name]["verdict"]) if name in functions else "not checked" for name in FUNCTIONS}
        counts = {verdict: 0 for verdict in CLAIM_VERDICTS}
        for claim in claims.values():
            counts[str(claim["verdict"])] = counts.get(str(claim["verdict"]), 0) + 1
        details = {
            name: function_details(name, verdicts[name], functions.get(name) or {}, claims) for name in FUNCTIONS
        }
        charged = [
            f"{name}: {functions[name].get('message') or verdicts[name]}"
            for name in FUNCTIONS
            if verdicts[name] in CHARGED
        ]
    except (KeyError, TypeError, AttributeError) as error:
        raise UnreadableReport(f"a claim or function of the report has no verdict: {error!r}") from None
    refuted = [claim_id for claim_id, claim in claims.items() if claim["verdict"] == "refuted"]
    message = str(report.get("load_error") or "; ".join(charged))
    message = message or (f"refuted: {', '.join(refuted)}" if refuted else "")
    return Reading(
        verdicts,
        counts,
        report.get("complete") is True,
        " ".join(message.split())[:MESSAGE_CHARACTERS],
        not report.get("load_error"),
        details,
        report,
    )


def function_details(name: str, verdict: str, function: dict[str, Any], claims: dict[str, Any]) -> str:
    lines = [
        f"{name}: {verdict}" + (f": {str(function['message'])[:MESSAGE_CHARACTERS]}" if function.get("message") else "")
    ]
    for claim_id in function.get("claims") or ():
        claim = claims.get(claim_id) or {}
        lines.append(f"  {claim_id}: {claim.get('verdict', 'not in the report')}")
        if claim.get("verdict") in ("refuted", "inconclusive"):
            failures = [
                t["message"] for t in claim.get("tests", ()) if t.get("outcome") == "failed" and t.get("message")
            ]
            lines += [
                textwrap.indent(str(text)[:MESSAGE_CHARACTERS], "    ")
                for text in [claim.get("reason"), *failures[:1]]
                if text
            ]
    return "\n".join(lines)
