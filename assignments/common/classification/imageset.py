"""Labelled images in memory, as the course's h5 files hold them, and the ways a command cuts them.

An `ImageSet` is uint8 images (m, 64, 64, 3), integer labels (m,) and one name per class. Every source
(course h5 file, folder of class sub-folders, our generators) produces one, so the rest of the code reads
one shape.
"""

from __future__ import annotations

import dataclasses

import numpy as np

from assignments.common.errors import UserError

IMAGE_SIZE = (64, 64)  # (height, width) of every course image; folder images are resized to it.
SPLITS = ("train", "test")


@dataclasses.dataclass
class ImageSet:
    """Labelled images.

    Attributes:
        images: uint8 array (m, height, width, 3).
        labels: int64 array (m,), values in [0, len(class_names)).
        class_names: one name per class (the h5's `list_classes` as text, or the folder names).
        source: where they came from, for messages ("test_signs.h5 (test split)", ...).
        kind: what kind of data it is, for the model's provenance: "course", "substitute", "generated" or
            "user" (`assignments.common.provenance.DATA_KINDS`).
        what: the images in words after a count ("generated cartoon faces (seed 0)", "images of the course's
            test_happy.h5"): "600 " + what is what a model was trained on or tested with.
    """

    images: np.ndarray
    labels: np.ndarray
    class_names: list[str]
    source: str
    kind: str = "user"
    what: str = "images"

    def __len__(self) -> int:
        return int(self.labels.shape[0])

    def subset(self, indices: np.ndarray, source: str | None = None) -> ImageSet:
        return dataclasses.replace(
            self,
            images=self.images[indices],
            labels=self.labels[indices],
            class_names=list(self.class_names),
            source=source or self.source,
        )

    def majority_share(self) -> float:
        """The accuracy of always answering the most frequent class: the baseline a classifier must beat."""
        return float(np.bincount(self.labels, minlength=len(self.class_names)).max() / max(len(self), 1))

    def described(self, kind: str, what: str, source: str | None = None) -> ImageSet:
        """The same images, said to be of `kind` and described as `what` (see the attributes)."""
        return dataclasses.replace(self, kind=kind, what=what, source=source or self.source)


def course_arrays(train: ImageSet, test: ImageSet):
    """The course loaders' return value: X_train, Y_train (1, m), X_test, Y_test (1, m), classes."""
    classes = np.array([int(name) if name.isdigit() else name for name in train.class_names])
    return (
        train.images,
        train.labels.reshape(1, -1),
        test.images,
        test.labels.reshape(1, -1),
        classes,
    )


def holdout_split(data: ImageSet, fraction: float, seed: int) -> tuple[ImageSet, ImageSet]:
    """Splits off a seeded, per-class test share (at least one image per class when the class has two or more)."""
    random = np.random.default_rng(seed)
    test_indices = []
    for label in range(len(data.class_names)):
        members = np.flatnonzero(data.labels == label)
        random.shuffle(members)
        count = min(len(members) - 1, max(1, round(fraction * len(members)))) if len(members) > 1 else 0
        test_indices.extend(members[:count].tolist())
    test_mask = np.zeros(len(data), dtype=bool)
    test_mask[test_indices] = True
    if not test_mask.any():
        raise UserError(f"{data.source} is too small to hold out test images: add images or pass --test-data.")
    return (
        data.subset(np.flatnonzero(~test_mask), f"{data.source}, {int((~test_mask).sum())} images kept for training"),
        data.subset(np.flatnonzero(test_mask), f"{data.source}, {int(test_mask.sum())} images held out for testing"),
    )


def check_same_classes(train: ImageSet, test: ImageSet) -> None:
    if train.class_names != test.class_names:
        raise UserError(
            f"The training classes {train.class_names} and the test classes {test.class_names} differ: "
            "pass test data with the same classes (--test-data)."
        )


def limit(data: ImageSet, count: int | None, seed: int) -> ImageSet:
    """At most `count` images, a seeded random choice (for quick tries with --max-images)."""
    if count is None or count >= len(data):
        return data
    chosen = np.sort(np.random.default_rng(seed).choice(len(data), size=count, replace=False))
    return data.subset(chosen, f"{data.source}, {count} of {len(data)} images")
