"""One row of the grading table per submission: the eight verdicts, the claim counts, the time, the message."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from shallow_proofs.report import CLAIM_VERDICTS, FUNCTIONS, Reading

OUTCOMES = ("pass", "fail", "error")
"""pass: prove exited 0; fail: prove's report gives verdicts and it exited non-zero; error: nothing or not all of it
could run (hung, crashed, no readable report, a file that could not be loaded, a folder without a submission). An
error is never a pass (PrairieLearn's rule)."""

CLAIM_COLUMNS = tuple("claims_" + verdict.replace(" ", "_") for verdict in CLAIM_VERDICTS)
COLUMNS = ("submission", "sha256", "outcome", *FUNCTIONS, *CLAIM_COLUMNS, "complete", "exit_code", "seconds", "message")
"""The CSV's columns, in order; the JSON row (``grade``) has the same fields, with functions and claims as objects."""

UNCHECKED = dict.fromkeys(FUNCTIONS, "not checked")


@dataclass(frozen=True)
class Row:
    submission: str
    sha256: str
    outcome: str
    functions: dict[str, str] = field(default_factory=lambda: dict(UNCHECKED))
    claims: dict[str, int] | None = None
    """Claims per verdict; None when there is no report to count them from."""
    complete: bool | None = None
    exit_code: int | None = None
    seconds: float = 0.0
    message: str = ""
    helpers: tuple[str, ...] = ()
    log: str = ""
    """The last lines prove printed, kept for error rows only (JSON and Gradescope outputs, not the CSV)."""

    def as_dict(self) -> dict[str, Any]:
        return {**asdict(self), "helpers": list(self.helpers), "seconds": round(self.seconds, 3)}

    def csv(self) -> dict[str, str]:
        claims = self.claims or {}
        values: dict[str, Any] = {
            "submission": self.submission,
            "sha256": self.sha256,
            "outcome": self.outcome,
            **self.functions,
            **{column: claims.get(verdict, "") for column, verdict in zip(CLAIM_COLUMNS, CLAIM_VERDICTS, strict=True)},
            "complete": "" if self.complete is None else str(self.complete).lower(),
            "exit_code": "" if self.exit_code is None else self.exit_code,
            "seconds": f"{self.seconds:.1f}",
            "message": self.message,
        }
        return {column: str(values[column]) for column in COLUMNS}


def from_reading(base: Row, reading: Reading) -> Row:
    """base's fields, with the verdicts, counts and completeness that the report gives."""
    return replace(base, functions=reading.functions, claims=reading.claims, complete=reading.complete)
