"""The loader's rules one at a time, on small files written to tmp_path: what runs, what is left out and said,
which imports are needed, stand-ins, the mapping, module names, and errors that name the problem and change nothing.
"""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path

import pytest

from shallow_proofs.properties import standins
from shallow_proofs.properties.loader import PREFIX, LoadError, load

IMPLS = Path(__file__).parent / "impls"
COURSE_NAMES = ("layer_sizes", "initialize_parameters", "forward_propagation", "compute_cost")
COURSE_NAMES += ("backward_propagation", "update_parameters", "nn_model", "predict")


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch):
    """sys.path and the helper modules as they were."""
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield
    for name in [n for n in sys.modules if n.startswith(PREFIX) or standins.is_helper(n) or n.startswith("mine_")]:
        del sys.modules[name]


def write(folder: Path, source: str, name: str = "solution.py") -> str:
    path = folder / name
    path.write_text(textwrap.dedent(source))
    return str(path)


def test_module_level_calls_never_run(tmp_path):
    source = """
        import numpy as np
        raise_at_import = open("/nonexistent/file")
        def forward_propagation(X, parameters):
            return X, {}
        print(forward_propagation(1, 2))
        for i in range(3):
            forward_propagation(i, None)
        if __name__ == "__main__":
            raise SystemExit("main ran")
        assert False, "an assert ran"
    """
    loaded = load(write(tmp_path, source))
    assert loaded.module.forward_propagation(1, 2) == (1, {})
    assert loaded.notes[0] == (
        "left out 6 module-level statements: 1 other call, 1 print, 1 loop, 1 main block, 1 assert, "
        "1 import the functions do not use (numpy)"
    )
    assert "np" not in vars(loaded.module), "numpy is imported although no function uses it"
    assert "raise_at_import" not in vars(loaded.module)


def test_inert_constants_the_functions_use_are_kept(tmp_path):
    source = """
        import numpy as np
        N_H = 4
        SCALE = 0.01 * 1
        SHAPE = (N_H, 2)
        unused = 3
        computed = np.zeros(SHAPE)
        G = {"tanh": (np.tanh, lambda A1: 1 - A1 ** 2)}
        ACTIVATIONS = {"tanh": G["tanh"]}
        def initialize_parameters(n_x, n_h, n_y):
            return SHAPE, SCALE, computed
    """
    loaded = load(write(tmp_path, source))
    module = loaded.module
    assert (module.SHAPE, module.SCALE, module.ACTIVATIONS["tanh"][0]) == ((4, 2), 0.01, module.np.tanh)
    assert not hasattr(module, "unused") and not hasattr(module, "computed")
    assert loaded.notes[0] == "left out 2 module-level statements: 1 unused constant, 1 other call"
    assert loaded.problems["initialize_parameters"] == [
        "uses computed, which is not defined: only a module-level statement that is not run assigns it (line 7)"
    ]


def test_get_ipython_magics_and_shell_escapes_are_left_out(tmp_path):
    source = """
        get_ipython().run_line_magic('matplotlib', 'inline')
        get_ipython().run_cell_magic('time', '', 'x = 1')
        get_ipython().magic('load_ext autoreload')
        get_ipython().system('pip install numpy')
        files = get_ipython().getoutput('ls')
        get_ipython().kernel.do_shutdown(True)
        def predict(parameters, X):
            return X
    """
    loaded = load(write(tmp_path, source))
    assert loaded.notes[0] == "left out 6 module-level statements: 3 magics, 2 shell escapes, 1 IPython call"


def test_raw_magic_lines_in_a_py_file_are_rewritten_then_left_out(tmp_path):
    source = """
        import numpy as np
        %matplotlib inline
        !pip install scikit-learn
        def predict(parameters, X):
            return np.zeros((1, X.shape[1]), dtype=bool)
    """
    loaded = load(write(tmp_path, source))
    assert loaded.notes[0] == "left out 2 module-level statements: 1 magic, 1 shell escape"
    assert loaded.module.predict(None, loaded.module.np.zeros((2, 3))).shape == (1, 3)


def test_a_py_file_that_is_not_python_names_the_line(tmp_path):
    path = write(tmp_path, "def predict(parameters, X)\n    return X\n")
    with pytest.raises(LoadError, match=r"solution.py, line 1: expected ':': def predict\(parameters, X\)"):
        load(path)


def test_an_import_the_course_functions_need_is_a_loading_error_naming_it(tmp_path):
    source = """
        import mine_missing_library as lib
        def forward_propagation(X, parameters):
            return lib.forward(X, parameters)
    """
    path = write(tmp_path, source)
    before = list(sys.path)
    with pytest.raises(
        LoadError,
        match=r"line 2: forward_propagation need lib from mine_missing_library: "
        r"ModuleNotFoundError: No module named 'mine_missing_library'",
    ):
        load(path)
    assert sys.path == before, "a failed load left the file's folder on sys.path"
    assert not [name for name in sys.modules if name.startswith(PREFIX)], "a failed load left its module"


def test_an_import_only_other_functions_need_is_skipped_with_a_note(tmp_path):
    source = """
        import mine_missing_plotting as plotting
        def predict(parameters, X):
            return X
        def show(X):
            plotting.draw(X)
    """
    loaded = load(write(tmp_path, source))
    assert loaded.notes == [
        "skipped import of mine_missing_plotting (line 2): ModuleNotFoundError: "
        "No module named 'mine_missing_plotting'; show will fail if called"
    ]


def test_a_helper_next_to_the_file_is_found_and_wins_over_the_stand_ins(tmp_path):
    write(tmp_path, "def sigmoid(z):\n    return 'mine'\n", "planar_utils.py")
    loaded = load(
        write(tmp_path, "from planar_utils import sigmoid\ndef predict(parameters, X):\n    return sigmoid(X)\n")
    )
    assert loaded.module.predict(None, 0) == "mine"
    assert loaded.notes == []


def test_a_helper_that_fails_to_import_falls_back_to_the_stand_ins(tmp_path):
    write(tmp_path, "import mine_missing_sklearn\ndef sigmoid(z):\n    return 'mine'\n", "planar_utils.py")
    loaded = load(
        write(tmp_path, "from planar_utils import sigmoid\ndef predict(parameters, X):\n    return sigmoid(X)\n")
    )
    assert loaded.module.sigmoid is standins.sigmoid
    assert loaded.notes == [
        "stand-ins for planar_utils (it failed to import: ModuleNotFoundError: "
        "No module named 'mine_missing_sklearn'): sigmoid"
    ]


def test_an_absent_helper_imported_as_a_module_gets_a_stand_in_module(tmp_path):
    source = """
        import planar_utils as pu
        import testCases_v2
        def forward_propagation(X, parameters):
            return pu.sigmoid(X), {}
        def data():
            return pu.load_planar_dataset()
    """
    loaded = load(write(tmp_path, source))
    assert loaded.module.forward_propagation(0.0, None) == (0.5, {})
    assert loaded.module.data()[0].shape == (2, 400)
    assert loaded.notes == [
        "left out 1 module-level statement: 1 import the functions do not use (testCases_v2)",
        "stand-ins for planar_utils (not found): load_planar_dataset, sigmoid",
    ]
    assert "planar_utils" not in sys.modules, "a stand-in went into sys.modules"


def test_a_name_without_stand_in_that_the_course_functions_need_is_a_loading_error(tmp_path):
    source = """
        from planar_utils import plot_decision_boundary, sigmoid
        def predict(parameters, X):
            plot_decision_boundary(None, X, None)
    """
    with pytest.raises(
        LoadError,
        match=r"line 2: predict need plot_decision_boundary from planar_utils \(not found\), and the suite has no "
        r"stand-in for it: put planar_utils.py next to the file",
    ):
        load(write(tmp_path, source))


def test_a_missing_name_in_another_function_is_a_note(tmp_path):
    source = """
        from planar_utils import plot_decision_boundary, sigmoid
        def predict(parameters, X):
            return sigmoid(X)
        def show(parameters, X, Y):
            plot_decision_boundary(lambda x: predict(parameters, x.T), X, Y)
    """
    loaded = load(write(tmp_path, source))
    assert loaded.notes == [
        "stand-ins for planar_utils (not found): sigmoid",
        "no stand-in for plot_decision_boundary of planar_utils (not found): show will fail if called",
    ]


def test_the_course_test_cases_have_their_values(tmp_path):
    loaded = load(
        write(tmp_path, "from testCases_v2 import *\ndef layer_sizes(X, Y):\n    return layer_sizes_test_case()\n")
    )
    X, Y = loaded.module.layer_sizes(None, None)
    assert (X.shape, Y.shape, loaded.notes) == (
        (5, 3),
        (2, 3),
        ["stand-ins for testCases_v2 (not found): layer_sizes_test_case"],
    )


@pytest.mark.parametrize("fixture", ["course_style.py", "extended.py"])
def test_the_suites_own_fixtures_load_whole(fixture):
    """A plain module loses nothing: every public name of the plain import is there (ACTIVATIONS included)."""
    import runpy

    plain = {name for name in runpy.run_path(str(IMPLS / fixture)) if not name.startswith("_")}
    loaded = load(str(IMPLS / fixture))
    assert plain <= set(vars(loaded.module)), f"lost: {sorted(plain - set(vars(loaded.module)))}"
    assert loaded.notes == [] and loaded.missing == [] and loaded.problems == {}


def test_a_package_module_is_imported_as_python_imports_it():
    loaded = load("shallow_proofs.reference")
    import shallow_proofs.reference

    assert loaded.module is shallow_proofs.reference
    assert (loaded.path, loaded.notes, loaded.missing) == (None, [], [])


def test_a_bare_name_finds_the_notebook_in_the_working_folder(tmp_path, monkeypatch):
    notebook = Path(__file__).parent / "learners" / "notebook_W3A1.ipynb"
    (tmp_path / "C1W3_Assignment.ipynb").write_bytes(notebook.read_bytes())
    monkeypatch.chdir(tmp_path)
    loaded = load("C1W3_Assignment")
    assert loaded.notes[0] == f"loaded {tmp_path / 'C1W3_Assignment.ipynb'}: there is no module named 'C1W3_Assignment'"
    assert loaded.missing == []


def test_a_bare_name_that_names_nothing_says_where_it_looked(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(LoadError, match=rf"no module named 'C1W3', and no C1W3.py or C1W3.ipynb in {tmp_path}"):
        load("C1W3")


def test_no_such_file(tmp_path):
    with pytest.raises(LoadError, match=r"--impl '.*nothing.ipynb': no such file"):
        load(str(tmp_path / "nothing.ipynb"))


def test_not_a_notebook(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text("{ not json")
    with pytest.raises(LoadError, match=r"broken.ipynb is not a Jupyter notebook nbformat can read"):
        load(str(path))


def test_mapping_names_a_course_function_and_a_function_of_the_file(tmp_path):
    path = write(tmp_path, "def neural_model(X, Y, n_h):\n    return {}\n")
    with pytest.raises(LoadError, match=r"--map nn_mdl=neural_model: 'nn_mdl' is not one of the course's functions"):
        load(path, mapping={"nn_mdl": "neural_model"})
    with pytest.raises(LoadError, match=r"defines no function 'neural_modle' \(its functions: neural_model\)"):
        load(path, mapping={"nn_model": "neural_modle"})


def test_similar_name_or_same_parameters_suggest_a_function(tmp_path):
    source = """
        def forward_prop(X, params):
            pass
        def backprop(parameters, cache, X, Y):
            pass
        def unrelated(a):
            pass
    """
    loaded = load(write(tmp_path, source))
    assert [str(s).partition(" (test it")[0] for s in loaded.suggestions] == [
        "forward_propagation is missing; forward_prop(X, params) has a similar name",
        "backward_propagation is missing; backprop(parameters, cache, X, Y) has the same parameters and a similar name",
    ]
    assert loaded.missing == list(COURSE_NAMES)


def test_misspelled_parameters_are_named(tmp_path):
    loaded = load(write(tmp_path, "def nn_model(X, Y, n_h, num_iteration=10000, print_cost=False):\n    pass\n"))
    assert loaded.problems == {
        "nn_model": [
            "nn_model(X, Y, n_h, num_iteration, print_cost): the course's parameters are "
            "nn_model(X, Y, n_h, num_iterations, print_cost); num_iteration is not num_iterations"
        ]
    }


def test_a_function_in_another_file_next_to_it_is_pointed_to(tmp_path):
    write(tmp_path, "import numpy as np\n\ndef predict(parameters, X):\n    return X\n", "prediction.py")
    loaded = load(write(tmp_path, "def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False):\n    pass\n"))
    assert [str(s) for s in loaded.suggestions if s.missing == "predict"] == [
        "predict is missing; prediction.py next to the file defines predict(parameters, X): import it in the file "
        "(from prediction import predict)"
    ]
    (tmp_path / "another_learner.py").write_text((IMPLS / "course_style.py").read_text())
    assert not [s for s in load(str(tmp_path / "solution.py")).suggestions if s.module == "another_learner"]


def test_a_bad_mapping_changes_nothing(tmp_path):
    path = write(tmp_path, "def neural_model(X, Y, n_h):\n    return {}\n")
    before = list(sys.path)
    with pytest.raises(LoadError):
        load(path, mapping={"nn_model": "neural_modle"})
    assert sys.path == before
    assert not [name for name in sys.modules if name.startswith(PREFIX)]


def test_a_module_whose_import_fails_is_a_loading_error(tmp_path, monkeypatch):
    (tmp_path / "mine_broken").mkdir()
    (tmp_path / "mine_broken" / "__init__.py").write_text("raise RuntimeError('half written')\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(LoadError, match=r"importing mine_broken raised RuntimeError: half written"):
        load("mine_broken")
