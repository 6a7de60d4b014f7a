"""What a failing test shows of an implementation that prints a lot: per call its first and last kilobytes and the
size of what was dropped (properties/bounded.py), OUTPUT_BUDGET characters in a test, then the final example's only;
in a worker process and in the suite's own (``--impl-inline``) alike.

The printer prints PRINTED characters per call of layer_sizes, which is wrong (n_h = 5), so test_layer_sizes fails
and pytest shows its captured output. Unbounded, every example Hypothesis ran (generation and shrinking) would be
shown: 18.2 MB in the quick profile (derandomized, no database: the same examples every run). Bounded, what the
printer adds to pytest's output (over the same failure by a file that prints nothing) is less than what one call
printed: 20.9 kB.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from shallow_proofs.properties import bounded

COURSE_STYLE = Path(__file__).parent / "impls" / "course_style.py"
LAYER_SIZES = "def layer_sizes(X, Y):\n"
PRINTED = 200_000
UNBOUNDED = """
from shallow_proofs.properties import impl

def call(self, path, args, kwargs, label):
    return impl.resolve(self.module, path)(*args, **kwargs)

impl.Inline.call = call
"""


def printer(folder: Path, prints: bool) -> Path:
    source = COURSE_STYLE.read_text().replace("n_h = 4", "n_h = 5")
    if prints:
        source = source.replace(LAYER_SIZES, LAYER_SIZES + f'    print("x" * {PRINTED})\n')
    path = folder / f"{'printer' if prints else 'silent'}.py"
    path.write_text(source)
    return path


def failing_run(path: Path, folder: Path, *options: str) -> str:
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "--hypothesis-profile=quick"]
    command += ["--impl", str(path), *options, "-k", "test_layer_sizes", "--rootdir", str(folder)]
    result = subprocess.run(command, cwd=folder, capture_output=True, text=True, timeout=600)
    assert result.returncode == pytest.ExitCode.TESTS_FAILED, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.mark.parametrize("where", ["worker", "inline"])
def test_a_failing_test_of_a_printer_shows_a_bounded_output_with_the_size_dropped(where, tmp_path):
    options = ("--impl-inline",) if where == "inline" else ()
    printed = failing_run(printer(tmp_path, prints=True), tmp_path, *options)
    silent = failing_run(printer(tmp_path, prints=False), tmp_path, *options)
    dropped = PRINTED + 1 - bounded.HEAD - bounded.TAIL  # print's newline
    assert f"[... {dropped:,} characters of output dropped ...]" in printed, printed[-3000:]
    assert len(printed) - len(silent) < PRINTED, f"{len(printed):,} characters of output; {len(silent):,} unprinted"


def test_the_inline_bound_is_what_keeps_the_output_small(tmp_path):
    """Negative control: with Inline.call printing straight to pytest's capture, the same failure shows far more than
    one call printed."""
    (tmp_path / "unbounded.py").write_text(UNBOUNDED)
    printed = failing_run(printer(tmp_path, prints=True), tmp_path, "--impl-inline", "-p", "unbounded")
    silent = failing_run(printer(tmp_path, prints=False), tmp_path, "--impl-inline")
    assert len(printed) - len(silent) > 10 * PRINTED, f"{len(printed):,} characters of output"
    assert "characters of output dropped" not in printed
