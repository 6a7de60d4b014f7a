"""A hung worker's stack is read once faulthandler has written it whole (properties/sealed.py): a worker preempted in
the middle of its dump (a loaded CI) must not lose the implementation's line, which says where the code hangs."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from shallow_proofs.properties import sealed

HEADER = "Stack (most recent call first):\n"
MINE = '  File "/tmp/learner.py", line 27 in forward_propagation\n'
WORKER = f'  File "{sealed.WORKER_FILE}", line 183 in serve\n'
RUNPY = '  File "<frozen runpy>", line 88 in _run_code\n'


@pytest.mark.parametrize(
    ("dump", "whole"),
    [
        ("", False),
        (HEADER, False),
        (HEADER + MINE, False),
        (HEADER + MINE + WORKER, True),
        (HEADER + MINE + WORKER + RUNPY, True),
        (HEADER + MINE * 100 + "  ...\n", True),
        (HEADER + MINE + WORKER + HEADER + MINE, False),
    ],
    ids=["nothing", "header", "inner-frames", "worker-frame", "whole", "cut-at-100", "second-dump-partial"],
)
def test_a_dump_is_complete_once_it_reaches_the_worker_or_the_cut(dump, whole):
    assert sealed.complete(dump) is whole


class Paused(sealed.Process):
    """A stand-in worker whose dump comes in two parts, PAUSE seconds apart, as from a worker preempted mid-dump."""

    PAUSE = 0.3

    def __init__(self, dump: Path) -> None:
        self.path, self.dump = "/tmp/learner.py", dump
        dump.write_text("")

    def write(self) -> None:
        with self.dump.open("a") as file:
            file.write(HEADER)
        time.sleep(self.PAUSE)
        with self.dump.open("a") as file:
            file.write(MINE + WORKER + RUNPY)


def hung_stack_of(process: Paused, monkeypatch: pytest.MonkeyPatch) -> list[sealed.Frame]:
    monkeypatch.setattr(sealed.os, "kill", lambda pid, sig: threading.Thread(target=process.write).start())
    process.popen = type("Popen", (), {"pid": 0})()
    return process.hung_stack()


def test_a_dump_written_with_a_pause_is_read_whole(tmp_path, monkeypatch):
    frames = hung_stack_of(Paused(tmp_path / "dump.txt"), monkeypatch)
    assert [(frame.function, frame.line) for frame in frames] == [("forward_propagation", 27)], frames


def test_a_dump_read_at_its_first_part_loses_the_line(tmp_path, monkeypatch):
    """Negative control: taking any written part as the whole dump (as a pause of 10 ms did) loses the frame."""
    monkeypatch.setattr(sealed, "complete", lambda dump: bool(dump))
    assert hung_stack_of(Paused(tmp_path / "dump.txt"), monkeypatch) == []
