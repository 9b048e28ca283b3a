"""The files the U-Net week writes: a training run's curves, predictions and history; predict's masks and CSV.

Every picture a model made carries its provenance in a caption below it (`common/images.draw_caption`), and
class_fractions.csv in its first line; CSV cells from file names are neutralised (`common/csvfiles`).
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

import numpy as np
from PIL import Image

from assignments.common.csvfiles import write_csv
from assignments.common.images import draw_caption, save_image
from assignments.common.provenance import Provenance
from assignments.unet_segmentation.classes import class_name, colorize
from assignments.unet_segmentation.figures import save_prediction_grid, save_training_curves
from assignments.unet_segmentation.predict import class_fractions, overlay
from assignments.unet_segmentation.training import BEST_MODEL

# The longest output name predict adds to an image's stem; the stem is shortened when the whole would not fit.
LONGEST_ENDING = "_overlay.png"
NAME_MAX = 255  # bytes in one file name on Linux, macOS and Windows file systems


def write_history(path: Path, history: dict[str, list[float]]) -> Path:
    """history.csv: one row per epoch, one column per metric."""
    names = sorted(history)
    rows = [
        [epoch + 1, *(f"{history[name][epoch]:.6f}" if epoch < len(history[name]) else "" for name in names)]
        for epoch in range(max((len(values) for values in history.values()), default=0))
    ]
    return write_csv(path, ["epoch", *names], rows)


def write_run_outputs(output: Path, model, validation_dataset, history: dict, settings, provenance: Provenance) -> list[Path]:
    """training_curves.png, predictions.png (the first --examples validation images, captioned) and history.csv."""
    examples = validation_dataset.unbatch().take(settings.examples).batch(settings.examples)
    images, true_masks = next(iter(examples))
    # A plain call: under MirroredStrategy, predict_on_batch returns one copy of the batch per replica (Keras 3.15).
    predicted = np.argmax(model(images, training=False), axis=-1)
    grid = save_prediction_grid(output / "predictions.png", images.numpy(), true_masks.numpy(), predicted, settings.n_classes)
    with Image.open(grid) as picture:
        captioned = draw_caption(picture, provenance.summary(), warn=provenance.needs_warning)
    return [
        output / BEST_MODEL,
        save_training_curves(output / "training_curves.png", history),
        save_image(captioned, grid),
        write_history(output / "history.csv", history),
    ]


def fitting_stem(stem: str) -> str:
    """`stem`, cut and given a short hash of itself when `<stem>_overlay.png` would be longer than a file name may be."""
    room = NAME_MAX - len(LONGEST_ENDING)
    encoded = os.fsencode(stem)
    if len(encoded) <= room:
        return stem
    digest = hashlib.sha1(encoded).hexdigest()[:8]
    return _cut(encoded, room - 9) + "~" + digest


def _cut(encoded: bytes, limit: int) -> str:
    """The longest prefix of `encoded` of at most `limit` bytes that ends on a whole character."""
    text = os.fsdecode(encoded[:limit])
    # A character cut in the middle decodes to escaped single bytes at the end: drop them.
    while text and "\udc80" <= text[-1] <= "\udcff":
        text = text[:-1]
    return text


def output_names(files: list[Path]) -> list[str]:
    """A distinct output stem per input file: the file's stem, with its suffix added where stems collide, and
    shortened where the output's name would not fit the file system."""
    stems = [file.stem for file in files]
    chosen = [f"{file.stem}_{file.suffix.lstrip('.')}" if stems.count(file.stem) > 1 else file.stem for file in files]
    return [fitting_stem(stem) for stem in chosen]


def write_prediction(folder: Path, name: str, image, ids: np.ndarray, n_classes: int, provenance: Provenance) -> np.ndarray:
    """`<name>_mask.png` (class colours, the image's size) and `<name>_overlay.png` (captioned with the model's
    provenance) for one image; returns its class fractions."""
    colors = colorize(ids, n_classes)
    save_image(colors, folder / f"{name}_mask.png")
    blended = Image.fromarray(overlay(image, colors))
    save_image(draw_caption(blended, provenance.summary(), warn=provenance.needs_warning), folder / f"{name}_overlay.png")
    return class_fractions(ids, n_classes)


def write_class_fractions(path: Path, rows: list[list[str]], n_classes: int, provenance: Provenance) -> Path:
    """class_fractions.csv: `# model: <provenance>`, then one row per image, one column per class."""
    header = ["image", *(class_name(index) for index in range(n_classes))]
    return write_csv(path, header, rows, comments=[f"model: {provenance.summary()}"])
