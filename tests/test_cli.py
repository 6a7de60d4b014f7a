"""``shallow-proofs train``: the course's run by default, the options, the picture, the errors; ``prove`` dispatch."""

from __future__ import annotations

import re
import signal
import subprocess
import sys
import time

import pytest

import shallow_proofs.prove
from shallow_proofs import cli
from shallow_proofs.reference import plot, validation

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


@pytest.mark.parametrize(("given", "written"), [("run", "run.png"), ("run.svg", "run.svg"), ("run.PDF", "run.PDF")])
def test_plot_writes_the_name_it_prints(tmp_path, capsys, given, written):
    pytest.importorskip("matplotlib")
    assert cli.main(["train", "--iterations", "2", "--print-every", "0", "--plot", str(tmp_path / given)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == f"Wrote {tmp_path / written}"
    assert sorted(p.name for p in tmp_path.iterdir()) == [written], "exactly the printed file is written"


def plot_errors(tmp_path):
    """(--plot value, message after 'shallow-proofs train: ') for each output path refused before training."""
    formats = ", ".join(f".{ext}" for ext in plot.formats())
    missing = tmp_path / "missing"
    return [
        (str(missing / "x.png"), f"--plot must be in an existing folder; got '{missing / 'x.png'}', and "
         f"'{missing}' is not a folder"),
        (str(tmp_path / "out.txt"), f"--plot must end in one of matplotlib's formats ({formats}); got "
         f"'{tmp_path / 'out.txt'}'"),
        (str(tmp_path), f"--plot must name a file, such as run.png; got '{tmp_path}', which is a folder"),
    ]  # fmt: skip


@pytest.mark.parametrize("case", range(3))
def test_bad_plot_paths_are_refused_before_any_work(tmp_path, capsys, case):
    pytest.importorskip("matplotlib")
    path, message = plot_errors(tmp_path)[case]
    assert cli.main(["train", "--plot", path]) == 2
    out, err = capsys.readouterr()
    assert out == "", f"nothing may run before the path is checked; printed {out!r}"
    assert err.strip() == f"shallow-proofs train: {message}"


def test_a_folder_closed_for_writing_is_refused_before_any_work(tmp_path, capsys, monkeypatch):
    """As root every folder is writable by permissions, so the probe file's creation is made to fail."""
    pytest.importorskip("matplotlib")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(plot.tempfile, "TemporaryFile", refuse)
    path = tmp_path / "run.png"
    assert cli.main(["train", "--plot", str(path)]) == 2
    out, err = capsys.readouterr()
    assert out == "" and not path.exists()
    assert (
        err.strip() == f"shallow-proofs train: --plot must be in a folder open for writing; got '{path}': "
        "Permission denied"
    )


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
        (["--print-every", "-3"], "--print-every must be an integer >= 0 (0: never); got -3"),
        (["--seed", "-1"], "--seed must be an integer from 0 to 2**32 - 1 (numpy's RandomState); got -1"),
        (["--seed", str(2**32)], "--seed must be an integer from 0 to 2**32 - 1 (numpy's RandomState); got 4294967296"),
    ],
)
def test_bad_values_exit_2_with_the_reference_message(option, message, capsys):
    assert cli.main(["train", *option]) == 2
    out, err = capsys.readouterr()
    assert err.strip() == f"shallow-proofs train: {message}" and out == "", "refused before any work"


def test_a_hidden_layer_too_large_for_memory_is_refused_before_allocating(capsys):
    """--n-h 1000000000 would draw 2e9 normals (16 GB) for W1 and as much again for its scaled copy."""
    limit = validation.memory()
    if limit is None or limit.bytes >= 48e9:
        pytest.skip(f"needs a process allowed less than 48 GB of memory; this one may use {limit}")
    assert cli.main(["train", "--n-h", "1000000000"]) == 2
    assert capsys.readouterr().err.strip() == (
        f"shallow-proofs train: the parameters for n_x = 2, n_h = 1000000000, n_y = 1 must fit in {limit.where} "
        f"({limit.bytes / 1e9:,.2f} GB); got sizes that need 48.00 GB of float64 arrays at once"
    )


def test_training_too_large_for_memory_is_refused_before_the_first_iteration(capsys, monkeypatch):
    monkeypatch.setattr(validation, "memory", lambda: validation.Limit(10**9, validation.PHYSICAL))
    assert cli.main(["train", "--n-h", "100000"]) == 2
    out, err = capsys.readouterr()
    assert out == "", "no iteration may run"
    assert err.strip() == (
        "shallow-proofs train: training with n_x = 2, n_h = 100000, n_y = 1, m = 400 and num_iterations = 10000 "
        "must fit in this machine's memory (1.00 GB); got sizes that need 1.61 GB of float64 arrays at once"
    )


DIVERGED = re.compile(
    r"shallow-proofs train: gradient descent diverged at iteration (\d+) with learning rate (\S+): the forward pass "
    r"overflowed float64 "
    r"\(the last finite J: (\S+) at iteration (\d+)\)\. Likely cause: the learning rate is too large for this data, "
    r"so each step overshoots and the next is larger; try a smaller learning rate"
)


@pytest.mark.parametrize(("options", "alpha"), [(["--activation", "identity", "--learning-rate", "100"], "100"),
                                                 (["--learning-rate", "1e308"], "1e+308")])  # fmt: skip
def test_divergence_exits_2_naming_the_iteration_and_learning_rate_and_keeps_the_costs(capsys, options, alpha):
    assert cli.main(["train", *options, "--print-every", "1"]) == 2
    out, err = capsys.readouterr()
    match = DIVERGED.fullmatch(err.strip())
    assert match, f"not the divergence message: {err!r}"
    iteration, last = int(match[1]), int(match[4])
    assert match[2] == alpha and last == iteration - 1 and float(match[3]) > 0, match.groups()
    printed = re.findall(r"^Cost after iteration (\d+): ", out, flags=re.MULTILINE)
    assert printed == [str(i) for i in range(iteration)], "every cost before the divergence is printed, none after"


def test_a_run_that_ends_above_its_start_is_an_error(capsys):
    """The sigmoid saturates, so at learning rate 1e308 J stays finite (about 1e305): refused, not exit 0."""
    assert cli.main(["train", "--activation", "sigmoid", "--learning-rate", "1e308", "--print-every", "0"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert re.fullmatch(
        r"shallow-proofs train: gradient descent raised the cost from J = 0\.693\d* at iteration 0 to J = \S+e\+30\d "
        r"at iteration 9999 with learning rate 1e\+308\. Likely cause: the learning rate is too large for this data; "
        r"try a smaller --learning-rate",
        err.strip(),
    ), err


def test_ctrl_c_exits_130_with_one_line_and_no_traceback():
    """SIGINT to a subprocess in the middle of a long run (sent after its first cost line)."""
    command = [sys.executable, "-m", "shallow_proofs", "train", "--iterations", "10000000", "--print-every", "1000"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert process.stdout.readline().startswith("Cost after iteration 0: "), "the run did not start"
    process.send_signal(signal.SIGINT)
    sent = time.perf_counter()
    out, err = process.communicate(timeout=60)
    seconds = time.perf_counter() - sent
    assert process.returncode == 130, f"exit status {process.returncode}, stderr {err!r}"
    assert err == "shallow-proofs train: interrupted (Ctrl-C)\n", f"one line, no traceback: {err!r}"
    assert "Accuracy" not in out, f"the interrupted run must not report (after {seconds:.2f} s): {out[-200:]!r}"


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
