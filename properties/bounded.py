"""Bounded capture of what the implementation prints: its first and last few kilobytes, and the size of the rest.

A function that prints 50 MB costs the suite O(HEAD + TAIL) memory and shows, per call, the start and the end of its
output with one line in between that says how much was dropped; past OUTPUT_BUDGET characters in a test, only the
final (failing) example's calls show theirs (:class:`Budget`). The same in a worker process (properties/sealed.py)
and in the suite's own (``--impl-inline``, and the reference).
"""

from __future__ import annotations

import io
from typing import TextIO

HEAD = 2048
TAIL = 2048
OUTPUT_BUDGET = 16 * 1024
"""Characters of the implementation's output shown per test before only the final (failing) example's is shown."""


def dropped_line(count: int) -> str:
    return f"\n[... {count:,} characters of output dropped ...]\n"


class Bounded(io.TextIOBase):
    """A text stream that keeps the first ``head`` and the last ``tail`` characters written to it."""

    def __init__(self, head: int = HEAD, tail: int = TAIL) -> None:
        self.head_size, self.tail_size = head, tail
        self.head = ""
        self.chunks: list[str] = []
        self.pending = 0
        self.total = 0

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        text = str(text)
        written = len(text)
        self.total += written
        room = self.head_size - len(self.head)
        if room > 0:
            self.head += text[:room]
            text = text[room:]
        if text:
            self.chunks.append(text[-self.tail_size :])
            self.pending += len(self.chunks[-1])
            if self.pending > 4 * self.tail_size:
                self.chunks = [self.tail()]
                self.pending = len(self.chunks[0])
        return written

    def tail(self) -> str:
        return "".join(self.chunks)[-self.tail_size :]

    def text(self) -> str:
        """What was written, or its head and tail around a line that counts the characters dropped."""
        tail = self.tail()
        dropped = self.total - len(self.head) - len(tail)
        return self.head + (dropped_line(dropped) if dropped else "") + tail


def final_example() -> bool:
    """Whether the test is showing its result: outside Hypothesis, or in its final (failing) replay."""
    from hypothesis.control import current_build_context, currently_in_test_context

    return not currently_in_test_context() or bool(current_build_context().is_final)


class Budget:
    """What one test shows of the implementation's output: each call's bounded text, OUTPUT_BUDGET characters in
    all, then only the final example's."""

    def __init__(self) -> None:
        self.shown, self.hiding = 0, False

    def show(self, text: str, stream: TextIO) -> None:
        if not text:
            return
        if self.shown < OUTPUT_BUDGET or final_example():
            stream.write(text)
            self.shown += len(text)
        elif not self.hiding:
            stream.write(
                f"\n[... over {OUTPUT_BUDGET:,} characters printed in this test: the implementation's output "
                "is shown from here for the final example only ...]\n"
            )
            self.hiding = True
