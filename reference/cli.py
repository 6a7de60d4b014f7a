"""The ``shallow-proofs`` command: ``train`` the reference on a data set, ``prove`` the suite against an implementation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shallow-proofs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("train", help="train the reference on a data set")
    prove = commands.add_parser("prove", help="run the suite against an implementation")
    prove.add_argument("--impl", default=None, help="module name or .py path (default: the reference)")
    prove.add_argument("pytest_args", nargs="*", help="arguments for pytest, after --")
    args = parser.parse_args(argv)
    if args.command == "prove":
        from properties.prove import run

        return run(args.impl, args.pytest_args)
    return 0


if __name__ == "__main__":
    sys.exit(main())
