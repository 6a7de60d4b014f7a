"""The worker's seal, piece by piece: what crosses the wire, and what must not.

- numpy in the suite's process is the suite's: a file that rebinds np.tanh and sets np.seterr(all="raise") at import
  changes the worker's numpy only (negative control: imported in-process, it changes the suite's);
- numpy's global RNG crosses both ways, even a cached second normal of a pair (negative control: without the
  cached-normal rule of properties/rng.py, a test's np.random draws after a call differ from in-process);
- unpickling what the worker sends runs no code of the worker's choosing, and makes no object arrays;
- what a call prints is bounded: its first and last kilobytes, and the count of what was dropped.
"""

# ruff: noqa: NPY002  (the course's functions draw from and seed numpy's global RNG: the tests must drive it)
from __future__ import annotations

import os
import pickle
import sys
from pathlib import Path

import numpy as np
import pytest

import zoo
from shallow_proofs.properties import bounded, faults, rng, wire
from shallow_proofs.properties import sealed as sealed_module
from shallow_proofs.properties.sealed import Sealed
from shallow_proofs.properties.worker import import_target
from shallow_proofs.reference import course

COURSE_STYLE = str(Path(__file__).parent / "impls" / "course_style.py")
X = np.array([[0.5, -1.0, 2.0], [1.5, 0.25, -0.75]])
PARAMETERS = {"W1": np.full((4, 2), 0.1), "b1": np.zeros((4, 1)), "W2": np.full((1, 4), 0.2), "b2": np.zeros((1, 1))}


@pytest.fixture
def course_style():
    sealed = Sealed(COURSE_STYLE, timeout=30)
    yield sealed
    sealed.close()


def test_the_suites_numpy_is_untouched_by_the_file(tmp_path: Path) -> None:
    sealed = Sealed(str(zoo.write("numpy_globals", tmp_path)), timeout=30)
    try:
        _, cache = sealed.call(("forward_propagation",), (X, PARAMETERS), {}, "forward_propagation")
    finally:
        sealed.close()
    assert np.tanh is np._core.umath.tanh and np.geterr()["over"] == "warn", "the suite's numpy was changed"
    assert np.array_equal(cache["A1"], np.sin(cache["Z1"])), "the worker's forward_propagation uses its np.tanh"


def test_in_process_the_file_changes_the_suites_numpy(tmp_path: Path) -> None:
    """Negative control: the same file imported into this process rebinds np.tanh here."""
    tanh, errors = np.tanh, np.geterr()
    try:
        import_target(str(zoo.write("numpy_globals", tmp_path)))
        assert np.tanh is np.sin and np.geterr()["over"] == "raise"
    finally:
        np.tanh = tanh
        np.seterr(**errors)
        sys.modules.pop("shallow_proofs_learner_hostile_numpy_globals", None)


def draws(initialize) -> list[np.ndarray]:
    """Draws of the course's initialize_parameters and of the test between its calls; (1, 1, 2) leaves a cached
    second normal, which the test's own np.random.randn(1) then takes."""
    np.random.seed(1)
    first = initialize(1, 1, 2)
    between = np.random.randn(1)
    second = initialize(1, 1, 2)
    return [first["W1"], first["W2"], between, second["W1"], second["W2"], np.random.randn(3)]


def test_the_global_rng_crosses_both_ways(course_style) -> None:
    def sealed(*sizes):
        return course_style.call(("initialize_parameters",), sizes, {}, "initialize_parameters")

    for mine, theirs in zip(draws(sealed), draws(course.initialize_parameters), strict=True):
        assert np.array_equal(mine, theirs), f"through the worker {mine}, in-process {theirs}"


def test_without_the_cached_normal_rule_the_draws_differ(course_style, monkeypatch) -> None:
    """Negative control: a tracker that trusts the key and position alone misses the cached normal."""
    monkeypatch.setattr(rng.Tracker, "moved", lambda self: self.state is None or self.fingerprint() != self.print)

    def sealed(*sizes):
        return course_style.call(("initialize_parameters",), sizes, {}, "initialize_parameters")

    pairs = zip(draws(sealed), draws(course.initialize_parameters), strict=True)
    assert not all(np.array_equal(a, b) for a, b in pairs)


class Runs:
    """A value whose unpickling would run a shell command."""

    def __reduce__(self):
        return os.system, ("touch ran",)


def test_unpickling_the_workers_reply_runs_no_code(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(pickle.UnpicklingError, match=r"the worker sent a posix\.system, which is not plain data"):
        wire.loads(pickle.dumps({"result": Runs()}))
    assert not (tmp_path / "ran").exists()
    with pytest.raises(pickle.UnpicklingError, match="dtype object"):
        wire.loads(pickle.dumps(np.array([1, "a"], dtype=object)))
    assert wire.loads(wire.dumps({"A2": X, "J": np.float64(0.5), "n": (2, 4, 1)}))["A2"].tolist() == X.tolist()


def test_plain_turns_the_rest_into_opaque_stand_ins() -> None:
    class Mine:
        def __repr__(self) -> str:
            return "Mine()"

    value = wire.plain({"W1": X, "other": Mine(), "sizes": [1, (2, 3)]})
    assert value["W1"] is X and value["sizes"] == [1, (2, 3)]
    assert repr(value["other"]) == f"<{__name__}.test_plain_turns_the_rest_into_opaque_stand_ins.<locals>.Mine" + (
        " (not plain data; from the implementation): Mine()>"
    )


def test_printed_output_is_bounded() -> None:
    stream = bounded.Bounded()
    for _ in range(50):
        stream.write("x" * 1_000_000)
    stream.write("the end")
    text = stream.text()
    dropped = 50_000_007 - bounded.HEAD - bounded.TAIL
    assert text == "x" * bounded.HEAD + bounded.dropped_line(dropped) + "x" * (bounded.TAIL - 7) + "the end"
    assert f"[... {dropped:,} characters of output dropped ...]" in text


def test_a_short_output_is_kept_whole() -> None:
    stream = bounded.Bounded()
    stream.write("Cost after iteration 0: 0.693162\n")
    assert stream.text() == "Cost after iteration 0: 0.693162\n"


def test_a_reply_over_the_limit_ends_the_call_not_the_run(course_style, monkeypatch) -> None:
    monkeypatch.setattr(sealed_module, "MAX_REPLY", 4096)
    big = np.zeros((2, 1000))
    with pytest.raises(faults.Crashed, match=r"crashed: its reply could not be read \(.*at most 4,096 bytes\)"):
        course_style.call(("forward_propagation",), (big, PARAMETERS), {}, "forward_propagation")
    A2, _ = course_style.call(("forward_propagation",), (X, PARAMETERS), {}, "forward_propagation")
    assert A2.shape == (1, 3), "a fresh worker takes the next call"
