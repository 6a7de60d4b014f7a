"""pytest plugin: collect each test's outcome per claim, write the proof document, enforce the gate.

Every test's claims (``proves`` marker), Hypothesis example count, evidence and erratum travel in its
``user_properties``, which pytest-xdist serializes and JUnit XML shows; the controller alone writes the document.

The gate rule: ``--proof-gate`` makes the run fail when a claim of the registry is unproven (no test marked with it
ran), and, on the reference, also when a claim is not applicable (the reference owes every claim). Refuted claims
fail the run anyway (a test failed). Without ``--proof-gate`` (focused runs of a few files) the verdicts are only
reported. ``--proof-check FILE`` fails a passing run whose document differs from FILE (a stale PROOF.md).
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import settings, statistics

from shallow_proofs.properties import (
    diagnosed,
    document,
    functions,
    gradients,
    premises,
    report,
    run,
    variants,
    versions,
)
from shallow_proofs.properties import impl as implementation

INTERRUPTED = "interrupted (Ctrl-C): the claims whose tests did not all finish are unproven"


def register(config: pytest.Config, suite: tuple[Path, ...]) -> None:
    """Count examples and collected tests in every process; the controller alone collects results and writes."""
    run.reset()
    proof = None if hasattr(config, "workerinput") else Proof(config)
    config.pluginmanager.register(Examples(), "shallow-proofs-examples")
    config.pluginmanager.register(Collected(config, proof, suite), "shallow-proofs-collected")
    if proof is not None:
        config.pluginmanager.register(proof, "shallow-proofs-proof")


EXPECTED = "shallow_proofs_expected"
"""The key under which an xdist worker sends its collected and deselected tests of claims to the controller."""


def claims_of(item: pytest.Item) -> tuple[str, ...]:
    return tuple(dict.fromkeys(claim for mark in item.iter_markers("proves") for claim in mark.args))


class Collected:
    """The tests of claims this process collected, so that one that never reports counts as not run."""

    def __init__(self, config: pytest.Config, proof: Proof | None, suite: tuple[Path, ...]) -> None:
        self.config, self.proof, self.suite = config, proof, suite

    def kind(self, item: pytest.Item) -> str:
        """A test outside the suite's folders is the reference's own; one without the impl fixture is a fact."""
        if not any(folder in item.path.parents for folder in self.suite):
            return document.REFERENCE
        return document.IMPLEMENTATION if "impl" in getattr(item, "fixturenames", ()) else document.FACT

    @pytest.hookimpl(trylast=True)
    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            item.user_properties.append(("kind", self.kind(item)))

    def pytest_deselected(self, items: list[pytest.Item]) -> None:
        self.expect(items, document.DESELECTED)

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        self.expect(session.items, document.NOT_RUN)

    def expect(self, items: list[pytest.Item], outcome: str) -> None:
        entries = [(item.nodeid, claims, self.kind(item), outcome) for item in items if (claims := claims_of(item))]
        if self.proof is not None:
            self.proof.expect(entries)
        else:
            self.config.workeroutput.setdefault(EXPECTED, []).extend(entries)  # type: ignore[attr-defined]


def unloadable(config: pytest.Config, error: str) -> None:
    """The implementation cannot be imported: one paragraph, the JSON report if asked for, and no session."""
    from shallow_proofs.properties.impl import DEFAULT, ENV

    paragraph = f"cannot load the implementation under test: {error} Nothing was tested."
    run.reset().load_error = paragraph
    if out := config.getoption("proof_json"):
        import os

        target = config.getoption("impl") or os.environ.get(ENV) or DEFAULT
        head = {"target": target, "path": target, "profile": str(settings._current_profile)}
        report.write(out, report.unloadable(head, paragraph))
    raise pytest.UsageError(paragraph)


def examples_run(stats: dict[str, Any]) -> int:
    """Test cases Hypothesis ran to completion in its reuse and generate phases (not shrinking)."""
    phases = (stats.get(phase, {}) for phase in ("reuse-phase", "generate-phase"))
    return sum(case["status"] in ("valid", "interesting") for phase in phases for case in phase.get("test-cases", []))


class Examples:
    """Counts the Hypothesis examples of each test, passing the statistics on to Hypothesis's own plugin."""

    @pytest.hookimpl(wrapper=True, trylast=True)
    def pytest_runtest_call(self, item: pytest.Item) -> Iterator[None]:
        outer = statistics.collector.value

        def note(stats: dict[str, Any]) -> None:
            item.user_properties.append(("examples", examples_run(stats)))
            if outer is not None:
                outer(stats)

        with statistics.collector.with_value(note):
            return (yield)


def skip_reason(report: pytest.TestReport) -> str:
    reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
    return reason.removeprefix("Skipped: ")


def record(result: document.Result, properties: list[tuple[str, Any]]) -> None:
    """Add the call phase's user_properties (examples, evidence, erratum, exhibits) to the result."""
    for name, value in properties:
        if name == "examples":
            result.examples += int(value)
        elif name == "evidence":
            for key, number in value.items():
                result.evidence[key] = max(float(number), result.evidence.get(key, float("-inf")))
        elif name == "erratum":
            result.erratum = value
        elif name == "exhibit":
            result.exhibits.append(value)
        elif name == variants.REMARK and value not in result.remarks:
            result.remarks.append(value)


def gate_failures(verdicts: list[document.Verdict], reference: bool) -> list[str]:
    """Unproven claims; on the reference, every claim not fully proved (a fact-only claim by its facts)."""
    failures = []
    for v in verdicts:
        if v.status == document.UNPROVEN:
            failures.append(f"{v.claim.id} is unproven: {document.detail(v)}")
        elif reference and v.status != document.PROVED and not (v.facts and not v.tests):
            failures.append(f"{v.claim.id} is {v.status} on the reference: {document.detail(v)}")
        elif reference and v.facts and not v.tests and document.fact_status(v.facts) != document.PROVED:
            failures.append(f"{v.claim.id}: its facts are {document.fact_status(v.facts)}")
    return failures


MEASURED = re.compile(r"(error(?: [a-z]+)?) (0|<= 1e(-?\d+))\b")
"""An error's order of magnitude in the evidence (document.magnitude): ``max rel error <= 1e-9``."""
ZERO_DECADE = math.floor(math.log10(np.finfo(np.float64).eps))  # -16: an error of 0 is one below eps's decade


def measured(lines: list[str]) -> tuple[list[str], list[int]]:
    """The lines with each error's order of magnitude taken out, and those orders (0 counts as ZERO_DECADE)."""
    decades: list[int] = []

    def take(match: re.Match[str]) -> str:
        decades.append(ZERO_DECADE if match[2] == "0" else int(match[3]))
        return f"{match[1]} <magnitude>"

    return [MEASURED.sub(take, line) for line in lines], decades


def same_proof(old: list[str], new: list[str]) -> bool:
    """The same text but for errors' orders of magnitude, each within one decade of the other.

    An error's last bits follow the CPU: numpy dispatches tanh, exp and log to SIMD kernels by the instructions the
    CPU has (AVX-512 or AVX2), OpenBLAS picks its kernels at run time. An error near a power of ten then rounds up
    to the next decade on one machine and not on another (the flower-like black-box check's max rel error is
    1.56e-10 on an AMD EPYC and was below 1e-10 on the Intel Xeon that wrote PROOF.md; an exact gradient's 0 is
    1e-15 there), while a change of the code that moves an error by a factor of 10 or more still shows.
    """
    (old_text, old_decades), (new_text, new_decades) = measured(old), measured(new)
    return old_text == new_text and all(abs(a - b) <= 1 for a, b in zip(old_decades, new_decades, strict=True))


def stale(path: Path, text: str) -> list[str]:
    """Empty when path holds text, but for the versions line and errors' last bits (:func:`same_proof`); else the
    message and the start of the diff."""
    committed = path.read_text() if path.is_file() else ""
    old, new = (
        [line for line in page.splitlines() if not line.startswith(f"- {versions.KEY}: ")] for page in (committed, text)
    )
    if same_proof(old, new):
        return []
    diff = difflib.unified_diff(old, new, str(path), "this run", lineterm="", n=1)
    message = f"{path} is stale: this run proves something else. Regenerate it with `tox -e proof` and commit it."
    return [message, *list(diff)[:40]]


class Proof:
    """The controller's (or the only process's) collection of results, and the end-of-run document and gate."""

    def __init__(self, config: pytest.Config) -> None:
        self.config = config
        self.results: dict[str, document.Result] = {}
        self.lines: list[str] = []
        self.collected: set[str] = set()
        self.finished: set[str] = set()
        self.claims_unknown = False
        """Under pytest-xdist, the controller knows the collected tests' ids, not their claims."""
        self.interrupted = False

    def pytest_collection_finish(self, session: pytest.Session) -> None:
        """Every test that will run: the run is complete when each of them finished."""
        self.collected.update(item.nodeid for item in session.items)

    @pytest.hookimpl(optionalhook=True)
    def pytest_xdist_node_collection_finished(self, node: Any, ids: list[str]) -> None:
        self.collected.update(ids)
        self.claims_unknown = True

    @pytest.hookimpl(tryfirst=True)
    def pytest_keyboard_interrupt(self, excinfo: pytest.ExceptionInfo[BaseException]) -> None:
        """Ctrl-C: the claims whose tests did not finish are unproven. Under ``prove`` (--proof-table), pytest
        describes where the interrupt landed by one frame, not the whole stack (seconds, through Hypothesis)."""
        self.interrupted = True
        shown = [entry for entry in excinfo.traceback if not entry.ishidden(excinfo)][-1:]
        if self.config.getoption("proof_table") and shown:
            excinfo.traceback = excinfo.traceback.__class__(shown)

    def expect(self, entries: list[tuple[str, tuple[str, ...], str, str]]) -> None:
        """Tests of claims that were collected (not run until they report) or deselected."""
        for nodeid, claims, kind, outcome in entries:
            reason = (
                "deselected by the run's options (-k, -m, ...)"
                if outcome == document.DESELECTED
                else "the run stopped first"
            )
            self.results.setdefault(nodeid, document.Result(nodeid, claims, outcome, reason=reason, kind=kind))

    @pytest.hookimpl(optionalhook=True)
    def pytest_testnodedown(self, node: Any, error: Any) -> None:
        """An xdist worker's collected and deselected tests of claims."""
        self.expect([(n, tuple(c), k, o) for n, c, k, o in getattr(node, "workeroutput", {}).get(EXPECTED, [])])

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.finished.add(report.nodeid)
        properties = [(name, value) for name, value in report.user_properties]
        claims = tuple(dict.fromkeys(value for name, value in properties if name == "proves"))
        if not claims:
            return
        kind = next((value for name, value in properties if name == "kind"), document.IMPLEMENTATION)
        result = self.results.setdefault(report.nodeid, document.Result(report.nodeid, claims, document.NOT_RUN))
        result.kind = kind
        if result.outcome == document.NOT_RUN:
            result.reason = ""  # it reports: the run did not stop before it
        result.checks = tuple(dict.fromkeys(value for name, value in properties if name == "checks"))
        result.truth = next((value for name, value in properties if name == "truth"), "")
        for name, value in properties:
            if name == "sealed":
                result.calls, result.last, result.faults = value["calls"], value["last"], value["faults"]
                result.texts = value.get("texts") or result.texts
            elif name == "mismatch":
                result.mismatch = value
        if report.failed:
            result.outcome = "failed"
            result.counterexample = result.counterexample or document.counterexample(report.longreprtext)
            result.refutes = result.refutes or document.refuted_claims(claims, report.longreprtext)
            result.diagnosis = result.diagnosis or diagnosed.from_message(report.longreprtext)
        elif report.skipped and hasattr(report, "wasxfail"):
            result.outcome, result.reason = "xfailed", report.wasxfail
        elif report.skipped:
            result.outcome, result.reason = "skipped", skip_reason(report)
        elif report.when == "call" and result.outcome == document.NOT_RUN:
            result.outcome = "passed"
        if report.when == "call":
            record(result, properties)

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        if self.config.getoption("collectonly"):
            return
        results = list(self.results.values())
        reference = implementation.current().target == implementation.DEFAULT
        complete = not self.interrupted and self.collected <= self.finished
        run.last.complete, run.last.interrupted = complete, self.interrupted
        current = implementation.current()
        charged = functions.charges(results, current.dependencies)
        by_function = functions.verdicts(results, current.dependencies, current.missing)
        premises.attribute(results, by_function, charged, current.dependencies)
        truths = gradients.truths(results, by_function)
        verdicts = document.verdicts(results, reference, unfinished=self.claims_unknown and not complete)
        out, check = self.config.getoption("proof_out"), self.config.getoption("proof_check")
        text = document.markdown(results, header(), reference, gradients.section(truths)) if out or check else ""
        if json := self.config.getoption("proof_json"):
            head = {"target": current.target, "path": current.path, "profile": str(settings._current_profile)}
            loaded = {"notes": current.notes, "problems": current.problems}
            built = report.build(
                head,
                results,
                verdicts,
                by_function,
                complete,
                self.interrupted,
                current.variants,
                truths=truths,
                loaded=loaded,
            )
            report.write(json, built)
            self.lines.append(f"JSON report written to {json}")
        failed = False
        if out:
            Path(out).write_text(text)
            self.lines.append(f"proof document written to {out}")
        if self.config.getoption("proof_gate") and (failures := gate_failures(verdicts, reference)):
            if not self.interrupted:  # the table says which claims are unproven: they all are, but for a few
                self.lines += ["proof gate FAILED: no passing test proves", *[f"  {line}" for line in failures]]
            failed = True
        if check and (session.exitstatus != 0 or failed):
            self.lines.append(f"{check} not compared: this run failed, so its document is not the reference's proof")
        elif check and (message := stale(Path(check), text)):
            self.lines += message
            failed = True
        if self.config.getoption("proof_table"):
            self.lines = [*document.table(verdicts), *self.lines]
        self.lines.append(document.summary_line(verdicts))
        if failed and session.exitstatus == 0:
            session.exitstatus = pytest.ExitCode.TESTS_FAILED
        memo = getattr(self.config.pluginmanager.get_plugin("terminalreporter"), "_keyboardinterrupt_memo", None)
        if self.interrupted and self.config.getoption("proof_table") and getattr(memo, "reprcrash", None):
            memo.reprcrash.message = INTERRUPTED  # pytest's banner, one line: not the frame where Ctrl-C landed

    def pytest_terminal_summary(self, terminalreporter: Any) -> None:
        if not self.lines:
            return
        terminalreporter.section("proof by test")
        for line in self.lines:
            terminalreporter.write_line(line)


def header() -> dict[str, str]:
    return {
        "implementation under test": implementation.current().target,
        variants.KEY: variants.recognised(implementation.current()),
        "Hypothesis profile": str(settings._current_profile),
        versions.KEY: versions.versions(),
    }
