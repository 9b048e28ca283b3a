"""The week's data: SIGNS (hand signs 0-5, 64x64) in the course's h5 schema.

`load_signs_dataset` reads `train_signs.h5` / `test_signs.h5` from `data_dir`, else
`$DLS_DATA_DIR/resnet50/`; a split whose file is absent is replaced by our generated hands in the course's
size (1080 / 120). For training the main script prefers, after the course's file, the Sign Language
Digits substitute this week declares in `week.py` (real photos, same task).
"""

from __future__ import annotations

import os

from assignments.common.classification.sources import load_course_dataset
from assignments.common.classification.synthetic_hands import SIGNS
from assignments.resnet50.week import WEEK


def load_signs_dataset(data_dir: str | os.PathLike | None = None, seed: int = 0):
    """Loads SIGNS as the course's `load_dataset()` does.

    Returns:
        X_train_orig (1080, 64, 64, 3) uint8, Y_train_orig (1, 1080), X_test_orig (120, 64, 64, 3),
        Y_test_orig (1, 120), classes [0 1 2 3 4 5].
    """
    return load_course_dataset(WEEK, SIGNS, data_dir, seed)
