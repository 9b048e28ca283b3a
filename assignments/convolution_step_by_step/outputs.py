"""The PNG sheet: the image, then one row per filter with its kernel, feature map and pooled maps."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assignments.common.plots import pyplot, save_figure


def _show(axes, image, title: str, cmap: str | None = "gray") -> None:
    # Grey maps are stretched between their 1st and 99th percentiles: a few strong edges would grey out the rest.
    low, high = (np.percentile(image, [1, 99]) if cmap else (None, None)) if image.size > 9 else (None, None)
    axes.imshow(image, cmap=cmap, interpolation="nearest", vmin=low, vmax=high if high != low else None)
    axes.set_title(title, fontsize=8)
    axes.set_xticks([])
    axes.set_yticks([])


def kernel_picture(kernel: np.ndarray, colour: bool) -> np.ndarray:
    """An (f, f, C) filter as a picture in [0, 1]: RGB for a colour (random) filter, else its grey kernel."""
    picture = kernel if colour and kernel.shape[-1] == 3 else kernel.sum(axis=-1)
    span = np.ptp(picture)
    # a flat kernel (blur) is mid-grey; its span is rounding only
    return (picture - picture.min()) / span if span > 1e-9 * np.abs(picture).max() else np.full(picture.shape, 0.5)


def save_sheet(path: Path, image, names, W, Z, pooled, caption: str) -> Path:
    """Writes the sheet.

    Args:
        image: (H, W, 3) in [0, 1], what the layer saw.
        names: the filters' names, one per channel of Z.
        W: (f, f, C, n_C) the filters.
        Z: (n_H, n_W, n_C) the feature maps.
        pooled: mode -> (n_H', n_W', n_C) pooled maps ("max", "average").
        caption: the layer settings and shapes, under the title.
    """
    plt = pyplot()
    rows, aspect = len(names) + 1, image.shape[0] / image.shape[1]
    row_height = min(4.0, max(1.2, 3.0 * aspect))
    figure, axes = plt.subplots(
        rows, 4, figsize=(11, 1.0 + row_height * rows), squeeze=False, gridspec_kw={"width_ratios": [0.6, 1, 1, 1]}
    )
    _show(axes[0, 0], np.clip(image, 0, 1), f"input {image.shape[0]}x{image.shape[1]}x{image.shape[2]}", cmap=None)
    for empty in axes[0, 1:]:
        empty.axis("off")
    # Kept out of tight_layout: the caption spans three empty columns, and would otherwise shrink every panel.
    axes[0, 1].text(0, 0.5, caption, fontsize=9, va="center", transform=axes[0, 1].transAxes).set_in_layout(False)
    for row, name in enumerate(names, start=1):
        _show(
            axes[row, 0],
            kernel_picture(W[:, :, :, row - 1], name == "random"),
            f"filter {row}: {name} ({W.shape[0]}x{W.shape[1]})",
        )
        _show(axes[row, 1], Z[:, :, row - 1], f"feature map {Z.shape[0]}x{Z.shape[1]}")
        for column, (mode, maps) in enumerate(pooled.items(), start=2):
            _show(axes[row, column], maps[:, :, row - 1], f"{mode} pool {maps.shape[0]}x{maps.shape[1]}")
    figure.suptitle("What a convolution layer and pooling do to the image", fontsize=11)
    figure.tight_layout()
    return save_figure(figure, path)
