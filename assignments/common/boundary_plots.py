"""Side-by-side pictures of 2-D classifiers, for the Course 1 and 2 weeks that compare methods on toy data.

- `save_boundaries`: one panel per method, its decision regions over the data points, the accuracy in the
  title; one PNG.
- `save_cost_curves`: the methods' cost curves side by side (one panel each: their scales differ a lot).
- `write_results_table`: the final accuracies as a CSV and as a Markdown table, atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from assignments.common.files import write_text_atomic
from assignments.common.plots import pyplot, save_figure

Predictor = Callable[[np.ndarray], np.ndarray]
"""(2, k) points -> (1, k) or (k,) class labels."""


def decision_grid(X: np.ndarray, limits: tuple[tuple[float, float], tuple[float, float]] | None, step: float = 0.01):
    """The grid the regions are coloured on: the data's extent plus a margin, or the given (x, y) limits."""
    if limits is None:
        (x_min, x_max), (y_min, y_max) = (X[0].min() - 1, X[0].max() + 1), (X[1].min() - 1, X[1].max() + 1)
    else:
        (x_min, x_max), (y_min, y_max) = limits
    # At most 400 x 400 points, whatever the extent: the picture needs no more.
    step = max(step, (x_max - x_min) / 400, (y_max - y_min) / 400)
    return np.meshgrid(np.arange(x_min, x_max, step), np.arange(y_min, y_max, step))


def save_boundaries(
    path: Path,
    panels: Sequence[tuple[str, Predictor]],
    X: np.ndarray,
    Y: np.ndarray,
    *,
    suptitle: str,
    limits: tuple[tuple[float, float], tuple[float, float]] | None = None,
) -> Path:
    """One decision-region panel per (title, predictor), all over the same points X (2, m), labels Y (1, m)."""
    plt = pyplot()
    columns = min(len(panels), 4)
    rows = -(-len(panels) // columns)
    figure, axes = plt.subplots(rows, columns, figsize=(4 * columns, 3.6 * rows), squeeze=False)
    from matplotlib.colors import ListedColormap

    point_colours = ListedColormap(["#b2182b", "#2166ac"])
    grid_x, grid_y = decision_grid(X, limits)
    points = np.c_[grid_x.ravel(), grid_y.ravel()].T  # (2, k)
    for axis, (title, predictor) in zip(axes.ravel(), panels, strict=False):
        regions = np.asarray(predictor(points), dtype=float).reshape(grid_x.shape)
        # Class 0 red, class 1 blue: light for the regions, strong for the points.
        axis.contourf(grid_x, grid_y, regions, levels=[-0.5, 0.5, 1.5], colors=["#f4a582", "#92c5de"])
        axis.scatter(X[0], X[1], c=Y.ravel(), cmap=point_colours, vmin=0, vmax=1, s=8, edgecolors="k", linewidths=0.3)
        axis.set_title(title, fontsize=9)
        axis.set_xticks([])
        axis.set_yticks([])
    for axis in axes.ravel()[len(panels) :]:
        axis.axis("off")
    figure.suptitle(suptitle, fontsize=10)
    return save_figure(figure, path)


def save_cost_curves(
    path: Path, curves: Sequence[tuple[str, Sequence[float], Sequence[float]]], *, xlabel: str, suptitle: str
) -> Path:
    """One panel per (title, x values, costs), side by side."""
    plt = pyplot()
    figure, axes = plt.subplots(1, len(curves), figsize=(4 * len(curves), 3.2), squeeze=False)
    for axis, (title, xs, costs) in zip(axes[0], curves, strict=True):
        axis.plot(xs, np.asarray(costs, dtype=float))
        axis.set_title(title, fontsize=9)
        axis.set_xlabel(xlabel)
        axis.grid(alpha=0.3)
    axes[0][0].set_ylabel("cost")
    figure.suptitle(suptitle, fontsize=10)
    return save_figure(figure, path)


def write_results_table(folder: Path, header: Sequence[str], rows: Sequence[Sequence]) -> list[Path]:
    """results.csv and results.md: the same rows, numbers with four decimals."""

    def text(value) -> str:
        return f"{value:.4f}" if isinstance(value, float) else str(value)

    csv_lines = [",".join(header)] + [",".join(text(value) for value in row) for row in rows]
    markdown = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    markdown += ["| " + " | ".join(text(value) for value in row) + " |" for row in rows]
    return [
        write_text_atomic(folder / "results.csv", "\n".join(csv_lines) + "\n"),
        write_text_atomic(folder / "results.md", "\n".join(markdown) + "\n"),
    ]
