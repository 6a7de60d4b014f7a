"""Hostile and broken implementations: each is a source edit of tests/impls/course_style.py (as tests/mutants.py).

Where mutants plant a wrong equation, these attack the run itself: they end the process, hang, flood the output,
change numpy or the test runner at import (module-level statements are left out, so in default arguments, which run
when the definition is loaded), or return garbage. Each names the verdict ``prove`` owes on each of the
course's functions (the others are ``correct``), and a fragment of the message it must print.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from shallow_proofs.properties.worker import COURSE_API

IMPLS = Path(__file__).parent / "impls"
IMPORTS = "import numpy as np\n"
LAYER_SIZES = "def layer_sizes(X, Y):\n"
FORWARD = "def forward_propagation(X, parameters):\n"
COST = "def compute_cost(A2, Y):\n"
BACKWARD = "def backward_propagation(parameters, cache, X, Y):\n"
UPDATE = "def update_parameters(parameters, grads, learning_rate=1.2):\n"
NN_MODEL = "def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):\n"
PREDICT = "def predict(parameters, X):\n"


class Hostile(NamedTuple):
    edits: tuple[tuple[str, str], ...]
    verdicts: dict[str, str]
    """The functions whose verdict is not ``correct``."""
    message: tuple[str, ...]
    """Fragments of prove's output (stdout and stderr)."""
    select: str = "test_course_api"
    """The tests to run (pytest -k): the course's API reaches all eight functions, in a few seconds."""
    timeout: float = 30.0
    """prove --timeout: short where the file hangs, generous elsewhere (no false timeout on a busy machine)."""
    verbose: bool = False
    """prove --verbose: the fragments are in pytest's own output (a failing test's captured output), not the report."""


NOT_CHECKED = dict.fromkeys(COURSE_API, "not checked")

ZOO: dict[str, Hostile] = {
    "exit_at_import": Hostile(  # a default argument: evaluated when the definition is loaded
        ((IMPORTS, IMPORTS + "import os\n"), (LAYER_SIZES, "def layer_sizes(X, Y, _=os._exit(0)):\n")),
        NOT_CHECKED,
        (
            "cannot load the implementation under test: importing ",
            "ended the process: os._exit(0) ended the worker process, in <module>, line ",
            "of hostile_exit_at_import.py: `def layer_sizes(X, Y, _=os._exit(0)):`",
        ),
    ),
    "exit_in_function": Hostile(
        ((IMPORTS, IMPORTS + "import os\n"), (NN_MODEL, NN_MODEL + "    os._exit(0)\n")),
        {"nn_model": "error"},
        ("crashed: os._exit(0) ended the worker process, in nn_model, line",),
    ),
    "sys_exit": Hostile(
        ((IMPORTS, IMPORTS + "import sys\n"), (PREDICT, PREDICT + "    sys.exit(3)\n")),
        {"predict": "error"},
        ("crashed: it raised SystemExit(3), in predict",),
    ),
    "infinite_loop": Hostile(
        ((FORWARD, FORWARD + "    while True:\n        pass\n"),),
        {
            "forward_propagation": "error",
            "backward_propagation": "not checked",
            "nn_model": "inconclusive",
            "predict": "not checked",
        },
        ("did not return within 2 s, in forward_propagation, line",),
        timeout=2.0,
    ),
    "hangs_inside_predict": Hostile(
        (
            (IMPORTS, IMPORTS + "import sys\n"),
            (FORWARD, FORWARD + '    while sys._getframe(1).f_code.co_name == "predict":\n        pass\n'),
        ),
        {"forward_propagation": "error", "predict": "inconclusive"},
        ("predict(", "did not return within 2 s, in forward_propagation, line"),
        timeout=2.0,
    ),
    "prints_50_MB": Hostile(
        ((LAYER_SIZES, LAYER_SIZES + '    print("x" * 50_000_000)\n'), ("n_h = 4", "n_h = 5")),
        {"layer_sizes": "wrong", "nn_model": "inconclusive"},
        ("characters of output dropped",),
        verbose=True,
    ),
    "numpy_globals": Hostile(
        ((LAYER_SIZES, LAYER_SIZES.replace("Y)", 'Y, _=(np.seterr(all="raise"), setattr(np, "tanh", np.sin)))')),),
        {"forward_propagation": "wrong", "nn_model": "inconclusive", "predict": "inconclusive"},
        ("forward_propagation",),
        "test_course_api or test_forward_propagation",
    ),
    "patches_pytest_and_hypothesis": Hostile(
        (
            (IMPORTS, IMPORTS + "import _pytest.python\nimport hypothesis.core\n"),
            (
                LAYER_SIZES,
                LAYER_SIZES.replace(
                    "Y)",
                    'Y, _=(setattr(_pytest.python.Function, "runtest", lambda self: None), '
                    'setattr(hypothesis.core.StateForActualGivenExecution, "execute_once", lambda *a, **k: None)))',
                ),
            ),
            ("n_h = 4", "n_h = 5"),
        ),
        {"layer_sizes": "wrong", "nn_model": "inconclusive"},
        ("layer_sizes",),
    ),
    "keyboard_interrupt": Hostile(
        ((BACKWARD, BACKWARD + "    raise KeyboardInterrupt\n"),),
        {"backward_propagation": "error", "nn_model": "inconclusive"},
        ("crashed: it raised KeyboardInterrupt, in backward_propagation",),
    ),
    "keyboard_interrupt_in_forward": Hostile(  # nn_model, no longer called after its strikes, is not charged for them
        ((FORWARD, FORWARD + "    raise KeyboardInterrupt\n"),),
        {
            "layer_sizes": "not checked",
            "forward_propagation": "error",
            "nn_model": "inconclusive",
            "predict": "inconclusive",
        },
        ("nn_model              inconclusive  its results depend on forward_propagation (error)",),
        select="test_course_values or xor",
    ),
    "get_ipython_at_import": Hostile(  # left out with the other module-level statements: harmless
        ((IMPORTS, IMPORTS + 'get_ipython().run_line_magic("matplotlib", "inline")\n'),),
        {},
        ("left out 1 module-level statement: 1 magic",),
    ),
    "segfault": Hostile(
        ((IMPORTS, IMPORTS + "import ctypes\n"), (UPDATE, UPDATE + "    ctypes.string_at(0)\n")),
        {"update_parameters": "error", "nn_model": "inconclusive"},
        ("killed by a segmentation fault (SIGSEGV), in update_parameters",),
    ),
    "returns_none": Hostile(
        (("    return A2, cache\n", "    return None\n"),),
        {
            "forward_propagation": "wrong",
            "backward_propagation": "not checked",
            "nn_model": "inconclusive",
            "predict": "not checked",
        },
        ("forward_propagation",),
    ),
    "returns_nan": Hostile(
        (("    cost = float(np.squeeze(cost))\n", "    cost = float('nan')\n"),),
        {"compute_cost": "wrong", "nn_model": "inconclusive"},
        ("compute_cost",),
    ),
    "wrong_shapes": Hostile(
        (("W1 = np.random.randn(n_h, n_x) * 0.01", "W1 = np.random.randn(n_x, n_h) * 0.01"),),
        {"initialize_parameters": "wrong", "nn_model": "inconclusive"},
        ("initialize_parameters",),
        "test_course_api or test_initialization",
    ),
    "missing_functions": Hostile(
        ((NN_MODEL, NN_MODEL.replace("nn_model", "neural_model")), (PREDICT, PREDICT.replace("predict", "predicts"))),
        {"nn_model": "missing", "predict": "missing"},
        (
            "does not define it; neural_model(X, Y, n_h, num_iterations, print_cost) has the same parameters",
            "does not define it; predicts(parameters, X) has the same parameters",
        ),
    ),
}


def write(name: str, directory: Path) -> Path:
    """Write hostile implementation ``name`` as a module file in ``directory`` and return its path."""
    source = (IMPLS / "course_style.py").read_text()
    for old, new in ZOO[name].edits:
        if old not in source:
            raise ValueError(f"zoo {name}: {old!r} does not occur in course_style.py")
        source = source.replace(old, new, 1)
    path = directory / f"hostile_{name}.py"
    path.write_text(source)
    return path
