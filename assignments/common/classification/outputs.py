"""What the commands turn a model's answers into: classes, confusion matrices, the prediction sheet and CSV,
and the saved model with its class names and provenance inside.

A trained model is one `.keras` file that carries, besides Keras' own members, `provenance.json` (what it
was trained on and how good it is, `assignments/common/provenance.py`) and `classes.json` (its class names,
display names, input size, model name), so a copied or rescued model keeps both. `model.classes.json` is
also written beside it, for people; a model without the member (written by an older version) is read
from there.

`writing_into(folder)` is how every command writes: the folder locked for the run, a killed run's debris
removed, and the results staged so that they appear together.
"""

from __future__ import annotations

import contextlib
import json
import math
import zipfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from assignments.common.classification.imageset import IMAGE_SIZE
from assignments.common.csvfiles import write_csv
from assignments.common.errors import UserError
from assignments.common.files import (
    atomic_save,
    ensure_output_dir,
    remove_stale_temporaries_in,
    staged_outputs,
    write_text_atomic,
)
from assignments.common.images import draw_banner, draw_caption, image_to_array, list_images, load_rgb_image, save_image
from assignments.common.locking import exclusive
from assignments.common.provenance import Provenance, add_to_keras_file

CLASSES_MEMBER = "classes.json"
BASELINE_NOTICE = "BASELINE-LEVEL MODEL: no better than always answering the majority class; do not trust its answers."


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
    """The JSON beside a saved model that records its class names and input size (for people to read)."""
    return model_file.with_name(model_file.stem + ".classes.json")


def save_classifier(model, path: Path, provenance: Provenance, metadata: dict) -> list[Path]:
    """Saves `model` as one `.keras` file with its provenance and class names inside (atomically, with the
    rescue of `atomic_save`), and the class names beside it; returns both paths."""
    classes = json.dumps(metadata, indent=2) + "\n"

    def write(temporary: Path) -> None:
        model.save(temporary)
        add_to_keras_file(temporary, provenance)
        with zipfile.ZipFile(temporary, "a") as archive:
            archive.writestr(CLASSES_MEMBER, classes)

    model_file = atomic_save(path, write)
    return [model_file, write_text_atomic(metadata_path(model_file), classes)]


def _checked_metadata(text: str, where: str) -> dict:
    try:
        metadata = json.loads(text)
        if not isinstance(metadata, dict) or not isinstance(metadata["class_names"], list):
            raise TypeError
    except (ValueError, KeyError, TypeError):
        raise UserError(f"{where} is damaged: delete it (classes are then shown as numbers) or re-train.") from None
    return metadata


def read_metadata(model_file: Path) -> dict | None:
    """The class names a saved model carries (inside it, else in the JSON beside it), or None when neither has them."""
    try:
        with zipfile.ZipFile(model_file) as archive:
            if CLASSES_MEMBER in archive.namelist():
                return _checked_metadata(archive.read(CLASSES_MEMBER).decode("utf-8"), f"The class list inside '{model_file}'")
    except (OSError, zipfile.BadZipFile):
        pass  # not an archive: loading the model says so
    path = metadata_path(model_file)
    if not path.is_file():
        return None
    return _checked_metadata(path.read_text(encoding="utf-8"), f"'{path}'")


def load_inputs(paths: tuple[Path, ...]) -> tuple[list[Path], np.ndarray]:
    """Every image of `paths` (image files or folders of images), resized to 64x64 as folder datasets are,
    as uint8 (m, 64, 64, 3)."""
    files = [file for path in paths for file in list_images(path)]
    return files, np.stack([image_to_array(load_rgb_image(file), size=IMAGE_SIZE, scale=False) for file in files])


def save_prediction_sheet(
    path: Path, images: np.ndarray, labels: list[str], provenance: Provenance, banner: str | None = None
) -> Path:
    """A PNG grid of the inputs (as the model saw them, enlarged) with their predicted class under each, and
    the model's provenance line as a caption below the grid.

    Args:
        provenance: the model's record; its `summary()` is the caption (red when it needs a warning) and
            its JSON the PNG's "Provenance" text.
        banner: a line written across the top of the sheet (the UNTRAINED or BASELINE-LEVEL notice), or
            None; it is also stored as the PNG's "Comment" text, for programs that read the file.
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
    sheet = draw_caption(sheet, provenance.summary(), warn=provenance.needs_warning)
    return save_image(sheet, path, pnginfo=png_text(provenance, banner))


def png_text(provenance: Provenance, banner: str | None = None) -> PngImagePlugin.PngInfo:
    """PNG text chunks: "Comment" (the banner, then the provenance line) and "Provenance" (the record as JSON)."""
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "\n".join(line for line in (banner, provenance.summary()) if line))
    info.add_text("Provenance", provenance.to_json())
    return info


def caption_png(path: Path, provenance: Provenance) -> Path:
    """Adds the provenance line below an existing PNG (a confusion matrix), and its text chunks."""
    with Image.open(path) as opened:
        picture = opened.convert("RGB")
    captioned = draw_caption(picture, provenance.summary(), warn=provenance.needs_warning)
    return save_image(captioned, path, pnginfo=png_text(provenance))


PREDICTION_HEADER = ("file", "class", "name", "probability", "note", "model", "weights")


def write_predictions_csv(path: Path, rows: list[tuple], provenance: Provenance) -> Path:
    """predictions.csv: one row per image, each with the model's provenance line (`model`) and its one-word
    verdict (`weights`: UNTRAINED, BASELINE-LEVEL, trained, pretrained); file names cannot become formulas."""
    summary, label = provenance.summary(), provenance.label()
    return write_csv(path, PREDICTION_HEADER, [(*row, summary, label) for row in rows])


@contextlib.contextmanager
def writing_into(folder: Path) -> Iterator[Path]:
    """Locks `folder` for this run, removes a killed run's temporaries, and yields a staging folder: what is
    written there appears in `folder` together when the block ends, or not at all."""
    folder = ensure_output_dir(folder)
    with exclusive(folder, "the output folder"):
        remove_stale_temporaries_in(folder)
        with staged_outputs(folder) as staging:
            yield staging


def final_paths(folder: Path, written: list[Path]) -> str:
    """The 'Wrote: ...' list: where the staged files are once they appear in `folder`."""
    return ", ".join(str(Path(folder) / path.name) for path in written)
