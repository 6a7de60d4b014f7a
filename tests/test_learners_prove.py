"""Acceptance through ``shallow-proofs prove --quick``: the files shaped like learners' files (tests/learners/) as
they are. Each correct one passes the whole suite (exit status 0, eight functions correct); each buggy one (a bug
planted in a copy) names its broken function, in the learner's report and in the JSON report.

The buggy runs select the course's API and published-values tests (``-k``), which reach all eight functions in
seconds; the correct runs are the whole suite, so a false alarm anywhere shows.
"""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import NamedTuple

import pytest
from proving import prove

LEARNERS = Path(__file__).parent / "learners"
CORRECT = {
    "export_W3A1.py": (),
    "notebook_W3A1.ipynb": (),
    "with_helper/solution.py": (),
    "helpers_absent.py": (),
    "renamed.py": ("--map", "nn_model=neural_model"),
}
SELECT = ("-k", "test_course_api or test_course_values")


class Bug(NamedTuple):
    fixture: str
    edit: tuple[str, str]
    broken: str
    verdict: str
    says: tuple[str, ...]
    """Fragments of the learner's report."""
    options: tuple[str, ...] = ()


NO_EDIT = ("", "")
BUGS = {
    "export_dW1_no_1_over_m": Bug(
        "export_W3A1.py",
        ("dW1 = (1 / m) * np.dot(dZ1, X.T)", "dW1 = np.dot(dZ1, X.T)"),
        "backward_propagation",
        "wrong",
        ("backward_propagation: wrong", "  reproduce:", "      backward_propagation(", "  expected:  dW1["),
    ),
    "notebook_dW1_no_1_over_m": Bug(
        "notebook_W3A1.ipynb",
        ("dW1 = (1 / m) * np.dot(dZ1, X.T)", "dW1 = np.dot(dZ1, X.T)"),
        "backward_propagation",
        "wrong",
        ("backward_propagation: wrong", "  expected:  dW1["),
    ),
    "helper_sigmoid_for_tanh": Bug(
        "with_helper/solution.py",
        ("A1 = np.tanh(Z1)", "A1 = sigmoid(Z1)"),
        "forward_propagation",
        "wrong",
        ("forward_propagation: wrong",),
    ),
    "absent_cost_no_1_over_m": Bug(
        "helpers_absent.py",
        ("cost = - np.sum(logprobs) / m", "cost = - np.sum(logprobs)"),
        "compute_cost",
        "wrong",
        ("compute_cost: wrong",),
    ),
    "renamed_learning_rate": Bug(
        "renamed.py",
        (
            "update_parameters(parameters, backward_propagation(parameters, cache, X, Y))",
            "update_parameters(parameters, backward_propagation(parameters, cache, X, Y), 0.5)",
        ),
        "nn_model",
        "wrong",
        ("nn_model: wrong", "note: nn_model is neural_model (--map nn_model=neural_model)"),
        ("--map", "nn_model=neural_model"),
    ),
    "asscalar": Bug(
        "asscalar.py",
        NO_EDIT,
        "compute_cost",
        "error",
        ("compute_cost: error", "np.asscalar was removed in numpy 1.23: write a.item()"),
    ),
}


def planted(bug: Bug, directory: Path) -> Path:
    """A copy of the fixture (with the files next to it) with the bug planted."""
    source = LEARNERS / bug.fixture
    copy = directory / bug.fixture
    shutil.copytree(source.parent, copy.parent, dirs_exist_ok=True)
    text = source.read_text()
    old, new = bug.edit
    assert old in text, f"{bug.fixture} no longer holds {old!r}"
    copy.write_text(text.replace(old, new))
    return copy


@pytest.mark.parametrize("fixture", sorted(CORRECT))
def test_correct_learner_file_passes(fixture: str) -> None:
    proved = prove(LEARNERS / fixture, "--quick", *CORRECT[fixture])
    assert proved.code == 0, f"{fixture}: exit status {proved.code}\n{proved.stdout[-4000:]}\n{proved.stderr[-2000:]}"
    assert set(proved.verdicts().values()) == {"correct"}, proved.verdicts()
    assert "8 of 8 functions correct (quick profile)" in proved.stdout.splitlines()[0]
    assert proved.report is not None and proved.report["loader"]["problems"] == {}


@pytest.mark.parametrize("name", sorted(BUGS))
def test_buggy_learner_file_names_its_broken_function(name: str, tmp_path: Path) -> None:
    bug = BUGS[name]
    proved = prove(planted(bug, tmp_path), "--quick", *bug.options, pytest_args=SELECT)
    assert proved.code == 1, f"{name}: exit status {proved.code}\n{proved.stdout[-3000:]}\n{proved.stderr[-2000:]}"
    verdicts = proved.verdicts()
    assert verdicts[bug.broken] == bug.verdict, f"{name}: {verdicts}"
    others = {verdict for function, verdict in verdicts.items() if function != bug.broken}
    assert others <= {"correct", "inconclusive"}, f"{name}: another function is charged: {verdicts}"
    for fragment in bug.says:
        assert fragment in proved.stdout, f"{name}: the report lacks {fragment!r}\n{proved.stdout[-4000:]}"
    assert "Falsifying example" not in proved.stdout and "site-packages" not in proved.stdout, proved.stdout[-3000:]


def test_renamed_function_without_map_is_missing_with_the_suggestion() -> None:
    proved = prove(LEARNERS / "renamed.py", "--quick", pytest_args=SELECT)
    assert proved.verdicts()["nn_model"] == "missing"
    assert (
        "nn_model is missing: " in proved.stdout
        and "neural_model(X, Y, n_h, num_iterations, print_cost) has the same parameters and a similar name (test it "
        "as nn_model with --map nn_model=neural_model)"
        in proved.stdout
    ), proved.stdout[-3000:]
