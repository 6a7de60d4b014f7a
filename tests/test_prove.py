"""``shallow-proofs prove``: options checked before any work; Ctrl-C ends it at once, with the claims proved so far.

Ctrl-C is a real SIGINT sent to a subprocess running the suite on a course-style file (so a worker is running too).
The target is a second; bench/bench_sealed.py measures the time, this test only bounds it (no timed tests).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from shallow_proofs import prove

COURSE_STYLE = Path(__file__).parent / "impls" / "course_style.py"
BOUND = 20.0  # seconds from SIGINT to exit: far above the measured time, only to catch a hang


@pytest.mark.parametrize("option", ["--json", "--out"])
def test_an_output_path_in_a_missing_folder_stops_prove_before_any_work(option, tmp_path, capsys) -> None:
    path = tmp_path / "no such folder" / "report"
    assert prove.main([option, str(path)]) == 2
    assert capsys.readouterr().err.strip() == (
        f"shallow-proofs prove: {option} {path}: the folder {path.parent} does not exist"
    )


@pytest.mark.parametrize("value", ["0", "-1", "nan", "inf", "soon"])
def test_the_timeout_is_a_positive_number_of_seconds(value, capsys) -> None:
    with pytest.raises(SystemExit) as exit_info:
        prove.main(["--timeout", value])
    assert exit_info.value.code == 2
    assert f"argument --timeout: must be a number of seconds > 0; got {value!r}" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "named"),
    [(["my_solution.py"], " (shallow-proofs prove --impl my_solution.py)"), (["--quick", "-x"], ""), (["-x"], "")],
)
def test_an_argument_before_the_double_dash_that_is_no_option_stops_prove(argv, named, capsys) -> None:
    """``prove my_solution.py`` used to hand the file to pytest and prove the reference, all claims proved: the
    learner read a report on code that was not theirs. It is refused before any work, naming --impl."""
    with pytest.raises(SystemExit) as exit_info:
        prove.main(argv)
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert f"unrecognized arguments: {argv[-1]}: the implementation goes after --impl{named}, pytest's" in err, err


def workers_of(pid: int) -> list[int]:
    """The worker processes that pid started (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            status = (entry / "status").read_text()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if f"\nPPid:\t{pid}\n" in status and b"shallow_proofs.properties.worker" in command:
            found.append(int(entry.name))
    return found


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="finds the worker through Linux's /proc")
def test_ctrl_c_ends_prove_with_130_one_line_and_the_partial_table(tmp_path: Path) -> None:
    report = tmp_path / "report.json"
    command = [sys.executable, "-m", "shallow_proofs", "prove", "--impl", str(COURSE_STYLE), "--json", str(report)]
    command += ["--verbose", "--", "-p", "no:cacheprovider", "-p", "no:xdist", "--hypothesis-profile=dev"]
    environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(command, cwd=tmp_path, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environment)
    assert process.stdout is not None and process.stderr is not None
    started = threading.Event()
    out: list[bytes] = []

    def read() -> None:
        assert process.stdout is not None
        while chunk := process.stdout.read1(4096):  # type: ignore[attr-defined]
            out.append(chunk)
            if b"test_course_api.py " in b"".join(out):  # test_activations.py has finished
                started.set()

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    assert started.wait(120), f"the suite did not start: {b''.join(out).decode()[-2000:]}"
    workers = workers_of(process.pid)
    sent = time.monotonic()
    process.send_signal(signal.SIGINT)
    status = process.wait(BOUND)
    elapsed = time.monotonic() - sent
    reader.join(5)
    stdout, stderr = b"".join(out).decode(), process.stderr.read().decode()
    assert status == 130, f"exit status {status}\n{stdout[-3000:]}\n{stderr[-3000:]}"
    assert elapsed < BOUND
    assert stderr.strip().splitlines() == [prove.INTERRUPTED_LINE], stderr
    assert "Traceback" not in stdout + stderr and "KeyboardInterrupt" not in stdout, stdout[-3000:]
    assert "tests did not finish" in stdout and "unproven" in stdout, stdout[-3000:]
    assert workers and not any(Path(f"/proc/{pid}").exists() for pid in workers), f"workers {workers} outlive prove"
    data = json.loads(report.read_text())
    assert data["interrupted"] is True and data["complete"] is False
    assert any("did not finish" in claim["reason"] for claim in data["claims"].values())


def run_pytest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-q", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False, timeout=300)


def test_plain_pytest_reports_a_file_that_cannot_be_imported_in_one_paragraph(tmp_path: Path) -> None:
    path = tmp_path / "no_colon.py"
    path.write_text(COURSE_STYLE.read_text().replace("def predict(parameters, X):", "def predict(parameters, X)"))
    line = path.read_text().splitlines().index("def predict(parameters, X)") + 1
    result = run_pytest("--impl", str(path), cwd=tmp_path)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR, result.stdout + result.stderr
    assert "INTERNALERROR" not in result.stdout + result.stderr
    assert result.stderr.strip().splitlines() == [
        f"ERROR: cannot load the implementation under test: --impl '{path}': {path}, line {line}: expected ':': "
        "def predict(parameters, X). Nothing was tested."
    ]


@pytest.mark.parametrize("value", ["0", "-2", "inf"])
def test_the_impl_timeout_of_plain_pytest_is_checked(value: str, tmp_path: Path) -> None:
    result = run_pytest("--impl", str(COURSE_STYLE), f"--impl-timeout={value}", cwd=tmp_path)
    assert result.returncode == pytest.ExitCode.USAGE_ERROR
    assert f"--impl-timeout must be a number of seconds > 0; got {float(value)}" in result.stderr


def test_ctrl_c_kills_the_xdist_workers_instead_of_waiting_for_them() -> None:
    """Each of pytest-xdist's workers would end its own session before exiting (2.4 s on 2 busy CPUs, measured by
    bench/bench_lost_interrupt.py --group); the plugin kills them when the run is interrupted."""
    from types import SimpleNamespace

    from shallow_proofs.properties import plugin

    killed: list[int] = []
    gateways = [SimpleNamespace(_io=SimpleNamespace(kill=lambda n=n: killed.append(n))) for n in (1, 2)]
    dsession = SimpleNamespace(nodemanager=SimpleNamespace(group=gateways))
    config = SimpleNamespace(
        pluginmanager=SimpleNamespace(getplugin=lambda name: dsession if name == "dsession" else None)
    )
    plugin.Session(config).pytest_keyboard_interrupt()  # type: ignore[arg-type]
    assert killed == [1, 2]
    plugin.Session(
        SimpleNamespace(pluginmanager=SimpleNamespace(getplugin=lambda name: None))
    ).pytest_keyboard_interrupt()  # type: ignore[arg-type]
