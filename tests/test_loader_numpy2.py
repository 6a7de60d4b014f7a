"""numpy's removals named with their replacement: statically in the learner's functions, and from the errors they
raise (properties/numpy2.py). Only names the numpy in use lacks are reported: no false alarm on code that runs."""

from __future__ import annotations

import sys
import textwrap

import numpy as np
import pytest

from shallow_proofs.properties import numpy2
from shallow_proofs.properties.loader import PREFIX, LoadError, load

ABSENT = sorted(name for name in numpy2.REMOVED if numpy2.absent(name))


@pytest.fixture(autouse=True)
def isolated(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(sys, "path", list(sys.path))
    yield
    for name in [n for n in sys.modules if n.startswith(PREFIX)]:
        del sys.modules[name]


def write(tmp_path, source: str) -> str:
    path = tmp_path / "solution.py"
    path.write_text(textwrap.dedent(source))
    return str(path)


def test_the_issue_s_names_are_known():
    assert {"asscalar", "float", "int", "bool"} <= set(numpy2.REMOVED)
    assert numpy2.message("asscalar") == "np.asscalar was removed in numpy 1.23: write a.item()"
    assert numpy2.message("float") == "np.float was removed in numpy 1.24: write float (or np.float64)"


@pytest.mark.parametrize("name", ABSENT)
def test_a_removed_name_in_a_function_is_named_before_it_runs(tmp_path, name):
    loaded = load(write(tmp_path, f"import numpy as np\ndef compute_cost(A2, Y):\n    return np.{name}\n"))
    assert loaded.problems == {"compute_cost": [f"line 3: {numpy2.message(name)}"]}


@pytest.mark.filterwarnings("ignore::FutureWarning")  # numpy's own warning on the old aliases
@pytest.mark.parametrize("name", ABSENT)
def test_a_removed_name_s_error_is_explained(name):
    with pytest.raises(AttributeError) as error:
        getattr(np, name)
    assert numpy2.explain(error.value) == numpy2.message(name)


@pytest.mark.skipif(np.lib.NumpyVersion(np.__version__) < "2.0.0", reason="numpy 2 brought np.bool back")
def test_np_bool_and_np_long_are_numpy_2_names_again(tmp_path):
    source = "import numpy as np\ndef predict(parameters, X):\n    return X.astype(np.bool), np.long\n"
    assert load(write(tmp_path, source)).problems == {}


def test_names_numpy_has_and_other_modules_are_not_reported(tmp_path):
    source = """
        import numpy
        import math as np
        def compute_cost(A2, Y):
            return numpy.float64(numpy.prod(A2)), np.float, numpy.nan
    """
    assert load(write(tmp_path, source)).problems == {}


def test_import_numpy_under_its_own_name_is_followed(tmp_path):
    source = "import numpy\ndef compute_cost(A2, Y):\n    return numpy.asscalar(A2)\n"
    assert load(write(tmp_path, source)).problems == {"compute_cost": [f"line 3: {numpy2.message('asscalar')}"]}


def test_from_numpy_import_of_a_removed_name_is_a_loading_error_naming_it(tmp_path):
    source = "from numpy import asscalar\ndef compute_cost(A2, Y):\n    return asscalar(A2)\n"
    with pytest.raises(LoadError, match=r"line 1: compute_cost need asscalar from numpy: np.asscalar was removed"):
        load(write(tmp_path, source))


@pytest.mark.parametrize("convert", [float, int])
def test_float_of_an_array_with_dimensions_is_explained(convert):
    with pytest.raises(TypeError) as error:
        convert(np.ones((1, 1)))
    assert numpy2.explain(error.value) == numpy2.NOT_SCALAR
    assert "x.item()" in numpy2.NOT_SCALAR


def test_float_of_an_array_in_a_learner_s_function_names_the_function_and_line(tmp_path):
    source = """
        import numpy as np
        def compute_cost(A2, Y):
            cost = -np.sum(Y * np.log(A2), axis=1, keepdims=True)
            return float(cost)
    """
    loaded = load(write(tmp_path, source))
    with pytest.raises(TypeError) as error:
        loaded.module.compute_cost(np.full((1, 2), 0.5), np.ones((1, 2)))
    assert loaded.explain(error.value) == f"compute_cost (line 5): {numpy2.NOT_SCALAR}"


def test_other_errors_are_not_explained():
    assert numpy2.explain(ValueError("only 0-dimensional arrays can be converted")) is None
    assert numpy2.explain(AttributeError("module 'numpy' has no attribute 'flaot'")) is None
    assert numpy2.explain(TypeError("unsupported operand")) is None
