"""``shallow-proofs prove``: run the installed suite (properties/ and gradcheck/) against an implementation.

Prints one line per claim (proved, refuted with its failing tests, not applicable with the reason, unproven) and,
with ``--out FILE``, writes the proof document. Exits 0 exactly when every applicable test passes and no claim is
unproven (on the reference, none may be not applicable either). The Hypothesis profile is ``gate`` unless
$HYPOTHESIS_PROFILE or ``-- --hypothesis-profile=NAME`` says otherwise.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

from shallow_proofs import gradcheck, properties


def main(argv: Sequence[str]) -> int:
    """shallow-proofs prove [--impl TARGET] [--out FILE] [-- PYTEST_ARGS]"""
    usage = "shallow-proofs prove [--impl TARGET] [--out FILE] [-- PYTEST_ARGS ...]"
    parser = argparse.ArgumentParser(prog="shallow-proofs prove", usage=usage, description=__doc__)
    parser.add_argument("--impl", metavar="TARGET", default=None, help="module name or .py path (default: reference)")
    parser.add_argument("--out", default=None, metavar="FILE", help="write the proof document (markdown) to FILE")
    parser.add_argument("pytest_args", nargs="*", help="arguments for pytest, after -- (e.g. -- -x -n 2 -q)")
    args = parser.parse_args(argv)
    return run(args.impl, args.pytest_args, args.out)


def run(target: str | None, pytest_args: Sequence[str], out: str | None = None) -> int:
    """Run pytest on the installed suite under the proof gate; returns pytest's exit code (0: every claim holds)."""
    suite = [str(Path(properties.__file__).parent), str(Path(gradcheck.__file__).parent)]
    root = str(Path(properties.__file__).parent.parent)
    args = [
        "-p",
        "shallow_proofs.properties.plugin",
        "-c",
        os.devnull,
        "--rootdir",
        root,
        "-o",
        "python_files=test_*.py",
        "-ra",
    ]
    args += ["--proof-gate", "--proof-table"]
    if not os.environ.get("HYPOTHESIS_PROFILE") and not any(a.startswith("--hypothesis-profile") for a in pytest_args):
        args.append("--hypothesis-profile=gate")
    if target:
        args += ["--impl", target]
    if out:
        args += ["--proof-out", str(Path(out).resolve())]
    return int(pytest.main([*args, *suite, *pytest_args]))
