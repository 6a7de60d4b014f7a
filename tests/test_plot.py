"""The picture of a training run (reference/plot.py): what it shows, read back from the figure it draws.

The paths it accepts and refuses are tested through the command line (tests/test_cli.py).
"""

from __future__ import annotations

import sys

import numpy as np
import pytest

from shallow_proofs.reference import network, plot

pytest.importorskip("matplotlib")


@pytest.fixture
def drawn(tmp_path, monkeypatch):
    """(the figure training_run drew, X, Y, parameters, costs, the file): plt.close is watched to catch the figure."""
    import matplotlib.pyplot as plt

    figures = []
    close = plt.close
    monkeypatch.setattr(plt, "close", lambda figure: (figures.append(figure), close(figure)))
    rng = np.random.default_rng(3)
    X = rng.normal(size=(2, 30)) * [[2.0], [0.5]] + [[1.0], [-3.0]]
    Y = (X[0:1] > 1.0).astype(int)
    parameters = network.initialize(2, 3, 1, scale=1.0, rng=rng)
    costs = np.array([0.69, 0.5, 0.41, 0.4])
    path = tmp_path / "run.svg"
    plot.training_run(path, X, Y, parameters, costs, title="the title")
    [figure] = figures
    return figure, X, Y, parameters, costs, path


def test_the_boundary_panel_spans_the_points_with_a_margin_of_one(drawn):
    figure, X, *_ = drawn
    boundary, _ = figure.axes
    assert boundary.get_xlim() == pytest.approx((X[0].min() - 1.0, X[0].max() + 1.0), rel=1e-12), "x1 range"
    assert boundary.get_ylim() == pytest.approx((X[1].min() - 1.0, X[1].max() + 1.0), rel=1e-12), "x2 range"


def test_the_boundary_separates_the_two_predictions_at_one_half(drawn):
    from matplotlib.contour import ContourSet

    figure, *_ = drawn
    [region] = [child for child in figure.axes[0].get_children() if isinstance(child, ContourSet)]
    assert list(region.levels) == [-0.5, 0.5, 1.5], "one band for prediction 0 (False), one for 1 (True)"


def test_the_points_are_drawn_where_they_are_coloured_by_their_label(drawn):
    from matplotlib.collections import PathCollection

    figure, X, Y, *_ = drawn
    [points] = [child for child in figure.axes[0].get_children() if isinstance(child, PathCollection)]
    np.testing.assert_array_equal(points.get_offsets(), X.T, err_msg="a point per column of X, at (x1, x2)")
    np.testing.assert_array_equal(points.get_array(), Y.ravel(), err_msg="the colour of a point is its label")


def test_the_cost_panel_plots_J_against_the_iteration(drawn):
    figure, *_, costs, _ = drawn
    [line] = figure.axes[1].get_lines()
    np.testing.assert_array_equal(line.get_xdata(), np.arange(costs.size), err_msg="iterations 0, 1, ...")
    np.testing.assert_array_equal(line.get_ydata(), costs, err_msg="J per iteration")


def test_the_title_and_the_file(drawn):
    figure, *_, path = drawn
    assert figure.get_suptitle() == "the title"
    assert path.read_text().lstrip().startswith("<?xml"), "an .svg name writes SVG"


def test_without_matplotlib_there_is_no_picture(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert plot.have_matplotlib() is False


def test_an_existing_file_open_for_writing_is_taken(tmp_path):
    path = tmp_path / "run.png"
    path.write_bytes(b"an older picture")
    assert plot.output_path(path) == path, "a file that exists is overwritten, if it can be written"


def test_the_activation_and_the_title_are_keyword_only(tmp_path):
    X, Y = np.zeros((2, 3)), np.zeros((1, 3))
    parameters = network.initialize(2, 3, 1, rng=np.random.default_rng(0))
    with pytest.raises(TypeError):
        plot.training_run(tmp_path / "run.png", X, Y, parameters, np.ones(2), "relu")  # type: ignore[misc]
    assert not (tmp_path / "run.png").exists()


def test_the_picture_is_11_by_4_8_inches_at_110_dpi(tmp_path, drawn):
    """The format of the docstring: two panels side by side, the cost panel 1.15 times as wide, 1210 x 528 pixels."""
    figure, X, Y, parameters, costs, _ = drawn
    assert tuple(figure.get_size_inches()) == (11.0, 4.8)
    boundary, curve = (axes.get_position().width for axes in figure.axes)
    assert curve / boundary == pytest.approx(1.15, rel=1e-12), "width ratios 1 : 1.15"
    path = tmp_path / "run.png"
    plot.training_run(path, X, Y, parameters, costs)
    header = path.read_bytes()[16:24]
    size = (int.from_bytes(header[:4], "big"), int.from_bytes(header[4:], "big"))
    assert size == (1210, 528), f"PNG of {size[0]} x {size[1]} pixels"


def test_the_points_are_markers_of_14_with_edges_of_0_3(drawn):
    from matplotlib.collections import PathCollection

    figure, *_ = drawn
    [points] = [child for child in figure.axes[0].get_children() if isinstance(child, PathCollection)]
    assert list(points.get_sizes()) == [14.0] and list(points.get_linewidths()) == [0.3]


def test_the_region_is_predicted_on_a_300_by_300_grid_over_the_panel(tmp_path, monkeypatch):
    X = np.array([[0.0, 2.0, 1.0], [-1.0, 3.0, 0.5]])
    parameters = network.initialize(2, 3, 1, rng=np.random.default_rng(0))
    grids = []
    predict = network.predict
    monkeypatch.setattr(plot.network, "predict", lambda P, grid, activation: grids.append(grid) or predict(P, grid))
    plot.training_run(tmp_path / "run.svg", X, np.array([[0, 1, 1]]), parameters, np.ones(2))
    [grid] = grids
    assert grid.shape == (2, 300 * 300), f"grid of {grid.shape[1]} points"
    x1, x2 = grid.reshape(2, 300, 300)
    np.testing.assert_array_equal(x1[0], np.linspace(-1.0, 3.0, 300), err_msg="x1: 300 points from min - 1 to max + 1")
    np.testing.assert_array_equal(
        x2[:, 0], np.linspace(-2.0, 4.0, 300), err_msg="x2: 300 points from min - 1 to max + 1"
    )
