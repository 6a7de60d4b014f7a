"""numpy's global RNG (the legacy RandomState that the course seeds) across the suite and its worker.

Each side keeps the last state both agreed on. ``np.random.get_state`` and ``set_state`` cost as much as a call of the
course's functions, so a side first asks :meth:`Tracker.moved`: a 1.5 µs read of the Mersenne Twister's key and
position. That read misses one change, a draw that only uses the cached second normal of a pair (``has_gauss``), so
while the agreed state holds such a cached normal every question gets the exact answer from ``get_state``.
"""

from __future__ import annotations

import ctypes
from typing import Any

import numpy as np

MT19937_STATE_BYTES = 624 * 4 + 4
"""numpy's mt19937_state: uint32 key[624], then int pos."""


def _address() -> int | None:
    try:
        return int(np.random.mtrand._rand._bit_generator.ctypes.state_address)
    except (AttributeError, TypeError):  # another numpy: every question takes the exact path
        return None


def same(a: Any, b: Any) -> bool:
    """Whether two legacy states (get_state's tuples) are equal."""
    return bool(a[2:] == b[2:] and np.array_equal(a[1], b[1]))


class Tracker:
    """The global RNG's last agreed state, and whether the RNG may have moved since."""

    def __init__(self) -> None:
        self.state: Any = None
        self.print = b""

    def fingerprint(self) -> bytes:
        address = _address()
        return ctypes.string_at(address, MT19937_STATE_BYTES) if address is not None else b""

    def moved(self) -> bool:
        """False only if the RNG is surely still in the agreed state."""
        if self.state is None or self.state[3] or not self.print:
            return True
        return self.fingerprint() != self.print

    def take(self) -> Any:
        """The RNG's state, now agreed."""
        self.state = np.random.get_state()  # noqa: NPY002 (the course's global RNG, on purpose)
        self.print = self.fingerprint()
        return self.state

    def put(self, state: Any) -> None:
        """Set the RNG to state, now agreed (nothing to do if it is already there)."""
        if self.state is None or self.moved() or not same(state, self.state):
            np.random.set_state(state)  # noqa: NPY002
        self.state = state
        self.print = self.fingerprint()

    def forget(self) -> None:
        """The other side is new: nothing is agreed."""
        self.state, self.print = None, b""
