"""The PNGs of a training run: the training curves, and input / true mask / predicted mask for a few images."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from assignments.common.plots import pyplot, save_figure
from assignments.unet_segmentation.classes import class_name, colorize, palette


def save_training_curves(path: str | os.PathLike, history: Mapping[str, Sequence[float]]) -> Path:
    """Three panels (loss, pixel accuracy, mean IoU), training and validation, one point per epoch."""
    figure, axes = pyplot().subplots(1, 3, figsize=(13, 3.8))
    for axis, (metric, title) in zip(axes, (("loss", "loss"), ("accuracy", "pixel accuracy"), ("mean_iou", "mean IoU"))):
        for prefix, label in (("", "training"), ("val_", "validation")):
            values = np.asarray(history.get(prefix + metric, []), dtype=float)
            if values.size:
                axis.plot(np.arange(1, values.size + 1), values, marker="o", markersize=3, label=label)
        axis.set_title(f"U-Net {title}")
        axis.set_xlabel("epoch")
        axis.grid(alpha=0.3)
        axis.legend()
    return save_figure(figure, path)


def save_prediction_grid(
    path: str | os.PathLike, images: np.ndarray, true_masks: np.ndarray, predicted_masks: np.ndarray, n_classes: int
) -> Path:
    """One row per image: input, true mask, predicted mask; a legend of the classes shown, in fixed colours.

    Args:
        images: (n, h, w, 3) floats in [0, 1].
        true_masks, predicted_masks: (n, h, w) or (n, h, w, 1) class ids.
    """
    from matplotlib.patches import Patch

    count = len(images)
    figure, axes = pyplot().subplots(count, 3, figsize=(10, 2.6 * count + 0.8), squeeze=False)
    for row in range(count):
        panels = (images[row], colorize(true_masks[row], n_classes), colorize(predicted_masks[row], n_classes))
        for column, (panel, title) in enumerate(zip(panels, ("input image", "true mask", "predicted mask"))):
            axes[row, column].imshow(np.clip(panel, 0, 1) if panel.dtype != np.uint8 else panel)
            axes[row, column].set_axis_off()
            if row == 0:
                axes[row, column].set_title(title)
    shown = np.union1d(np.unique(np.asarray(true_masks)), np.unique(np.asarray(predicted_masks))).astype(int)
    colors = palette(max(n_classes, int(shown.max(initial=0)) + 1))
    handles = [Patch(facecolor=colors[index] / 255.0, edgecolor="black", label=f"{index} {class_name(index)}") for index in shown]
    figure.legend(handles=handles, loc="lower center", ncol=min(6, len(handles)), frameon=False)
    figure.tight_layout(rect=(0, 0.06 + 0.02 * (len(handles) // 6), 1, 1))
    return save_figure(figure, path)
