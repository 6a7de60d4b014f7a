"""``shallow-proofs prove``: run the installed suite (properties/ and gradcheck/) against an implementation.

Prints one line per claim (proved, refuted with its failing tests, not applicable with the reason, unproven) and,
with ``--out FILE``, writes the proof document; with ``--json FILE``, the JSON report (also when the run fails). Any
implementation but the reference runs in a worker process, each call under a time limit (``--timeout``). Exits 0
exactly when every applicable test ran and passed and no claim is unproven (on the reference, none may be not
applicable either); 1 when a test failed or did not run, or the implementation cannot be imported; 2 on a bad
option; 130 on Ctrl-C, after the table of the claims proved so far. The Hypothesis profile is ``gate`` unless
$HYPOTHESIS_PROFILE or ``-- --hypothesis-profile=NAME`` says otherwise.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from shallow_proofs import gradcheck, interrupt, properties

DEFAULT_TIMEOUT = 60.0
INTERRUPTED = interrupt.INTERRUPTED
INTERRUPTED_LINE = "shallow-proofs prove: interrupted (Ctrl-C); claims whose tests did not all finish are unproven"


def seconds(text: str) -> float:
    """A time limit: a finite number of seconds > 0."""
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not 0 < value < math.inf:
        raise argparse.ArgumentTypeError(f"must be a number of seconds > 0; got {text!r}")
    return value


def unwritable(path: str) -> str | None:
    """Why a file cannot be written at path (its folder is missing, is not a folder, or is read-only), or None."""
    folder = Path(path).expanduser().resolve().parent
    if not folder.exists():
        return f"the folder {folder} does not exist"
    if not folder.is_dir():
        return f"{folder} is not a folder"
    if not os.access(folder, os.W_OK | os.X_OK):
        return f"the folder {folder} is not writable"
    if Path(path).is_dir():
        return f"{path} is a folder"
    return None


def main(argv: Sequence[str]) -> int:
    """shallow-proofs prove [--impl TARGET] [--out FILE] [--json FILE] [--timeout SECONDS] [-- PYTEST_ARGS]"""
    usage = "shallow-proofs prove [--impl TARGET] [--out FILE] [--json FILE] [--timeout SECONDS] [-- PYTEST_ARGS ...]"
    parser = argparse.ArgumentParser(prog="shallow-proofs prove", usage=usage, description=__doc__)
    parser.add_argument("--impl", metavar="TARGET", default=None, help="module name or .py path (default: reference)")
    parser.add_argument("--out", default=None, metavar="FILE", help="write the proof document (markdown) to FILE")
    parser.add_argument("--json", default=None, metavar="FILE", help="write the JSON report to FILE (atomically)")
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per call of the implementation (default {DEFAULT_TIMEOUT:g}); a call over it fails its test",
    )
    parser.add_argument("pytest_args", nargs="*", help="arguments for pytest, after -- (e.g. -- -x -n 2 -q)")
    args = parser.parse_args(argv)
    for option, path in (("--out", args.out), ("--json", args.json)):
        if path and (problem := unwritable(path)):
            print(f"shallow-proofs prove: {option} {path}: {problem}", file=sys.stderr)
            return 2
    try:
        with interrupt.raising("prove"):  # pytest takes the KeyboardInterrupt and prints the partial table
            return run(args.impl, args.pytest_args, args.out, json=args.json, timeout=args.timeout)
    except KeyboardInterrupt:
        print(INTERRUPTED_LINE, file=sys.stderr)
        return INTERRUPTED


def run(
    target: str | None,
    pytest_args: Sequence[str],
    out: str | None = None,
    json: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
) -> int:
    """Run pytest on the installed suite under the proof gate; the exit status as :func:`main` documents it."""
    from shallow_proofs.properties import run as conclusion

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
    args += ["--proof-gate", "--proof-table", f"--impl-timeout={timeout}"]
    if not os.environ.get("HYPOTHESIS_PROFILE") and not any(a.startswith("--hypothesis-profile") for a in pytest_args):
        args.append("--hypothesis-profile=gate")
    if target:
        args += ["--impl", target]
    if out:
        args += ["--proof-out", str(Path(out).resolve())]
    if json:
        args += ["--proof-json", str(Path(json).resolve())]
    conclusion.reset()
    code = int(pytest.main([*args, *suite, *pytest_args]))
    last = conclusion.last
    if last.load_error:
        return 1
    if last.interrupted or code == pytest.ExitCode.INTERRUPTED:
        print(INTERRUPTED_LINE, file=sys.stderr)
        return INTERRUPTED
    if code == 0 and not last.complete:
        print("shallow-proofs prove: not every test ran to the end, so the run proves nothing", file=sys.stderr)
        return 1
    if json and last.report is None:
        conclusion.write_json(json, {"complete": False, "error": f"pytest ended with exit status {code}"})
    return code
