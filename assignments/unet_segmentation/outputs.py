"""The files the U-Net week writes: a training run's curves, predictions and history; predict's masks and CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import numpy as np

from assignments.common.files import write_text_atomic
from assignments.common.images import save_image
from assignments.unet_segmentation.classes import class_name, colorize
from assignments.unet_segmentation.figures import save_prediction_grid, save_training_curves
from assignments.unet_segmentation.predict import class_fractions, overlay
from assignments.unet_segmentation.training import BEST_MODEL


def history_csv(history: dict[str, list[float]]) -> str:
    """history.csv's text: one row per epoch, one column per metric."""
    names = sorted(history)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["epoch", *names])
    for epoch in range(max((len(values) for values in history.values()), default=0)):
        writer.writerow([epoch + 1, *(f"{history[name][epoch]:.6f}" if epoch < len(history[name]) else "" for name in names)])
    return buffer.getvalue()


def write_run_outputs(output: Path, model, validation_dataset, history: dict, settings) -> list[Path]:
    """training_curves.png, predictions.png (the first --examples validation images) and history.csv."""
    examples = validation_dataset.unbatch().take(settings.examples).batch(settings.examples)
    images, true_masks = next(iter(examples))
    # A plain call: under MirroredStrategy, predict_on_batch returns one copy of the batch per replica (Keras 3.15).
    predicted = np.argmax(model(images, training=False), axis=-1)
    return [
        output / BEST_MODEL,
        save_training_curves(output / "training_curves.png", history),
        save_prediction_grid(output / "predictions.png", images.numpy(), true_masks.numpy(), predicted, settings.n_classes),
        write_text_atomic(output / "history.csv", history_csv(history)),
    ]


def output_names(files: list[Path]) -> list[str]:
    """A distinct output stem per input file: the file's stem, with its suffix added where stems collide."""
    stems = [file.stem for file in files]
    return [f"{file.stem}_{file.suffix.lstrip('.')}" if stems.count(file.stem) > 1 else file.stem for file in files]


def write_prediction(output: Path, name: str, image, ids: np.ndarray, n_classes: int) -> tuple[np.ndarray, list[Path]]:
    """`<name>_mask.png` and `<name>_overlay.png` for one image; returns (its class fractions, the files)."""
    colors = colorize(ids, n_classes)
    written = [
        save_image(colors, output / f"{name}_mask.png"),
        save_image(overlay(image, colors), output / f"{name}_overlay.png"),
    ]
    return class_fractions(ids, n_classes), written


def write_class_fractions(path: Path, rows: list[list[str]], n_classes: int) -> Path:
    """class_fractions.csv: one row per image, one column per class."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["image", *(class_name(index) for index in range(n_classes))])
    writer.writerows(rows)
    return write_text_atomic(path, buffer.getvalue())
