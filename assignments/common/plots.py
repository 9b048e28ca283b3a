"""PNG plots people would rather look at than numbers: training curves and confusion matrices.

matplotlib runs headless (Agg) and every figure is written atomically.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from assignments.common.files import atomic_path


def pyplot():
    """matplotlib.pyplot on the headless Agg backend (import it through here, never directly)."""
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot

    return matplotlib.pyplot


def _printable_text(figure) -> None:
    """A file name that is not UTF-8 (a Latin-1 `café.jpg`) reaches Python with surrogate escapes, which
    matplotlib's font code refuses: every title and label shows such a byte as U+FFFD instead."""
    import matplotlib.text

    for artist in figure.findobj(matplotlib.text.Text):
        text = artist.get_text()
        if any("\udc80" <= character <= "\udcff" for character in text):
            artist.set_text(text.encode("utf-8", "surrogateescape").decode("utf-8", "replace"))


def save_figure(figure, path: str | os.PathLike, dpi: int = 120) -> Path:
    """Saves a matplotlib figure as PNG atomically, then closes it."""
    target = Path(path)
    try:
        _printable_text(figure)
        with atomic_path(target) as temporary:
            figure.savefig(temporary, dpi=dpi, bbox_inches="tight", format="png")
    finally:
        pyplot().close(figure)
    return target


def save_curves(
    path: str | os.PathLike,
    series: Mapping[str, Sequence[float]],
    *,
    title: str,
    xlabel: str = "epoch",
    ylabel: str = "",
    x: Sequence[float] | None = None,
) -> Path:
    """Plots named curves that share an x axis (training/validation loss, accuracy, ...) into a PNG.

    Args:
        path: the PNG to write.
        series: name → values; empty series are skipped.
        title, xlabel, ylabel: labels.
        x: x values (default 1..n, which suits epochs).
    """
    figure, axes = pyplot().subplots(figsize=(7, 4.2))
    for name, values in series.items():
        values = np.asarray(values, dtype=float)
        if values.size == 0:
            continue
        xs = np.asarray(x, dtype=float)[: values.size] if x is not None else np.arange(1, values.size + 1)
        axes.plot(xs, values, label=name, marker="o" if values.size <= 30 else None, markersize=3)
    axes.set_title(title)
    axes.set_xlabel(xlabel)
    if ylabel:
        axes.set_ylabel(ylabel)
    axes.grid(alpha=0.3)
    if len(series) > 1:
        axes.legend()
    return save_figure(figure, path)


def save_confusion_matrix(
    path: str | os.PathLike, matrix: np.ndarray, class_names: Sequence[str], *, title: str = "Confusion matrix"
) -> Path:
    """Writes a confusion matrix (rows: true class, columns: predicted class) as an annotated PNG."""
    matrix = np.asarray(matrix)
    size = max(4.0, 0.6 * len(class_names) + 2.5)
    figure, axes = pyplot().subplots(figsize=(size, size))
    axes.imshow(matrix, cmap="Blues")
    ticks = np.arange(len(class_names))
    axes.set_xticks(ticks, labels=[str(name) for name in class_names], rotation=45, ha="right")
    axes.set_yticks(ticks, labels=[str(name) for name in class_names])
    axes.set_xlabel("predicted")
    axes.set_ylabel("true")
    axes.set_title(title)
    threshold = matrix.max() / 2 if matrix.size else 0
    for row in range(matrix.shape[0]):
        for column in range(matrix.shape[1]):
            axes.text(
                column,
                row,
                str(matrix[row, column]),
                ha="center",
                va="center",
                color="white" if matrix[row, column] > threshold else "black",
            )
    return save_figure(figure, path)
