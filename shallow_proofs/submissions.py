"""The submissions in PATHS: one per .py or .ipynb file named, and the rule that reads a folder.

A folder is ONE submission when exactly one of its .py/.ipynb files defines more than half of the course's eight
functions (the learner's file), no other file there defines a function that it also defines, and no subfolder holds
a submission: the other files are its helpers (planar_utils.py, testCases_v2.py, or a helper that defines the
learner's predict). Otherwise it is a folder of submissions: each of its files that defines at least one of the
eight is a submission, and each subfolder is read by the same rule. Files that define none of the eight are helpers,
never graded. Folders whose name starts with "." or "_" (.ipynb_checkpoints, __pycache__, __MACOSX) are not read.
A folder named in PATHS that holds no submission at all is itself a row, an error that lists its files,
so that no learner disappears from the table in silence.

"Defines" is read from the text (``def forward_propagation(``), not by running or parsing the file, so a file with
a syntax error still counts. A submission's content hash covers its file and its helpers (the other files of its
folder that define none of the functions it defines and at most half of the eight): editing either re-grades it.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from shallow_proofs.report import FUNCTIONS

CODE = (".py", ".ipynb")
DEFINES = re.compile(r"\bdef[ \t]+(" + "|".join(FUNCTIONS) + r")[ \t]*\(")
MAIN = len(FUNCTIONS) // 2 + 1
"""A file that defines at least this many of the eight is a learner's whole solution, not a helper."""


@dataclass(frozen=True)
class Submission:
    main: Path
    """The file given to ``prove --impl`` (resolved); for a problem row, the folder."""
    name: str
    """How rows name it: the path relative to the working folder when it lies below it, else absolute."""
    helpers: tuple[Path, ...]
    sha256: str
    problem: str = ""
    """Why there is nothing to run (a folder without submissions); empty for a submission to grade."""


def find(paths: Sequence[str]) -> list[Submission]:
    """The submissions in paths, each once, sorted by name; raises ValueError naming a path that is neither."""
    found: dict[Path, Submission] = {}
    for given in paths:
        path = Path(given).expanduser()
        if path.is_dir():
            in_it = in_folder(path.resolve())
            found.update((s.main, s) for s in in_it or [nothing_in(path.resolve())])
        elif path.is_file() and path.suffix in CODE:
            found[path.resolve()] = submission(path.resolve())
        elif path.exists():
            raise ValueError(f"PATHS: {given!r} is neither a .py nor an .ipynb file nor a folder")
        else:
            raise ValueError(f"PATHS: {given!r}: no such file or folder")
    return sorted(found.values(), key=lambda s: s.name)


def in_folder(folder: Path) -> list[Submission]:
    """The submissions in folder and below it, by the rule of the module docstring."""
    files = code_files(folder)
    below = [s for sub in sorted(folder.iterdir()) if readable_folder(sub) for s in in_folder(sub)]
    mains = [f for f in files if len(defined(f)) >= MAIN]
    if not below and len(mains) == 1 and not any(defined(f) & defined(mains[0]) for f in files if f != mains[0]):
        return [submission(mains[0])]
    return [submission(f) for f in files if defined(f)] + below


def readable_folder(path: Path) -> bool:
    return path.is_dir() and not path.is_symlink() and not path.name.startswith((".", "_"))


def submission(main: Path) -> Submission:
    mine = defined(main)
    helpers = tuple(
        f for f in code_files(main.parent) if f != main and len(defined(f)) < MAIN and not defined(f) & mine
    )
    return Submission(main, display(main), helpers, content_hash([main, *helpers]))


def nothing_in(folder: Path) -> Submission:
    files = code_files(folder)
    listed = ", ".join(f.name for f in files) if files else "none"
    problem = f"no submission in {display(folder)}: no .py or .ipynb file defines one of the course's eight functions"
    return Submission(folder, display(folder), (), content_hash(files), f"{problem} (files: {listed})")


def code_files(folder: Path) -> list[Path]:
    return [p for p in sorted(folder.iterdir()) if p.suffix in CODE and p.is_file() and not p.name.startswith(".")]


def defined(path: Path) -> frozenset[str]:
    """Which of the eight functions the text of path defines (read once per version of the file)."""
    status = path.stat()
    return defined_in(path, status.st_mtime_ns, status.st_size)


@cache
def defined_in(path: Path, mtime_ns: int, size: int) -> frozenset[str]:
    return frozenset(DEFINES.findall(path.read_text(encoding="utf-8", errors="replace")))


def content_hash(files: Iterable[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        data = path.read_bytes()
        digest.update(f"{path.name}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


def display(path: Path) -> str:
    here = Path.cwd().resolve()
    return path.relative_to(here).as_posix() if path.is_relative_to(here) else path.as_posix()


def shard(submissions: Sequence[Submission], index: int, count: int) -> list[Submission]:
    """Shard index of count (1-based): every count-th submission of the sorted list, starting at the index-th."""
    return list(submissions[index - 1 :: count])
