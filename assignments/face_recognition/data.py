"""Reading the course's and the user's data: the people to enroll and the photos to check.

- `course_people`: the notebook's 12-person database, one photo each, from `$DLS_DATA_DIR/face_recognition`.
- `people_in_folder`: a user's people, one sub-folder of photos per person or `<person>.jpg` files.
- `query_images`: the photos an `--image FILE|DIR` names.
- `check_images_open`: every file's header read before any model is built, so a non-image stops the run early.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from assignments.common.errors import UserError
from assignments.common.images import IMAGE_SUFFIXES, list_images

# The notebook's database: danielle is a PNG with an alpha channel, everyone else a JPEG.
COURSE_PEOPLE = {
    "danielle": "images/danielle.png",
    "younes": "images/younes.jpg",
    "tian": "images/tian.jpg",
    "andrew": "images/andrew.jpg",
    "kian": "images/kian.jpg",
    "dan": "images/dan.jpg",
    "sebastiano": "images/sebastiano.jpg",
    "bertrand": "images/bertrand.jpg",
    "kevin": "images/kevin.jpg",
    "felix": "images/felix.jpg",
    "benoit": "images/benoit.jpg",
    "arnaud": "images/arnaud.jpg",
}


def people_in_folder(folder: str | os.PathLike) -> dict[str, list[Path]]:
    """The people a folder describes: one sub-folder per person, or `name.jpg` files (or both).

    Returns:
        name → image files, in name order; sub-folders without images are left out.

    Raises:
        UserError: the folder is missing, or holds no images at all.
    """
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise UserError(
            f"The people folder '{folder}' does not exist or is not a folder: pass a folder with one sub-folder (or one image) per person."
        )
    people: dict[str, list[Path]] = {}
    for entry in sorted(root.iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            images = [file for file in sorted(entry.iterdir()) if file.is_file() and file.suffix.lower() in IMAGE_SUFFIXES]
            if images:
                people.setdefault(entry.name, []).extend(images)
        elif entry.is_file() and entry.suffix.lower() in IMAGE_SUFFIXES:
            people.setdefault(entry.stem, []).append(entry)
    if not people:
        raise UserError(
            f"The people folder '{folder}' has no images ({', '.join(IMAGE_SUFFIXES[:5])}, ...): "
            "add one sub-folder per person with their photos, or files named <person>.jpg."
        )
    return people


def course_people(data_folder: str | os.PathLike) -> dict[str, list[Path]]:
    """The notebook's 12-person database from the course's folder (`$DLS_DATA_DIR/face_recognition`).

    Raises:
        UserError: one of the course's images is missing.
    """
    folder = Path(data_folder)
    people = {name: [folder / relative] for name, relative in COURSE_PEOPLE.items()}
    missing = [str(paths[0]) for paths in people.values() if not paths[0].is_file()]
    if missing:
        raise UserError(f"The course image '{missing[0]}' is missing: check $DLS_DATA_DIR/face_recognition/images/.")
    return people


def query_images(path: str | os.PathLike) -> list[Path]:
    """The images an `--image FILE|DIR` names (a folder's images in name order)."""
    return list_images(path)


def check_images_open(image_paths: Sequence[str | os.PathLike]) -> None:
    """Reads every file's image header (cheap), so that a non-image stops the run before any encoding.

    Raises:
        UserError: naming the first file that is missing or is not an image.
    """
    for path in image_paths:
        try:
            with Image.open(path):
                pass
        except FileNotFoundError:
            raise UserError(f"The image '{path}' does not exist: check the path.") from None
        except (UnidentifiedImageError, OSError):
            raise UserError(f"'{path}' is not an image Pillow can read: use a JPEG, PNG, BMP, GIF, TIFF or WebP file.") from None
