"""``shallow-proofs prove``: run the installed suite (properties/ and gradcheck/) against an implementation.

Prints the learner's report (shallow_proofs/learner.py: one line per function, a block per wrong function with a
call that reproduces it, the claims) and, with ``--out FILE``, writes the proof document; with ``--json FILE``, the
JSON report (also when the run fails). ``--verbose`` shows pytest's own output and the table of claims instead. The
implementation is a .py file, an .ipynb notebook or a module name (properties/loader.py: module-level statements are
left out); ``--map nn_model=neural_model`` tests a renamed function under the course's name. Any implementation but
the reference runs in a worker process, each call under a time limit (``--timeout``). The tests run on the machine's
cores (pytest-xdist's ``-n auto``, unless the pytest arguments say otherwise). Exits 0 exactly when every applicable
test ran and passed and no claim is unproven (on the reference, none may be not applicable either); 1 when a test
failed or did not run, or the implementation cannot be loaded; 2 on a bad option; 130 on Ctrl-C, after the report
of what ran. The Hypothesis profile is ``quick`` with ``--quick``, else ``gate`` unless $HYPOTHESIS_PROFILE says
otherwise; ``-- --hypothesis-profile=NAME`` overrides both.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import io
import json as jsonlib
import math
import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest

from shallow_proofs import gradcheck, interrupt, learner, properties

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


COURSE_FUNCTIONS = (
    "layer_sizes",
    "initialize_parameters",
    "forward_propagation",
    "compute_cost",
    "backward_propagation",
    "update_parameters",
    "nn_model",
    "predict",
)


def renaming(text: str) -> str:
    """``nn_model=neural_model``: one of the course's functions, then a Python name."""
    course, sign, learner_name = text.partition("=")
    if not sign or not learner_name.isidentifier():
        raise argparse.ArgumentTypeError(f"must be COURSE=LEARNER (e.g. nn_model=neural_model); got {text!r}")
    if course not in COURSE_FUNCTIONS:
        raise argparse.ArgumentTypeError(
            f"{course!r} is not one of the course's functions: {', '.join(COURSE_FUNCTIONS)}"
        )
    return text


def main(argv: Sequence[str]) -> int:
    """shallow-proofs prove [--impl TARGET] [--map C=L] [--quick] [--verbose] [--out FILE] [--json FILE] ..."""
    usage = (
        "shallow-proofs prove [--impl TARGET] [--map COURSE=LEARNER ...] [--quick] [--verbose] [--out FILE] "
        "[--json FILE] [--timeout SECONDS] [-- PYTEST_ARGS ...]"
    )
    parser = argparse.ArgumentParser(prog="shallow-proofs prove", usage=usage, description=__doc__)
    parser.add_argument(
        "--impl", metavar="TARGET", default=None, help=".py file, .ipynb notebook or module name (default: reference)"
    )
    parser.add_argument(
        "--map",
        type=renaming,
        action="append",
        default=[],
        metavar="COURSE=LEARNER",
        help="test the learner's function LEARNER as the course's COURSE (e.g. nn_model=neural_model); repeatable",
    )
    parser.add_argument("--quick", action="store_true", help="the quick profile: 10 examples per property")
    parser.add_argument("--verbose", action="store_true", help="pytest's own output and the table of claims")
    parser.add_argument("--out", default=None, metavar="FILE", help="write the proof document (markdown) to FILE")
    parser.add_argument("--json", default=None, metavar="FILE", help="write the JSON report to FILE (atomically)")
    parser.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"time limit per call of the implementation (default {DEFAULT_TIMEOUT:g}); a call over it fails its test",
    )
    split = list(argv).index("--") if "--" in argv else len(argv)
    args, extra = parser.parse_known_args(argv[:split])
    if extra:  # a file named without --impl would otherwise reach pytest, and the reference be proved instead
        named = f" (shallow-proofs prove --impl {extra[0]})" if not extra[0].startswith("-") else ""
        parser.error(
            f"unrecognized arguments: {' '.join(extra)}: the implementation goes after --impl{named}, "
            "pytest's arguments after -- (e.g. -- -x -n 2 -q)"
        )
    pytest_args = list(argv[split + 1 :])
    for option, path in (("--out", args.out), ("--json", args.json)):
        if path and (problem := unwritable(path)):
            print(f"shallow-proofs prove: {option} {path}: {problem}", file=sys.stderr)
            return 2
    options = Options(args.map, args.quick, args.verbose)
    try:
        with interrupt.raising("prove"):  # pytest takes the KeyboardInterrupt and prints the partial table
            return run(args.impl, pytest_args, args.out, json=args.json, timeout=args.timeout, options=options)
    except KeyboardInterrupt:
        print(INTERRUPTED_LINE, file=sys.stderr)
        return INTERRUPTED


class Options:
    """What prove adds to the run: --map's renamings, --quick, --verbose."""

    def __init__(self, renamings: Sequence[str] = (), quick: bool = False, verbose: bool = True) -> None:
        self.renamings, self.quick, self.verbose = list(renamings), quick, verbose


def distributed(pytest_args: Sequence[str]) -> list[str]:
    """``-n auto`` (the machine's cores), unless pytest-xdist is absent or the pytest arguments choose already."""
    if importlib.util.find_spec("xdist") is None:
        return []
    chosen = ("-n", "--numprocesses", "--dist", "-d", "--tx")
    if any(arg.startswith(chosen) or "xdist" in arg for arg in pytest_args):
        return []
    return ["-n", "auto"]


@contextlib.contextmanager
def quiet(verbose: bool) -> Iterator[io.StringIO]:
    """pytest's output into a buffer, unless verbose."""
    buffer = io.StringIO()
    if verbose:
        yield buffer
        return
    with contextlib.redirect_stdout(buffer):
        yield buffer


def run(
    target: str | None,
    pytest_args: Sequence[str],
    out: str | None = None,
    json: str | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    options: Options | None = None,
) -> int:
    """Run pytest on the installed suite under the proof gate; the exit status as :func:`main` documents it."""
    options = options or Options()
    if options.verbose:
        return run_pytest(target, pytest_args, out, json, timeout, options)
    with tempfile.TemporaryDirectory(prefix="shallow-proofs-") as folder:
        report = json or str(Path(folder) / "report.json")
        try:
            code = run_pytest(target, pytest_args, out, report, timeout, options)
        finally:
            lines = learner.render(jsonlib.loads(Path(report).read_text())) if Path(report).is_file() else []
            if lines:
                print("\n".join(lines))
    return code


def run_pytest(
    target: str | None, pytest_args: Sequence[str], out: str | None, json: str | None, timeout: float, options: Options
) -> int:
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
    args += ["--proof-gate", f"--impl-timeout={timeout}", *distributed(pytest_args)]
    args += ["--proof-table"] if options.verbose else ["-q", "--no-header"]
    args += [f"--impl-map={renamed}" for renamed in options.renamings]
    if not any(a.startswith("--hypothesis-profile") for a in pytest_args):
        if options.quick:
            args.append("--hypothesis-profile=quick")
        elif not os.environ.get("HYPOTHESIS_PROFILE"):
            args.append("--hypothesis-profile=gate")
    if target:
        args += ["--impl", target]
    if out:
        args += ["--proof-out", str(Path(out).resolve())]
    if json:
        args += ["--proof-json", str(Path(json).resolve())]
    conclusion.reset()
    with quiet(options.verbose) as output:
        code = int(pytest.main([*args, *suite, *pytest_args]))
    if code in (pytest.ExitCode.INTERNAL_ERROR, pytest.ExitCode.USAGE_ERROR) and not conclusion.last.load_error:
        print(output.getvalue()[-5000:], end="")  # pytest's own account of what went wrong
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
