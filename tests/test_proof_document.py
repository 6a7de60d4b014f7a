"""The proof document and its gate (properties/proof.py, properties/document.py).

Three documents for deliberately broken implementations (tests/mutants.py) mark refuted exactly the claims the bug
breaks. A whole suite per mutant is slow, so each run is restricted to the few suite files that cover the bug, and the
assertion is on the refuted set among the claims those files cover (the files must also prove some claims the bug
leaves intact). That the clean course-style module passes these files is the suite's own acceptance test.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

import mutants
from shallow_proofs.properties import document, proof
from shallow_proofs.properties.claims import CLAIMS

ROOT = Path(__file__).parent.parent
ERRATA_AND_FORWARD = ("properties/test_errata.py", "properties/test_forward.py")
BACKWARD = ("properties/test_gradient_descent.py",)
BROKEN = [
    ("Z2_from_Z1_as_in_notes", ERRATA_AND_FORWARD, {"L01.forward", "L04.erratum"}),
    ("tanh_slope_1_minus_A1", BACKWARD, {"L09.dW1", "L09.db1"}),
    ("dW2_no_1_over_m", BACKWARD, {"L09.dW2"}),
]
ROW = re.compile(r"^\| `(?P<claim>[^`]+)` \| (?P<verdict>[a-z ]+) \| (?P<tests>\d+) \| (?P<examples>\d+) \|$", re.M)


def prove(files: tuple[str, ...], out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """pytest on a few suite files, writing the proof document to out."""
    command = [sys.executable, "-m", "pytest", *files, "-q", "-p", "no:cacheprovider", "--proof-out", str(out)]
    command += ["--hypothesis-profile=mutation", *options]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)


def summary(text: str) -> dict[str, str]:
    """The document's summary table: claim id -> verdict."""
    return {match["claim"]: match["verdict"] for match in ROW.finditer(text)}


@pytest.mark.parametrize(("mutant", "files", "broken"), BROKEN)
def test_document_refutes_exactly_the_broken_claims(mutant, files, broken, tmp_path):
    out = tmp_path / "proof.md"
    result = prove(files, out, "--impl", str(mutants.write(mutant, tmp_path)), "-p", "no:xdist")
    assert result.returncode == 1, f"mutant {mutant}: the run should fail\n{result.stdout[-2000:]}"
    text = out.read_text()
    verdicts = summary(text)
    refuted = {claim for claim, verdict in verdicts.items() if verdict == document.REFUTED}
    assert refuted == broken, (
        f"mutant {mutant} ({mutants.MUTANTS[mutant].bug}): refuted {sorted(refuted)}, expected {sorted(broken)}"
    )
    covered = {claim for claim, verdict in verdicts.items() if verdict != document.UNPROVEN}
    assert covered - refuted, f"mutant {mutant}: the files {files} should also prove claims the bug leaves intact"
    assert text.count("Counterexample from `") >= len(broken), f"mutant {mutant}: every refuted claim shows one"
    for claim in broken:
        assert f"### `{claim}`: refuted" in text


def test_gate_junit_and_staleness_on_a_focused_run(tmp_path):
    """One small file, three runs: the gate, the claim ids in JUnit XML, a stale and then a current PROOF.md."""
    errata, xml, committed = ("properties/test_errata.py",), tmp_path / "junit.xml", tmp_path / "PROOF.md"
    gated = prove(errata, tmp_path / "a.md", "-p", "no:xdist", "--proof-gate", "--junitxml", str(xml))
    assert gated.returncode == 1, "the gate fails a run that leaves claims unproven"
    assert "proof gate FAILED" in gated.stdout and "L05.broadcast is unproven" in gated.stdout
    assert '<property name="proves" value="L04.erratum"' in xml.read_text()
    committed.write_text("# an old proof\n")
    stale = prove(errata, tmp_path / "b.md", "-p", "no:xdist", "--proof-check", str(committed))
    assert stale.returncode == 1 and "is stale" in stale.stdout and "tox -e proof" in stale.stdout
    committed.write_text((tmp_path / "b.md").read_text())
    current = prove(errata, tmp_path / "c.md", "-p", "no:xdist", "--proof-check", str(committed))
    assert current.returncode == 0, f"without --proof-gate a focused run passes\n{current.stdout[-2000:]}"


def test_prove_runs_the_installed_suite_from_any_directory(tmp_path):
    """shallow-proofs prove, from an unrelated directory, on one test of the installed suite (-k): the table, the
    document, and exit 1, since the gate finds the deselected claims unproven, and says so."""
    command = [
        sys.executable,
        "-m",
        "shallow_proofs",
        "prove",
        "--verbose",
        "--out",
        "proof.md",
        "--",
        "-p",
        "no:xdist",
    ]
    command.append("-q")
    result = subprocess.run([*command, "-k", "test_L11_np_zero"], cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 1, result.stdout[-2000:]
    assert re.search(r"^L11\.init +unproven +7 of 8 tests deselected$", result.stdout, re.M), result.stdout[-3000:]
    assert "L05.broadcast is unproven" in result.stdout
    text = (tmp_path / "proof.md").read_text()
    assert summary(text)["L11.init"] == document.UNPROVEN
    missing = re.search(r"^\*\*The run was not complete: (\d+) test\(s\) of claims did not run\.\*\*$", text, re.M)
    assert missing, text[:3000]
    listed = re.findall(r"^- `[^`]+`: deselected: deselected by the run's options \(-k, -m, \.\.\.\)$", text, re.M)
    deselected = len(listed)
    assert deselected == int(missing.group(1)) > 300, "each test of a claim but one is listed as deselected"


def test_document_is_the_same_under_xdist(tmp_path):
    serial, parallel = tmp_path / "serial.md", tmp_path / "parallel.md"
    assert prove(("properties/test_errata.py",), serial, "-p", "no:xdist").returncode == 0
    assert prove(("properties/test_errata.py",), parallel, "-n", "2").returncode == 0
    assert serial.read_text() == parallel.read_text()


def result(nodeid: str, claims: tuple[str, ...], outcome: str, **fields) -> document.Result:
    return document.Result(f"properties/{nodeid}", claims, outcome, **fields)


def test_verdicts_from_outcomes():
    results = [
        result("a.py::t", ("L09.dW1", "L09.db1"), "failed", refutes=("L09.dW1",)),
        result("a.py::u", ("L09.db1",), "passed", examples=100),
        result("b.py::v", ("L06.relu",), "skipped", reason="no ACTIVATIONS"),
        result("b.py::w", ("L04.columns",), "passed"),
        result("b.py::x", ("L04.columns",), "skipped", reason="no activation="),
        result("b.py::y", ("L04.shapes",), "passed"),
        result("c.py::z", ("L04.permutation",), "passed"),
        result("c.py::zz", ("L04.permutation",), document.DESELECTED),
        result("c.py::s", ("L05.broadcast",), "passed"),
        result("c.py::ss", ("L05.broadcast",), document.NOT_RUN),
        result("d.py::f", ("course.flower",), "passed", kind=document.FACT),
        result("d.py::r", ("L06.tanh",), "passed", kind=document.REFERENCE),
    ]
    verdicts = {v.claim.id: v for v in document.verdicts(results)}
    status = {claim: v.status for claim, v in verdicts.items()}
    assert status["L09.dW1"] == document.REFUTED
    assert status["L09.db1"] == document.INCONCLUSIVE, "a failure that names another claim is inconclusive for db1"
    assert verdicts["L09.db1"].premises == ["L09.dW1"]
    assert status["L06.relu"] == document.NOT_APPLICABLE
    assert status["L04.columns"] == document.PARTLY_PROVED
    assert "untested: no activation=" in document.detail(verdicts["L04.columns"])
    assert status["L04.shapes"] == document.PROVED
    assert status["L04.permutation"] == status["L05.broadcast"] == document.UNPROVEN
    assert status["course.flower"] == document.NOT_APPLICABLE, "a fact is not the implementation's proof"
    assert verdicts["course.flower"].facts and not verdicts["course.flower"].tests
    assert status["L06.tanh"] == document.UNPROVEN, "a test of the reference counts only for the reference"
    assert document.verdicts(results, reference=True)[[c.id for c in CLAIMS].index("L06.tanh")].status == "proved"
    assert status["L06.sigmoid"] == document.UNPROVEN


def test_failure_refutes_the_claims_its_message_names():
    longrepr = (
        'src line with proves("L09.db1")\nE   AssertionError: L09.dW1: dW1[0, 1]: implementation 2.0, expected 1.0'
    )
    assert document.refuted_claims(("L09.dW1", "L09.db1"), longrepr) == ("L09.dW1",)
    assert document.refuted_claims(("L09.dW1", "L09.db1"), "E   ValueError: shapes") == ("L09.dW1", "L09.db1")
    assert document.refuted_claims(("L09.dW1", "L09.dW2"), "L09.dW2: FAILED (pytrace=False)") == ("L09.dW2",)


def test_counterexample_is_hypothesis_falsifying_example():
    longrepr = "\n".join(
        [
            "    def test_x(impl, problem):",
            "E   AssertionError: L01.forward: Z2[0, 0]: implementation 1.0, expected 0.76",
            "E   Falsifying example: test_x(",
            "E       impl=Implementation('reference' from /somewhere/reference/__init__.py),",
            "E       problem=Problem(m=1),",
            "E   )",
            "properties/test_x.py:12: AssertionError",
        ]
    )
    assert document.counterexample(longrepr) == (
        "AssertionError: L01.forward: Z2[0, 0]: implementation 1.0, expected 0.76\n"
        "Falsifying example: test_x(\n    problem=Problem(m=1),\n)"
    )


@pytest.mark.parametrize(("error", "shown"), [(3.2e-11, "<= 1e-10"), (1e-10, "<= 1e-10"), (0.0, "0"), (0.5, "<= 1e0")])
def test_errors_are_rounded_up_to_their_order_of_magnitude(error, shown):
    assert document.magnitude(error) == shown


def test_markdown_does_not_depend_on_the_order_results_arrive_in():
    results = [
        result("a.py::t", ("L09.dW1",), "passed", examples=100, evidence={"max_rel_error": 3e-11}),
        result("a.py::s", ("L09.dW1",), "passed", examples=50),
    ]
    header = {"implementation under test": "reference"}
    assert document.markdown(results, header) == document.markdown(results[::-1], header)
    assert "max rel error <= 1e-10" in document.markdown(results, header)


ROW_OF = "| `t.py::test_dW1` | passed | error estimate {}, max rel error {} |"


@pytest.mark.parametrize(
    ("old", "new", "same"),
    [
        (("<= 1e-12", "<= 1e-10"), ("<= 1e-12", "<= 1e-9"), True),  # an error at a decade's edge, on another CPU
        (("0", "0"), ("<= 1e-15", "0"), True),  # an exact 0 against rounding
        (("<= 1e-12", "<= 1e-10"), ("<= 1e-12", "<= 1e-8"), False),  # the negative controls: a real change
        (("0", "0"), ("<= 1e-14", "0"), False),
        (("<= 1e-12", "<= 1e-10"), ("<= 1e-12", "inf"), False),
    ],
)
def test_a_stale_document_is_told_from_an_error_s_last_bits(old, new, same, tmp_path) -> None:
    committed = tmp_path / "PROOF.md"
    committed.write_text(f"# proof\n{ROW_OF.format(*old)}\n")
    assert (proof.stale(committed, f"# proof\n{ROW_OF.format(*new)}") == []) is same
    assert proof.stale(committed, f"# proof\n{ROW_OF.format(*old)}\n| another row |") != []
