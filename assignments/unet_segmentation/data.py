"""The CARLA data in the course's layout: found, paired, checked and split (numpy and Pillow only).

Layout: `<folder>/CameraRGB/*.png` and `<folder>/CameraMask/*.png` (the Lyft/Udacity release calls the mask
folder `CameraSeg`) with the same file names. A mask's class id is its channel maximum (CARLA writes it in
red). Before any training, `find_pairs` + `check_pairs` read every pair once, so an unpaired, unreadable or
out-of-range file stops the run with one sentence instead of a traceback in the middle of an epoch.
`pipeline.py` feeds the checked pairs to Keras with `tf.data`.
"""

from __future__ import annotations

import dataclasses
import os
from pathlib import Path

import numpy as np
from PIL import Image, UnidentifiedImageError

from assignments.common.errors import UserError
from assignments.common.images import IMAGE_SUFFIXES

IMAGE_FOLDER = "CameraRGB"
MASK_FOLDERS = ("CameraMask", "CameraSeg")


@dataclasses.dataclass(frozen=True)
class Pairs:
    """The matched image and mask files of one data folder, sorted by name."""

    folder: Path
    image_paths: tuple[str, ...]
    mask_paths: tuple[str, ...]

    def __len__(self) -> int:
        return len(self.image_paths)


def _images_in(folder: Path) -> dict[str, Path]:
    return {file.name: file for file in folder.iterdir() if file.is_file() and file.suffix.lower() in IMAGE_SUFFIXES}


def _few(names) -> str:
    names = sorted(names)
    return ", ".join(names[:5]) + (f" and {len(names) - 5} more" if len(names) > 5 else "")


def find_pairs(folder: str | os.PathLike) -> Pairs:
    """Finds `CameraRGB/` and `CameraMask/` (or `CameraSeg/`) in `folder` (or `folder/data/`) and pairs them.

    Raises:
        UserError: a folder is missing or empty, or some images have no mask (or masks no image).
    """
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise UserError(
            f"The data folder '{folder}' does not exist: point --data at the folder that holds CameraRGB/ and CameraMask/."
        )
    base = next((candidate for candidate in (root, root / "data") if (candidate / IMAGE_FOLDER).is_dir()), None)
    if base is None:
        raise UserError(
            f"'{folder}' has no {IMAGE_FOLDER}/ folder: point --data at the folder that holds CameraRGB/ and CameraMask/ (or CameraSeg/)."
        )
    mask_folder = next((base / name for name in MASK_FOLDERS if (base / name).is_dir()), None)
    if mask_folder is None:
        raise UserError(
            f"'{base}' has {IMAGE_FOLDER}/ but no CameraMask/ (or CameraSeg/) folder of masks: add the masks beside the images."
        )
    images, masks = _images_in(base / IMAGE_FOLDER), _images_in(mask_folder)
    for name, files in ((base / IMAGE_FOLDER, images), (mask_folder, masks)):
        if not files:
            raise UserError(f"The folder '{name}' has no PNG/JPEG images: add the files or point --data at another folder.")
    only_images, only_masks = images.keys() - masks.keys(), masks.keys() - images.keys()
    if only_images or only_masks:
        parts = []
        if only_images:
            parts.append(f"{len(only_images)} image(s) without a mask in {mask_folder.name}/ ({_few(only_images)})")
        if only_masks:
            parts.append(f"{len(only_masks)} mask(s) without an image in {IMAGE_FOLDER}/ ({_few(only_masks)})")
        raise UserError(
            f"Images and masks must pair up by file name ({len(images)} images, {len(masks)} masks): "
            + "; ".join(parts)
            + ": add or remove those files."
        )
    names = sorted(images)
    return Pairs(base, tuple(str(images[name]) for name in names), tuple(str(masks[name]) for name in names))


def read_mask_ids(path: str | os.PathLike) -> np.ndarray:
    """A mask file's class ids, (height, width) uint8: the maximum over its RGB channels, as the course takes it."""
    with Image.open(path) as opened:
        opened.load()
        rgb = np.asarray(opened.convert("RGB"))
    return rgb.max(axis=-1)


def check_pairs(pairs: Pairs, n_classes: int) -> np.ndarray:
    """Reads every pair once: images must be readable, sizes must agree, class ids must be < n_classes.

    Returns:
        The pixel count of every class over all masks at full size, shape (n_classes,).

    Raises:
        UserError: naming the first bad file and what is wrong with it.
    """
    counts = np.zeros(n_classes, dtype=np.int64)
    for image_path, mask_path in zip(pairs.image_paths, pairs.mask_paths):
        try:
            with Image.open(image_path) as image:
                image_size = image.size
                image.load()
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise UserError(
                f"The image '{image_path}' is not a readable image: replace it or remove it together with its mask."
            ) from None
        try:
            ids = read_mask_ids(mask_path)
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise UserError(
                f"The mask '{mask_path}' is not a readable image: replace it or remove it together with its image."
            ) from None
        if (ids.shape[1], ids.shape[0]) != image_size:
            raise UserError(
                f"The mask '{mask_path}' is {ids.shape[1]}x{ids.shape[0]} but its image is {image_size[0]}x{image_size[1]}: "
                "masks must have their image's size."
            )
        largest = int(ids.max())
        if largest >= n_classes:
            raise UserError(
                f"The mask '{mask_path}' has class id {largest}, but the model has {n_classes} classes (ids 0..{n_classes - 1}): "
                f"pass --n-classes {largest + 1} or more, or fix the mask."
            )
        counts += np.bincount(ids.ravel(), minlength=n_classes)
    return counts


def split_pairs(pairs: Pairs, validation_split: float, seed: int) -> tuple[Pairs, Pairs]:
    """A seeded shuffle of the pairs, cut into (train, validation); each keeps at least one pair."""
    if len(pairs) < 2:
        raise UserError(f"'{pairs.folder}' has only {len(pairs)} image/mask pair: training with validation needs at least 2.")
    if not 0.0 < validation_split < 1.0:
        raise ValueError(f"validation_split must be between 0 and 1 (exclusive), received {validation_split}")
    order = np.random.default_rng(seed).permutation(len(pairs))
    n_validation = min(len(pairs) - 1, max(1, round(len(pairs) * validation_split)))
    pick = lambda indices: Pairs(  # noqa: E731 - a two-use helper
        pairs.folder, tuple(pairs.image_paths[i] for i in indices), tuple(pairs.mask_paths[i] for i in indices)
    )
    return pick(sorted(order[n_validation:])), pick(sorted(order[:n_validation]))
