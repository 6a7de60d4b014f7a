"""Deliberately broken implementations: each is a source edit of an independent fixture module in tests/impls/.

``course_style.py`` holds only the course's eight functions; ``extended.py`` adds every optional name of the contract.
A mutant names its base, its edits (old text, new text; each old text must occur in the base) and the bug it plants.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

IMPLS = Path(__file__).parent / "impls"


class Mutant(NamedTuple):
    base: str
    edits: tuple[tuple[str, str], ...]
    bug: str


MUTANTS: dict[str, Mutant] = {}


def write(name: str, directory: Path) -> Path:
    """Write mutant ``name`` as a module file in ``directory`` and return its path."""
    mutant = MUTANTS[name]
    source = (IMPLS / mutant.base).read_text()
    for old, new in mutant.edits:
        if old not in source:
            raise ValueError(f"mutant {name}: {old!r} does not occur in {mutant.base}")
        source = source.replace(old, new)
    path = directory / f"mutant_{name}.py"
    path.write_text(source)
    return path
