"""Generated offline data, so that `train` runs on a fresh machine: two classes of drawn pictures.

"circle" pictures hold one filled disc, "square" pictures one filled square, each of random size, colour
and place on a noisy background of another colour, written as PNG files in the course's folder layout
(`<folder>/circle/*.png`, `<folder>/square/*.png`). A model trained on them has learned shapes, not
alpacas: every output says it was trained on generated pictures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

CLASSES = ("circle", "square")


def draw_picture(shape: str, size: int, rng: np.random.Generator) -> Image.Image:
    background = tuple(int(value) for value in rng.integers(0, 256, 3))
    noise = rng.normal(0, 12, (size, size, 3))
    picture = Image.fromarray(np.clip(np.asarray(background) + noise, 0, 255).astype(np.uint8))
    side = int(rng.integers(size // 4, size // 2))
    left, top = (int(value) for value in rng.integers(0, size - side, 2))
    colour = tuple(int(value) for value in (np.asarray(background) + 128 + rng.integers(-40, 40, 3)) % 256)
    draw = ImageDraw.Draw(picture)
    box = [left, top, left + side, top + side]
    if shape == "circle":
        draw.ellipse(box, fill=colour)
    else:
        draw.rectangle(box, fill=colour)
    return picture


def write_picture_folder(folder: Path, per_class: int = 100, size: int = 160, seed: int = 0) -> Path:
    """Writes `per_class` pictures of each class under `folder` (created); returns `folder`."""
    rng = np.random.default_rng(seed)
    for shape in CLASSES:
        (folder / shape).mkdir(parents=True, exist_ok=True)
        for index in range(per_class):
            draw_picture(shape, size, rng).save(folder / shape / f"{shape}_{index:04d}.png")
    return folder
