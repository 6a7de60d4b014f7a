"""Which module-level statements of a learner's file to run: the definitions and what they need, nothing else.

Kept, in the file's order (``from __future__`` imports first):

- every function and class definition (``def``, ``async def``, ``class``);
- the module's docstring;
- the imports that bind a name the kept code uses (``from __future__`` always);
- the assignments ``NAME = <inert expression>`` whose name the kept code uses, or that the suite looks up (roots).
  An inert expression makes no call: literals, containers, arithmetic, comparisons, names already bound by kept
  statements (or builtins), attributes and subscripts of those, lambdas (``K = 2 * N_H``, ``ACTIVATIONS = {"tanh":
  (np.tanh, tanh_slope)}``).

Everything else is left out and never run: calls (training, plotting, test calls, printing), ``get_ipython()`` calls
(magics and shell escapes, as nbconvert writes them), loops, ``if __name__ == "__main__":`` blocks, assignments of
computed values. Which names a definition uses comes from the symbol table (module :mod:`symtable`): the globals its
body reads, at any depth, and the names its decorators, defaults and base classes read when it is defined.

Two closures of "uses" are computed: ``wanted``, from every kept definition and the roots (what to keep), and
``required``, from the roots only (the suite's functions: what must import for the suite to run).
"""

from __future__ import annotations

import ast
import builtins
import symtable
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)
IMPORTS = (ast.Import, ast.ImportFrom)
CALLING = (
    ast.Call,
    ast.Await,
    ast.Yield,
    ast.YieldFrom,
    ast.NamedExpr,
    ast.ListComp,
    ast.SetComp,
    ast.DictComp,
    ast.GeneratorExp,
)
PLOTTING = ("matplotlib", "seaborn", "plotly", "bokeh")
MAGICS = {"run_line_magic": "magic", "run_cell_magic": "magic", "magic": "magic"}
SHELL = {"system": "shell escape", "getoutput": "shell escape"}
TEST_HELPERS = ("testCases", "testCases_v2", "public_tests", "test_utils")
BUILTINS = frozenset(dir(builtins))
PLURALS = {
    "magic": "magics",
    "shell escape": "shell escapes",
    "IPython call": "IPython calls",
    "main block": "main blocks",
    "plot": "plots",
    "test call": "test calls",
    "print": "prints",
    "other call": "other calls",
    "assignment": "assignments",
    "unused constant": "unused constants",
    "loop": "loops",
    "if block": "if blocks",
    "with block": "with blocks",
    "try block": "try blocks",
    "assert": "asserts",
    "expression": "expressions",
    "del statement": "del statements",
    "other statement": "other statements",
}


@dataclass
class Statement:
    """One module-level statement: what it binds, what it uses, and whether it is kept (or why it is left out)."""

    node: ast.stmt
    binds: set[str]
    uses: set[str]
    kind: str
    """'future', 'docstring', 'definition', 'import', 'constant' (kept) or 'left out'."""
    category: str = ""
    """For a statement left out: 'magic', 'plot', 'call of nn_model' ..."""

    @property
    def line(self) -> int:
        return self.node.lineno


@dataclass
class Selection:
    kept: list[Statement]
    left_out: list[Statement]
    wanted: set[str]
    required: set[str]
    unused_imports: list[Statement] = field(default_factory=list)

    def bound(self) -> set[str]:
        """The names that the kept statements bind."""
        return set().union(*(s.binds for s in self.kept))

    def unresolved(self, names: Iterable[str]) -> set[str]:
        """Those of names that no kept statement binds and that are not builtins."""
        return set(names) - self.bound() - BUILTINS

    def assigned_by_left_out(self, name: str) -> int | None:
        """The line of a left-out statement that assigns name, if one does."""
        return next((s.line for s in self.left_out if name in s.binds), None)

    def summary(self) -> str:
        """'left out 14 module-level statements: 3 calls of nn_model, 2 plots, 1 magic ...' ('' when none)."""
        counts = Counter(s.category for s in self.left_out if not s.category.startswith("call of "))
        calls = Counter(s.category.removeprefix("call of ") for s in self.left_out if s.category.startswith("call of "))
        parts = [f"{n} {category if n == 1 else plural(category)}" for category, n in counts.most_common()]
        if calls:
            n = calls.total()
            each = ", ".join(name if k == 1 else f"{name} x{k}" for name, k in calls.most_common())
            parts.insert(0, f"{n} call{'s' if n > 1 else ''} of the file's functions ({each})")
        if self.unused_imports:
            names = ", ".join(dict.fromkeys(name for s in self.unused_imports for name in imported_modules(s.node)))
            n = len(self.unused_imports)
            parts.append(f"{n} import{'s' if n > 1 else ''} the functions do not use ({names})")
        total = len(self.left_out) + len(self.unused_imports)
        if not total:
            return ""
        return f"left out {total} module-level statement{'s' if total > 1 else ''}: " + ", ".join(parts)


def plural(category: str) -> str:
    return PLURALS.get(category, category + "s")


def imported_modules(node: ast.stmt) -> list[str]:
    """The modules an import statement names: ['matplotlib.pyplot'], ['planar_utils'] ..."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom):
        return ["." * node.level + (node.module or "")]
    return []


def binds(node: ast.stmt) -> set[str]:
    """The module-level names a statement binds ('*' for a star import)."""
    if isinstance(node, DEFINITIONS):
        return {node.name}
    if isinstance(node, ast.Import):
        return {alias.asname or alias.name.partition(".")[0] for alias in node.names}
    if isinstance(node, ast.ImportFrom):
        return {alias.asname or alias.name for alias in node.names}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    elif isinstance(node, ast.For | ast.AsyncFor):
        targets = [node.target]
    elif isinstance(node, ast.With | ast.AsyncWith):
        targets = [item.optional_vars for item in node.items if item.optional_vars is not None]
    names = {n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name)}
    for child in ast.walk(node):
        if isinstance(child, (*DEFINITIONS, *IMPORTS)) and child is not node:
            names |= binds(child)
        if isinstance(child, ast.Assign | ast.AugAssign | ast.AnnAssign) and child is not node:
            names |= binds(child)
    return names


def uses(node: ast.stmt) -> set[str]:
    """The module-level names a statement reads: when it runs, and (for a definition) when its functions run."""
    table = symtable.symtable(ast.unparse(node), "<statement>", "exec")
    used = {symbol.get_name() for symbol in table.get_symbols() if symbol.is_referenced()}
    scopes = list(table.get_children())
    while scopes:
        scope = scopes.pop()
        scopes.extend(scope.get_children())
        used |= {symbol.get_name() for symbol in scope.get_symbols() if symbol.is_global() and symbol.is_referenced()}
    return used


def inert(expression: ast.expr) -> bool:
    """Whether evaluating expression can call nothing (a lambda's body is not evaluated when it is defined)."""
    if isinstance(expression, ast.Lambda):
        return all(inert(default) for default in expression.args.defaults + expression.args.kw_defaults if default)
    if isinstance(expression, CALLING):
        return False
    return all(inert(child) for child in ast.iter_child_nodes(expression) if isinstance(child, ast.expr))


def constant(node: ast.stmt, bound: set[str]) -> bool:
    """Whether node is ``NAME = <inert expression>`` whose names are all bound already (or builtins)."""
    if isinstance(node, ast.Assign):
        targets, value = node.targets, node.value
    elif isinstance(node, ast.AnnAssign) and node.value is not None:
        targets, value = [node.target], node.value
    else:
        return False
    names_only = all(
        isinstance(n, ast.Name | ast.Tuple | ast.List | ast.Starred | ast.Load | ast.Store)
        for t in targets
        for n in ast.walk(t)
    )
    return names_only and inert(value) and not (uses(node) - bound - BUILTINS)


def ipython_method(node: ast.AST) -> str | None:
    """'run_line_magic', 'system' ... for ``get_ipython().<method>(...)`` in node; '' for another use; else None."""
    calls = [n for n in ast.walk(node) if isinstance(n, ast.Call) and dotted(n.func) == ["get_ipython"]]
    methods = [n.attr for n in ast.walk(node) if isinstance(n, ast.Attribute) and n.value in calls]
    return methods[0] if methods else "" if calls else None


def dotted(expression: ast.expr) -> list[str]:
    """['plt', 'scatter'] for plt.scatter; ['nn_model'] for nn_model; [] for anything else."""
    if isinstance(expression, ast.Name):
        return [expression.id]
    if isinstance(expression, ast.Attribute):
        root = dotted(expression.value)
        return [*root, expression.attr] if root else []
    return []


@dataclass
class Context:
    """What the categories need to know of the whole file."""

    definitions: set[str]
    plotting: set[str]
    tests: set[str]


def category(node: ast.stmt, context: Context) -> str:
    """Why a left-out statement is left out, in a word or two: 'magic', 'plot', 'call of nn_model' ..."""
    method = ipython_method(node)
    if method is not None:
        return {**MAGICS, **SHELL}.get(method, "IPython call")
    if isinstance(node, ast.If) and "__name__" in {n.id for n in ast.walk(node.test) if isinstance(n, ast.Name)}:
        return "main block"
    value = node.value if isinstance(node, ast.Expr | ast.Assign | ast.AugAssign | ast.AnnAssign) else None
    if isinstance(value, ast.Call):
        return call_category(dotted(value.func), context)
    kinds: dict[type, str] = {
        ast.Assign: "assignment",
        ast.AugAssign: "assignment",
        ast.AnnAssign: "assignment",
        ast.For: "loop",
        ast.AsyncFor: "loop",
        ast.While: "loop",
        ast.If: "if block",
        ast.With: "with block",
        ast.AsyncWith: "with block",
        ast.Try: "try block",
        ast.Assert: "assert",
        ast.Expr: "expression",
        ast.Delete: "del statement",
    }
    return kinds.get(type(node), "other statement")


def call_category(name: list[str], context: Context) -> str:
    if not name:
        return "other call"
    if name[0] in context.plotting or "plot" in name[-1]:
        return "plot"
    if name == ["print"]:
        return "print"
    if name[0] in context.tests or name[-1].endswith(("_test", "_test_case")) or name[-1].startswith("test_"):
        return "test call"
    if len(name) == 1 and name[0] in context.definitions:
        return f"call of {name[0]}"
    return "other call"


def context(statements: list[ast.stmt]) -> Context:
    definitions = {node.name for node in statements if isinstance(node, DEFINITIONS)}
    plotting, tests = set(), set()
    for node in statements:
        modules = imported_modules(node)
        if any(module.partition(".")[0] in PLOTTING for module in modules):
            plotting |= binds(node)
        if any(module.partition(".")[0] in TEST_HELPERS for module in modules):
            tests |= binds(node) - {"*"}
    return Context(definitions, plotting, tests)


def closure(roots: set[str], statements: list[Statement]) -> set[str]:
    """The names roots use, directly or through the statements that bind them, roots included."""
    seen: set[str] = set()
    frontier = set(roots)
    while frontier:
        name = frontier.pop()
        seen.add(name)
        for statement in statements:
            if name in statement.binds:
                frontier |= statement.uses - seen
    return seen


def select(tree: ast.Module, roots: set[str]) -> Selection:
    """Split a module's statements into kept and left out (see the module docstring)."""
    about = context(tree.body)
    candidates: list[Statement] = []
    left_out: list[Statement] = []
    bound: set[str] = set()
    for index, node in enumerate(tree.body):
        if isinstance(node, ast.ImportFrom) and node.module == "__future__":
            candidates.append(Statement(node, set(), set(), "future"))
        elif index == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant):
            candidates.append(Statement(node, set(), set(), "docstring"))
        elif isinstance(node, ast.Pass):
            continue
        elif isinstance(node, DEFINITIONS):
            candidates.append(Statement(node, binds(node), uses(node), "definition"))
        elif isinstance(node, IMPORTS):
            candidates.append(Statement(node, binds(node), set(), "import"))
        elif constant(node, bound):
            candidates.append(Statement(node, binds(node), uses(node), "constant"))
        else:
            left_out.append(Statement(node, binds(node), set(), "left out", category(node, about)))
            continue
        bound |= candidates[-1].binds
    definitions = {name for s in candidates if s.kind == "definition" for name in s.binds}
    wanted = closure(definitions | (roots & bound), candidates)
    required = closure(roots & bound, candidates)
    star = bool(wanted - bound - BUILTINS)
    kept, unused = [], []
    for statement in candidates:
        if statement.kind == "constant" and not statement.binds & wanted:
            left_out.append(Statement(statement.node, statement.binds, set(), "left out", "unused constant"))
        elif statement.kind == "import" and not statement.binds & (wanted | ({"*"} if star else set())):
            unused.append(statement)
        else:
            kept.append(statement)
    kept.sort(key=lambda s: s.kind != "future")
    left_out.sort(key=lambda s: s.line)
    return Selection(kept, left_out, wanted, required, unused)
