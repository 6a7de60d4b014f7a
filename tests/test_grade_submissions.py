"""Which files of PATHS are submissions, and which are their helpers (shallow_proofs/submissions.py's rule)."""

from __future__ import annotations

import io
import json

import pytest

from grading import grade, learner, read_csv
from shallow_proofs import cli
from shallow_proofs import grade as grade_command
from shallow_proofs.progress import Progress, summary
from shallow_proofs.report import FUNCTIONS
from shallow_proofs.rows import Row
from shallow_proofs.submissions import find

HELPER = "def load_planar_dataset():\n    return None\n"


def names(found):
    return {s.name: [h.name for h in s.helpers] for s in found}


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_folder_with_one_solution_is_one_submission_with_its_helpers(here):
    learner(here, "alice/C1W3.ipynb", functions=FUNCTIONS[:-1])
    (here / "alice" / "planar_utils.py").write_text(HELPER)
    learner(here, "alice/extra.py", functions=("predict",))
    (here / "alice" / ".ipynb_checkpoints").mkdir()
    learner(here, "alice/.ipynb_checkpoints/C1W3-checkpoint.ipynb")
    assert names(find(["alice"])) == {"alice/C1W3.ipynb": ["extra.py", "planar_utils.py"]}


def test_a_folder_of_files_is_a_folder_of_submissions(here):
    learner(here, "class/alice.py")
    learner(here, "class/bob.py", functions=FUNCTIONS[:3])
    (here / "class" / "planar_utils.py").write_text(HELPER)
    found = names(find(["class"]))
    assert found == {"class/alice.py": ["planar_utils.py"], "class/bob.py": ["planar_utils.py"]}, (
        "bob defines functions that alice defines too: another learner, not alice's helper"
    )


def test_a_folder_of_folders_is_read_folder_by_folder(here):
    learner(here, "class/alice/solution.py")
    (here / "class" / "alice" / "planar_utils.py").write_text(HELPER)
    learner(here, "class/bob/a.py")
    learner(here, "class/bob/b.py")
    learner(here, "class/carol.ipynb")
    (here / "class" / "__MACOSX").mkdir()
    learner(here, "class/__MACOSX/solution.py")
    assert sorted(names(find(["class"]))) == [
        "class/alice/solution.py",
        "class/bob/a.py",
        "class/bob/b.py",
        "class/carol.ipynb",
    ]


def test_a_file_named_is_a_submission_whatever_it_holds(here):
    (here / "empty.py").write_text("")
    assert names(find(["empty.py", "./empty.py"])) == {"empty.py": []}, "named twice: graded once"


def test_a_folder_without_a_submission_is_an_error_row(here, capsys):
    (here / "dave").mkdir()
    (here / "dave" / "neural.py").write_text("def neural_model(X, Y):\n    return None\n")
    assert grade("dave", "--out", "results.csv") == 0
    row = read_csv(here / "results.csv")["dave"]
    assert row["outcome"] == "error" and row["exit_code"] == ""
    assert row["message"] == (
        "no submission in dave: no .py or .ipynb file defines one of the course's eight functions (files: neural.py)"
    )


def test_editing_a_helper_changes_the_hash(here):
    learner(here, "alice/solution.py")
    (here / "alice" / "planar_utils.py").write_text(HELPER)
    (before,) = find(["alice"])
    (here / "alice" / "planar_utils.py").write_text(HELPER + "# edited\n")
    (after,) = find(["alice"])
    assert before.sha256 != after.sha256


def test_the_json_row_names_the_helpers(here):
    learner(here, "alice/solution.py")
    (here / "alice" / "planar_utils.py").write_text(HELPER)
    assert grade("alice", "--out", "results.json") == 0
    (report,) = json.loads((here / "results.json").read_text())
    assert report["grade"]["submission"] == "alice/solution.py" and report["grade"]["helpers"] == ["planar_utils.py"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


def test_progress_prints_a_line_per_submission_and_a_bar_on_a_terminal():
    lines, terminal, pipe = io.StringIO(), Terminal(), io.StringIO()
    row = Row("alice.py", "0" * 64, "fail", {**dict.fromkeys(FUNCTIONS, "correct"), "predict": "wrong"}, seconds=2.5)
    on_terminal, on_pipe = Progress(4, lines, terminal), Progress(4, io.StringIO(), pipe)
    on_terminal.finished(row)
    on_pipe.finished(row)
    assert lines.getvalue() == "[1/4] alice.py: fail: 7 of 8 functions correct; predict wrong (2.5 s)\n"
    assert "1/4" in terminal.getvalue() and "ETA " in terminal.getvalue() and "######" in terminal.getvalue()
    assert pipe.getvalue() == "", "no bar when stderr is not a terminal"


def test_summary_of_an_error_row_is_its_message():
    assert summary(Row("a.py", "", "error", message="prove wrote no report")) == "error: prove wrote no report"


def test_grade_is_dispatched_to_grade_main(monkeypatch):
    calls = []
    monkeypatch.setattr(grade_command, "main", lambda argv: calls.append(list(argv)) or 7)
    assert cli.main(["grade", "class", "--out", "results.csv"]) == 7
    assert calls == [["class", "--out", "results.csv"]]
