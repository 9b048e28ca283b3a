"""Generated stand-ins for the course's cat / non-cat images, for a run without `$DLS_DATA_DIR`.

A "cat" is a warm-coloured round face with two pointed ears and two dark eyes, at a random place and size
on a random background; a "non-cat" is a few rectangles and discs of random colours. It is not the course's
data, and a model trained on it says so in every output: it shows the pipeline working offline, nothing
about real cats.
"""

from __future__ import annotations

import numpy as np

from assignments.common.cat_data import IMAGE_SHAPE, CatSplit

SIZE = IMAGE_SHAPE[0]


def _grid() -> tuple[np.ndarray, np.ndarray]:
    return np.mgrid[0:SIZE, 0:SIZE].astype(float)


def _background(rng: np.random.Generator) -> np.ndarray:
    base = rng.uniform(0, 255, 3)
    noise = rng.normal(0, 18, IMAGE_SHAPE)
    return np.clip(base + noise, 0, 255)


def _cat(rng: np.random.Generator) -> np.ndarray:
    image = _background(rng)
    rows, columns = _grid()
    radius = rng.uniform(12, 20)
    centre_row, centre_column = rng.uniform(radius + 8, SIZE - radius), rng.uniform(radius, SIZE - radius)
    fur = np.array([rng.uniform(150, 255), rng.uniform(80, 170), rng.uniform(20, 90)])
    face = (rows - centre_row) ** 2 + (columns - centre_column) ** 2 <= radius**2
    image[face] = fur
    for side in (-1, 1):
        # An ear: a triangle whose base sits on the top of the face.
        tip_row, tip_column = centre_row - 1.6 * radius, centre_column + side * 0.6 * radius
        height = 0.8 * radius
        within = (rows >= tip_row) & (rows <= tip_row + height)
        half_width = (rows - tip_row) / height * 0.45 * radius
        image[within & (np.abs(columns - tip_column) <= half_width)] = fur
        eye = (rows - (centre_row - 0.25 * radius)) ** 2 + (columns - (centre_column + side * 0.4 * radius)) ** 2 <= (
            0.14 * radius
        ) ** 2
        image[eye] = (20, 20, 20)
    return image


def _non_cat(rng: np.random.Generator) -> np.ndarray:
    image = _background(rng)
    rows, columns = _grid()
    for _ in range(rng.integers(2, 5)):
        colour = rng.uniform(0, 255, 3)
        top, left = rng.uniform(0, SIZE - 10, 2)
        height, width = rng.uniform(8, 30, 2)
        if rng.random() < 0.5:
            shape = (rows >= top) & (rows < top + height) & (columns >= left) & (columns < left + width)
        else:
            shape = (rows - top) ** 2 + (columns - left) ** 2 <= (height / 2) ** 2
        image[shape] = colour
    return image


def generated_split(count: int, cat_share: float, seed: int, source: str) -> CatSplit:
    """`count` generated images, `cat_share` of them cats (shuffled), as a `CatSplit`."""
    rng = np.random.default_rng(seed)
    labels = (np.arange(count) < round(count * cat_share)).astype(np.int64)
    rng.shuffle(labels)
    images = np.stack([_cat(rng) if label else _non_cat(rng) for label in labels]).astype(np.uint8)
    return CatSplit(images, labels.reshape(1, -1), source)


def generated_dataset(seed: int = 0) -> tuple[CatSplit, CatSplit]:
    """209 training and 50 test images with the course's shares of cats (72 / 209 and 33 / 50)."""
    train = generated_split(209, 72 / 209, seed, "generated cat / non-cat pictures (train)")
    test = generated_split(50, 33 / 50, seed + 1, "generated cat / non-cat pictures (test)")
    return train, test
