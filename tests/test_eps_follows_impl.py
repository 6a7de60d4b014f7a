"""The rounding bounds are in the precision of the implementation under test, however the run is distributed.

properties/bounds.py takes eps from the implementation when it is first imported: a module of the plugin that imports
it before ``--impl`` is applied would give every bound the reference's float64 eps, and a correct float32 solution
would get a refutation per comparison (this happened once, through the diagnosis module).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).parent.parent
PROBE = """
import numpy as np

from shallow_proofs.properties import bounds


def test_eps_is_the_implementation_s(impl):
    assert bounds.EPS == float(np.finfo(impl.dtype).eps) == float(np.finfo(np.float32).eps), bounds.EPS
"""


@pytest.mark.parametrize("distribution", [("-p", "no:xdist"), ("-n", "2")], ids=["serial", "xdist"])
def test_bounds_use_the_float32_eps_of_a_float32_implementation(tmp_path: Path, distribution: tuple[str, str]) -> None:
    (tmp_path / "test_probe.py").write_text(PROBE)
    impl = ROOT / "tests" / "impls" / "course_float32.py"
    command = [sys.executable, "-m", "pytest", str(tmp_path / "test_probe.py"), "--impl", str(impl), "-q"]
    result = subprocess.run([*command, "-p", "no:cacheprovider", *distribution], cwd=tmp_path, capture_output=True)
    assert result.returncode == 0, result.stdout.decode()[-3000:]
