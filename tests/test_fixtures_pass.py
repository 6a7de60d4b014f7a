"""Acceptance: the whole suite (properties/ and gradcheck/, gate profile) passes on correct, independent modules.

tests/impls/course_style.py is a plain course-style module (the course's eight functions and numpy, nothing else):
the suite must test it as it is, skipping what it lacks. tests/impls/extended.py offers every optional name of the
contract. Neither calls the reference, so a pass shows the suite accepts correct code it was not written against,
and a failure names a property that is wrong for correct code (or a bug in the fixture). The binary variant keeps the
template's ``assert A2.shape == (1, X.shape[1])``: the suite must work where n_y > 1 is not supported.

The other fixtures are COURSE.md's harmless variants, each written as edits of course_style.py (EDITS) but for the
float32 one (tests/impls/course_float32.py, whose every function converts): the older generation, a cost returned as
np.float64, and public solutions' forms (the tie convention of predict, the np.dot cost that only works
for n_y = 1, g'(Z1) read from cache["Z1"]). Each passes, is recognised by name (the JSON report's ``variants``), and
the accepted oddities are recorded as remarks (its ``remarks``).

Each runs through ``shallow-proofs prove`` (in a worker process, as any learner's file), which must exit 0, and its
JSON report is checked field by field.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from shallow_proofs.properties import document, probes, variants, versions
from shallow_proofs.properties.claims import CLAIMS
from shallow_proofs.properties.worker import COURSE_API

ROOT = Path(__file__).parent.parent
FIXTURES = (
    "course_style.py",
    "extended.py",
    "course_style.py binary",
    "course_style.py older",
    "course_float32.py",
    "course_style.py float64_cost",
    "course_style.py public",
)
EDITS = {
    "binary": (('    cache = {"Z1"', '    assert A2.shape == (1, X.shape[1])\n    cache = {"Z1"'),),
    # the older generation: seeded inside initialize_parameters, compute_cost(A2, Y, parameters), np.squeeze(cost)
    "older": (
        (
            "def initialize_parameters(n_x, n_h, n_y):\n",
            "def initialize_parameters(n_x, n_h, n_y):\n    np.random.seed(2)\n",
        ),
        ("def compute_cost(A2, Y):", "def compute_cost(A2, Y, parameters):"),
        ("    cost = float(np.squeeze(cost))", "    cost = np.squeeze(cost)"),
        ("        cost = compute_cost(A2, Y)", "        cost = compute_cost(A2, Y, parameters)"),
    ),
    # the cost returned as the np.float64 that the sum divided by m is
    "float64_cost": (("    cost = float(np.squeeze(cost))\n", ""),),
    # public solutions' forms: the np.dot cost (n_y = 1 only), g'(Z1) from cache["Z1"], predict's tie at 1
    "public": (
        (
            "    cost = -np.sum(logprobs) / m",
            "    cost = -(np.dot(Y, np.log(A2).T) + np.dot(1 - Y, np.log(1 - A2).T)) / m",
        ),
        ("(1 - np.power(A1, 2))", '(1 - np.power(np.tanh(cache["Z1"]), 2))'),
        ("    predictions = A2 > 0.5", "    predictions = np.where(A2 < 0.5, 0, 1)"),
    ),
}
"""COURSE.md's harmless variants (and the binary template's assertion), each as edits of course_style.py."""
# fixture -> (the variants it must be recognised as, the remarks its run must record)
RECOGNISED = {
    "course_style.py older": ((probes.OLDER_GENERATION, probes.COST_FLOAT64), ()),
    "course_float32.py": ((probes.FLOAT32,), ()),
    "course_style.py float64_cost": ((probes.COST_FLOAT64,), ()),
    "course_style.py public": (
        (probes.TIE_AT_1, probes.SLOPE_FROM_Z1),
        (variants.TIE_REMARK, variants.SLOPE_FROM_Z1_REMARK),
    ),
}
OUTCOMES = {"passed", "skipped"}
COURSE_STYLE_PARTLY = frozenset(
    {
        "L04.permutation",
        "L04.erratum",
        "L06.sigmoid",
        "L06.tanh",
        "L06.zero_mean",
        "L06.saturation",
        "L07.xor",
        "L08.tanh",
        "L09.shapes",
        "L09.dZ2",
        "L09.dW2",
        "L09.db2",
        "L09.dZ1",
        "L09.dW1",
        "L09.db1",
        "L09.descent",
        "L11.symmetry",
        "L11.small_weights",
        "stable.cost",
    }
)
PARTLY_PROVED = {
    "course_style.py": COURSE_STYLE_PARTLY,
    "extended.py": frozenset(),
    "course_style.py binary": COURSE_STYLE_PARTLY,
    "course_style.py older": COURSE_STYLE_PARTLY
    | {"course.values"},  # the nn_model test case is the latest generation's
    "course_float32.py": COURSE_STYLE_PARTLY | {"course.training", "course.values"},  # float64's published digits
    "course_style.py float64_cost": COURSE_STYLE_PARTLY,
    "course_style.py public": COURSE_STYLE_PARTLY,
}
"""The claims each fixture may leave partly proved: those with tests of capabilities it lacks (ACTIVATIONS,
backward_intermediates, cost_from_logits, the activation= keyword ...); any other is a test that stopped applying."""


def target(fixture: str, directory: Path) -> Path:
    """The fixture's path, or its variant (EDITS) written to ``directory``."""
    name, _, variant = fixture.partition(" ")
    path = ROOT / "tests" / "impls" / name
    if not variant:
        return path
    source = path.read_text()
    for old, new in EDITS[variant]:
        assert source.count(old) == 1, f"tests/impls/{name} no longer has exactly one {old!r}"
        source = source.replace(old, new)
    edited = directory / f"course_{variant}.py"
    edited.write_text(source)
    return edited


def check_report(report: dict, path: Path, fixture: str) -> None:
    """Every field of the JSON report of a passing run; tests that ran behind every claim it proves, nothing partly
    proved beyond the fixture's list, and the variants and remarks it must be recognised by."""
    expected_variants, expected_remarks = RECOGNISED.get(fixture, ((), ()))
    assert sorted(report["variants"]) == sorted(expected_variants), f"{fixture} is recognised as {report['variants']}"
    remarks = report["remarks"]
    assert all(any(r.startswith(e) for r in remarks) for e in expected_remarks), f"{fixture}'s remarks: {remarks}"
    assert all(any(r.startswith(e) for e in expected_remarks) for r in remarks), f"{fixture}'s remarks: {remarks}"
    assert report["implementation"] == {"target": str(path), "path": str(path.resolve())}
    assert report["profile"] == "gate"
    assert report["versions"] == versions.found()
    assert (report["complete"], report["interrupted"], report["load_error"]) == (True, False, None)
    assert list(report["claims"]) == [claim.id for claim in CLAIMS], "claims in the registry's order"
    for claim, entry in report["claims"].items():
        assert entry["verdict"] in ("proved", "partly proved", "not applicable"), f"{claim}: {entry}"
        assert entry["tests"] or entry["facts"], f"{claim} has no test"
        for test in entry["tests"] + entry["facts"]:
            assert set(test) == {"id", "outcome", "message"} and test["outcome"] in OUTCOMES, f"{claim}: {test}"
            assert (test["message"] != "") is (test["outcome"] == "skipped"), f"{claim}: {test}"
        assert (entry["reason"] != "") is (entry["verdict"] != "proved"), f"{claim}: {entry}"
        assert ("untested: " in entry["reason"]) is (entry["verdict"] == "partly proved"), f"{claim}: {entry}"
        if entry["verdict"] in ("proved", "partly proved"):
            assert any(test["outcome"] == "passed" for test in entry["tests"]), f"{claim}: no test ran: {entry}"
    partly = {claim for claim, entry in report["claims"].items() if entry["verdict"] == "partly proved"}
    assert partly <= PARTLY_PROVED[fixture], (
        f"{fixture}: partly proved beyond the list: {sorted(partly - PARTLY_PROVED[fixture])}"
    )
    truth = "not shown" if fixture == "course_float32.py" else "held"  # gradcheck's tolerances are float64's
    assert report["gradients"]["correct"] == report["gradients"]["consistent"] == truth, report["gradients"]
    assert list(report["functions"]) == list(COURSE_API)
    for name, entry in report["functions"].items():
        assert entry["verdict"] == "correct" and entry["claims"], f"{name}: {entry}"
        assert entry["message"].endswith("tests that call it passed"), f"{name}: {entry}"
        assert entry["diagnosis"] is None, f"{name}: {entry}"
    verdicts = [entry["verdict"] for entry in report["claims"].values()]
    assert report["summary"]["claims"] == {name: verdicts.count(name) for name in document.STATUSES}
    assert report["summary"]["functions"] == {
        "correct": 8,
        "wrong": 0,
        "error": 0,
        "missing": 0,
        "inconclusive": 0,
        "not checked": 0,
    }
    assert set(report["summary"]["tests"]) <= OUTCOMES and report["summary"]["tests"]["passed"] > 0


@pytest.mark.parametrize("fixture", FIXTURES)
def test_suite_passes_on_correct_fixture(fixture: str, tmp_path: Path) -> None:
    path = target(fixture, tmp_path)
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "shallow_proofs", "prove", "--impl", str(path), "--json", str(report)]
    command += ["--", "-q", "-p", "no:cacheprovider", "-p", "no:xdist"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    failures = [line for line in result.stdout.splitlines() if line.startswith(("FAILED", "ERROR"))]
    assert result.returncode == 0, (
        f"the suite fails on the correct fixture {fixture} (exit code {result.returncode}):\n"
        + "\n".join(failures)
        + f"\n{result.stdout[-3000:]}\n{result.stderr[-2000:]}"
    )
    check_report(json.loads(report.read_text()), path, fixture)
