"""The course's h5 schema for one split: `<split>_set_x` (m, 64, 64, 3) uint8, `<split>_set_y` (m,), `list_classes`.

`read_h5_split` refuses, in one sentence each, every way a file can differ from that schema, before any
model sees it; `write_h5_split` writes the same schema atomically (what `generate` produces).
"""

from __future__ import annotations

import math
import os
from pathlib import Path

import h5py
import numpy as np

from assignments.common.classification.imageset import IMAGE_SIZE, SPLITS, ImageSet
from assignments.common.errors import UserError
from assignments.common.files import atomic_path
from assignments.common.memory import available_memory_bytes

# A dataset may store less than it declares (compression), but deflate never packs more than about 1,000
# bytes into one: a file that declares far more than that over what it holds is damaged or hostile.
MAX_DECLARED_PER_STORED = 2000


def read_h5_split(path: str | os.PathLike, split: str | None = None) -> ImageSet:
    """Reads one split of a course h5 file (`<split>_set_x`, `<split>_set_y`, `list_classes`).

    Args:
        path: the .h5 file.
        split: "train" or "test"; None takes whichever of the two the file holds.

    Raises:
        UserError: the file is missing, not HDF5, or lacks the keys / shapes of the course's schema.
    """
    file = Path(path).expanduser()
    if not file.is_file():
        raise UserError(f"The data file '{path}' does not exist: check the path (course files are named like train_signs.h5).")
    try:
        handle = h5py.File(file, "r")
    except OSError:
        raise UserError(
            f"'{path}' is not a readable HDF5 file (damaged, or another format): use the course's .h5 file."
        ) from None
    with handle:
        split = split or _split_in(handle, path)
        images, labels, classes = _read_arrays(handle, path, split)
    x_key, y_key = f"{split}_set_x", f"{split}_set_y"
    images = _checked_images(images, path, x_key)
    labels = labels.reshape(-1)
    if labels.shape[0] != images.shape[0]:
        raise UserError(
            f"'{path}' has {images.shape[0]} images but {labels.shape[0]} labels in '{y_key}': the file is inconsistent."
        )
    if not np.issubdtype(labels.dtype, np.integer):
        raise UserError(f"'{path}' key '{y_key}' holds {labels.dtype} values: expected whole-number class labels.")
    if classes is None:
        class_names = [str(index) for index in range(int(labels.max()) + 1)]
    else:
        class_names = [item.decode() if isinstance(item, bytes) else str(item) for item in classes.reshape(-1).tolist()]
    if labels.min() < 0 or labels.max() >= len(class_names):
        raise UserError(
            f"'{path}' has labels from {labels.min()} to {labels.max()} but {len(class_names)} classes in 'list_classes': the file is inconsistent."
        )
    return ImageSet(images, labels.astype(np.int64), class_names, f"{file.name} ({split} split)")


def _split_in(handle: h5py.File, path) -> str:
    """The split a file holds when none is asked for: the first of train / test whose images it has."""
    split = next((name for name in SPLITS if f"{name}_set_x" in handle), None)
    if split is None:
        keys = ", ".join(sorted(handle.keys())) or "no keys"
        raise UserError(
            f"'{path}' has none of the course's keys (train_set_x or test_set_x; it has {keys}): "
            "pass a course h5 file or a folder with one sub-folder per class."
        )
    return split


def _read_arrays(handle: h5py.File, path, split: str):
    """(images, labels, classes or None) as numpy arrays, after checking that the split's keys are there."""
    for key in (f"{split}_set_x", f"{split}_set_y"):
        if key not in handle:
            keys = ", ".join(sorted(handle.keys())) or "no keys"
            raise UserError(f"'{path}' has no '{key}' (it has {keys}): pass the course's {split} file.")
    for key in (f"{split}_set_x", f"{split}_set_y"):
        _check_declared_size(handle[key], path, key)
    try:
        images = np.asarray(handle[f"{split}_set_x"][()])
        labels = np.asarray(handle[f"{split}_set_y"][()])
        classes = np.asarray(handle["list_classes"][()]) if "list_classes" in handle else None
    except (OSError, TypeError, AttributeError) as error:
        raise UserError(f"'{path}' could not be read ({error}): the file is damaged; download it again.") from None
    return images, labels, classes


def _gib(count: int) -> str:
    return (
        f"{count / 2**30:,.1f} GiB" if count >= 2**30 else f"{count / 2**20:,.1f} MiB" if count >= 2**20 else f"{count:,} bytes"
    )


def _check_declared_size(dataset, path, key: str) -> None:
    """Compares what a dataset declares (shape x item size) with what the file stores and with the memory
    available, before a byte is read: a 2 KB file must not make numpy ask for 23 GiB."""
    if not isinstance(dataset, h5py.Dataset) or dataset.shape is None:
        return  # not an array: reading it says so
    count = int(dataset.shape[0]) if dataset.shape else 1
    declared = math.prod(int(size) for size in dataset.shape) * dataset.dtype.itemsize
    stored = dataset.id.get_storage_size()
    if declared > MAX_DECLARED_PER_STORED * max(stored, 1):
        raise UserError(
            f"'{path}' declares {count:,} entries in '{key}' ({_gib(declared)}) but stores only {_gib(stored)} of data: "
            "the file is damaged or not a course file; use the course's .h5 file."
        )
    available = available_memory_bytes()
    if available is not None and declared > available // 2:
        raise UserError(
            f"'{path}' holds {count:,} entries in '{key}' ({_gib(declared)}), more than half of this machine's available "
            f"memory ({_gib(available)}): pass a smaller file, or a folder of class sub-folders."
        )


def _checked_images(images: np.ndarray, path, x_key: str) -> np.ndarray:
    """The images as the course's uint8 (m, 64, 64, 3), or one sentence on what is wrong with them."""
    if images.ndim != 4 or images.shape[-1] != 3 or images.shape[0] == 0:
        raise UserError(f"'{path}' key '{x_key}' has shape {images.shape}: expected (m, height, width, 3) RGB images with m > 0.")
    if images.shape[1:3] != IMAGE_SIZE:
        # Refused here, not deep inside Keras: the course's models are built for 64x64 inputs.
        height, width = images.shape[1:3]
        raise UserError(
            f"'{path}' holds {height}x{width} images in '{x_key}', but the course's models take {IMAGE_SIZE[0]}x{IMAGE_SIZE[1]}: "
            "resize them to 64x64, or pass them as a folder with one sub-folder per class (which is resized for you)."
        )
    if np.issubdtype(images.dtype, np.floating):
        bad = int(images.size - np.count_nonzero(np.isfinite(images)))
        if bad:
            # Casting would turn them into black pixels, and a model would train on them without a word.
            raise UserError(
                f"'{path}' key '{x_key}' holds {bad:,} NaN or infinite pixel values: fix or regenerate the file (pixels are numbers 0-255 or 0-1)."
            )
        # Someone saved scaled floats: accept [0, 1] or [0, 255] and store as the course's uint8.
        scale = 255.0 if images.max(initial=0.0) <= 1.0 else 1.0
        return np.clip(images * scale + 0.5, 0, 255).astype(np.uint8)
    if images.dtype != np.uint8:
        return np.clip(images, 0, 255).astype(np.uint8)
    return images


def write_h5_split(path: str | os.PathLike, split: str, data: ImageSet) -> Path:
    """Writes images and labels in the course's schema (`<split>_set_x` uint8, `<split>_set_y` int64, `list_classes`), atomically."""
    if split not in SPLITS:
        raise ValueError(f"split must be 'train' or 'test'. Received: {split!r}")
    classes = [int(name) if name.isdigit() else name.encode() for name in data.class_names]
    with atomic_path(path) as temporary:
        with h5py.File(temporary, "w") as handle:
            handle.create_dataset(f"{split}_set_x", data=data.images.astype(np.uint8))
            handle.create_dataset(f"{split}_set_y", data=data.labels.astype(np.int64))
            handle.create_dataset("list_classes", data=np.array(classes))
    return Path(path)
