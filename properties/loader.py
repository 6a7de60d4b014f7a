"""Load a learner's implementation as it is: a .py file, an .ipynb notebook or a module name.

API::

    from shallow_proofs.properties.loader import LoadError, load
    loaded = load("C1W3_Assignment.ipynb", mapping={"nn_model": "neural_model"})
    loaded.module.forward_propagation(X, parameters)

``load(target, *, mapping=None) -> Loaded`` raises :class:`LoadError` (a ValueError) with a message naming the file,
the line and the cause when the target cannot be loaded: no such file or module, not a notebook, not valid Python,
an import that the course's functions need and that fails, a ``mapping`` that names no function. ``Loaded`` has:

- ``module``: a module object executed from the kept statements only (properties/sanitize.py: the definitions, the
  imports and the inert constants they use; never training, plotting, test calls, magics, shell escapes, nor any
  other module-level call), under the private name ``shallow_proofs_learner_<stem>``;
- ``path`` (the file; None for a module imported by name), ``filename`` (the name its code objects carry: the file,
  or ``<notebook> (code cells)`` for a notebook, whose script ``source_text`` holds), ``source`` (the kept code);
- ``notes``: one line each: the bare name taken for a file (``loaded ./C1W3.ipynb: there is no module named
  'C1W3'``), what was left out (``left out 64 module-level statements: 9 calls of the file's functions (predict x2,
  nn_model, ...), 15 test calls, 14 prints, 6 plots, 3 magics, ..., 6 imports the functions do not use (sklearn,
  ...)``), notebook cells that are not Python (``left out cell 11: it is not valid Python (line 1: invalid syntax:
  np.dot?)``), stand-ins used (``stand-ins for planar_utils (not found): sigmoid``), helper names without a
  stand-in (``no stand-in for plot_decision_boundary of planar_utils (not found): show will fail if called``),
  imports skipped (``skipped import of mine (line 2): ModuleNotFoundError: No module named 'mine'; show will fail
  if called``), names that stay undefined (``not defined: plot_decision_boundary (used by plot_model); those
  functions will fail if called``), the mapping applied (``nn_model is neural_model (--map
  nn_model=neural_model)``). Only functions outside the course's eight (and what they call) are ever left failing:
  what the eight need either loads or is a LoadError;
- ``missing``: the course's eight functions that the module lacks (after the mapping), in the course's order;
- ``suggestions``: for each missing one, the learner's function it likely is (properties/renames.py);
- ``problems``: function name -> what is wrong with it before it runs: a name numpy removed (``line 52:
  np.asscalar was removed in numpy 1.23: write a.item()``), a global that only a left-out statement assigns, its
  parameters not the course's, its definition raising (a default argument of np.float);
- ``explain(error)``: the numpy removal behind an error raised by the learner's code, with the function and line,
  or None.

A module name is imported as Python imports it, except a top-level module that is a plain .py file (a learner's
file on the path), which is loaded like a file. A bare name that is no module but names ``<name>.py`` or
``<name>.ipynb`` in the working folder loads that file, with a note.

Global state (so it is safe in a worker process that loads one implementation): ``load`` puts the file's folder at
the front of ``sys.path`` (left there: functions may import at call time) and the module in ``sys.modules`` under
its private name (replacing one loaded before from a file of the same name); the helper modules the file imports
land in ``sys.modules`` as any import does. Stand-ins are bound in the module's namespace only, never in
``sys.modules``. On a LoadError both are as they were before the call.
"""

from __future__ import annotations
import __future__

import ast
import importlib
import importlib.util
import sys
import traceback
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from shallow_proofs.properties import notebook, numpy2, renames, standins
from shallow_proofs.properties.sanitize import BUILTINS, Selection, Statement, imported_modules, select

CONTRACT_NAMES = ("ACTIVATIONS", "backward_intermediates", "cost_from_logits", "propagate")
"""The optional names of the suite's contract (README: the implementation contract), looked up besides the eight."""

PREFIX = "shallow_proofs_learner_"


class LoadError(ValueError):
    """The target cannot be loaded; the message names the file, the line and the cause."""


@dataclass
class Loaded:
    module: ModuleType
    path: Path | None
    filename: str
    source: str
    source_text: str = ""
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    suggestions: list[renames.Suggestion] = field(default_factory=list)
    problems: dict[str, list[str]] = field(default_factory=dict)
    cells: list[int] = field(default_factory=list)

    def where(self, line: int) -> str:
        """'line 12', or 'cell 7, line 3' in a notebook."""
        if not self.cells:
            return f"line {line}"
        cell = self.cells[min(max(line, 1), len(self.cells)) - 1]
        return f"cell {cell}, line {line - self.cells.index(cell) - 1}"

    def explain(self, error: BaseException) -> str | None:
        """'compute_cost (line 52): np.asscalar was removed in numpy 1.23: write a.item()', or None."""
        reason = numpy2.explain(error)
        if reason is None:
            return None
        frames = [f for f in traceback.extract_tb(error.__traceback__) if f.filename == self.filename]
        if not frames:
            return reason
        frame = frames[-1]
        return f"{frame.name} ({self.where(frame.lineno or 0)}): {reason}"


def load(target: str, *, mapping: Mapping[str, str] | None = None) -> Loaded:
    """Load target (a .py file, an .ipynb notebook or a module name); see the module docstring."""
    mapping = dict(mapping or {})
    path, note = resolve(target)
    path_before, modules_before = list(sys.path), {n: m for n, m in sys.modules.items() if n.startswith(PREFIX)}
    try:
        loaded = load_file(target, path, mapping) if path is not None else import_module(target)
        finish(loaded, target, mapping)
    except LoadError:
        sys.path[:] = path_before
        for name in [n for n in sys.modules if n.startswith(PREFIX)]:
            del sys.modules[name]
        sys.modules.update(modules_before)
        raise
    if note:
        loaded.notes.insert(0, note)
    return loaded


def import_module(target: str) -> Loaded:
    """A module imported by name, as Python imports it."""
    try:
        module = importlib.import_module(target)
    except Exception as error:
        raise LoadError(f"--impl {target!r}: importing {target} raised {type(error).__name__}: {error}") from error
    return Loaded(module, None, getattr(module, "__file__", None) or target, "")


def resolve(target: str) -> tuple[Path | None, str]:
    """The file to load (None: import the module by name), and a note when a bare name was taken for a file."""
    if target.endswith((".py", ".ipynb")) or "/" in target or "\\" in target:
        path = Path(target).expanduser().resolve()
        if not path.is_file():
            raise LoadError(f"--impl {target!r}: no such file {path}")
        if path.suffix not in (".py", ".ipynb"):
            raise LoadError(f"--impl {target!r}: expected a .py file, an .ipynb notebook or a module name")
        return path, ""
    try:
        spec = importlib.util.find_spec(target)
    except (ImportError, ValueError):
        spec = None
    if spec is not None:
        plain = "." not in target and spec.submodule_search_locations is None
        if plain and spec.origin and spec.origin.endswith(".py"):
            return Path(spec.origin), ""
        return None, ""
    files = [Path.cwd() / f"{target}{suffix}" for suffix in (".py", ".ipynb")]
    found = [f for f in files if f.is_file()]
    if len(found) == 1:
        return found[0], f"loaded {found[0]}: there is no module named {target!r}"
    if not found:
        raise LoadError(
            f"--impl {target!r}: no module named {target!r}, and no {target}.py or {target}.ipynb in {Path.cwd()}"
        )
    raise LoadError(f"--impl {target!r}: both {found[0].name} and {found[1].name} are in {Path.cwd()}; name one")


def parse(target: str, path: Path) -> tuple[ast.Module, str, str, list[int], list[str]]:
    """(tree, filename, script text, cell of each script line, notes) of a .py file or a notebook."""
    if path.suffix == ".ipynb":
        try:
            script = notebook.read(path)
        except Exception as error:
            raise LoadError(f"--impl {target!r}: {path} is not a Jupyter notebook nbformat can read: {error}") from None
        filename = f"{path} (code cells)"
        return ast.parse(script.text, filename), filename, script.text, script.cells, script.notes
    text = path.read_text(encoding="utf-8")
    for candidate in (text, notebook.transform(text)):
        try:
            return ast.parse(candidate, str(path)), str(path), candidate, [], []
        except SyntaxError as error:
            problem = error
    raise LoadError(f"--impl {target!r}: {path}, line {problem.lineno}: {problem.msg}: {(problem.text or '').strip()}")


def load_file(target: str, path: Path, mapping: dict[str, str]) -> Loaded:
    tree, filename, text, cells, notes = parse(target, path)
    roots = set(renames.COURSE) | set(CONTRACT_NAMES) | set(mapping.values())
    selection = select(tree, roots)
    name = PREFIX + "".join(c if c.isalnum() else "_" for c in path.stem)
    module = ModuleType(name, None)
    module.__file__ = str(path)
    module.__loader__ = Source(text)  # type: ignore[assignment]
    kept = ast.Module(body=[s.node for s in selection.kept], type_ignores=[])
    loaded = Loaded(module, path, filename, ast.unparse(kept), text, notes, cells=cells)
    if str(path.parent) not in sys.path:
        sys.path.insert(0, str(path.parent))
    sys.modules[name] = module
    run(loaded, selection, target)
    summary = selection.summary()
    if summary:
        loaded.notes.insert(0, summary)
    find_problems(loaded, selection)
    return loaded


@dataclass
class Source:
    """A loader that gives linecache (and so tracebacks) a notebook's script, whose file name is no file."""

    text: str

    def get_source(self, name: str) -> str:
        return self.text


def future_flags(selection: Selection) -> int:
    flags = 0
    for statement in selection.kept:
        if statement.kind == "future" and isinstance(statement.node, ast.ImportFrom):
            for alias in statement.node.names:
                feature = getattr(__future__, alias.name, None)
                flags |= getattr(feature, "compiler_flag", 0)
    return flags


def run(loaded: Loaded, selection: Selection, target: str) -> None:
    """Execute the kept statements one by one in the module's namespace, imports with their fall-backs."""
    flags = future_flags(selection)
    for statement in selection.kept:
        if statement.kind == "import" and helper_import(loaded, selection, statement, target):
            continue
        try:
            execute(loaded, statement, flags)
        except Exception as error:
            fail(loaded, selection, statement, error, target)


def execute(loaded: Loaded, statement: Statement, flags: int = 0) -> None:
    """Run one statement in the module's namespace, its line numbers the file's."""
    code = compile(ast.Module(body=[statement.node], type_ignores=[]), loaded.filename, "exec", flags, True)
    exec(code, loaded.module.__dict__)


def fail(loaded: Loaded, selection: Selection, statement: Statement, error: Exception, target: str) -> None:
    """A kept statement raised: a LoadError if the course's functions need what it binds, else a note or a problem."""
    where = loaded.where(statement.line)
    reason = numpy2.explain(error) or f"{type(error).__name__}: {error}"
    what = ", ".join(imported_modules(statement.node)) or ast.unparse(statement.node).splitlines()[0]
    needed = statement.binds & selection.required
    if needed and statement.kind != "definition":
        who = ", ".join(using(selection, needed)) or "the course's functions"
        raise LoadError(f"--impl {target!r}: {where}: {who} need {', '.join(sorted(needed))} from {what}: {reason}")
    if statement.kind == "definition":
        for name in statement.binds:
            loaded.problems.setdefault(name, []).append(f"{where}: its definition raised {reason}")
        return
    if statement.kind == "import":
        callers = using(selection, statement.binds)
        who = f"{', '.join(callers)} will fail if called" if callers else "the functions do not use it"
        loaded.notes.append(f"skipped import of {what} ({where}): {reason}; {who}")
        return
    loaded.notes.append(f"skipped {what} ({where}): {reason}")


def using(selection: Selection, names: set[str]) -> list[str]:
    """The kept definitions that use any of names."""
    return [name for s in selection.kept if s.kind == "definition" and s.uses & names for name in sorted(s.binds)]


def helper_import(loaded: Loaded, selection: Selection, statement: Statement, target: str) -> bool:
    """Import a course helper module, or bind stand-ins when it is absent or fails; False for other imports."""
    modules = imported_modules(statement.node)
    if not modules or not all(standins.is_helper(m) for m in modules):
        return False
    module = modules[0].partition(".")[0]
    reason = "not found"
    if importlib.util.find_spec(module) is not None:
        try:
            execute(loaded, statement)
            return True
        except Exception as error:
            reason = f"it failed to import: {type(error).__name__}: {error}"
    wanted, needed, bound = helper_names(selection, statement, module)
    lacking = sorted(wanted - set(standins.HELPERS[module]))
    if needed - set(standins.HELPERS[module]):
        names = ", ".join(sorted(needed - set(standins.HELPERS[module])))
        users = ", ".join(using(selection, needed)) or "the course's functions"
        raise LoadError(
            f"--impl {target!r}: {loaded.where(statement.line)}: {users} need {names} from {module} ({reason}), "
            f"and the suite has no stand-in for it: put {module}.py next to the file"
        )
    loaded.module.__dict__.update(bound)
    provided = sorted(wanted & set(standins.HELPERS[module]))
    if provided:
        loaded.notes.append(f"stand-ins for {module} ({reason}): {', '.join(provided)}")
    if lacking:
        users = ", ".join(using(selection, set(lacking))) or "nothing"
        loaded.notes.append(f"no stand-in for {', '.join(lacking)} of {module} ({reason}): {users} will fail if called")
    return True


def helper_names(selection: Selection, statement: Statement, module: str) -> tuple[set[str], set[str], dict[str, Any]]:
    """(names the file wants from a helper import, those the course's functions need, the bindings to make)."""
    node = statement.node
    if isinstance(node, ast.Import):
        aliases = statement.binds
        wanted = attributes_used(selection.kept, aliases)
        required = [s for s in selection.kept if s.binds & selection.required]
        needed = attributes_used(required, aliases) if aliases & selection.required else set()
        return wanted, needed, {alias: standins.as_module(module) for alias in aliases}
    if "*" in statement.binds:
        wanted = selection.unresolved(selection.wanted) & set(standins.HELPERS[module])
        return wanted, set(), standins.names(module, wanted)
    wanted = statement.binds & selection.wanted
    return wanted, wanted & selection.required, standins.names(module, wanted)


def attributes_used(statements: list[Statement], aliases: set[str]) -> set[str]:
    """The attributes the statements read of the names aliases: {'sigmoid'} for pu.sigmoid(Z2)."""
    return {
        node.attr
        for statement in statements
        for node in ast.walk(statement.node)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id in aliases
    }


def finish(loaded: Loaded, target: str, mapping: dict[str, str]) -> None:
    """Apply the mapping; list the missing course functions and a suggestion for each."""
    module = loaded.module
    for course, learner in mapping.items():
        if course not in renames.COURSE:
            raise LoadError(
                f"--map {course}={learner}: {course!r} is not one of the course's functions: "
                + ", ".join(renames.COURSE)
            )
        if not callable(getattr(module, learner, None)):
            functions = ", ".join(sorted(functions_of(module))) or "none"
            raise LoadError(
                f"--map {course}={learner}: {target} defines no function {learner!r} (its functions: {functions})"
            )
        setattr(module, course, getattr(module, learner))
        loaded.notes.append(f"{course} is {learner} (--map {course}={learner})")
    defined = functions_of(module)
    loaded.missing = [name for name in renames.COURSE if name not in defined]
    loaded.suggestions = renames.suggest(loaded.missing, defined)
    if loaded.path is not None:
        unexplained = [name for name in loaded.missing if name not in {s.missing for s in loaded.suggestions}]
        loaded.suggestions += renames.elsewhere(unexplained, loaded.path.parent, loaded.path)
    for name, problem in renames.signature_problems(defined).items():
        loaded.problems.setdefault(name, []).append(problem)


def functions_of(module: ModuleType) -> dict[str, Callable[..., Any]]:
    """The module's public callables that are functions (not classes, not imported modules)."""
    return {
        name: value
        for name, value in vars(module).items()
        if callable(value) and not isinstance(value, type) and not name.startswith("_")
    }


def find_problems(loaded: Loaded, selection: Selection) -> None:
    """Per kept definition: the removed numpy names it uses, and the globals that nothing defines once loaded."""
    tree = ast.Module(body=[s.node for s in selection.kept], type_ignores=[])
    aliases = numpy2.numpy_aliases(tree)
    namespace = vars(loaded.module)
    bound = selection.bound()  # a kept statement that binds a name and failed has its own note
    undefined: dict[str, list[str]] = {}
    for statement in selection.kept:
        if statement.kind != "definition":
            continue
        name = next(iter(statement.binds))
        found = [f"{loaded.where(line)}: {text}" for line, text in numpy2.uses(statement.node, aliases)]
        for global_name in sorted(statement.uses - namespace.keys() - BUILTINS - bound):
            line = selection.assigned_by_left_out(global_name)
            why = f"only a module-level statement that is not run assigns it ({loaded.where(line)})" if line else ""
            if name in selection.required:
                found.append(f"uses {global_name}, which is not defined" + (f": {why}" if why else ""))
            else:
                undefined.setdefault(global_name, []).append(name)
        if found:
            loaded.problems.setdefault(name, []).extend(found)
    if undefined:
        names = "; ".join(f"{name} (used by {', '.join(users)})" for name, users in sorted(undefined.items()))
        loaded.notes.append(f"not defined: {names}; those functions will fail if called")
