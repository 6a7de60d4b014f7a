"""IPython's syntax in notebook cells becomes the calls IPython makes (properties/notebook.py), line by line."""

from __future__ import annotations

from pathlib import Path

import pytest

from shallow_proofs.properties import notebook

NOTEBOOK = Path(__file__).parent / "learners" / "notebook_W3A1.ipynb"


@pytest.mark.parametrize(
    ("cell", "python"),
    [
        ("%matplotlib inline", "get_ipython().run_line_magic('matplotlib', 'inline')"),
        ("%load_ext autoreload", "get_ipython().run_line_magic('load_ext', 'autoreload')"),
        ("!pip install -q scikit-learn", "get_ipython().system('pip install -q scikit-learn')"),
        ("files = 1\n!!ls -l", "files = 1\nget_ipython().getoutput('ls -l')"),
        ("if True:\n    %time f()", "if True:\n    get_ipython().run_line_magic('time', 'f()')"),
        ("%%writefile a.py\nx = 1", "get_ipython().run_cell_magic('writefile', 'a.py', 'x = 1')"),
        ("%%time\ndef f():\n    pass", "get_ipython().run_cell_magic('time', '', '')\ndef f():\n    pass"),
        ('s = """\n%d of the examples\n"""', 's = """\n%d of the examples\n"""'),
    ],
)
def test_transform(cell, python):
    assert notebook.transform(cell) == python


def test_read_keeps_code_cells_numbered_and_drops_markdown():
    script = notebook.read(NOTEBOOK)
    assert script.text.startswith("# cell 2\n# Package imports\nimport numpy as np\n")
    assert "$$" not in script.text, "a markdown cell reached the script"
    assert "# cell 1\n" not in script.text and "# cell 5\n" not in script.text
    line = script.text.splitlines().index("def forward_propagation(X, parameters):") + 1
    assert script.cell_of(line) == 10
    assert script.notes == ["left out cell 11: it is not valid Python (line 1: invalid syntax: np.dot?)"]
