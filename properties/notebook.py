"""A Jupyter notebook's code cells as one Python script, with IPython's syntax turned into the calls IPython makes.

Read with nbformat (any notebook version, converted to v4). Markdown and raw cells are dropped. A code cell that is
valid Python is kept as it is; in one that is not, each line whose first non-space character is ``%`` or ``!`` is
rewritten the way IPython's input transformers write it (and the way ``jupyter nbconvert --to script`` exports it):

- ``%matplotlib inline`` -> ``get_ipython().run_line_magic('matplotlib', 'inline')``
- ``!pip install x`` -> ``get_ipython().system('pip install x')`` (``!!cmd`` -> ``get_ipython().getoutput('cmd')``)
- a cell starting with ``%%name args`` -> ``get_ipython().run_cell_magic('name', 'args', body)``, except ``%%time``
  and ``%%capture``, which run their body in the notebook's namespace: the body is kept as code.

A cell that is still not valid Python is left out, with a note. The sanitizer (properties/sanitize.py) then sees
the same ``get_ipython()`` calls in a notebook as in an nbconvert export, and leaves them all out.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from pathlib import Path

CELL_MAGICS_KEEPING_THE_BODY = ("time", "capture")


@dataclass
class Script:
    """The code cells as one script; ``cells[i]`` is the notebook's cell number (1-based) of the script's line i + 1."""

    text: str
    cells: list[int]
    notes: list[str] = field(default_factory=list)

    def cell_of(self, line: int) -> int:
        """The notebook's cell number (1-based, counting every cell) holding the script's line ``line``."""
        return self.cells[min(max(line, 1), len(self.cells)) - 1] if self.cells else 0


def line_magic(line: str) -> str:
    """One IPython line (``%name args``, ``!cmd``, ``!!cmd``) as the call IPython makes for it."""
    indent = line[: len(line) - len(line.lstrip())]
    body = line.strip()
    if body.startswith("!!"):
        return f"{indent}get_ipython().getoutput({body[2:].strip()!r})"
    if body.startswith("!"):
        return f"{indent}get_ipython().system({body[1:].strip()!r})"
    name, _, args = body.lstrip("%").partition(" ")
    return f"{indent}get_ipython().run_line_magic({name!r}, {args.strip()!r})"


def transform(source: str) -> str:
    """A cell's source with IPython's magics and shell escapes rewritten as calls (the source itself if it parses)."""
    if valid(source):
        return source
    lines = source.splitlines()
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is not None and lines[first].lstrip().startswith("%%"):
        name, _, args = lines[first].strip()[2:].partition(" ")
        body = "\n".join(lines[first + 1 :])
        if name in CELL_MAGICS_KEEPING_THE_BODY:
            return f"get_ipython().run_cell_magic({name!r}, {args.strip()!r}, '')\n" + transform(body)
        return f"get_ipython().run_cell_magic({name!r}, {args.strip()!r}, {body!r})"
    return "\n".join(line_magic(line) if line.lstrip().startswith(("%", "!")) else line for line in lines)


def valid(source: str) -> bool:
    """Whether source parses as Python."""
    try:
        ast.parse(source)
    except SyntaxError:
        return False
    return True


def syntax_error(source: str) -> str:
    """Where and why source does not parse: 'line 3: invalid syntax'."""
    try:
        ast.parse(source)
    except SyntaxError as error:
        return f"line {error.lineno}: {error.msg}: {(error.text or '').strip()}"
    return "valid"


def read(path: Path) -> Script:
    """The notebook's code cells as one script, each preceded by a ``# cell N`` line."""
    import nbformat  # about 0.1 s to import: only for notebooks

    notebook = nbformat.read(path, as_version=4)  # type: ignore[no-untyped-call]
    text: list[str] = []
    cells: list[int] = []
    notes: list[str] = []
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code" or not cell.source.strip():
            continue
        code = transform(cell.source)
        if not valid(code):
            notes.append(f"left out cell {number}: it is not valid Python ({syntax_error(code)})")
            continue
        lines = [f"# cell {number}", *code.splitlines(), ""]
        text.extend(lines)
        cells.extend([number] * len(lines))
    return Script("\n".join(text) + "\n", cells, notes)
