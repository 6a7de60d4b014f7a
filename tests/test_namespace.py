"""One installed package, layers that depend one way, and a plugin that is inert in other projects' runs."""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

from shallow_proofs import __version__

ROOT = Path(__file__).parent.parent
FIXTURE = ROOT / "tests" / "impls" / "course_style.py"
PLUGIN = "shallow_proofs.properties.plugin"
LAYERS = {"reference": set(), "gradcheck": {"reference"}, "properties": {"reference", "gradcheck"}}
"""What each folder may import of the others; the command line (shallow_proofs/) sits above all three."""


def clean_environment(**extra: str) -> dict[str, str]:
    """The environment without the variables that switch the plugin or Hypothesis on."""
    drop = {"CI", "HYPOTHESIS_PROFILE", "SHALLOW_PROOFS_IMPL", "PYTEST_ADDOPTS", "PYTEST_DISABLE_PLUGIN_AUTOLOAD"}
    return {**{k: v for k, v in os.environ.items() if k not in drop}, **extra}


def run(command: list[str], cwd: Path, **extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=clean_environment(**extra), capture_output=True, text=True, timeout=600)


def imported_parts(path: Path) -> set[str]:
    """The parts of shallow_proofs (reference, properties, gradcheck, cli ...) that a file imports, at any depth."""
    parts = set()
    for node in ast.walk(ast.parse(path.read_text())):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
        if isinstance(node, ast.ImportFrom) and node.module:
            names = [f"{node.module}.{alias.name}" for alias in node.names]
        parts |= {name.split(".")[1] for name in names if name.startswith("shallow_proofs.")}
    return parts


@pytest.mark.parametrize("folder", sorted(LAYERS))
def test_layers_depend_one_way(folder: str) -> None:
    allowed = LAYERS[folder] | {folder}
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported_parts(path) - allowed)
        for path in (ROOT / folder).rglob("*.py")
        if "/tests/" not in str(path) and not path.name.startswith("test_")
    }
    assert not {path: parts for path, parts in wrong.items() if parts}, f"{folder}/ may import only {sorted(allowed)}"


def test_wheel_installs_one_top_level_package(tmp_path: Path) -> None:
    build = [sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(tmp_path), str(ROOT)]
    result = run(build, tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    (wheel,) = tmp_path.glob("shallow_proofs-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    top = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert top == {"shallow_proofs"}, f"the wheel installs these top-level names: {sorted(top)}"
    for part in ("reference/network.py", "properties/plugin.py", "gradcheck/full.py", "cli.py", "__main__.py"):
        assert f"shallow_proofs/{part}" in names
    entry_points = zipfile.ZipFile(wheel).read(f"shallow_proofs-{__version__}.dist-info/entry_points.txt").decode()
    assert f"{PLUGIN} = {PLUGIN}" in entry_points and "shallow-proofs = shallow_proofs.cli:main" in entry_points


def test_version() -> None:
    script = Path(sys.executable).parent / "shallow-proofs"
    for command in ([str(script), "--version"], [sys.executable, "-m", "shallow_proofs", "--version"]):
        result = run(command, ROOT)
        assert (result.returncode, result.stdout) == (0, f"shallow-proofs {__version__}\n"), result.stderr


UNRELATED = """
import json, sys
import pytest
from hypothesis import given, settings, strategies as st

@given(st.integers())
def test_passes(n):
    assert n == n

def test_fails():
    assert 1 == 2

@pytest.mark.skip(reason="unrelated skip")
def test_skipped():
    pass

def test_zz_state(request):
    state = {
        "settings": repr(settings.default),
        "imported": sorted(set(m for m in sys.modules if m.startswith("shallow_proofs")) - {
            "shallow_proofs", "shallow_proofs.properties", "shallow_proofs.properties.plugin"
        }),
        "properties": request.node.user_properties,
    }
    (request.config.rootpath / "state.json").write_text(json.dumps(state))
"""


def test_plugin_is_inert_in_another_project(tmp_path: Path) -> None:
    """An unrelated project's run: the same outcome, Hypothesis settings and modules with the plugin as without it."""
    (tmp_path / "test_unrelated.py").write_text(textwrap.dedent(UNRELATED))
    seen = {}
    for label, options in (("with", []), ("without", ["-p", f"no:{PLUGIN}"])):
        result = run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--strict-markers", *options], tmp_path
        )
        assert result.returncode == 1, result.stdout[-2000:]
        seen[label] = (result.stdout.splitlines()[-1].split(" in ")[0], (tmp_path / "state.json").read_text())
        assert "proof by test" not in result.stdout and "implementation under test" not in result.stdout
    assert seen["with"] == seen["without"]
    assert seen["with"][0] == "1 failed, 2 passed, 1 skipped"
    assert '"imported": []' in seen["with"][1], "the plugin imported the suite or the reference in another project"


SHADOWS = {
    "reference.py": "raise RuntimeError('the wrong reference was imported')\n",
    "gradcheck.py": "raise RuntimeError('the wrong gradcheck was imported')\n",
    "properties/__init__.py": "raise RuntimeError('the wrong properties was imported')\n",
}


@pytest.fixture
def shadowed(tmp_path: Path) -> Path:
    """A folder holding reference.py, gradcheck.py and a properties package, also put on PYTHONPATH."""
    for name, text in SHADOWS.items():
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text(text)
    return tmp_path


def test_prove_ignores_shadowing_names(shadowed: Path) -> None:
    command = [sys.executable, "-m", "shallow_proofs", "prove", "--verbose", "--", "-p", "no:xdist", "-q"]
    command += ["-k", "test_L11_np_zero"]
    result = run(command, shadowed, PYTHONPATH=str(shadowed))
    assert "wrong" not in result.stdout + result.stderr, result.stdout[-3000:]
    assert re.search(r"^L11\.init +unproven +7 of 8 tests deselected", result.stdout, re.M), result.stdout[-3000:]
    assert result.returncode == 1 and "1 passed" in result.stdout, result.stdout[-3000:]


def test_pytest_impl_runs_the_installed_suite_from_any_folder(shadowed: Path) -> None:
    command = [sys.executable, "-m", "pytest", "--impl", str(FIXTURE), "-p", "no:xdist", "-k", "test_L11_np_zero"]
    result = run(command, shadowed, PYTHONPATH=str(shadowed))
    assert "wrong" not in result.stdout + result.stderr, result.stdout[-3000:]
    assert result.returncode == 0 and "1 passed" in result.stdout, result.stdout[-3000:] + result.stderr[-2000:]
    assert f"implementation under test: {FIXTURE}" in result.stdout
