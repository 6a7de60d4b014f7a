"""The diagnosis line of a failure message: written by properties/diagnosis.py in the test, read back by the plugin.

Apart from diagnosis.py, which needs the rounding bounds and so the implementation under test: the plugin imports this
before the implementation is loaded (properties/bounds.py takes its eps from the implementation when imported).
"""

from __future__ import annotations

PREFIX = "diagnosis of backward_propagation: "


def from_message(text: str) -> str:
    """The diagnosis that a failure message carries (diagnosis.message); empty when it carries none."""
    found = next((line for line in text.splitlines() if PREFIX in line), "")
    return found.split(PREFIX, 1)[1].strip() if found else ""
