"""``shallow-proofs train``: the course's run by default, the options, the picture, the errors; ``prove`` dispatch."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

import shallow_proofs.prove
from shallow_proofs import cli
from shallow_proofs.reference import plot

COURSE_ACCURACY = 363  # of 400: 90.75 %; the cost bump after iteration 6000 can move one point (see test_course_values)


@pytest.mark.proves("course.training")
def test_defaults_reproduce_the_course_run(capsys):
    assert cli.main(["train"]) == 0
    out = capsys.readouterr().out
    costs = dict(re.findall(r"^Cost after iteration (\d+): (\d+\.\d{6})$", out, flags=re.MULTILINE))
    assert sorted(int(i) for i in costs) == list(range(0, 10000, 1000)), f"printed iterations: {sorted(costs)}"
    assert costs["0"] == "0.693162" and costs["1000"] == "0.258625", f"course's J(0), J(1000); printed {costs}"
    correct = int(re.search(r"^Accuracy: [\d.]+ % \((\d+) of 400 examples\)$", out, flags=re.MULTILINE).group(1))
    assert abs(correct - COURSE_ACCURACY) <= 1, f"accuracy {correct}/400, course 363/400 (90.75 %)\n{out}"


def test_options_reach_the_training(capsys):
    args = ["train", "noisy_circles", "--n-h", "3", "--activation", "relu", "--iterations", "11"]
    assert cli.main([*args, "--learning-rate", "0.5", "--seed", "1", "--print-every", "5"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.split(":")[0] for line in lines[:3]] == [f"Cost after iteration {i}" for i in (0, 5, 10)], lines
    assert re.fullmatch(r"Accuracy: [\d.]+ % \(\d+ of 200 examples\)", lines[3]), lines


def test_print_every_zero_prints_only_the_accuracy(capsys):
    assert cli.main(["train", "--iterations", "3", "--print-every", "0"]) == 0
    assert capsys.readouterr().out.startswith("Accuracy: "), "no cost lines with --print-every 0"


def test_plot_writes_a_png(tmp_path, capsys):
    pytest.importorskip("matplotlib")
    path = tmp_path / "run.png"
    assert cli.main(["train", "--iterations", "20", "--print-every", "0", "--plot", str(path)]) == 0
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", "--plot must write a PNG file"
    assert f"Wrote {path}" in capsys.readouterr().out


def test_plot_without_matplotlib_says_how_to_get_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(plot, "have_matplotlib", lambda: False)
    path = tmp_path / "run.png"
    assert cli.main(["train", "--plot", str(path)]) == 2
    assert cli.PLOT_MISSING in capsys.readouterr().err
    assert not path.exists()


@pytest.mark.parametrize(
    ("option", "message"),
    [
        (["--n-h", "0"], "n_h must be an integer >= 1; got 0"),
        (["--iterations", "0"], "num_iterations must be an integer >= 1; got 0"),
        (["--learning-rate", "-1"], "learning_rate must be a finite number > 0; got -1.0"),
        (["--learning-rate", "nan"], "learning_rate must be a finite number > 0; got nan"),
    ],
)
def test_bad_values_exit_2_with_the_reference_message(option, message, capsys):
    assert cli.main(["train", *option]) == 2
    assert capsys.readouterr().err.strip() == f"shallow-proofs train: {message}"


def test_unknown_data_set_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as exit_info:
        cli.main(["train", "iris"])
    assert exit_info.value.code == 2 and "invalid choice: 'iris'" in capsys.readouterr().err


def test_prove_is_dispatched_to_properties_prove(monkeypatch):
    calls = []
    monkeypatch.setattr(shallow_proofs.prove, "main", lambda argv: calls.append(list(argv)) or 7)
    assert cli.main(["prove", "--impl", "my_solution.py"]) == 7
    assert calls == [["--impl", "my_solution.py"]]


def test_module_entry_point_runs():
    command = [sys.executable, "-m", "shallow_proofs", "train", "--iterations", "2", "--print-every", "1"]
    result = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Cost after iteration 0: 0.693162\nCost after iteration 1: "), result.stdout
