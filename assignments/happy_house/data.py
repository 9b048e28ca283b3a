"""The week's data: the course's loaders `load_happy_dataset` / `load_signs_dataset`, and where they look.

Each loader reads `train_<name>.h5` and `test_<name>.h5` (course schema: `train_set_x` (m, 64, 64, 3)
uint8, `train_set_y` (m,), `list_classes`) from `data_dir`, else `$DLS_DATA_DIR/happy_house/`. A split
whose file is absent is replaced by our seeded generated data in the course's size (600/150 faces,
1080/120 hands); the training files cannot be collected here, so that is the usual case for training.
"""

from __future__ import annotations

import os

from assignments.common.image_classification import ImageSet, course_arrays, draw_hand_signs, load_course_split
from assignments.happy_house.faces import draw_happy_faces

WEEK = "happy_house"
HAPPY_FILES = ("train_happy.h5", "test_happy.h5")
SIGNS_FILES = ("train_signs.h5", "test_signs.h5")
HAPPY_SIZES = {"train": 600, "test": 150}
SIGNS_SIZES = {"train": 1080, "test": 120}
SUBSTITUTE_SIGNS = (WEEK, "sign_language_digits/Dataset")


def generated_happy(split: str, seed: int, count: int | None = None) -> ImageSet:
    """Generated faces in the course's size for `split` (600 train, 150 test) unless `count` is given."""
    return draw_happy_faces(count or HAPPY_SIZES[split], seed)


def generated_signs(split: str, seed: int, count: int | None = None) -> ImageSet:
    """Generated hand signs in the course's size for `split` (1080 train, 120 test) unless `count` is given."""
    return draw_hand_signs(count or SIGNS_SIZES[split], seed)


def load_happy_dataset(data_dir: str | os.PathLike | None = None, seed: int = 0):
    """Loads the Happy House data as the course does.

    Args:
        data_dir: folder with `train_happy.h5` / `test_happy.h5` (default `$DLS_DATA_DIR/happy_house/`).
        seed: seed of the generated stand-in for a missing file (test uses seed + 1).

    Returns:
        X_train_orig (600, 64, 64, 3) uint8, Y_train_orig (1, 600), X_test_orig (150, 64, 64, 3),
        Y_test_orig (1, 150), classes [0, 1].
    """
    train = load_course_split(WEEK, "train", HAPPY_FILES[0], data_dir, generated_happy, seed)
    test = load_course_split(WEEK, "test", HAPPY_FILES[1], data_dir, generated_happy, seed + 1)
    return course_arrays(train, test)


def load_signs_dataset(data_dir: str | os.PathLike | None = None, seed: int = 0):
    """Loads the SIGNS data as the course does.

    Args:
        data_dir: folder with `train_signs.h5` / `test_signs.h5` (default `$DLS_DATA_DIR/happy_house/`).
        seed: seed of the generated stand-in for a missing file (test uses seed + 1).

    Returns:
        X_train_orig (1080, 64, 64, 3) uint8, Y_train_orig (1, 1080) in 0..5, X_test_orig (120, 64, 64, 3),
        Y_test_orig (1, 120), classes [0 1 2 3 4 5].
    """
    train = load_course_split(WEEK, "train", SIGNS_FILES[0], data_dir, generated_signs, seed)
    test = load_course_split(WEEK, "test", SIGNS_FILES[1], data_dir, generated_signs, seed + 1)
    return course_arrays(train, test)


def convert_to_one_hot(Y, C):
    """The course's helper: labels of shape (1, m) → one-hot matrix of shape (C, m) (transpose it for Keras)."""
    import numpy as np

    Y = np.asarray(Y).reshape(-1)
    if Y.size and (Y.min() < 0 or Y.max() >= C):
        raise ValueError(f"labels must lie in [0, {C}), got values from {Y.min()} to {Y.max()}")
    return np.eye(C)[Y].T
