"""The week's data: SIGNS (hand signs 0-5, 64x64) in the course's h5 schema.

`load_signs_dataset` reads `train_signs.h5` / `test_signs.h5` from `data_dir`, else
`$DLS_DATA_DIR/resnet50/`; a split whose file is absent is replaced by our generated hands in the course's
size (1080 / 120). For training the main script prefers, after the course's file, the Sign Language
Digits substitute in `$DLS_DATA_DIR/happy_house/sign_language_digits/Dataset` (real photos, same task).
"""

from __future__ import annotations

import os

from assignments.common.image_classification import ImageSet, course_arrays, draw_hand_signs, load_course_split

WEEK = "resnet50"
SIGNS_FILES = ("train_signs.h5", "test_signs.h5")
SIGNS_SIZES = {"train": 1080, "test": 120}
SUBSTITUTE_SIGNS = ("happy_house", "sign_language_digits/Dataset")
MY_IMAGE = "images/my_image.jpg"


def generated_signs(split: str, seed: int, count: int | None = None) -> ImageSet:
    """Generated hand signs in the course's size for `split` (1080 train, 120 test) unless `count` is given."""
    return draw_hand_signs(count or SIGNS_SIZES[split], seed)


def load_signs_dataset(data_dir: str | os.PathLike | None = None, seed: int = 0):
    """Loads SIGNS as the course's `load_dataset()` does.

    Returns:
        X_train_orig (1080, 64, 64, 3) uint8, Y_train_orig (1, 1080), X_test_orig (120, 64, 64, 3),
        Y_test_orig (1, 120), classes [0 1 2 3 4 5].
    """
    train = load_course_split(WEEK, "train", SIGNS_FILES[0], data_dir, generated_signs, seed)
    test = load_course_split(WEEK, "test", SIGNS_FILES[1], data_dir, generated_signs, seed + 1)
    return course_arrays(train, test)
