"""The parts of the learner's report, without a run: the failure's parts (bounds.Mismatch), the copy-pasteable call
(properties/reproduce.py), the choice of evidence (properties/evidence.py), the rendering (shallow_proofs/learner.py)
and prove's --map option."""

from __future__ import annotations

import numpy as np
import pytest

from shallow_proofs import learner, prove
from shallow_proofs.properties import evidence, faults
from shallow_proofs.properties.bounds import assert_within
from shallow_proofs.properties.document import Result
from shallow_proofs.properties.reproduce import MAX_ELEMENTS, literal, python_call


def test_a_failed_comparison_carries_its_parts() -> None:
    with pytest.raises(AssertionError) as caught:
        assert_within("L09.dW1", "dW1 = (1/m) dZ1 X^T", np.array([[1.0, 2.5]]), np.array([[1.0, 2.0]]), 0.1, "dW1")
    assert caught.value.mismatch.record == {  # type: ignore[attr-defined]
        "claim": "L09.dW1",
        "equation": "dW1 = (1/m) dZ1 X^T",
        "name": "dW1",
        "index": [0, 1],
        "actual": 2.5,
        "expected": 2.0,
        "bound": 0.1,
    }
    assert str(caught.value).startswith("L09.dW1: dW1 = (1/m) dZ1 X^T: dW1[0, 1]: implementation 2.5, expected 2.0")


def test_a_wrong_shape_carries_both_shapes() -> None:
    with pytest.raises(AssertionError) as caught:
        assert_within("L09.db1", "db1 = mean(dZ1)", np.zeros(3), np.zeros((3, 1)), 0.0, "db1")
    record = caught.value.mismatch.record  # type: ignore[attr-defined]
    assert (record["index"], record["actual"], record["expected"]) == (None, [3], [3, 1])


ARGUMENTS = [
    np.array([[0.1, -2.5e-300], [np.nan, -np.inf]]),
    {"W1": np.arange(6).reshape(2, 3), "b1": np.zeros((2, 1), dtype=np.float32)},
    np.array([[True, False]]),
    (np.float64(0.5), 3, "tanh", None),
    np.array(1.25),
]


def test_the_call_is_python_that_rebuilds_every_argument_exactly() -> None:
    captured: list[tuple[object, ...]] = []
    text = python_call("f", ARGUMENTS[:-1], {"last": ARGUMENTS[-1]})
    exec(text, {"np": np, "f": lambda *args, **kwargs: captured.append((*args, kwargs["last"]))})
    (rebuilt,) = captured
    for original, copy in zip(ARGUMENTS, rebuilt, strict=True):
        if isinstance(original, dict):
            for key in original:
                assert copy[key].dtype == original[key].dtype and np.array_equal(copy[key], original[key])
        elif isinstance(original, np.ndarray):
            assert copy.dtype == original.dtype and np.array_equal(copy, original, equal_nan=True)
        else:
            assert copy == original and [type(x) for x in copy] == [type(x) for x in original]


def test_a_large_array_is_not_written_out() -> None:
    assert literal(np.zeros(MAX_ELEMENTS + 1)).startswith("...  # a float64 array of shape (201,)")


def failed(nodeid: str, call: str, mismatch: bool) -> Result:
    record = {"claim": "L09.dW1", "equation": "dW1 = (1/m) dZ1 X^T", "name": "dW1", "index": [0, 0]}
    record |= {"actual": 2.0, "expected": 1.0, "bound": 1e-16}
    return Result(
        nodeid,
        ("L09.dW1",),
        "failed",
        counterexample="AssertionError: L09.dW1: ...\nFalsifying example: f(",
        texts={"backward_propagation": call},
        mismatch=record if mismatch else {},
    )


def test_the_evidence_is_the_simplest_comparison() -> None:
    results = [
        failed("a", "backward_propagation(1)", False),
        failed("b", "backward_propagation(12345)", True),
        failed("c", "backward_propagation(123)", True),
    ]
    chosen = evidence.simplest(results, "backward_propagation")
    assert chosen.nodeid == "c"
    found = evidence.evidence(chosen, "backward_propagation")
    assert (found["quantity"], found["expected"], found["actual"]) == ("dW1[0, 0]", "1.0", "2.0")
    assert found["message"] == "AssertionError: L09.dW1: ..."


def halted(nodeid: str, call: str, kind: str) -> Result:
    fault = {"kind": kind, "called": "forward_propagation", "charged": "forward_propagation", "message": kind}
    return Result(
        nodeid,
        ("course.api",),
        "failed",
        counterexample=f"{kind}: forward_propagation(...)",
        texts={"forward_propagation": call},
        faults=[fault],
    )


def test_the_evidence_is_the_hang_not_a_call_not_made_after_it() -> None:
    """Under load, xdist may run the test whose call was not made (after two hangs) on the shortest example: the
    learner is still shown the hang, with its line (tests/test_zoo.py[infinite_loop] failed so on CI runs)."""
    results = [
        halted("short", "forward_propagation(1)", faults.NotCalled.kind),
        halted("long", "forward_propagation(12345)", faults.TimedOut.kind),
    ]
    assert evidence.simplest(results, "forward_propagation").nodeid == "long"


def report(diagnosis: object = None) -> dict[str, object]:
    backward = {"verdict": "wrong", "claims": ["L09.dW1"], "message": "m"}
    backward["evidence"] = evidence.evidence(
        failed("t::x", "backward_propagation(\n    1,\n)", True), "backward_propagation"
    )
    if diagnosis is not None:
        backward["diagnosis"] = diagnosis
    functions = {name: {"verdict": "correct", "claims": [], "message": ""} for name in prove.COURSE_FUNCTIONS}
    functions["backward_propagation"] = backward
    claims = {"L09.dW1": {"verdict": "refuted", "reason": "1 of 2 tests fail"}}
    claims |= {f"L0{i}.x": {"verdict": "not applicable", "reason": "no ACTIVATIONS"} for i in range(3)}
    return {
        "implementation": {"path": "/x/sol.py"},
        "profile": "quick",
        "complete": True,
        "load_error": None,
        "loader": {"notes": ["left out 3 module-level statements: 3 prints"], "problems": {}},
        "functions": functions,
        "claims": claims,
    }


def test_the_report_has_a_line_per_function_a_block_per_wrong_one_and_folds_not_applicable() -> None:
    lines = learner.render(report())
    assert lines[:2] == [
        "/x/sol.py: 7 of 8 functions correct (quick profile)",
        "  note: left out 3 module-level statements: 3 prints",
    ]
    assert "  backward_propagation  wrong         L09.dW1: dW1[0, 0] = 2.0, expected 1.0 (below)" in lines
    block = lines[lines.index("backward_propagation: wrong") :]
    assert block[1:9] == [
        "  claim:     L09.dW1",
        "  equation:  dW1 = (1/m) dZ1 X^T",
        "  test:      t::x",
        "  reproduce:",
        "      import numpy as np",
        "      backward_propagation(",
        "          1,",
        "      )",
    ]
    assert lines[-2:] == [
        "  L09.dW1  refuted         1 of 2 tests fail",
        "  not applicable (3, no test applies to this implementation): L00.x, L01.x, L02.x",
    ]


@pytest.mark.parametrize("diagnosis", ["1/m is missing in dW1", {"text": "1/m is missing in dW1", "slip": "x"}])
def test_the_diagnosis_is_shown_when_the_report_has_one(diagnosis: object) -> None:
    lines = learner.render(report(diagnosis))
    assert lines[lines.index("  diagnosis:") + 1] == "      1/m is missing in dW1"
    assert "  diagnosis:" not in learner.render(report())


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("nn_model", "must be COURSE=LEARNER"),
        ("nn_model=", "must be COURSE=LEARNER"),
        ("train=neural_model", "'train' is not one of the course's functions"),
    ],
)
def test_a_bad_map_stops_prove_before_any_work(value: str, says: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        prove.main(["--map", value])
    assert exit_info.value.code == 2
    assert says in capsys.readouterr().err
