"""``grade`` end to end with the real ``prove``, on the course-style fixture and one mutant, a few tests each (-k).

It needs ``prove --json FILE`` (the sealed-runs issue, #9). In a tree without it the test skips and says so; once
#9 is merged it runs with no change.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import mutants
from grading import grade, read_csv
from shallow_proofs.report import CHARGED, FUNCTIONS
from shallow_proofs.runner import PROVE

COURSE_STYLE = Path(__file__).parent / "impls" / "course_style.py"


def prove_writes_json() -> bool:
    result = subprocess.run([*PROVE, "--help"], capture_output=True, text=True, timeout=120, check=False)
    return "--json" in result.stdout


def test_grade_with_the_real_prove(tmp_path, monkeypatch):
    if not prove_writes_json():
        pytest.skip("prove has no --json yet (issue #9, sealed runs): this test runs once #9 is merged")
    monkeypatch.chdir(tmp_path)
    shutil.copy(COURSE_STYLE, tmp_path / "course_style.py")
    mutants.write("dW1_no_1_over_m", tmp_path)
    argv = ["course_style.py", "mutant_dW1_no_1_over_m.py", "--out", "results.json", "--jobs", "2"]
    assert grade(*argv, "--", "-k", "test_course_style", prove=PROVE) == 0
    correct, mutant = json.loads((tmp_path / "results.json").read_text())
    assert correct["grade"]["submission"] == "course_style.py" and correct["grade"]["outcome"] != "error", correct
    assert not [name for name, verdict in correct["grade"]["functions"].items() if verdict in CHARGED], correct
    assert mutant["grade"]["outcome"] == "fail", mutant["grade"]
    assert mutant["grade"]["functions"]["backward_propagation"] == "wrong", mutant["grade"]
    assert mutant["grade"]["claims"]["refuted"] >= 1 and "backward_propagation" in mutant["grade"]["message"]
    assert "mutant_dW1_no_1_over_m.py" in json.dumps(mutant["implementation"]), "the report is prove's own"


def test_a_file_that_cannot_load_is_never_a_pass(tmp_path, monkeypatch):
    """Before #9, prove rejects --json and writes no report: an error row; after it, the report charges the file."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "broken.py").write_text("def layer_sizes(X, Y):\n    return (\n")
    assert grade("broken.py", "--out", "results.csv", prove=PROVE) == 0
    row = read_csv(tmp_path / "results.csv")["broken.py"]
    assert row["outcome"] in ("error", "fail") and row["message"], row
    assert not [name for name in FUNCTIONS if row[name] == "correct"], row
