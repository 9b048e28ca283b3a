"""What the commands turn a model's answers into: classes, confusion matrices, the prediction sheet, and the
JSON beside a saved model that names its classes."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from assignments.common.classification.imageset import IMAGE_SIZE
from assignments.common.errors import UserError
from assignments.common.files import write_text_atomic
from assignments.common.images import draw_banner, image_to_array, list_images, load_rgb_image, save_image


def predicted_classes(probabilities: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(class index, its probability) per row; a one-unit sigmoid output means classes 0 and 1."""
    probabilities = np.asarray(probabilities)
    if probabilities.shape[-1] == 1:
        positive = probabilities[:, 0]
        classes = (positive >= 0.5).astype(np.int64)
        return classes, np.where(classes == 1, positive, 1.0 - positive)
    classes = probabilities.argmax(axis=-1)
    return classes, probabilities[np.arange(len(classes)), classes]


def confusion_matrix(labels: np.ndarray, predictions: np.ndarray, classes: int) -> np.ndarray:
    """Counts (classes, classes): rows are the true class, columns the predicted one."""
    matrix = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(matrix, (labels, predictions), 1)
    return matrix


def metadata_path(model_file: Path) -> Path:
    """The JSON beside a saved model that records its class names and input size."""
    return model_file.with_name(model_file.stem + ".classes.json")


def write_metadata(model_file: Path, metadata: dict) -> Path:
    return write_text_atomic(metadata_path(model_file), json.dumps(metadata, indent=2) + "\n")


def read_metadata(model_file: Path) -> dict | None:
    """The JSON `write_metadata` wrote beside `model_file`, or None when there is none."""
    path = metadata_path(model_file)
    if not path.is_file():
        return None
    try:
        metadata = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(metadata, dict) or not isinstance(metadata["class_names"], list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise UserError(f"'{path}' is damaged: delete it (classes are then shown as numbers) or re-train.") from None
    return metadata


def load_inputs(paths: tuple[Path, ...]) -> tuple[list[Path], np.ndarray]:
    """Every image of `paths` (image files or folders of images), resized to 64x64 as folder datasets are,
    as uint8 (m, 64, 64, 3)."""
    files = [file for path in paths for file in list_images(path)]
    return files, np.stack([image_to_array(load_rgb_image(file), size=IMAGE_SIZE, scale=False) for file in files])


def save_prediction_sheet(path: Path, images: np.ndarray, labels: list[str], banner: str | None = None) -> Path:
    """A PNG grid of the inputs (as the model saw them, enlarged) with their predicted class under each.

    Args:
        banner: a line written across the top of the sheet (the UNTRAINED notice), or None; it is also
            stored as the PNG's "Comment" text, for programs that read the file.
    """
    tile, caption, columns = 128, 18, min(6, len(images))
    top_margin = 2 * caption if banner else 0
    rows = math.ceil(len(images) / columns)
    width = max(columns * tile, int(ImageFont.load_default().getlength(banner)) + 8) if banner else columns * tile
    sheet = Image.new("RGB", (width, top_margin + rows * (tile + caption)), "white")
    draw = ImageDraw.Draw(sheet)
    if banner:
        draw_banner(sheet, banner)
    for index, (image, label) in enumerate(zip(images, labels)):
        left, top = (index % columns) * tile, top_margin + (index // columns) * (tile + caption)
        sheet.paste(Image.fromarray(image).resize((tile, tile), Image.Resampling.NEAREST), (left, top))
        draw.text((left + 3, top + tile + 3), label[:22], fill="black")
    if not banner:
        return save_image(sheet, path)
    comment = PngImagePlugin.PngInfo()
    comment.add_text("Comment", banner)
    return save_image(sheet, path, pnginfo=comment)
