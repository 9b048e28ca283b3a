"""The course's data pipeline: a folder of class sub-folders read by `image_dataset_from_directory`.

The course reads `dataset/` (alpaca, not alpaca) at 160 x 160 in batches of 32 and splits it 80/20 with
seed 42: "Found 327 files belonging to 2 classes. Using 262 files for training. Using 65 files for
validation." A user's folder works the same way, with two or more classes.

`image_dataset_from_directory` decodes lazily, inside `fit`: a damaged file would stop training halfway with
a TensorFlow traceback. `check_image_folder` therefore opens every image once, before anything starts, and
names the first one that cannot be read.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

from assignments.common.errors import UserError
from assignments.common.images import load_rgb_image

# The suffixes image_dataset_from_directory reads (Keras' own list); other files are ignored, as it does.
IMAGE_SUFFIXES = (".bmp", ".gif", ".jpeg", ".jpg", ".png")
# Decoded images up to this size are cached in memory by the pipeline (the course's 327 take 100 MB).
CACHE_LIMIT_BYTES = 2 * 1024**3


@dataclasses.dataclass(frozen=True)
class ImageFolder:
    """A checked folder of class sub-folders.

    Attributes:
        root: the folder.
        class_names: the sub-folders' names, sorted as Keras sorts them (its label order).
        counts: images per class, in that order.
        source: how outputs name it ("the course's alpaca images", "your folder ...").
    """

    root: Path
    class_names: tuple[str, ...]
    counts: tuple[int, ...]
    source: str

    @property
    def total(self) -> int:
        return sum(self.counts)

    @property
    def majority_share(self) -> float:
        """The accuracy of always answering the largest class: the baseline any model must beat."""
        return max(self.counts) / self.total


def images_in(folder: Path) -> list[Path]:
    """The files image_dataset_from_directory would read under `folder` (sub-folders included)."""
    return sorted(
        Path(directory) / name
        for directory, _, names in os.walk(folder)
        for name in names
        if name.lower().endswith(IMAGE_SUFFIXES)
    )


def check_image_folder(folder: str | os.PathLike, source: str, verify: bool = True) -> ImageFolder:
    """Checks a training folder: two or more class sub-folders, each with images that can be read.

    Raises:
        UserError: no such folder, fewer than two classes, a class without images, or an image that cannot be read.
    """
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise UserError(f"The data folder '{folder}' does not exist: pass a folder with one sub-folder of images per class.")
    class_folders = sorted(path for path in root.iterdir() if path.is_dir())
    if len(class_folders) < 2:
        found = f"only one class sub-folder ('{class_folders[0].name}')" if class_folders else "no class sub-folders"
        raise UserError(
            f"The folder '{folder}' has {found}: a classifier needs two or more, one per class, each holding that class's images."
        )
    counts = []
    for class_folder in class_folders:
        files = images_in(class_folder)
        if not files:
            raise UserError(
                f"The class folder '{class_folder}' has no images ({', '.join(IMAGE_SUFFIXES)}): add some, or remove the folder."
            )
        if verify:
            for file in files:
                load_rgb_image(file)  # one sentence naming the file if it is damaged
        counts.append(len(files))
    return ImageFolder(root, tuple(path.name for path in class_folders), tuple(counts), source)


def make_datasets(folder: ImageFolder, image_size, batch_size: int, validation_split: float | None, seed: int):
    """The course's training and validation datasets, with `prefetch` and, when it fits, `cache`.

    Args:
        image_size: (height, width) the images are resized to (bilinear, as the course).
        batch_size: images per batch (the global batch under a distribution strategy).
        validation_split: the share held out; the split follows the file order shuffled by `seed`. None:
            no split, every image in one unshuffled dataset (returned as the validation set, training None).
        seed: the split's (and the shuffle's) seed: the course's 42 gives its 262 / 65.

    Returns:
        (train, validation, (train count, validation count)).
    """
    import tensorflow as tf

    label_mode = "int" if len(folder.class_names) > 2 else "binary"
    if validation_split is None:
        every = tf.keras.utils.image_dataset_from_directory(
            folder.root, shuffle=False, batch_size=batch_size, image_size=tuple(image_size), label_mode=label_mode, verbose=False
        )
        return None, every.prefetch(tf.data.AUTOTUNE), (0, len(every.file_paths))
    held_out = int(validation_split * folder.total)  # Keras' own rule
    if held_out == 0 or held_out == folder.total:
        raise UserError(
            f"A validation split of {validation_split:g} of the {folder.total} images in {folder.root} leaves "
            f"{'no validation' if held_out == 0 else 'no training'} images: add images or change --validation-split."
        )
    train, validation = tf.keras.utils.image_dataset_from_directory(
        folder.root,
        shuffle=True,
        batch_size=batch_size,
        image_size=tuple(image_size),
        validation_split=validation_split,
        subset="both",
        seed=seed,
        label_mode=label_mode,
        verbose=False,
    )
    counts = (len(train.file_paths), len(validation.file_paths))
    decoded_bytes = folder.total * image_size[0] * image_size[1] * 3 * 4
    if decoded_bytes <= CACHE_LIMIT_BYTES:
        # Cached decoded batches, their order reshuffled every epoch (decoding is most of an epoch's input cost).
        train = train.cache().shuffle(len(train), seed=seed, reshuffle_each_iteration=True)
        validation = validation.cache()
    return train.prefetch(tf.data.AUTOTUNE), validation.prefetch(tf.data.AUTOTUNE), counts
