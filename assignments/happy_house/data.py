"""The week's data: the course's loaders `load_happy_dataset` / `load_signs_dataset`, and where they look.

Each loader reads `train_<name>.h5` and `test_<name>.h5` (course schema: `train_set_x` (m, 64, 64, 3)
uint8, `train_set_y` (m,), `list_classes`) from `data_dir`, else `$DLS_DATA_DIR/happy_house/`. A split
whose file is absent is replaced by our seeded generated data in the course's size (600/150 faces,
1080/120 hands); the training files cannot be collected here, so that is the usual case for training.
"""

from __future__ import annotations

import os

import numpy as np

from assignments.common.classification.sources import load_course_dataset
from assignments.common.classification.synthetic_hands import SIGNS
from assignments.happy_house.synthetic import HAPPY
from assignments.happy_house.week import WEEK


def load_happy_dataset(data_dir: str | os.PathLike | None = None, seed: int = 0):
    """Loads the Happy House data as the course does.

    Args:
        data_dir: folder with `train_happy.h5` / `test_happy.h5` (default `$DLS_DATA_DIR/happy_house/`).
        seed: seed of the generated stand-in for a missing file (test uses seed + 1).

    Returns:
        X_train_orig (600, 64, 64, 3) uint8, Y_train_orig (1, 600), X_test_orig (150, 64, 64, 3),
        Y_test_orig (1, 150), classes [0, 1].
    """
    return load_course_dataset(WEEK, HAPPY, data_dir, seed)


def load_signs_dataset(data_dir: str | os.PathLike | None = None, seed: int = 0):
    """Loads the SIGNS data as the course does.

    Args:
        data_dir: folder with `train_signs.h5` / `test_signs.h5` (default `$DLS_DATA_DIR/happy_house/`).
        seed: seed of the generated stand-in for a missing file (test uses seed + 1).

    Returns:
        X_train_orig (1080, 64, 64, 3) uint8, Y_train_orig (1, 1080) in 0..5, X_test_orig (120, 64, 64, 3),
        Y_test_orig (1, 120), classes [0 1 2 3 4 5].
    """
    return load_course_dataset(WEEK, SIGNS, data_dir, seed)


def convert_to_one_hot(Y, C):
    """The course's helper: labels of shape (1, m) → one-hot matrix of shape (C, m) (transpose it for Keras)."""
    Y = np.asarray(Y).reshape(-1)
    if Y.size and (Y.min() < 0 or Y.max() >= C):
        raise ValueError(f"labels must lie in [0, {C}), got values from {Y.min()} to {Y.max()}")
    return np.eye(C)[Y].T
