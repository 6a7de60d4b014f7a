"""The versions a verdict depends on, for the report header, the proof document and the JSON report."""

from __future__ import annotations

import platform
from importlib.metadata import version

KEY = "versions"
"""The header line that names them; a stale-document check ignores it (a new numpy is not a new proof)."""


def found() -> dict[str, str]:
    """``{"shallow-proofs": "0.1.0", "Python": "3.11.7", "numpy": "2.4.6", ...}``."""
    return {
        "shallow-proofs": version("shallow-proofs"),
        "Python": platform.python_version(),
        "numpy": version("numpy"),
        "scipy": version("scipy"),
        "Hypothesis": version("hypothesis"),
    }


def versions() -> str:
    """``shallow-proofs 0.1.0, Python 3.11.7, numpy 2.4.6, scipy 1.17.1, Hypothesis 6.170.17``."""
    return ", ".join(f"{label} {number}" for label, number in found().items())
