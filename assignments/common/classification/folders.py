"""A folder with one sub-folder of images per class (`folder/<class>/*.jpg`): how a user brings their own classes.

Every image is read as 8-bit RGB (EXIF rotation, grayscale, RGBA and 16-bit PNGs handled by
`load_rgb_image`) and resized to the course's 64x64.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np

from assignments.common.classification.imageset import IMAGE_SIZE, ImageSet
from assignments.common.errors import UserError
from assignments.common.images import IMAGE_SUFFIXES, image_to_array, load_rgb_image


def is_class_folder_dataset(folder: Path) -> bool:
    return folder.is_dir() and any(path.is_dir() and not path.name.startswith(".") for path in folder.iterdir())


def read_image_folder(folder: str | os.PathLike, size: tuple[int, int] = IMAGE_SIZE) -> ImageSet:
    """Reads a folder with one sub-folder of images per class, resized to `size`.

    Classes are the sub-folder names in sorted order (numbers sort as numbers: 2 before 10).

    Raises:
        UserError: no class sub-folders, a class folder without images, or a file that is no image.
    """
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise UserError(f"The data folder '{folder}' does not exist: pass a folder with one sub-folder of images per class.")
    class_folders = [path for path in root.iterdir() if path.is_dir() and not path.name.startswith(".")]
    if not class_folders:
        raise UserError(
            f"The folder '{folder}' has no class sub-folders: put each class's images in its own sub-folder (e.g. {folder}/0/, {folder}/1/)."
        )
    class_folders.sort(key=lambda path: (0, int(path.name), "") if path.name.isdigit() else (1, 0, path.name))
    images, labels = [], []
    for label, class_folder in enumerate(class_folders):
        files = sorted(path for path in class_folder.iterdir() if path.is_file() and path.suffix.lower() in IMAGE_SUFFIXES)
        if not files:
            raise UserError(
                f"The class folder '{class_folder}' has no images ({', '.join(IMAGE_SUFFIXES[:4])}, ...): add images or remove the folder."
            )
        for file in files:
            images.append(image_to_array(load_rgb_image(file), size=size, scale=False))  # (64, 64, 3) uint8
            labels.append(label)
    if len(class_folders) < 2:
        raise UserError(
            f"The folder '{folder}' has only one class ('{class_folders[0].name}'): a classifier needs at least two class sub-folders."
        )
    return ImageSet(
        np.stack(images), np.asarray(labels, dtype=np.int64), [path.name for path in class_folders], f"the image folder {root}"
    )
