"""The output file of ``grade --out``: CSV rows, a JSON list of reports, or Gradescope's results.json.

Every format keeps each submission's row (its name, content hash and outcome), so that a re-run with the same --out
reads what is already graded. The file is checked before any work starts and always written atomically (a temporary
file in the same folder, then os.replace): an interrupted batch leaves the last complete version.
"""

from __future__ import annotations

import csv
import io
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from shallow_proofs import gradescope
from shallow_proofs.rows import COLUMNS
from shallow_proofs.runner import Graded

Element = dict[str, Any]
"""One submission as the file holds it: a CSV row, a report with its ``grade``, or a Gradescope results object."""


class Output:
    def __init__(self, path: str, gradescope_format: bool, weights: dict[str, float], visibility: str) -> None:
        self.path = Path(path).expanduser()
        self.kind = "gradescope" if gradescope_format else self.path.suffix.lstrip(".")
        self.weights = weights
        self.visibility = visibility

    def check(self) -> None:
        """Raise ValueError unless --out can be written: a .csv or .json file in a writable folder."""
        where = f"--out {self.path}"
        if self.path.is_dir():
            raise ValueError(f"{where}: is a folder; expected a file name")
        if self.kind not in ("csv", "json", "gradescope"):
            raise ValueError(f"{where}: expected a .csv or .json file; got {self.path.suffix or 'no suffix'}")
        if self.kind == "gradescope" and self.path.suffix != ".json":
            raise ValueError(f"{where}: --gradescope writes JSON (results.json); got {self.path.suffix or 'no suffix'}")
        folder = self.path.parent
        if not folder.is_dir():
            raise ValueError(f"{where}: the folder {folder} does not exist")
        if not os.access(folder, os.W_OK | os.X_OK):
            raise ValueError(f"{where}: the folder {folder} is not writable")

    def render(self, graded: Graded) -> Element:
        row = graded.row
        if self.kind == "csv":
            return row.csv()
        if self.kind == "gradescope":
            return gradescope.results(row, graded.reading, self.weights, self.visibility)
        report = graded.reading.report if graded.reading is not None else {}
        return {**report, "grade": row.as_dict()}

    def row(self, element: Element) -> dict[str, Any]:
        """The row fields of element (submission, sha256, outcome ...)."""
        if self.kind == "csv":
            return element
        if self.kind == "gradescope":
            return dict(element["extra_data"]["grade"])
        return dict(element["grade"])

    def load(self) -> list[Element]:
        """What a previous run wrote to --out (nothing when it does not exist); ValueError when it is not ours."""
        if not self.path.exists():
            return []
        try:
            text = self.path.read_text(encoding="utf-8")
            if self.kind == "csv":
                reader = csv.DictReader(io.StringIO(text))
                if tuple(reader.fieldnames or ()) != COLUMNS:
                    raise ValueError(f"its columns are {reader.fieldnames}, not grade's")
                elements: list[Element] = list(reader)
            else:
                loaded = json.loads(text)
                elements = [loaded] if self.kind == "gradescope" and isinstance(loaded, dict) else loaded
                if not isinstance(elements, list):
                    raise ValueError("it is not a JSON list")
            for element in elements:
                row = self.row(element)
                if not all(isinstance(row.get(key), str) for key in ("submission", "sha256", "outcome")):
                    raise ValueError(f"an entry has no submission, sha256 and outcome: {str(element)[:200]}")
            if self.kind == "gradescope":
                elements = [gradescope.rescore(element, self.weights, self.visibility) for element in elements]
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, csv.Error, KeyError, TypeError, ValueError) as error:
            raise ValueError(
                f"--out {self.path}: exists but is not a {self.kind} output of grade ({error}); "
                "choose another --out, or remove the file"
            ) from None
        return elements

    def write(self, elements: Sequence[Element]) -> None:
        """Write the elements, sorted by submission, atomically."""
        ordered = sorted(elements, key=lambda element: str(self.row(element)["submission"]))
        if self.kind == "csv":
            buffer = io.StringIO()
            writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
            writer.writeheader()
            writer.writerows(ordered)
            text = buffer.getvalue()
        elif self.kind == "gradescope" and len(ordered) == 1:
            text = json.dumps(ordered[0], indent=2) + "\n"
        else:
            text = json.dumps(ordered, indent=2) + "\n"
        write_atomically(self.path, text)


def write_atomically(path: Path, text: str) -> None:
    """Write text to a temporary file next to path, then replace path with it (the mode: path's, or the umask's)."""
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask()
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(descriptor, mode)
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as file:
            file.write(text)
            file.flush()
            os.fsync(file.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask
