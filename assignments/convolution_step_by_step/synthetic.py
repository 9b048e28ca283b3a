"""A generated picture for the main script when neither the user nor the project's images/ gives one.

Shapes with sharp edges, a smooth gradient and a fine stripe pattern: each named filter does something
visible to one of them (edges light up, stripes blur away, corners emboss).
"""

from __future__ import annotations

import numpy as np


def make_picture(size: int = 128, seed: int = 0) -> np.ndarray:
    """A (size, size, 3) float image in [0, 1]: a sky gradient, a sun, a house, stripes and a little noise."""
    rng = np.random.default_rng(seed)
    rows, columns = np.indices((size, size)) / size
    image = np.stack([0.35 + 0.3 * rows, 0.55 + 0.25 * rows, 0.9 - 0.2 * rows], axis=-1)  # sky, darker at the top
    sun = (rows - 0.25) ** 2 + (columns - 0.75) ** 2 < 0.12**2
    image[sun] = (1.0, 0.85, 0.2)
    house = (rows > 0.5) & (rows < 0.9) & (columns > 0.15) & (columns < 0.55)
    image[house] = (0.7, 0.25, 0.2)
    roof = (rows <= 0.5) & (rows > 0.3) & (np.abs(columns - 0.35) < (rows - 0.3))
    image[roof] = (0.35, 0.2, 0.15)
    stripes = (rows > 0.9) & (np.floor(columns * size / 3) % 2 == 0)
    image[stripes] = (0.15, 0.45, 0.15)
    return np.clip(image + rng.normal(0.0, 0.01, image.shape), 0.0, 1.0)
