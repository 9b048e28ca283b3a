"""The week's data as the notebook feeds it: tf.data datasets of flattened, normalised images and one-hot labels.

Training: the course's `train_signs.h5` when the user has it (`--train`), else the project's generated
SIGNS pictures (a hand raising 0-5 fingers; `assignments.common.classification.synthetic_hands`). Test: the course's
real `test_signs.h5` (120 photos) from `--test` or `$DLS_DATA_DIR/happy_house`, else generated pictures.
"""

from __future__ import annotations

from pathlib import Path

import tensorflow as tf

from assignments.common.classification.h5files import read_h5_split
from assignments.common.classification.imageset import ImageSet
from assignments.tensorflow_introduction import synthetic
from assignments.tensorflow_introduction.tf_intro import one_hot_matrix
from assignments.tensorflow_introduction.week import WEEK


def normalize(image):
    """uint8 (64, 64, 3) -> float32 (12288,) in [0, 1]."""
    image = tf.cast(image, tf.float32) / 255.0
    image = tf.reshape(image, [-1])
    return image


def as_datasets(images: ImageSet):
    """(x dataset, y dataset): the notebook's `map(normalize)` and `map(one_hot_matrix)`."""
    x = tf.data.Dataset.from_tensor_slices(images.images).map(normalize)
    y = tf.data.Dataset.from_tensor_slices(images.labels).map(one_hot_matrix)
    return x, y


def load_splits(train: Path | None, test: Path | None, train_count: int, seed: int) -> tuple[ImageSet, str, ImageSet, str]:
    """(train set, its kind, test set, its kind): kinds are "course" or "generated"."""
    if train is not None:
        train_set, train_kind = read_h5_split(train, "train"), "course"
    else:
        train_set, train_kind = synthetic.generated_signs(train_count, seed), "generated"
    test = test or WEEK.default_input("test")
    if test is not None:
        test_set, test_kind = read_h5_split(test, "test"), "course"
    else:
        test_set, test_kind = synthetic.generated_signs(120, seed + 1), "generated"
    return train_set, train_kind, test_set, test_kind
