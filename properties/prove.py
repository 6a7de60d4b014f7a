"""``shallow-proofs prove``: run the installed suite (properties/ and gradcheck/) against an implementation."""

from __future__ import annotations

import argparse
import os
from collections.abc import Sequence
from pathlib import Path

import pytest

import gradcheck
import properties


def main(argv: Sequence[str]) -> int:
    """shallow-proofs prove [--impl TARGET] [-- PYTEST_ARGS]"""
    parser = argparse.ArgumentParser(prog="shallow-proofs prove", description=__doc__)
    parser.add_argument("--impl", default=None, help="module name or .py path (default: the reference)")
    parser.add_argument("pytest_args", nargs="*", help="arguments for pytest, after --")
    args = parser.parse_args(argv)
    return run(args.impl, args.pytest_args)


def run(target: str | None, pytest_args: Sequence[str]) -> int:
    """Run pytest on the installed suite; returns pytest's exit code."""
    suite = [str(Path(properties.__file__).parent), str(Path(gradcheck.__file__).parent)]
    root = str(Path(properties.__file__).parent.parent)
    args = ["-p", "properties.plugin", "-c", os.devnull, "--rootdir", root, "-o", "python_files=test_*.py", "-ra"]
    if target:
        args += ["--impl", target]
    return int(pytest.main([*args, *suite, *pytest_args]))
