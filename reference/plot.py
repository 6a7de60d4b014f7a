"""The picture of a training run: the decision boundary over the training points, and the cost curve J per iteration.

Needs matplotlib (the ``plot`` extra), imported only when a picture is asked for.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from shallow_proofs.reference import network

Array = NDArray[np.float64]


def have_matplotlib() -> bool:
    """Whether matplotlib can be imported."""
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        return False
    return True


def formats() -> list[str]:
    """The file extensions matplotlib can write (its canvases' supported file types)."""
    from matplotlib.backend_bases import FigureCanvasBase

    return sorted(FigureCanvasBase.get_supported_filetypes())


def output_path(path: str | Path, name: str = "path") -> Path:
    """The file that :func:`training_run` will write, checked before any work: a name without an extension gets
    matplotlib's default .png (so the name returned is the name written), the extension must be one of
    :func:`formats`, and the folder must exist and take a new file. ``name`` is the argument named in the errors.
    """
    target = Path(path)
    if target.is_dir():
        raise ValueError(f"{name} must name a file, such as run.png; got {str(path)!r}, which is a folder")
    if not target.suffix:
        target = target.with_name(target.name + ".png")
    if target.suffix[1:].lower() not in formats():
        extensions = ", ".join(f".{ext}" for ext in formats())
        raise ValueError(f"{name} must end in one of matplotlib's formats ({extensions}); got {str(path)!r}")
    folder = target.parent
    if not folder.is_dir():
        raise ValueError(
            f"{name} must be in an existing folder; got {str(path)!r}, and {str(folder)!r} is not a folder"
        )
    try:
        with tempfile.TemporaryFile(dir=folder):
            pass
    except OSError as error:
        raise ValueError(f"{name} must be in a folder open for writing; got {str(path)!r}: {error.strerror}") from None
    if target.exists() and not os.access(target, os.W_OK):
        raise ValueError(f"{name} must be a file open for writing; got {str(path)!r}, which is read-only")
    return target


def training_run(
    path: str | Path,
    X: Array,
    Y: NDArray[np.generic],
    parameters: Mapping[str, Array],
    costs: Array,
    *,
    activation: str = "tanh",
    title: str = "",
) -> None:
    """Write the picture (format from the extension): the region where A2 > 0.5 with the points of X coloured by Y,
    and J against the iteration. 11 x 4.8 inches at 110 dpi, the cost panel 1.15 times as wide as the other; the
    region predicted on a 300 x 300 grid, one unit beyond the points on each side; markers of size 14, edges 0.3."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    (x_min, y_min), (x_max, y_max) = X.min(axis=1) - 1.0, X.max(axis=1) + 1.0
    xx, yy = np.meshgrid(np.linspace(x_min, x_max, 300), np.linspace(y_min, y_max, 300))
    grid = np.vstack([xx.ravel(), yy.ravel()])
    region = network.predict(parameters, grid, activation).reshape(xx.shape)

    figure, (boundary, curve) = plt.subplots(1, 2, figsize=(11, 4.8), width_ratios=(1, 1.15))
    boundary.contourf(xx, yy, region, levels=[-0.5, 0.5, 1.5], cmap=plt.cm.Spectral, alpha=0.8)
    boundary.scatter(X[0], X[1], c=Y.ravel(), s=14, cmap=plt.cm.Spectral, edgecolors="k", linewidths=0.3)
    boundary.set(xlabel="$x_1$", ylabel="$x_2$", title="decision boundary $A^{[2]} > 0.5$")
    curve.plot(np.arange(costs.size), costs)
    curve.set(xlabel="iteration", ylabel="cost $J$", title="cost during gradient descent")
    curve.grid(alpha=0.3)
    figure.suptitle(title)
    figure.tight_layout()
    figure.savefig(path, dpi=110, format=Path(path).suffix[1:].lower() or None)
    plt.close(figure)
