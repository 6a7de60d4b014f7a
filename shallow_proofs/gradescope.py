"""Gradescope's results.json for one graded submission: one test per course function, scored by its weight.

A function scores its weight when its verdict is ``correct``, else 0: a function that is wrong, raised, is missing,
is inconclusive (it depends on a function that is wrong) or was not checked earns nothing, because nothing proved it
correct. Each test's ``output`` says the verdict, why, and the verdicts of the function's claims; the top-level
``output`` sums up the run. ``extra_data.grade`` holds the row, so that a re-run can resume from the file.
"""

from __future__ import annotations

import json
import math
import tomllib
from pathlib import Path
from typing import Any

from shallow_proofs.report import FUNCTIONS, Reading
from shallow_proofs.rows import Row

VISIBILITIES = ("visible", "hidden", "after_due_date", "after_published")
EQUAL = dict.fromkeys(FUNCTIONS, 1.0)


def load_weights(path: str) -> dict[str, float]:
    """The weights of --weights FILE: a JSON or TOML mapping of each of the eight functions to a number >= 0."""
    where = f"--weights {path}"
    file = Path(path)
    try:
        if file.suffix == ".json":
            mapping: object = json.loads(file.read_text(encoding="utf-8"))
        elif file.suffix == ".toml":
            mapping = tomllib.loads(file.read_text(encoding="utf-8"))
        else:
            raise ValueError(f"{where}: expected a .json or .toml file; got {file.suffix or 'no suffix'}")
    except FileNotFoundError:
        raise ValueError(f"{where}: no such file") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, tomllib.TOMLDecodeError) as error:
        raise ValueError(f"{where}: cannot be read: {error}") from None
    if not isinstance(mapping, dict):
        raise ValueError(f"{where}: expected a mapping of function to weight; got a {type(mapping).__name__}")
    unknown = sorted(set(mapping) - set(FUNCTIONS))
    missing = [name for name in FUNCTIONS if name not in mapping]
    if unknown:
        raise ValueError(f"{where}: {', '.join(unknown)} is not one of the course's functions: {', '.join(FUNCTIONS)}")
    if missing:
        raise ValueError(f"{where}: no weight for {', '.join(missing)} (give each of the eight; 0 leaves one out)")
    for name, weight in mapping.items():
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not math.isfinite(weight) or weight < 0:
            raise ValueError(f"{where}: the weight of {name} must be a finite number >= 0; got {weight!r}")
    if not sum(mapping.values()) > 0:
        raise ValueError(f"{where}: the weights sum to 0; at least one must be > 0")
    return {name: float(mapping[name]) for name in FUNCTIONS}


def results(row: Row, reading: Reading | None, weights: dict[str, float], visibility: str) -> dict[str, Any]:
    """The results.json of one submission."""
    tests = [function_test(row, reading, name, weights[name], visibility) for name in FUNCTIONS]
    correct = sum(verdict == "correct" for verdict in row.functions.values())
    overview = f"{row.outcome}: {correct} of {len(FUNCTIONS)} functions correct"
    if row.claims is not None:
        counts = ", ".join(f"{n} {verdict}" for verdict, n in row.claims.items() if n)
        overview += f"; claims: {counts}" + ("" if row.complete else " (the run was not complete)")
    return {
        "score": sum(t["score"] for t in tests),
        "execution_time": round(row.seconds),
        "output": overview + (f"\n{row.message}" if row.message else ""),
        "visibility": visibility,
        "tests": tests,
        "extra_data": {"grade": row.as_dict()},
    }


def function_test(row: Row, reading: Reading | None, name: str, weight: float, visibility: str) -> dict[str, Any]:
    """The test of one function: its weight when its verdict is correct, its verdict and why as the output."""
    verdict = row.functions[name]
    if reading is not None:
        output = reading.details[name]
    else:
        output = f"{name}: {verdict}: {row.message}"
    return {
        "name": name,
        "score": weight if verdict == "correct" else 0.0,
        "max_score": weight,
        "status": "passed" if verdict == "correct" else "failed",
        "output": output,
        "visibility": visibility,
    }


def rescore(element: dict[str, Any], weights: dict[str, float], visibility: str) -> dict[str, Any]:
    """A results object of an earlier run, scored with these weights and shown with this visibility."""
    tests = [
        {
            **t,
            "score": weights[t["name"]] if t["status"] == "passed" else 0.0,
            "max_score": weights[t["name"]],
            "visibility": visibility,
        }
        for t in element["tests"]
    ]
    return {**element, "score": sum(t["score"] for t in tests), "visibility": visibility, "tests": tests}
