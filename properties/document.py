"""The proof document: verdicts per claim from the tests' outcomes, as markdown (PROOF.md) and as a compact table.

A claim is *proved* when at least one test marked with it passed and none failed, *refuted* when a test marked with
it failed, *not applicable* when every test marked with it was skipped (the implementation lacks an optional
capability), and *unproven* when no test marked with it ran. The text is stable across runs of the gate profile: no
timings, errors rounded up to their order of magnitude, claims in lecture order and tests in node-id order.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from properties.claims import CLAIMS, LECTURES, Claim

PROVED, REFUTED, NOT_APPLICABLE, UNPROVEN = "proved", "refuted", "not applicable", "unproven"
NOT_RUN = "not run"
"""A test's outcome before its call phase reports (it stays so when the run stops early); xfailed ones prove nothing."""
SUITE = ("properties/", "gradcheck/")
"""Only tests of the installed suite count: the same document from ``tox`` and from ``shallow-proofs prove``."""
MAX_COUNTEREXAMPLE_LINES = 40
MAX_MESSAGE_LINES = 3


@dataclass
class Result:
    """What one test contributed: its claims, outcome, Hypothesis examples, evidence and counterexample."""

    nodeid: str
    claims: tuple[str, ...] = ()
    outcome: str = "passed"
    reason: str = ""
    examples: int = 0
    evidence: dict[str, float] = field(default_factory=dict)
    counterexample: str = ""
    erratum: str = ""
    exhibits: list[str] = field(default_factory=list)
    refutes: tuple[str, ...] = ()

    def outcome_for(self, claim: str) -> str:
        """A failing test refutes the claims its failure message names (all of its claims if it names none)."""
        if self.outcome == "failed" and claim not in self.refutes:
            return "inconclusive"
        return self.outcome


@dataclass
class Verdict:
    """One claim, its verdict and the tests behind it."""

    claim: Claim
    status: str
    tests: list[Result]

    @property
    def examples(self) -> int:
        return sum(test.examples for test in self.tests)

    @property
    def failing(self) -> list[Result]:
        return [test for test in self.tests if test.outcome_for(self.claim.id) == "failed"]

    @property
    def reasons(self) -> list[str]:
        return sorted({test.reason for test in self.tests if test.outcome == "skipped"})


def counts_for_proof(nodeid: str) -> bool:
    return nodeid.startswith(SUITE)


def verdicts(results: Iterable[Result]) -> list[Verdict]:
    """Every claim of the registry, in lecture order, with its verdict."""
    by_claim: dict[str, list[Result]] = {claim.id: [] for claim in CLAIMS}
    for result in sorted(results, key=lambda r: r.nodeid):
        for claim in result.claims:
            by_claim[claim].append(result)
    return [Verdict(claim, status(claim.id, by_claim[claim.id]), by_claim[claim.id]) for claim in CLAIMS]


def status(claim: str, tests: Sequence[Result]) -> str:
    outcomes = {test.outcome_for(claim) for test in tests} - {"inconclusive", "xfailed", NOT_RUN}
    if "failed" in outcomes:
        return REFUTED
    if "passed" in outcomes:
        return PROVED
    return NOT_APPLICABLE if outcomes else UNPROVEN


def magnitude(value: float) -> str:
    """An error rounded up to its order of magnitude: 3.2e-11 -> '<= 1e-10' (stable across runs)."""
    if value == 0:
        return "0"
    if not math.isfinite(value):
        return str(value)
    return f"<= 1e{math.ceil(math.log10(abs(value))):d}"


def describe_evidence(result: Result) -> str:
    parts = [f"{result.examples} examples"] if result.examples else []
    for name, value in sorted(result.evidence.items()):
        label = name.replace("_", " ")
        parts.append(f"{label} {magnitude(value)}" if "error" in name else f"{label} {value:.3g}")
    return ", ".join(parts)


def describe_outcome(result: Result, claim: str = "") -> str:
    if result.outcome == "skipped":
        return f"skipped: {result.reason}"
    if claim and result.outcome_for(claim) == "inconclusive":
        return f"failed on {', '.join(result.refutes)} (inconclusive for this claim)"
    return result.outcome


def summary_line(all_verdicts: Sequence[Verdict]) -> str:
    counts = {name: sum(v.status == name for v in all_verdicts) for name in (PROVED, REFUTED, NOT_APPLICABLE, UNPROVEN)}
    return f"{len(all_verdicts)} claims: " + ", ".join(f"{n} {name}" for name, n in counts.items())


def table(all_verdicts: Sequence[Verdict]) -> list[str]:
    """The compact table: one line per claim, with the failing tests under a refuted claim."""
    width = max(len(v.claim.id) for v in all_verdicts)
    lines = []
    for v in all_verdicts:
        if v.status == PROVED:
            detail = f"{len(v.tests)} test{'s' * (len(v.tests) != 1)}, {v.examples} examples"
        elif v.status == NOT_APPLICABLE:
            others = len(v.reasons) - 1
            detail = v.reasons[0] + (f" (and {others} more reason{'s' * (others > 1)})" if others else "")
        elif v.status == REFUTED:
            detail = f"{len(v.failing)} of {len(v.tests)} tests fail"
        else:
            detail = "no test ran"
        lines.append(f"{v.claim.id:<{width}}  {v.status:<14}  {detail}")
        lines += [f"{'':<{width}}    failing: {test.nodeid}" for test in v.failing]
    return lines


def cell(text: str) -> str:
    return text.replace("|", r"\|").replace("\n", " ")


def claim_section(v: Verdict) -> list[str]:
    lines = [f"### `{v.claim.id}`: {v.status}", "", v.claim.statement, ""]
    if not v.tests:
        return [*lines, "No test marked with this claim ran.", ""]
    lines += ["| test | outcome | evidence |", "|---|---|---|"]
    lines += [
        f"| `{t.nodeid}` | {cell(describe_outcome(t, v.claim.id))} | {cell(describe_evidence(t))} |" for t in v.tests
    ]
    for test in v.failing:
        lines += ["", f"Counterexample from `{test.nodeid}`:", "", "```", test.counterexample or "(none)", "```"]
    return [*lines, ""]


def errata_section(results: Iterable[Result]) -> list[str]:
    """Each erratum once, in lecture order, with the tests that prove it, their evidence and exhibits."""
    order = {claim.id: index for index, claim in enumerate(CLAIMS)}
    errata: dict[str, list[Result]] = {}
    for result in sorted((r for r in results if r.erratum), key=lambda r: (order[r.claims[0]], r.nodeid)):
        errata.setdefault(result.erratum, []).append(result)
    if not errata:
        return []
    lines = ["## Errata in the notes, proved by test", ""]
    for erratum, tests in errata.items():
        lines += [f"- **{erratum}** ({status(tests[0].claims[0], tests)}; claim {', '.join(tests[0].claims)})"]
        for test in tests:
            evidence = f"; {describe_evidence(test)}" if describe_evidence(test) else ""
            lines += [f"  - `{test.nodeid}`: {describe_outcome(test)}{evidence}"]
            lines += [f"    - {exhibit}" for exhibit in test.exhibits]
    return [*lines, ""]


def markdown(results: Sequence[Result], header: Mapping[str, str]) -> str:
    """The whole proof document."""
    all_verdicts = verdicts(results)
    lines = ["# Proof by test: the claims of the C1W3 notes (shallow neural network)", ""]
    lines += [f"- {name}: `{value}`" for name, value in header.items()]
    lines += [
        "",
        f"**{summary_line(all_verdicts)}.**",
        "",
        "| claim | verdict | tests | examples |",
        "|---|---|---|---|",
    ]
    lines += [f"| `{v.claim.id}` | {v.status} | {len(v.tests)} | {v.examples} |" for v in all_verdicts]
    lines.append("")
    lecture = None
    for v in all_verdicts:
        if v.claim.lecture != lecture:
            lecture = v.claim.lecture
            lines += [f"## {lecture}: {LECTURES[lecture]}", ""]
        lines += claim_section(v)
    lines += errata_section(results)
    return "\n".join(lines).rstrip("\n") + "\n"


def refuted_claims(claims: Sequence[str], longrepr: str) -> tuple[str, ...]:
    """The claims among ``claims`` that the failure's message lines (``E   ...``) name; all of them if none is named."""
    message = "\n".join(line for line in longrepr.splitlines() if line.startswith("E "))
    named = tuple(claim for claim in claims if claim in message)
    return named or tuple(claims)


def counterexample(longrepr: str) -> str:
    """The failure's message (its ``E`` lines) and, for a property, Hypothesis's minimal ``Falsifying example``."""
    lines = [line[4:].rstrip() for line in longrepr.splitlines() if line.startswith("E ")]
    start = next((i for i, line in enumerate(lines) if line.startswith("Falsifying example")), None)
    if start is None:
        return "\n".join(lines[:MAX_MESSAGE_LINES]) or longrepr.strip().splitlines()[-1]
    end = next((i for i in range(start, len(lines)) if lines[i] == ")"), start)
    example = [line for line in lines[start : end + 1] if not line.lstrip().startswith("impl=")]  # in the header
    example = example[:MAX_COUNTEREXAMPLE_LINES]
    return "\n".join([*lines[: min(start, MAX_MESSAGE_LINES)], *example])
