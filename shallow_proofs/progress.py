"""Progress of a batch: one line per finished submission, and a bar with an ETA when stderr is a terminal."""

from __future__ import annotations

import sys
import time
from typing import TextIO

from shallow_proofs.rows import Row

BAR_WIDTH = 24
CLEAR = "\r\033[K"


def summary(row: Row) -> str:
    """What the line says of one row: pass with the count, fail with the charged functions, error with why."""
    if row.outcome == "error":
        return f"error: {row.message}"
    verdicts = row.functions.values()
    correct = sum(verdict == "correct" for verdict in verdicts)
    others = ", ".join(f"{name} {verdict}" for name, verdict in row.functions.items() if verdict != "correct")
    return f"{row.outcome}: {correct} of {len(verdicts)} functions correct" + (f"; {others}" if others else "")


def duration(seconds: float) -> str:
    minutes, seconds = divmod(round(seconds), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours} h {minutes:02d} min" if hours else f"{minutes} min {seconds:02d} s" if minutes else f"{seconds} s"


class Progress:
    def __init__(self, total: int, lines: TextIO | None = None, bar: TextIO | None = None) -> None:
        self.total, self.done = total, 0
        self.lines = lines or sys.stdout
        stream = bar or sys.stderr
        self.bar = stream if stream.isatty() else None
        self.start = time.monotonic()

    def finished(self, row: Row) -> None:
        self.done += 1
        self.clear()
        width = len(str(self.total))
        print(
            f"[{self.done:>{width}}/{self.total}] {row.submission}: {summary(row)} ({row.seconds:.1f} s)",
            file=self.lines,
        )
        self.lines.flush()
        self.draw()

    def draw(self) -> None:
        """The bar, its count, the time so far and the ETA (the mean wall time per finished submission so far)."""
        if self.bar is None:
            return
        filled = BAR_WIDTH * self.done // max(self.total, 1)
        elapsed = time.monotonic() - self.start
        eta = duration(elapsed / self.done * (self.total - self.done)) if self.done else "?"
        text = f"[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {self.done}/{self.total}, {duration(elapsed)}, ETA {eta}"
        self.bar.write(CLEAR + text)
        self.bar.flush()

    def clear(self) -> None:
        if self.bar is not None:
            self.bar.write(CLEAR)
            self.bar.flush()
