"""The ``shallow-proofs`` command: ``train`` the reference on a data set, ``prove`` the suite against an implementation."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="shallow-proofs", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("train", help="train the reference on a data set")
    commands.add_parser("prove", help="run the suite against an implementation (see: shallow-proofs prove --help)")
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["prove"]:
        from properties.prove import main as prove

        return prove(argv[1:])
    parser.parse_args(argv)
    return 0


if __name__ == "__main__":
    sys.exit(main())
