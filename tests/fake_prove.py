"""A stand-in for ``python -m shallow_proofs prove --impl FILE --json REPORT``, for fast tests of ``grade``.

It never imports the submission. A line ``# fake: BEHAVIOUR [ARGUMENT]`` in the submission says what to do:

- (none): a complete report in which all eight functions are correct; exit 0
- ``wrong FUNCTION``: FUNCTION's claims refuted, nn_model and predict inconclusive; exit 1
- ``wrong capability``: a claim of a capability that none of the eight uses (L06.relu) refuted; exit 1
- ``hang [PIDFILE]``: sleep until killed (SIGINT stops it without a report, like an import that hangs); its pid
  in PIDFILE when given
- ``hang-ignoring-sigint``: the same, but SIGINT is ignored: only SIGKILL ends it
- ``hang-then-report``: sleep; on SIGINT write a partial report (incomplete, nn_model not checked) and exit 2
- ``crash``: print a traceback and ``os._exit(3)`` without a report
- ``segfault``: die of SIGSEGV
- ``garbage``: write a report that is not JSON; exit 1
- ``unloadable``: a report with a ``load_error`` paragraph, every function not checked; exit 1
- ``silent``: exit 0 without a report
- ``orphan PIDFILE``: leave a child process sleeping in the process group, its pid in PIDFILE; report all correct

Every report holds ``argv``, the arguments it was given, so tests can see what grade passed on.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

CLAIMS = {
    "L03.layer_sizes": "layer_sizes",
    "L11.random_init": "initialize_parameters",
    "L04.forward": "forward_propagation",
    "L10.cost": "compute_cost",
    "L09.dW1": "backward_propagation",
    "L09.db1": "backward_propagation",
    "L10.update": "update_parameters",
    "course.training": "nn_model",
    "course.predict": "predict",
    "L06.relu": "",
}
"""A small claim registry: the function each claim is about ("" for a capability this implementation lacks)."""


def report(impl: str, argv: list[str], wrong: str = "", complete: bool = True) -> dict[str, object]:
    claims: dict[str, dict[str, object]] = {}
    functions: dict[str, dict[str, object]] = {}
    for claim, function in CLAIMS.items():
        if not function and wrong == "capability":
            failure = f"{claim} refuted: ACTIVATIONS['relu'] slope at 0: got 0, expected 1"
            claims[claim] = {"verdict": "refuted", "tests": [{"id": "t", "outcome": "failed", "message": failure}]}
        elif not function:
            claims[claim] = {"verdict": "not applicable", "tests": [], "reason": "defines no ACTIVATIONS mapping"}
        elif function == wrong:
            failure = f"{claim} refuted: {function} element [0, 1]: analytic 0.5, numerical 0.25"
            test = {"id": f"test_{claim}", "outcome": "failed", "message": failure}
            claims[claim] = {"verdict": "refuted", "tests": [test], "reason": ""}
        elif not complete and function == "nn_model":
            claims[claim] = {"verdict": "unproven", "tests": [], "reason": "did not run"}
        else:
            claims[claim] = {"verdict": "proved", "tests": [{"id": f"test_{claim}", "outcome": "passed"}], "reason": ""}
    for function in sorted(set(CLAIMS.values()) - {""}):
        mine = [claim for claim, of in CLAIMS.items() if of == function]
        verdict, message = "correct", ""
        if function == wrong:
            verdict, message = "wrong", f"{function} refutes {', '.join(mine)}"
        elif wrong in CLAIMS.values() and wrong and function in ("nn_model", "predict"):
            verdict, message = "inconclusive", f"depends on {wrong}, which is wrong"
        elif not complete and function == "nn_model":
            verdict, message = "not checked", "its tests did not run"
        functions[function] = {"verdict": verdict, "claims": mine, "message": message}
    return {
        "implementation": impl,
        "profile": "gate",
        "versions": {"shallow-proofs": "fake"},
        "complete": complete,
        "claims": claims,
        "functions": functions,
        "summary": {},
        "argv": argv,
    }


def main(argv: list[str]) -> int:
    impl, out = argv[argv.index("--impl") + 1], Path(argv[argv.index("--json") + 1])
    found = re.search(r"^# fake: *(\S*) *(.*)$", Path(impl).read_text(), flags=re.MULTILINE)
    behaviour, argument = found.groups() if found else ("", "")
    if behaviour == "wrong":
        out.write_text(json.dumps(report(impl, argv, wrong=argument)))
        return 1
    if behaviour.startswith("hang"):
        if argument:
            Path(argument).write_text(str(os.getpid()))
        if behaviour == "hang-ignoring-sigint":
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        if behaviour == "hang-then-report":
            print("properties/test_course_api.py ....", flush=True)
            try:
                time.sleep(3600)
            except KeyboardInterrupt:
                out.write_text(json.dumps(report(impl, argv, complete=False)))
                return 2
        time.sleep(3600)
    if behaviour == "crash":
        print("Traceback (most recent call last):\nRuntimeError: boom at import", flush=True)
        os._exit(3)
    if behaviour == "segfault":
        os.kill(os.getpid(), signal.SIGSEGV)
    if behaviour == "unloadable":
        unloaded = report(impl, argv, complete=False)
        for function in unloaded["functions"].values():
            function.update(verdict="not checked", message="the file could not be imported")
        unloaded["load_error"] = (
            f"{impl} cannot be imported: line 3 raised NameError: name 'get_ipython' is not defined"
        )
        out.write_text(json.dumps(unloaded))
        return 1
    if behaviour == "silent":
        return 0
    if behaviour == "garbage":
        out.write_text("{not json")
        return 1
    if behaviour == "orphan":
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(3600)"])
        Path(argument).write_text(str(child.pid))
    out.write_text(json.dumps(report(impl, argv)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
