"""The course's cat / non-cat data (Course 1, weeks 2 and 4): read, checked, flattened.

`train_catvnoncat.h5` holds `train_set_x` (209, 64, 64, 3) uint8, `train_set_y` (209,) and `list_classes`
([b"non-cat", b"cat"]); `test_catvnoncat.h5` the same with `test_` (50 images). Every way a file can differ
from that is refused in one sentence before anything is allocated: a tiny file that declares millions of
images, NaN pixels, labels other than 0 and 1, a shape other than (m, 64, 64, 3).
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import h5py
import numpy as np

from assignments.common.errors import UserError
from assignments.common.memory import available_memory_bytes

IMAGE_SHAPE = (64, 64, 3)
CLASSES = ("non-cat", "cat")
TRAIN_FILE = "datasets/train_catvnoncat.h5"
TEST_FILE = "datasets/test_catvnoncat.h5"
# deflate, HDF5's usual filter, compresses at most about 1032:1; a dataset that declares more bytes than
# that over what the file stores is lying about its size (and reading it would allocate the declared size).
LARGEST_COMPRESSION_RATIO = 1032
# Whatever the file says, never allocate more than this for one dataset.
LARGEST_DATASET_BYTES = 4 * 1024**3


@dataclasses.dataclass(frozen=True)
class CatSplit:
    """One split as the course's loaders return it: images (m, 64, 64, 3) uint8 and labels (1, m)."""

    images: np.ndarray
    labels: np.ndarray
    source: str

    @property
    def count(self) -> int:
        return int(self.images.shape[0])


def read_bounded(handle: h5py.File, key: str, path: Path) -> np.ndarray:
    """Reads `handle[key]` after checking that the size it declares is one the file can hold.

    Raises:
        UserError: the key is missing, is not a dataset, declares far more data than the file stores or
            than memory allows, or cannot be read.
    """
    if key not in handle or not isinstance(handle[key], h5py.Dataset):
        present = ", ".join(sorted(handle.keys())) or "no keys"
        raise UserError(f"'{path}' has no dataset '{key}' (it has {present}): pass the course's cat file.")
    dataset = handle[key]
    declared = int(np.prod(dataset.shape, dtype=np.int64)) * dataset.dtype.itemsize
    stored = dataset.id.get_storage_size()
    limit = min(LARGEST_DATASET_BYTES, available_memory_bytes() or LARGEST_DATASET_BYTES)
    if declared > max(stored, 1) * LARGEST_COMPRESSION_RATIO + 1024 or declared > limit:
        raise UserError(
            f"'{path}' declares '{key}' as {dataset.shape} ({declared:,} bytes) but stores only {stored:,} bytes: "
            "the file is damaged or not the course's; use the course's cat file."
        )
    try:
        return np.asarray(dataset[()])
    except (OSError, TypeError, ValueError) as error:
        raise UserError(f"'{path}' key '{key}' could not be read ({error}): the file is damaged; copy it again.") from None


def read_split(path: str | os.PathLike, split: str) -> CatSplit:
    """Reads the `split` ("train" or "test") of a cat h5 file, checked against the course's schema."""
    file = Path(path).expanduser()
    if not file.is_file():
        raise UserError(f"The cat data file '{path}' does not exist: point --data at the folder holding {Path(TRAIN_FILE).name}.")
    try:
        handle = h5py.File(file, "r")
    except OSError:
        raise UserError(
            f"'{path}' is not a readable HDF5 file (empty, damaged, or another format): use the course's .h5 file."
        ) from None
    with handle:
        images = read_bounded(handle, f"{split}_set_x", file)
        labels = read_bounded(handle, f"{split}_set_y", file)
    return check_split(images, labels, f"{file.name} ({split})", file)


def check_split(images: np.ndarray, labels: np.ndarray, source: str, path: Path | str) -> CatSplit:
    """The images and labels as the course uses them, or one sentence saying what is wrong."""
    if images.ndim != 4 or images.shape[1:] != IMAGE_SHAPE or images.shape[0] == 0:
        raise UserError(
            f"'{path}' holds images of shape {images.shape}: expected (m, 64, 64, 3) with m > 0, as the course's file."
        )
    if np.issubdtype(images.dtype, np.floating) and not np.isfinite(images).all():
        raise UserError(f"'{path}' has NaN or infinite pixel values: the file is damaged; use the course's file.")
    if not (np.issubdtype(images.dtype, np.integer) or np.issubdtype(images.dtype, np.floating)):
        raise UserError(f"'{path}' holds {images.dtype} pixels: expected uint8 images.")
    if images.min() < 0 or images.max() > 255:
        raise UserError(f"'{path}' has pixel values from {images.min()} to {images.max()}: expected 0 to 255.")
    labels = np.asarray(labels).reshape(-1)
    if labels.shape[0] != images.shape[0]:
        raise UserError(f"'{path}' has {images.shape[0]} images but {labels.shape[0]} labels: the file is inconsistent.")
    if not np.isin(labels, (0, 1)).all():
        raise UserError(f"'{path}' has labels other than 0 (non-cat) and 1 (cat): the file is not the course's cat data.")
    return CatSplit(images.astype(np.uint8), labels.astype(np.int64).reshape(1, -1), source)


def load_dataset(folder: str | os.PathLike) -> tuple[CatSplit, CatSplit]:
    """The course's train and test splits from a folder holding `datasets/*.h5` (or the two files directly)."""
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise UserError(f"The cat data folder '{folder}' does not exist: pass the folder holding datasets/train_catvnoncat.h5.")
    train, test = root / TRAIN_FILE, root / TEST_FILE
    if not train.is_file() and (root / Path(TRAIN_FILE).name).is_file():
        train, test = root / Path(TRAIN_FILE).name, root / Path(TEST_FILE).name
    return read_split(train, "train"), read_split(test, "test")


def flatten(images: np.ndarray) -> np.ndarray:
    """(m, 64, 64, 3) uint8 -> (12288, m) floats in [0, 1]: one column per image, as the course flattens."""
    return images.reshape(images.shape[0], -1).T / 255.0


def majority_baselines(test_labels: np.ndarray) -> dict[str, float]:
    """Test accuracy of the two constant answers, "always cat" and "always non-cat"."""
    return {"always cat": float(np.mean(test_labels == 1)), "always non-cat": float(np.mean(test_labels == 0))}
