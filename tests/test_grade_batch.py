"""``grade`` on batches, with tests/fake_prove.py in place of prove: every submission gets its row, whatever it does."""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from grading import FAKE_PROVE, grade, learner, read_csv
from shallow_proofs import runner
from shallow_proofs.report import FUNCTIONS
from shallow_proofs.runner import Options, Runner
from shallow_proofs.submissions import Submission, find

CORRECT = dict.fromkeys(FUNCTIONS, "correct")
UNCHECKED = dict.fromkeys(FUNCTIONS, "not checked")
NO_CLAIMS = dict.fromkeys(
    (
        "claims_proved",
        "claims_partly_proved",
        "claims_refuted",
        "claims_inconclusive",
        "claims_not_applicable",
        "claims_unproven",
    ),
    "",
)


def sha256(path: Path) -> str:
    data = path.read_bytes()
    return hashlib.sha256(f"{path.name}\0{len(data)}\0".encode() + data).hexdigest()


def claims(proved: int, refuted: int = 0, unproven: int = 0) -> dict[str, str]:
    counts = {"proved": proved, "partly_proved": 0, "refuted": refuted, "inconclusive": 0}
    counts |= {"not_applicable": 1, "unproven": unproven}
    return {f"claims_{verdict}": str(n) for verdict, n in counts.items()}


@pytest.fixture
def batch(tmp_path, monkeypatch):
    """One submission of each kind, alone in tmp_path (the working folder, so rows name them by file name)."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(runner, "GRACE", 1.0)
    learner(tmp_path, "good.py")
    learner(tmp_path, "wrong.py", "wrong backward_propagation")
    learner(tmp_path, "hang.py", "hang")
    learner(tmp_path, "deaf.py", "hang-ignoring-sigint")
    learner(tmp_path, "partial.py", "hang-then-report")
    learner(tmp_path, "crash.py", "crash")
    learner(tmp_path, "segfault.py", "segfault")
    learner(tmp_path, "garbage.py", "garbage")
    return tmp_path


def test_a_batch_with_hanging_and_crashing_submissions_completes(batch, capsys):
    assert grade(str(batch), "--out", "results.csv", "--limit", "3", "--jobs", "4") == 0
    rows = read_csv(batch / "results.csv")
    outcomes = {name: row["outcome"] for name, row in rows.items()}
    assert outcomes == {
        "crash.py": "error",
        "deaf.py": "error",
        "garbage.py": "error",
        "good.py": "pass",
        "hang.py": "error",
        "partial.py": "error",
        "segfault.py": "error",
        "wrong.py": "fail",
    }
    lines = capsys.readouterr().out.splitlines()
    finished = [line for line in lines if re.match(r"\[\d/8\] ", line)]
    assert len(finished) == 8, lines
    assert lines[-1].startswith("8 submissions in results.csv (1 pass, 1 fail, 6 error); graded 8 in "), lines


def test_the_csv_field_by_field(batch):
    assert grade(str(batch), "--out", "results.csv", "--limit", "3", "--jobs", "4") == 0
    rows = read_csv(batch / "results.csv")
    assert list(rows) == sorted(rows), "rows sorted by submission"
    seconds = {name: float(row.pop("seconds")) for name, row in rows.items()}
    assert all(row.pop("sha256") == sha256(batch / name) for name, row in rows.items())
    assert 3 <= seconds["hang.py"] < 3 + runner.GRACE + 5, seconds
    assert 3 + runner.GRACE <= seconds["deaf.py"], "SIGKILL comes GRACE seconds after SIGINT"
    limit = "stopped after 3 s (--limit)"
    expected = {
        "good.py": {"outcome": "pass", **CORRECT, **claims(9), "complete": "true", "exit_code": "0", "message": ""},
        "wrong.py": {
            "outcome": "fail",
            **CORRECT,
            "backward_propagation": "wrong",
            "nn_model": "inconclusive",
            "predict": "inconclusive",
            **claims(7, refuted=2),
            "complete": "true",
            "exit_code": "1",
            "message": "backward_propagation: backward_propagation refutes L09.dW1, L09.db1",
        },
        "partial.py": {
            "outcome": "error",
            **CORRECT,
            "nn_model": "not checked",
            **claims(8, unproven=1),
            "complete": "false",
            "exit_code": "2",
            "message": f"{limit}; the report is partial: last output: properties/test_course_api.py ....",
        },
        "hang.py": {
            "outcome": "error",
            **UNCHECKED,
            **NO_CLAIMS,
            "complete": "",
            "exit_code": "-2",
            "message": f"{limit} without a report; last output: KeyboardInterrupt",
        },
        "deaf.py": {
            "outcome": "error",
            **UNCHECKED,
            **NO_CLAIMS,
            "complete": "",
            "exit_code": "-9",
            "message": f"{limit} without a report; last output: (none)",
        },
        "crash.py": {
            "outcome": "error",
            **UNCHECKED,
            **NO_CLAIMS,
            "complete": "",
            "exit_code": "3",
            "message": "prove wrote no report; prove exited 3; last output: RuntimeError: boom at import",
        },
        "segfault.py": {
            "outcome": "error",
            **UNCHECKED,
            **NO_CLAIMS,
            "complete": "",
            "exit_code": "-11",
            "message": "prove wrote no report; prove was killed by SIGSEGV; last output: (none)",
        },
    }
    for name, row in expected.items():
        assert rows[name] == {"submission": name, **row}, name
    assert rows["garbage.py"]["message"].startswith("the report is not readable JSON: Expecting property name")


def test_exit_0_without_a_report_is_an_error_never_a_pass(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    learner(tmp_path, "silent.py", "silent")
    assert grade("silent.py", "--out", "results.csv") == 0
    row = read_csv(tmp_path / "results.csv")["silent.py"]
    assert (row["outcome"], row["exit_code"]) == ("error", "0")
    assert row["message"] == "prove wrote no report; prove exited 0; last output: (none)"


def test_a_refuted_claim_outside_the_eight_fails_the_row_and_says_which(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    learner(tmp_path, "relu.py", "wrong capability")
    assert grade("relu.py", "--out", "results.csv") == 0
    row = read_csv(tmp_path / "results.csv")["relu.py"]
    assert row["outcome"] == "fail" and all(row[name] == "correct" for name in FUNCTIONS), row
    assert (row["claims_refuted"], row["message"]) == ("1", "refuted: L06.relu")


def test_a_file_that_cannot_be_loaded_is_an_error_with_prove_s_paragraph(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    learner(tmp_path, "notebook.py", "unloadable")
    assert grade("notebook.py", "--out", "results.csv") == 0
    row = read_csv(tmp_path / "results.csv")["notebook.py"]
    assert (row["outcome"], row["complete"], row["exit_code"]) == ("error", "false", "1")
    assert all(row[name] == "not checked" for name in FUNCTIONS), row
    impl = (tmp_path / "notebook.py").resolve()
    assert row["message"] == f"{impl} cannot be imported: line 3 raised NameError: name 'get_ipython' is not defined"


def test_json_is_the_list_of_reports_with_their_rows(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    learner(tmp_path, "wrong.py", "wrong compute_cost")
    learner(tmp_path, "crash.py", "crash")
    assert grade("wrong.py", "crash.py", "--out", "results.json", "--quick", "--timeout", "5", "--", "-k", "L09") == 0
    crash, wrong = json.loads((tmp_path / "results.json").read_text())
    assert wrong["grade"]["submission"] == "wrong.py" and wrong["grade"]["outcome"] == "fail"
    assert wrong["grade"]["functions"]["compute_cost"] == "wrong" and wrong["grade"]["claims"]["refuted"] == 1
    assert wrong["functions"]["compute_cost"]["claims"] == ["L10.cost"], "the report itself is kept"
    impl = str((tmp_path / "wrong.py").resolve())
    assert wrong["argv"][:2] == ["--impl", impl] and wrong["argv"][2] == "--json"
    assert wrong["argv"][4:] == ["--quick", "--timeout", "5", "--", "-k", "L09", "-n", "0"], "options pass through"
    assert set(crash) == {"grade"}, "no report: only the row"
    assert crash["grade"]["outcome"] == "error" and "RuntimeError: boom at import" in crash["grade"]["log"]


def test_prove_gets_only_the_options_given(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    learner(tmp_path, "good.py")
    assert grade("good.py", "--out", "results.json") == 0
    (good,) = json.loads((tmp_path / "results.json").read_text())
    assert good["argv"][4:] == ["--", "-n", "0"], good["argv"]  # one process each: --jobs spreads the batch


def test_the_process_group_is_killed_with_prove(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    pidfile = tmp_path / "child.pid"
    learner(tmp_path, "orphan.py", f"orphan {pidfile}")
    assert grade("orphan.py", "--out", "results.csv") == 0
    assert read_csv(tmp_path / "results.csv")["orphan.py"]["outcome"] == "pass"
    pid = int(pidfile.read_text())
    for _ in range(100):
        if not alive(pid):
            break
        time.sleep(0.05)
    assert not alive(pid), f"prove's child {pid} outlived the grading of its submission"


def test_ctrl_c_saves_the_rows_kills_the_runs_and_exits_130(tmp_path):
    learner(tmp_path, "a_good.py")
    pidfiles = [tmp_path / f"hang{i}.pid" for i in (1, 2)]
    for pidfile in pidfiles:
        learner(tmp_path, f"{pidfile.stem}.py", f"hang {pidfile}")
    script = f"import sys; sys.path.insert(0, {str(Path(__file__).parent)!r}); from grading import grade; "
    script += "sys.exit(grade(*sys.argv[1:]))"
    command = [sys.executable, "-c", script, ".", "--out", "results.csv", "--jobs", "3"]
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        first = process.stdout.readline()
        while not all(pidfile.exists() and pidfile.read_text() for pidfile in pidfiles):
            time.sleep(0.05)
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
        survivors = [pidfile.name for pidfile in pidfiles if alive(int(pidfile.read_text()))]
    finally:
        process.kill()
        for pidfile in pidfiles:
            if pidfile.exists() and pidfile.read_text() and alive(pid := int(pidfile.read_text())):
                os.killpg(pid, signal.SIGKILL)  # what grade should have killed, so that a failure leaves nothing
    assert process.returncode == 130, first + out
    assert first.startswith("[1/3] a_good.py: pass")
    assert (
        err == "shallow-proofs grade: interrupted (Ctrl-C): 1 of 3 graded, saved to results.csv; run again to resume\n"
    )
    assert "interrupted" not in out, "stdout holds the rows, the line goes to stderr"
    assert sorted(read_csv(tmp_path / "results.csv")) == ["a_good.py"]
    assert not survivors, "grade kills the runs it started"


def alive(pid: int) -> bool:
    """Whether pid runs (a zombie, killed and waiting for its parent to reap it, does not run)."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return False
    return "\nState:\tZ" not in status


def test_stop_kills_what_runs_and_starts_nothing(tmp_path):
    learner(tmp_path, "hang.py", "hang")
    (submission,) = find([str(tmp_path)])
    grader = Runner(Options(limit=600, prove=FAKE_PROVE))
    rows = []
    thread = threading.Thread(target=lambda: rows.append(grader.grade(submission).row))
    thread.start()
    while not grader.running:
        time.sleep(0.05)
    grader.stop()
    thread.join(timeout=30)
    assert not thread.is_alive() and rows[0].exit_code == -9, rows
    assert "the batch was interrupted" in grader.grade(submission).row.message


def test_each_submission_runs_in_one_process_unless_the_pytest_arguments_choose():
    """grade --jobs spreads the batch over the cores: each prove gets -n 0, not its own -n auto (oversubscription)."""
    submission = Submission(Path("/tmp/s.py"), "s.py", (), "0" * 64)
    alone = Runner(Options(limit=1)).command(submission, Path("/tmp/r.json"))
    assert alone[-3:] == ["--", "-n", "0"], alone
    chosen = Runner(Options(limit=1, pytest_args=("-n", "2"))).command(submission, Path("/tmp/r.json"))
    assert chosen[-3:] == ["--", "-n", "2"], chosen
