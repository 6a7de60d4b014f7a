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
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings, statistics

from shallow_proofs.properties import document, functions, report, run, versions
from shallow_proofs.properties import impl as implementation

INTERRUPTED = "interrupted (Ctrl-C): the claims whose tests did not all finish are unproven"


def register(config: pytest.Config) -> None:
    """Count examples in every process; collect the results and write the document in the controller alone."""
    run.reset()
    config.pluginmanager.register(Examples(), "shallow-proofs-examples")
    if not hasattr(config, "workerinput"):
        config.pluginmanager.register(Proof(config), "shallow-proofs-proof")


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


def gate_failures(verdicts: list[document.Verdict]) -> list[str]:
    """Unproven claims; on the reference, not-applicable ones too."""
    owed = {document.UNPROVEN}
    if implementation.current().target == implementation.DEFAULT:
        owed.add(document.NOT_APPLICABLE)
    return [f"{v.claim.id} is {v.status}" for v in verdicts if v.status in owed]


def stale(path: Path, text: str) -> list[str]:
    """Empty when path holds text, but for the versions line; else the message and the start of the diff."""
    committed = path.read_text() if path.is_file() else ""
    old, new = (
        [line for line in page.splitlines() if not line.startswith(f"- {versions.KEY}: ")] for page in (committed, text)
    )
    if old == new:
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
        """Every test that will run, with its claims: one that does not finish leaves its claims unproven."""
        for item in session.items:
            self.collected.add(item.nodeid)
            claims = tuple(dict.fromkeys(claim for mark in item.iter_markers("proves") for claim in mark.args))
            if claims:
                self.results[item.nodeid] = document.Result(item.nodeid, claims, document.NOT_RUN)

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

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        if report.when == "call" or (report.when == "setup" and not report.passed):
            self.finished.add(report.nodeid)
        properties = [(name, value) for name, value in report.user_properties]
        claims = tuple(dict.fromkeys(value for name, value in properties if name == "proves"))
        if not claims:
            return
        result = self.results.setdefault(report.nodeid, document.Result(report.nodeid, claims, document.NOT_RUN))
        for name, value in properties:
            if name == "sealed":
                result.calls, result.last, result.faults = value["calls"], value["last"], value["faults"]
        if report.failed:
            result.outcome = "failed"
            result.counterexample = result.counterexample or document.counterexample(report.longreprtext)
            result.refutes = result.refutes or document.refuted_claims(claims, report.longreprtext)
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
        complete = not self.interrupted and self.collected <= self.finished
        run.last.complete, run.last.interrupted = complete, self.interrupted
        verdicts = document.verdicts(results, unfinished=self.claims_unknown and not complete)
        out, check = self.config.getoption("proof_out"), self.config.getoption("proof_check")
        text = document.markdown(results, header()) if out or check else ""
        if json := self.config.getoption("proof_json"):
            current = implementation.current()
            by_function = functions.verdicts(results, current.dependencies, current.missing)
            head = {"target": current.target, "path": current.path, "profile": str(settings._current_profile)}
            report.write(json, report.build(head, results, verdicts, by_function, complete, self.interrupted))
            self.lines.append(f"JSON report written to {json}")
        failed = False
        if out:
            Path(out).write_text(text)
            self.lines.append(f"proof document written to {out}")
        if self.config.getoption("proof_gate") and (failures := gate_failures(verdicts)):
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
        "Hypothesis profile": str(settings._current_profile),
        versions.KEY: versions.versions(),
    }
