"""The week's output writers: an annotated PNG per photo (a box round each face, with the name or "unknown"
and the distance) and `identify.csv` (a row per face)."""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from assignments.common.files import write_text_atomic
from assignments.common.images import draw_banner, save_image

MIN_SIDE = 384  # small photos (the course's 96x96) are enlarged so that the labels stay readable
KNOWN, UNKNOWN = (40, 200, 80), (230, 60, 50)


def annotate_photo(
    photo: np.ndarray,
    labels: Sequence[tuple[tuple[float, float, float, float], str, bool]],
    path: str | os.PathLike,
    banner: str | None = None,
) -> Path:
    """Writes `photo` with a labelled box per face.

    Args:
        photo: uint8 (h, w, 3).
        labels: (box (left, top, right, bottom) in photo pixels, text, recognised?) per face.
        path: the PNG to write (atomically).
        banner: a line across the top, e.g. "UNTRAINED: distances meaningless".
    """
    image = Image.fromarray(photo)
    zoom = max(1.0, MIN_SIDE / max(1, min(image.size)))
    if zoom > 1:
        image = image.resize((round(image.width * zoom), round(image.height * zoom)), Image.Resampling.BILINEAR)
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=max(12, image.width // 40))
    width = max(2, image.width // 200)
    for (left, top, right, bottom), text, known in labels:
        box = [value * zoom for value in (left, top, right, bottom)]
        colour = KNOWN if known else UNKNOWN
        draw.rectangle(box, outline=colour, width=width)
        text_box = draw.textbbox((box[0], box[1]), text, font=font)
        height = text_box[3] - text_box[1] + 4
        y = box[1] - height if box[1] >= height else box[3]
        draw.rectangle([box[0], y, box[0] + text_box[2] - text_box[0] + 6, y + height], fill=colour)
        draw.text((box[0] + 3, y + 1), text, fill=(255, 255, 255), font=font)
    if banner:
        draw_banner(image, banner, font)
    return save_image(image, path)


def identify_header(k: int) -> list[str]:
    """The columns of identify.csv: one row per face (or per photo without a face)."""
    return ["image", "face", "left", "top", "right", "bottom", "identity", "nearest", "distance", "recognized"] + [
        f"top_{k}",
        "encoder",
        "weights",
    ]


def write_identify_csv(path: str | os.PathLike, k: int, rows: Sequence[Sequence]) -> Path:
    """Writes identify.csv atomically."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(identify_header(k))
    writer.writerows(rows)
    return write_text_atomic(path, text.getvalue())
