"""``grade --gradescope``, resuming from --out, --shard, and the errors of bad options (fake prove: fast)."""

from __future__ import annotations

import json
import sys
import threading
import time

import pytest

from grading import grade, learner, read_csv
from shallow_proofs import grade as grade_command
from shallow_proofs.report import FUNCTIONS

NEVER = (sys.executable, "-c", "import sys; sys.exit(5)")
"""A prove that grades nothing: a submission graded with it is an error row, so a kept row shows it was skipped."""
WEIGHTS = "\n".join(
    [
        "layer_sizes = 1",
        "initialize_parameters = 1",
        "forward_propagation = 2",
        "compute_cost = 1",
        "backward_propagation = 3",
        "update_parameters = 1",
        "nn_model = 2",
        "predict = 1.5",
    ]
)


@pytest.fixture
def here(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_gradescope_results_field_by_field(here):
    learner(here, "wrong.py", "wrong backward_propagation")
    (here / "weights.toml").write_text(WEIGHTS)
    argv = ["wrong.py", "--out", "results.json", "--gradescope", "--weights", "weights.toml"]
    assert grade(*argv, "--visibility", "after_published") == 0
    results = json.loads((here / "results.json").read_text())
    assert isinstance(results, dict), "one submission: exactly Gradescope's results.json object"
    assert sorted(results) == ["execution_time", "extra_data", "output", "score", "tests", "visibility"]
    assert results["score"] == 1 + 1 + 2 + 1 + 1, "the correct functions' weights; inconclusive earns nothing"
    assert isinstance(results["execution_time"], int) and 0 <= results["execution_time"] < 60
    assert results["output"] == (
        "fail: 5 of 8 functions correct; claims: 7 proved, 2 refuted, 1 not applicable\n"
        "backward_propagation: backward_propagation refutes L09.dW1, L09.db1"
    )
    assert results["visibility"] == "after_published"
    assert [t["name"] for t in results["tests"]] == list(FUNCTIONS)
    weights = dict(line.split(" = ") for line in WEIGHTS.splitlines())
    for test in results["tests"]:
        assert sorted(test) == ["max_score", "name", "output", "score", "status", "visibility"], test
        assert test["max_score"] == float(weights[test["name"]]) and test["visibility"] == "after_published"
        correct = test["name"] not in ("backward_propagation", "nn_model", "predict")
        assert test["status"] == ("passed" if correct else "failed"), test
        assert test["score"] == (test["max_score"] if correct else 0), test
    tests = {t["name"]: t["output"] for t in results["tests"]}
    assert tests["backward_propagation"] == "\n".join(
        [
            "backward_propagation: wrong: backward_propagation refutes L09.dW1, L09.db1",
            "  L09.dW1: refuted",
            "    L09.dW1 refuted: backward_propagation element [0, 1]: analytic 0.5, numerical 0.25",
            "  L09.db1: refuted",
            "    L09.db1 refuted: backward_propagation element [0, 1]: analytic 0.5, numerical 0.25",
        ]
    )
    assert tests["nn_model"] == "nn_model: inconclusive: depends on backward_propagation, which is wrong\n" + (
        "  course.training: proved"
    )
    assert tests["layer_sizes"] == "layer_sizes: correct\n  L03.layer_sizes: proved"
    row = results["extra_data"]["grade"]
    assert row["submission"] == "wrong.py" and row["outcome"] == "fail" and row["exit_code"] == 1
    assert row["functions"]["backward_propagation"] == "wrong" and row["claims"]["refuted"] == 2


def test_gradescope_error_row_explains_every_test(here):
    learner(here, "crash.py", "crash")
    assert grade("crash.py", "--out", "results.json", "--gradescope") == 0
    results = json.loads((here / "results.json").read_text())
    why = "prove wrote no report; prove exited 3; last output: RuntimeError: boom at import"
    assert results["score"] == 0 and results["output"] == f"error: 0 of 8 functions correct\n{why}"
    assert [t["output"] for t in results["tests"]] == [f"{name}: not checked: {why}" for name in FUNCTIONS]
    assert {(t["score"], t["max_score"], t["status"], t["visibility"]) for t in results["tests"]} == {
        (0, 1.0, "failed", "visible")
    }, "default: weight 1 each, visible"


def test_gradescope_several_submissions_are_a_list(here):
    learner(here, "a.py")
    learner(here, "b.py", "wrong predict")
    assert grade("a.py", "b.py", "--out", "results.json", "--gradescope") == 0
    a, b = json.loads((here / "results.json").read_text())
    assert (a["score"], b["score"]) == (8, 6), "predict wrong, nn_model inconclusive"


def test_resume_skips_what_is_graded_and_grades_what_changed(here, capsys):
    for name in "abc":
        learner(here, f"{name}.py")
    assert grade(".", "--out", "results.csv") == 0
    first = read_csv(here / "results.csv")
    assert {row["outcome"] for row in first.values()} == {"pass"}
    assert grade(".", "--out", "results.csv", prove=NEVER) == 0
    assert read_csv(here / "results.csv") == first, "nothing graded again"
    assert "3 already graded in results.csv: kept (--force grades them again)" in capsys.readouterr().out
    learner(here, "b.py", "wrong predict")
    assert grade(".", "--out", "results.csv", prove=NEVER) == 0
    second = read_csv(here / "results.csv")
    assert second["b.py"]["outcome"] == "error" and second["b.py"]["sha256"] != first["b.py"]["sha256"], "edited"
    assert {name: second[name] for name in ("a.py", "c.py")} == {name: first[name] for name in ("a.py", "c.py")}
    assert grade(".", "--out", "results.csv", "--force", prove=NEVER) == 0
    assert {row["outcome"] for row in read_csv(here / "results.csv").values()} == {"error"}


@pytest.mark.parametrize("gradescope", [False, True])
def test_resume_from_json(here, gradescope):
    learner(here, "a.py")
    learner(here, "b.py", "wrong nn_model")
    flag = ["--gradescope"] if gradescope else []
    assert grade(".", "--out", "results.json", *flag) == 0
    first = json.loads((here / "results.json").read_text())
    assert grade(".", "--out", "results.json", *flag, prove=NEVER) == 0
    assert json.loads((here / "results.json").read_text()) == first


def test_resume_rescores_gradescope_with_new_weights(here):
    learner(here, "b.py", "wrong nn_model")
    assert grade("b.py", "--out", "results.json", "--gradescope") == 0
    (here / "weights.toml").write_text(WEIGHTS)
    argv = ["b.py", "--out", "results.json", "--gradescope", "--weights", "weights.toml", "--visibility", "hidden"]
    assert grade(*argv, prove=NEVER) == 0
    results = json.loads((here / "results.json").read_text())
    assert results["extra_data"]["grade"]["outcome"] == "fail", "kept, not graded again"
    assert results["score"] == 1 + 1 + 2 + 1 + 3 + 1 + 0 + 0 and results["visibility"] == "hidden"
    assert [t["max_score"] for t in results["tests"]] == [1, 1, 2, 1, 3, 1, 2, 1.5]


def test_finished_rows_reach_out_while_the_batch_runs(here, monkeypatch):
    """So that a batch killed outright (not Ctrl-C) resumes from what it had finished."""
    monkeypatch.setattr(grade_command, "SAVE_EVERY", 0.0)
    learner(here, "a.py")
    learner(here, "b.py", "hang")
    batch = threading.Thread(target=grade, args=(".", "--out", "results.csv", "--limit", "3"))
    batch.start()
    seen = set()
    while batch.is_alive() and "a.py" not in seen:
        seen = set(read_csv(here / "results.csv")) if (here / "results.csv").exists() else set()
        time.sleep(0.05)
    assert seen == {"a.py"}, "a.py's row is in --out before b.py's run ends"
    batch.join()
    assert sorted(read_csv(here / "results.csv")) == ["a.py", "b.py"]


def test_rows_of_other_submissions_stay(here):
    learner(here, "a.py")
    learner(here, "b.py")
    assert grade("a.py", "--out", "results.csv") == 0
    assert grade("b.py", "--out", "results.csv") == 0
    assert sorted(read_csv(here / "results.csv")) == ["a.py", "b.py"]


def test_shards_split_the_sorted_batch(here, capsys):
    for name in "edcba":
        learner(here, f"{name}.py")
    for index in (1, 2):
        assert grade(".", "--out", f"shard{index}.csv", "--shard", f"{index}/2") == 0
    assert sorted(read_csv(here / "shard1.csv")) == ["a.py", "c.py", "e.py"]
    assert sorted(read_csv(here / "shard2.csv")) == ["b.py", "d.py"]
    out = capsys.readouterr().out
    assert "shard 1/2: 3 of 5 submissions" in out and "shard 2/2: 2 of 5 submissions" in out


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--shard", "0/2"], "--shard expects i/N with 1 <= i <= N (e.g. --shard 2/4); got '0/2'"),
        (["--shard", "3/2"], "--shard expects i/N with 1 <= i <= N (e.g. --shard 2/4); got '3/2'"),
        (["--shard", "1/0"], "--shard expects i/N with 1 <= i <= N (e.g. --shard 2/4); got '1/0'"),
        (["--shard", "half"], "--shard expects i/N with 1 <= i <= N (e.g. --shard 2/4); got 'half'"),
        (["--jobs", "0"], "--jobs must be an integer >= 1; got 0"),
        (["--limit", "0"], "--limit must be a number of seconds > 0; got 0"),
        (["--timeout", "nan"], "--timeout must be a number of seconds > 0; got nan"),
        (["--weights", "w.toml"], "--weights and --visibility apply to --gradescope output only"),
        (["--gradescope", "--weights", "none.toml"], "--weights none.toml: no such file"),
        (["--gradescope", "--weights", "w.yaml"], "--weights w.yaml: expected a .json or .toml file; got .yaml"),
        (["--gradescope", "--weights", "bad.json"], "--weights bad.json: cannot be read: Expecting property name"),
        (["--gradescope", "--weights", "list.json"], "--weights list.json: expected a mapping of function to weight"),
        (
            ["--gradescope", "--weights", "partial.toml"],
            "--weights partial.toml: no weight for compute_cost, backward_propagation, update_parameters, nn_model, "
            "predict (give each of the eight; 0 leaves one out)",
        ),
        (
            ["--gradescope", "--weights", "typo.toml"],
            "--weights typo.toml: nnmodel is not one of the course's functions: layer_sizes, initialize_parameters",
        ),
        (
            ["--gradescope", "--weights", "negative.json"],
            "--weights negative.json: the weight of predict must be a finite number >= 0; got -1",
        ),
        (["--gradescope", "--weights", "zero.json"], "--weights zero.json: the weights sum to 0"),
    ],
)
def test_bad_options_are_clear_errors_and_write_nothing(here, capsys, argv, message):
    learner(here, "a.py")
    weights = dict.fromkeys(FUNCTIONS, 1)
    (here / "w.toml").write_text("\n".join(f"{name} = 1" for name in FUNCTIONS))
    (here / "w.yaml").write_text("layer_sizes: 1")
    (here / "bad.json").write_text("{")
    (here / "list.json").write_text("[1, 2]")
    (here / "partial.toml").write_text("\n".join(f"{name} = 1" for name in FUNCTIONS[:3]))
    (here / "typo.toml").write_text("\n".join(f"{name} = 1" for name in FUNCTIONS) + "\nnnmodel = 1")
    (here / "negative.json").write_text(json.dumps({**weights, "predict": -1}))
    (here / "zero.json").write_text(json.dumps(dict.fromkeys(FUNCTIONS, 0)))
    assert grade("a.py", "--out", "results.json", *argv) == 2
    assert capsys.readouterr().err.startswith(f"shallow-proofs grade: {message}")
    assert not (here / "results.json").exists()


@pytest.mark.parametrize(
    ("out", "message"),
    [
        ("missing/results.csv", "--out missing/results.csv: the folder missing does not exist"),
        ("folder", "--out folder: is a folder; expected a file name"),
        ("results.txt", "--out results.txt: expected a .csv or .json file; got .txt"),
        ("notes.csv", "--out notes.csv: exists but is not a csv output of grade (its columns are ['name', 'mark']"),
        ("other.json", "--out other.json: exists but is not a json output of grade (it is not a JSON list)"),
    ],
)
def test_bad_out_is_a_clear_error_and_changes_nothing(here, capsys, out, message):
    learner(here, "a.py")
    (here / "folder").mkdir()
    (here / "notes.csv").write_text("name,mark\nalice,3\n")
    (here / "other.json").write_text('{"a": 1}')
    before = {path.name: path.read_bytes() for path in here.iterdir() if path.is_file()}
    assert grade("a.py", "--out", out) == 2
    assert capsys.readouterr().err.startswith(f"shallow-proofs grade: {message}")
    assert {path.name: path.read_bytes() for path in here.iterdir() if path.is_file()} == before


def test_gradescope_out_must_be_json(here, capsys):
    learner(here, "a.py")
    assert grade("a.py", "--out", "results.csv", "--gradescope") == 2
    assert "--out results.csv: --gradescope writes JSON (results.json); got .csv" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("path", "message"),
    [("nothing.py", "PATHS: 'nothing.py': no such file or folder"), ("notes.txt", "PATHS: 'notes.txt' is neither")],
)
def test_bad_paths_are_clear_errors(here, capsys, path, message):
    (here / "notes.txt").write_text("hello")
    assert grade(path, "--out", "results.csv") == 2
    assert capsys.readouterr().err.startswith(f"shallow-proofs grade: {message}")
    assert not (here / "results.csv").exists()
