"""The test command of each package's mutation run: its pytest steps, in order, each stopping at the first failure.

reference/: its own tests first (fast: every file that calls it directly, the command line's picture and memory limits,
divergence and the sabotaged loaders included), then the suite on the reference with the small derandomized profile
(quick_profile.py); test_bad_inputs needs the gate profile (its 5 examples per case of bad input), so
it is a step apart, last. gradcheck/: its own tests (no Hypothesis). The plugins of this folder (quick_profile, only)
are found through PYTHONPATH=mutation (:func:`environment`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTEST = ("-p", "no:xdist", "-p", "no:cacheprovider", "-q")
NOT_COVERED = "not covered"  # what selected.py prints for a mutant no test reaches, and report.py reads


@dataclass(frozen=True)
class Step:
    options: tuple[str, ...]  # the profile of this step
    paths: tuple[str, ...]  # the tests, in the order they run


STEPS = {
    "reference": (
        Step(
            ("-p", "quick_profile", "--hypothesis-profile=mutation-quick"),
            (
                "tests/test_reference.py",
                "tests/test_stable.py",
                "tests/test_validation.py",
                "tests/test_validation_direct.py",
                "tests/test_datasets.py",
                "tests/test_plot.py",
                "tests/test_cli.py",
                "tests/test_memory_limits.py",
                "tests/test_divergence.py",
                "tests/test_course_data_can_fail.py",
                "properties",
            ),
        ),
        Step(("--hypothesis-profile=gate",), ("tests/test_bad_inputs.py",)),
    ),
    "gradcheck": (
        Step(
            (),
            (
                "gradcheck/tests",
                "tests/test_check_grad.py",
                "tests/test_gradcheck_kinks.py",
                "tests/test_gradcheck_saturation.py",
                "tests/test_gradcheck_loss.py",
                "tests/test_gradcheck_settle.py",
                "tests/test_gradcheck_quantities.py",
                "tests/test_gradcheck_noise.py",
                "tests/test_gradcheck_tolerances.py",
                "tests/test_gradcheck_steps.py",
                "tests/test_gradcheck_gains.py",
                "tests/test_gradcheck_network_steps.py",
                "tests/test_gradcheck_layout.py",
                "tests/test_gradcheck_taylor_steps.py",
                "tests/test_gradcheck_notes_options.py",
                "tests/test_gradcheck_differences.py",
                "tests/test_gradcheck_defaults.py",
                "tests/test_first_estimate.py",
                "tests/test_gradcheck_moved.py",
                "tests/test_gradcheck_kink_at_x.py",
            ),
        ),
    ),
}


def environment() -> dict[str, str]:
    """The environment of every pytest run: this folder on PYTHONPATH, for ``-p quick_profile`` and ``-p only``; no
    bytecode written (as cosmic-ray runs its test command: a mutant and the module put back can share a size and a
    second of modification time, and Python would take the other's .pyc)."""
    path = os.environ.get("PYTHONPATH")
    return {
        **os.environ,
        "PYTHONPATH": str(HERE) + (os.pathsep + path if path else ""),
        "PYTHONDONTWRITEBYTECODE": "1",
    }
