"""Two pictures painted by our own seeded code: the last fallback of the content and style defaults.

They are used only where neither the course's images (`$DLS_DATA_DIR`) nor the project's photos (`images/`)
are present, for example in an installed package without its data files, so the main script always runs.
"""

from __future__ import annotations

import numpy as np
from PIL import Image

GENERATED_SIZE = (400, 300)  # (width, height), the course's louvre_small.jpg shape.


def generated_content(seed: int = 0) -> Image.Image:
    """A 400x300 landscape: sky gradient, sun, two hills and a house; our own drawing, seeded."""
    width, height = GENERATED_SIZE
    rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
    sky = np.stack([0.45 + 0.3 * rows / height, 0.65 + 0.2 * rows / height, np.full_like(rows, 0.95)], axis=-1)
    image = sky
    sun = (columns - 310) ** 2 + (rows - 70) ** 2 < 35**2
    image[sun] = (1.0, 0.85, 0.3)
    far_hill = rows > 190 - 40 * np.sin(columns / 70.0)
    image[far_hill] = (0.35, 0.55, 0.3)
    near_hill = rows > 230 - 25 * np.cos(columns / 45.0 + 1.0)
    image[near_hill] = (0.25, 0.45, 0.2)
    wall = (columns > 90) & (columns < 170) & (rows > 150) & (rows < 220)
    image[wall] = (0.85, 0.75, 0.6)
    roof = (rows > 110) & (rows <= 150) & (np.abs(columns - 130) < (rows - 110) * 1.2)
    image[roof] = (0.6, 0.2, 0.15)
    door = (columns > 120) & (columns < 140) & (rows > 185) & (rows < 220)
    image[door] = (0.35, 0.2, 0.1)
    # A little grain, so the picture is not flat colour (VGG's filters see texture).
    grain = np.random.default_rng(seed).normal(0.0, 0.02, image.shape)
    return Image.fromarray((np.clip(image + grain, 0, 1) * 255 + 0.5).astype(np.uint8))


def generated_style(seed: int = 0) -> Image.Image:
    """A 400x300 impressionist texture: short strokes in a blue / orange palette; our own drawing, seeded."""
    width, height = GENERATED_SIZE
    rng = np.random.default_rng(seed + 1)
    palette = np.array([(0.15, 0.3, 0.6), (0.3, 0.5, 0.8), (0.95, 0.6, 0.2), (0.9, 0.85, 0.5), (0.2, 0.55, 0.5)])
    image = np.full((height, width, 3), (0.4, 0.5, 0.7), dtype=np.float32)
    for _ in range(700):
        center_row, center_column = rng.uniform(0, height), rng.uniform(0, width)
        angle = rng.uniform(0, np.pi) + 0.6 * np.sin(center_column / 60.0)
        length, thickness = rng.uniform(8, 22), rng.uniform(2, 4)
        # Only the stroke's bounding box is visited: rows/columns within length + thickness of its centre.
        reach = int(length + thickness) + 1
        top, left = max(0, int(center_row) - reach), max(0, int(center_column) - reach)
        rows, columns = np.mgrid[top : min(height, int(center_row) + reach), left : min(width, int(center_column) + reach)]
        # Distances along and across the stroke's direction (a rotated rectangle).
        along = (columns - center_column) * np.cos(angle) + (rows - center_row) * np.sin(angle)
        across = -(columns - center_column) * np.sin(angle) + (rows - center_row) * np.cos(angle)
        stroke = (np.abs(along) < length) & (np.abs(across) < thickness)
        image[rows[stroke], columns[stroke]] = palette[rng.integers(len(palette))] + rng.normal(0, 0.04, 3)
    return Image.fromarray((np.clip(image, 0, 1) * 255 + 0.5).astype(np.uint8))
