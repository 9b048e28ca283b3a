"""The week's output writers: an annotated PNG per photo (a box round each face, with the name or "unknown"
and the distance) and `identify.csv` (a row per face)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from assignments.common.csvfiles import write_csv
from assignments.common.images import draw_banner, draw_caption, save_image

MIN_SIDE = 384  # small photos (the course's 96x96) are enlarged so that the labels stay readable
KNOWN, UNKNOWN = (40, 200, 80), (230, 60, 50)


def annotate_photo(
    photo: np.ndarray,
    labels: Sequence[tuple[tuple[float, float, float, float], str, bool]],
    path: str | os.PathLike,
    banner: str | None = None,
    caption: str | None = None,
    warn: bool = False,
) -> Path:
    """Writes `photo` with a labelled box per face, the banner in a band above it and the caption below it.

    The banner and the caption get bands of their own, outside the photo, so that neither covers a face's
    label (a whole-photo face's box is the whole frame: its label goes just inside the box's top).

    Args:
        photo: uint8 (h, w, 3).
        labels: (box (left, top, right, bottom) in photo pixels, text, recognised?) per face.
        path: the PNG to write (atomically).
        banner: a line across the top, e.g. "UNTRAINED: distances meaningless".
        caption: where the encodings came from (the database's provenance), wrapped below the photo.
        warn: draw the caption's band red (untrained weights).
    """
    image = Image.fromarray(photo)
    zoom = max(1.0, MIN_SIDE / max(1, min(image.size)))
    if zoom > 1:
        image = image.resize((round(image.width * zoom), round(image.height * zoom)), Image.Resampling.BILINEAR)
    font = ImageFont.load_default(size=max(12, image.width // 40))
    draw_labels(image, labels, zoom, font)
    top = banner_band(image.width, banner, font)
    if top is not None:
        framed = Image.new("RGB", (image.width, image.height + top.height))
        framed.paste(top, (0, 0))
        framed.paste(image, (0, top.height))
        image = framed
    if caption:
        image = draw_caption(image, caption, warn=warn, font=font)
    return save_image(image, path)


def draw_labels(image: Image.Image, labels, zoom: float, font) -> None:
    """A box per face, its text on a filled tag above the box, else below it, else just inside its top."""
    draw = ImageDraw.Draw(image)
    width = max(2, image.width // 200)
    for (left, top, right, bottom), text, known in labels:
        box = [value * zoom for value in (left, top, right, bottom)]
        colour = KNOWN if known else UNKNOWN
        draw.rectangle(box, outline=colour, width=width)
        text_box = draw.textbbox((box[0], box[1]), text, font=font)
        height = text_box[3] - text_box[1] + 4
        if box[1] >= height:
            y = box[1] - height
        elif box[3] + height <= image.height:
            y = box[3]
        else:
            y = max(0.0, box[1]) + width
        x = min(max(0.0, box[0]), max(0.0, image.width - (text_box[2] - text_box[0] + 6)))
        draw.rectangle([x, y, x + text_box[2] - text_box[0] + 6, y + height], fill=colour)
        draw.text((x + 3, y + 1), text, fill=(255, 255, 255), font=font)


def banner_band(width: int, text: str | None, font) -> Image.Image | None:
    """The red UNTRAINED band (`common.images.draw_banner`) as a strip of its own."""
    if not text:
        return None
    strip = Image.new("RGB", (width, 4 * font.size + 16), (255, 255, 255))
    height = draw_banner(strip, text, font)
    return strip.crop((0, 0, width, height + 1))


def identify_header(k: int) -> list[str]:
    """The columns of identify.csv: one row per face (or per photo without a face)."""
    return ["image", "face", "left", "top", "right", "bottom", "identity", "nearest", "distance", "recognized"] + [
        f"top_{k}",
        "encoder",
        "weights",
        "provenance",
    ]


def write_identify_csv(path: str | os.PathLike, k: int, rows: Sequence[Sequence]) -> Path:
    """Writes identify.csv atomically; cells from file names that a spreadsheet would run are neutralised."""
    return write_csv(path, identify_header(k), rows)
