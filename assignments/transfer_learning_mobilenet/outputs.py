"""The week's PNGs and CSV: augmentation preview, both phases' curves, predictions with their provenance."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image

from assignments.common.csvfiles import write_csv
from assignments.common.images import draw_banner, draw_caption, save_image, side_by_side
from assignments.common.plots import pyplot, save_figure
from assignments.common.provenance import Provenance


def save_augmentation_preview(path: Path, image: np.ndarray, augmented: Sequence[np.ndarray], caption: str) -> Path:
    """The original and its augmented versions in a 3 x 3 grid, as the notebook shows them."""
    plt = pyplot()
    figure, axes = plt.subplots(3, 3, figsize=(7, 7.4))
    for index, (axis, picture) in enumerate(zip(axes.flat, [image, *augmented])):
        axis.imshow(np.clip(picture, 0, 255).astype(np.uint8))
        axis.set_title("original" if index == 0 else f"augmented {index}", fontsize=8)
        axis.axis("off")
    figure.suptitle("data_augmenter(): random horizontal flips and rotations (training only)", fontsize=10)
    figure.text(0.5, 0.01, caption, ha="center", fontsize=7, wrap=True)
    return save_figure(figure, path)


def save_training_curves(path: Path, history: dict, fine_tune_from: int | None, caption: str) -> Path:
    """Accuracy and loss of both phases in one plot, a line where fine-tuning starts (the notebook's figure).

    Args:
        history: "accuracy", "val_accuracy", "loss", "val_loss" -> one value per epoch, both phases.
        fine_tune_from: the number of epochs before fine-tuning started, or None without fine-tuning.
    """
    plt = pyplot()
    figure, (top, bottom) = plt.subplots(2, 1, figsize=(8, 8), sharex=True)
    epochs = np.arange(1, len(history["loss"]) + 1)
    for axis, (name, label) in ((top, ("accuracy", "Accuracy")), (bottom, ("loss", "Cross entropy"))):
        axis.plot(epochs, history[name], marker="o", markersize=3, label=f"Training {label.lower()}")
        axis.plot(epochs, history[f"val_{name}"], marker="o", markersize=3, label=f"Validation {label.lower()}")
        if fine_tune_from is not None:
            axis.axvline(fine_tune_from + 0.5, color="grey", linestyle="--", label="Start fine-tuning")
        axis.set_ylabel(label)
        axis.grid(alpha=0.3)
        axis.legend(loc="best", fontsize=8)
    top.set_ylim(0, 1.02)
    top.set_title("Training and validation: frozen base, then fine-tuning")
    bottom.set_xlabel("epoch")
    figure.text(0.5, 0.005, caption, ha="center", fontsize=7, wrap=True)
    return save_figure(figure, path)


def write_predictions(output: Path, rows: list[tuple[Path, str, float, Image.Image]], provenance: Provenance) -> list[Path]:
    """predictions.csv (file, class, probability, model) and predictions.png (each photo captioned).

    Args:
        rows: (file, predicted class, its probability, the photo as the model saw it).
    """
    summary = provenance.summary()
    csv_file = write_csv(
        output / "predictions.csv",
        ["file", "class", "probability", "model"],
        [(str(file), label, round(probability, 4), summary) for file, label, probability, _ in rows],
        comments=[f"model: {summary}"],
    )
    pictures = []
    for file, label, probability, picture in rows:
        tile = picture.resize((224, 224))
        if provenance.needs_warning:
            draw_banner(tile, provenance.label())
        pictures.append(draw_caption(tile, f"{file.name}: {label} {probability:.2f}"))
    rows_of_photos = [
        side_by_side(pictures[start : start + 5], height=pictures[0].height) for start in range(0, len(pictures), 5)
    ]
    grid = Image.new("RGB", (max(row.width for row in rows_of_photos), sum(row.height for row in rows_of_photos)), "white")
    for index, row in enumerate(rows_of_photos):
        grid.paste(row, (0, sum(previous.height for previous in rows_of_photos[:index])))
    sheet = draw_caption(grid, summary, warn=provenance.needs_warning)
    return [csv_file, save_image(sheet, output / "predictions.png")]
