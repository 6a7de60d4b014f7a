"""The mutation run covers what it claims to: every module of a package is mutated, and every test file that imports
gradcheck runs in its test command (a module or a test left out makes MUTATION.md's score say nothing of it).

A module that only imports and re-exports (no statement but imports, ``__all__`` and its docstring) has nothing to
mutate, and may be left out. Test files that run the whole suite on other code stay out of gradcheck's command, each
for the reason given in SUITE_LEVEL.
"""

from __future__ import annotations

import ast
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "mutation"))

from commands import STEPS  # noqa: E402

SUITE_LEVEL = {
    "tests/test_catches_bugs.py": "runs the suite's own tests on the mutants of tests/mutants.py, not gradcheck's",
    "tests/test_fixtures_pass.py": "runs the whole suite on correct modules: minutes per mutant",
    "tests/test_namespace.py": "checks the package's import paths, not what gradcheck computes",
}


def mutated(package: str) -> list[str]:
    config = tomllib.loads((ROOT / "mutation" / f"{package}.toml").read_text())
    return list(config["cosmic-ray"]["module-path"])


def only_imports(path: Path) -> bool:
    body = ast.parse(path.read_text()).body
    allowed = (ast.Import, ast.ImportFrom, ast.Expr, ast.Assign)
    return all(
        isinstance(node, allowed)
        and (not isinstance(node, ast.Assign) or [ast.unparse(t) for t in node.targets] == ["__all__"])
        and (not isinstance(node, ast.Expr) or isinstance(node.value, ast.Constant))
        for node in body
    )


def imports_gradcheck(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if any(name == "shallow_proofs.gradcheck" or name.startswith("shallow_proofs.gradcheck.") for name in names):
            return True
    return False


@pytest.mark.parametrize("package", ["reference", "gradcheck"])
def test_every_module_with_code_is_mutated(package: str) -> None:
    modules = sorted(str(p.relative_to(ROOT)) for p in (ROOT / package).glob("*.py") if not only_imports(p))
    missing = sorted(set(modules) - set(mutated(package)))
    assert not missing, f"mutation/{package}.toml's module-path leaves out {missing}"


def test_every_test_of_gradcheck_runs_in_its_command() -> None:
    run = {path for step in STEPS["gradcheck"] for path in step.paths}
    importing = sorted(str(p.relative_to(ROOT)) for p in (ROOT / "tests").glob("test_*.py") if imports_gradcheck(p))
    missing = sorted(set(importing) - run - set(SUITE_LEVEL))
    assert not missing, f"mutation/commands.py's gradcheck step leaves out {missing}"


def test_only_imports_tells_a_module_of_code_apart() -> None:
    assert only_imports(ROOT / "reference" / "__init__.py")
    assert not only_imports(ROOT / "gradcheck" / "first.py")


def test_imports_gradcheck_reads_imports_not_text() -> None:
    assert imports_gradcheck(ROOT / "tests" / "test_first_estimate.py")
    assert not imports_gradcheck(Path(__file__))
