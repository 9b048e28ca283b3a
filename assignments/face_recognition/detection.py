"""Finding faces in ordinary photos with MTCNN: every face's box, confidence and 5 landmarks.

- `FaceFinder.find(photo)`: every face as a box, a confidence and 5 landmarks (eyes, nose, mouth corners),
  from the `mtcnn` package (MIT; its P/R/O-Net weights ship with it and run on TensorFlow).
- `find_faces(paths, encoder)`: reads photos (any mode a user has) and finds their faces in batches, or,
  with `--align none`, takes each whole photo as the face (the course's behaviour).

A face that fills the frame (the course's 96x96 crops) can escape MTCNN, whose smallest window wants some
margin: when nothing is found, the photo is tried once more inside a grey border.
`alignment.py` then cuts each face out as the encoder wants it; `encoders.encode_faces` encodes them.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from mtcnn import MTCNN
from tqdm import tqdm

from assignments.common.errors import UserError
from assignments.common.images import load_rgb_image

MIN_FACE_PIXELS = 20  # MTCNN's smallest face
BORDER = 0.5  # retry with a border of half the photo's size on each side
MAX_BATCH_PIXELS = 32 * 640 * 480  # photos per MTCNN batch: about 32 VGA photos' worth of pixels
LANDMARK_ORDER = ("left_eye", "right_eye", "nose", "mouth_left", "mouth_right")


@dataclasses.dataclass(frozen=True)
class Face:
    """One detected face.

    Attributes:
        box: (left, top, right, bottom) in photo pixels.
        confidence: MTCNN's probability that this is a face (1.0 for `--align none`).
        landmarks: (5, 2) x, y of the eyes (image-left first), nose, mouth corners; None for `--align none`.
    """

    box: tuple[float, float, float, float]
    confidence: float
    landmarks: np.ndarray | None

    @property
    def area(self) -> float:
        left, top, right, bottom = self.box
        return max(0.0, right - left) * max(0.0, bottom - top)


class FaceFinder:
    """MTCNN, built once (its three networks load in about a second) and used for every photo."""

    def __init__(self, min_face_size: int = MIN_FACE_PIXELS):
        self.detector = MTCNN()
        self.min_face_size = int(min_face_size)

    def find(self, photo: np.ndarray) -> list[Face]:
        """Every face in `photo` (uint8, (h, w, 3)), largest first."""
        return self.find_many([photo])[0]

    def find_many(self, photos: list[np.ndarray]) -> list[list[Face]]:
        """`find` for many photos: photos of one size go through MTCNN together (7-14x faster than one by one
        on the course's photos), at most MAX_BATCH_PIXELS at a time."""
        found: list[list[Face] | None] = [None] * len(photos)
        by_shape: dict[tuple, list[int]] = {}
        for index, photo in enumerate(photos):
            by_shape.setdefault(photo.shape, []).append(index)
        for shape, indices in by_shape.items():
            per_batch = max(1, MAX_BATCH_PIXELS // (shape[0] * shape[1]))
            for start in range(0, len(indices), per_batch):
                chunk = indices[start : start + per_batch]
                for index, faces in zip(chunk, self._detect_batch([photos[index] for index in chunk])):
                    found[index] = faces
        for index, faces in enumerate(found):
            if not faces:
                # A face filling the frame: give MTCNN the margin it needs and map the boxes back.
                photo = photos[index]
                border = int(round(BORDER * max(photo.shape[:2])))
                framed = np.pad(photo, ((border, border), (border, border), (0, 0)), constant_values=127)
                found[index] = self._detect(framed, offset=border)
        return [sorted(faces, key=lambda face: face.area, reverse=True) for faces in found]

    def _detect_batch(self, photos: list[np.ndarray]) -> list[list[Face]]:
        if len(photos) == 1:
            return [self._detect(photos[0], offset=0)]
        detections = self.detector.detect_faces(photos, min_face_size=self.min_face_size, box_format="xyxy")
        return [[_face(detection, 0) for detection in per_photo] for per_photo in detections]

    def _detect(self, photo: np.ndarray, offset: int) -> list[Face]:
        found = self.detector.detect_faces(photo, min_face_size=self.min_face_size, box_format="xyxy")
        return [_face(detection, offset) for detection in found]


def _face(detection: dict, offset: int) -> Face:
    """An MTCNN detection as a `Face`, shifted back by `offset` pixels (the retry's border)."""
    left, top, right, bottom = (float(value) - offset for value in detection["box"])
    points = np.array([detection["keypoints"][name] for name in LANDMARK_ORDER], dtype=np.float64) - offset
    return Face((left, top, right, bottom), float(detection["confidence"]), points)


def whole_photo_face(photo: np.ndarray) -> Face:
    """`--align none`: the whole photo is the face."""
    height, width = photo.shape[:2]
    return Face((0.0, 0.0, float(width), float(height)), 1.0, None)


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
    encoder,
    finder: FaceFinder | None = None,
    progress: bool = False,
    batch_size: int = 32,
) -> list[PhotoFaces]:
    """Reads every photo and finds its faces (MTCNN, `batch_size` photos at a time), or takes the whole
    photo (`--align none`, `encoder.alignment` says which).

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


def largest_face_or_error(item: PhotoFaces) -> Face:
    """The largest face of a photo; a clear error when it has none."""
    if not item.faces:
        raise UserError(f"No face found in '{item.path}': use a photo where the face is visible and at least 20 pixels tall.")
    return item.faces[0]
