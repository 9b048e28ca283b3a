"""Photos in, faces and their descriptors out: read each photo, find its faces, cut chips, encode in batches.

    photos = read_photos(paths)                                  # uint8 RGB, any mode a user has
    found = find_faces(photos, encoder)                          # [(path, photo, [Face, ...]), ...]
    descriptors = encode_chips([encoder.chip(photo, face) ...])  # (n, 128), batched

With `--align none` every photo is one face (the whole frame); with `--align mtcnn` MTCNN finds them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assignments.common.errors import UserError
from assignments.common.images import load_rgb_image
from assignments.face_recognition.encoders import FaceEncoder
from assignments.face_recognition.faces import Face, FaceFinder, whole_photo_face


@dataclasses.dataclass
class PhotoFaces:
    """The faces found in one photo, largest first, and (after `encode_faces`) their descriptors (k, d)."""

    path: Path
    photo: np.ndarray
    faces: list[Face]
    descriptors: np.ndarray | None = None


def read_photo(path: str | os.PathLike) -> np.ndarray:
    """A photo as uint8 RGB (h, w, 3): grayscale, CMYK, 16-bit, palette and RGBA photos are converted."""
    return np.asarray(load_rgb_image(path), dtype=np.uint8)


def find_faces(
    paths: Sequence[str | os.PathLike],
    encoder: FaceEncoder,
    finder: FaceFinder | None = None,
    progress: bool = False,
    batch_size: int = 32,
) -> list[PhotoFaces]:
    """Reads every photo and finds its faces (MTCNN, `batch_size` photos at a time), or takes the whole
    photo (`--align none`).

    Raises:
        UserError: a photo cannot be read.
    """
    if encoder.alignment == "mtcnn" and finder is None:
        finder = FaceFinder()
    results = []
    with tqdm(total=len(paths), desc="finding faces", unit="photo", disable=not progress, dynamic_ncols=True) as bar:
        for start in range(0, len(paths), batch_size):
            chunk = [Path(path) for path in paths[start : start + batch_size]]
            photos = [read_photo(path) for path in chunk]
            if encoder.alignment == "mtcnn":
                faces = finder.find_many(photos)
            else:
                faces = [[whole_photo_face(photo)] for photo in photos]
            results += [PhotoFaces(path, photo, photo_faces) for path, photo, photo_faces in zip(chunk, photos, faces)]
            bar.update(len(chunk))
    return results


def encode_faces(photos: list[PhotoFaces], encoder: FaceEncoder, batch_size: int = 32, largest_only: bool = False) -> None:
    """Fills each `PhotoFaces.descriptors`: every face's (or only the largest face's) descriptor.

    Chips of all photos go through the encoder together, `batch_size` at a time.

    Raises:
        UserError: a face is too small to align.
    """
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, received {batch_size}")
    chips, owners = [], []
    for index, item in enumerate(photos):
        for face in item.faces[: 1 if largest_only else None]:
            chips.append(encoder.chip(item.photo, face))
            owners.append(index)
    descriptors = encode_chips(np.asarray(chips, dtype=np.uint8).reshape(-1, encoder.size, encoder.size, 3), encoder, batch_size)
    owners = np.asarray(owners, dtype=int)
    for index, item in enumerate(photos):
        item.descriptors = descriptors[owners == index]


def encode_chips(chips: np.ndarray, encoder: FaceEncoder, batch_size: int = 32) -> np.ndarray:
    """(n, size, size, 3) uint8 chips → (n, d) float32 descriptors, in batches."""
    rows = [encoder.encode(chips[start : start + batch_size]) for start in range(0, len(chips), batch_size)]
    return np.concatenate(rows) if rows else np.zeros((0, int(encoder.model.output.shape[-1])), dtype=np.float32)


def largest_face_or_error(item: PhotoFaces) -> Face:
    """The largest face of a photo; a clear error when it has none."""
    if not item.faces:
        raise UserError(f"No face found in '{item.path}': use a photo where the face is visible and at least 20 pixels tall.")
    return item.faces[0]
