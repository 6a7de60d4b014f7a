"""What a run of the suite concluded, for the command line in the same process, and the atomic write of a report.

The plugin (properties/proof.py) fills :data:`last` at the end of the session (or when the implementation cannot
be loaded); ``shallow-proofs prove`` reads it after ``pytest.main`` returns, to choose its exit status.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass
class Run:
    """The run's conclusion: the implementation's load error, whether every test that applies ran, an interrupt."""

    load_error: str | None = None
    complete: bool = False
    interrupted: bool = False
    report: str | None = None
    """The JSON report's path, once written."""


last = Run()


def reset() -> Run:
    global last
    last = Run()
    return last


def write_json(path: str | Path, data: Any) -> None:
    """Write data as JSON to path atomically: a reader sees the old file or the whole new one, never a part."""
    path = Path(path)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w") as file:
            json.dump(data, file, indent=2, sort_keys=False)
            file.write("\n")
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    last.report = str(path)
