"""The JSON report (``shallow-proofs prove --json FILE``, pytest's ``--proof-json FILE``): verdicts per claim and per
function, for programs (a grader, a dashboard). Written atomically, also when the run fails or is interrupted.

Fields: ``implementation`` (target, path), ``profile``, ``versions``, ``complete`` (every collected test ran to the
end), ``interrupted``, ``variants`` (COURSE.md's harmless variants recognised, properties/probes.py), ``remarks`` (what
tests accepted and say why, properties/variants.py), ``load_error`` (the paragraph, when the implementation could not be
imported: then nothing ran), ``loader`` ({notes, problems}: what properties/loader.py left out of the file or stood in
for, and what is wrong with a function before it runs), ``claims`` ({id: {verdict, tests: [{id, outcome, message}],
reason}}), ``functions`` ({name: {verdict, claims, message, tests, diagnosis, evidence}}, properties/functions.py;
``tests``, the failed tests charged to a function wrong or in error that no other function explains, in the run's order;
``diagnosis`` is null but for a wrong backward_propagation, properties/diagnosis.py; ``evidence``, for a function found
wrong or in error, is properties/evidence.py's), ``gradients`` (the gradient's two truths, properties/gradients.py) and
``summary`` (counts of claims and functions per verdict, and of tests per outcome).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from shallow_proofs.properties import document, evidence, functions, run, versions

CLAIM_VERDICTS = document.STATUSES


def test_entry(result: document.Result, claim: str) -> dict[str, str]:
    outcome = result.outcome_for(claim)
    message = result.counterexample if result.outcome == "failed" else result.reason
    return {"id": result.nodeid, "outcome": outcome, "message": message}


def reason(verdict: document.Verdict) -> str:
    """Why the claim is not simply proved (the proof table's detail); empty when it is."""
    return "" if verdict.status == document.PROVED else document.detail(verdict)


def build(
    header: Mapping[str, str],
    results: Sequence[document.Result],
    verdicts: Sequence[document.Verdict],
    by_function: Mapping[str, functions.FunctionVerdict],
    complete: bool,
    interrupted: bool,
    variants: Sequence[str] = (),
    load_error: str | None = None,
    truths: Mapping[str, str] | None = None,
    loaded: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    tests = Counter(result.outcome for result in results)
    by_test = {result.nodeid: result for result in results}
    return {
        "implementation": {"target": header["target"], "path": header["path"]},
        "profile": header["profile"],
        "versions": versions.found(),
        "complete": complete,
        "interrupted": interrupted,
        "variants": list(variants),
        "remarks": document.remarks(results),
        "load_error": load_error,
        "loader": dict(loaded or {"notes": [], "problems": {}}),
        "claims": {
            v.claim.id: {
                "verdict": v.status,
                "tests": [test_entry(test, v.claim.id) for test in v.tests],
                "reason": reason(v),
                "facts": [test_entry(test, v.claim.id) for test in v.facts],
            }
            for v in verdicts
        },
        "functions": {
            name: {"verdict": f.verdict, "claims": f.claims, "message": f.message, "tests": f.tests}
            | {"diagnosis": f.diagnosis}
            | ({"evidence": evidence.evidence(evidence.simplest(charged, name), name)} if charged else {})
            for name, f in by_function.items()
            for charged in [[by_test[test] for test in f.tests if test in by_test]]
        },
        "gradients": dict(truths) if truths is not None else None,
        "summary": {
            "claims": {name: sum(v.status == name for v in verdicts) for name in CLAIM_VERDICTS},
            "functions": {name: sum(f.verdict == name for f in by_function.values()) for name in functions.VERDICTS},
            "tests": dict(sorted(tests.items())),
        },
    }


def unloadable(header: Mapping[str, str], error: str) -> dict[str, Any]:
    """The report of a run that tested nothing: the implementation could not be imported."""
    verdicts = document.verdicts([])
    by_function = {
        name: functions.FunctionVerdict(name, functions.NOT_CHECKED, [], f"the file could not be imported: {error}")
        for name in functions.COURSE_API
    }
    return build(header, [], verdicts, by_function, complete=False, interrupted=False, load_error=error)


def write(path: str | Path, data: dict[str, Any]) -> None:
    run.write_json(path, data)
