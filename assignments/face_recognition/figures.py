"""PNG panels of the results: each query photo with the name and distance the database gave it."""

from __future__ import annotations

import math
import os
from pathlib import Path
from typing import Sequence

from assignments.common.images import load_rgb_image
from assignments.common.plots import pyplot, save_figure

MAX_PANELS = 36


def save_panels(path: str | os.PathLike, panels: Sequence[tuple[str | os.PathLike, str]], title: str) -> Path:
    """A grid of photos with a caption under each (at most 36; the CSV has every row).

    Args:
        path: the PNG to write.
        panels: (image file, caption) pairs.
        title: the figure's title.
    """
    shown = list(panels)[:MAX_PANELS]
    columns = min(6, max(1, len(shown)))
    rows = max(1, math.ceil(len(shown) / columns))
    figure, axes_grid = pyplot().subplots(rows, columns, figsize=(2.2 * columns, 2.5 * rows + 0.4), squeeze=False)
    for axes in axes_grid.flat:
        axes.axis("off")
    for axes, (image_path, caption) in zip(axes_grid.flat, shown):
        axes.imshow(load_rgb_image(image_path))
        axes.set_title(caption, fontsize=8)
    figure.suptitle(title, fontsize=10)
    return save_figure(figure, path)
