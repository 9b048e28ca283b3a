"""Finding faces in ordinary photos (MTCNN) and cutting each one out as the encoder expects it.

- `FaceFinder.find(photo)`: every face as a box, a confidence and 5 landmarks (eyes, nose, mouth corners),
  from the `mtcnn` package (MIT; its P/R/O-Net weights ship with it and run on TensorFlow).
- `align_to_template(photo, face, size)`: dlib's face chip. A similarity transform (rotation, uniform
  scale, shift; fitted by least squares, Umeyama 1991) takes the 5 landmarks to where dlib's mean face puts
  them in a 150x150 chip with 25 % padding, and the photo is resampled bilinearly through it.
- `centred_crop(photo, face, size)`: a square around the box, for FaceNet (which was trained on MTCNN crops).
- `whole_photo(photo)`: `--align none`, the course's behaviour: the face fills the frame.

A face that fills the frame (the course's 96x96 crops) can escape MTCNN, whose smallest window wants some
margin: when nothing is found, the photo is tried once more inside a grey border.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from mtcnn import MTCNN
from PIL import Image

from assignments.common.errors import UserError

MIN_FACE_PIXELS = 20  # MTCNN's smallest face; eyes closer than this many pixels cannot be aligned reliably.
MIN_EYE_DISTANCE = 6.0
BORDER = 0.5  # retry with a border of half the photo's size on each side
MAX_BATCH_PIXELS = 32 * 640 * 480  # photos per MTCNN batch: about 32 VGA photos' worth of pixels

# dlib's mean face (`get_face_chip_details`, points 17-67 of the 68-point model, in a unit square),
# reduced to MTCNN's 5 landmarks: the means of the 6 points of each eye, the nose tip (30), the mouth
# corners (48, 54). Image-left eye first, as MTCNN's "left_eye".
_EYE_IMAGE_LEFT = np.mean(
    [
        [0.121737, 0.216423],
        [0.187122, 0.178758],
        [0.265825, 0.179852],
        [0.334606, 0.231733],
        [0.260918, 0.245099],
        [0.182743, 0.244077],
    ],
    axis=0,
)
_EYE_IMAGE_RIGHT = np.mean(
    [
        [0.645647, 0.231733],
        [0.714428, 0.179852],
        [0.793132, 0.178758],
        [0.858516, 0.216423],
        [0.79751, 0.244077],
        [0.719335, 0.245099],
    ],
    axis=0,
)
MEAN_FACE_5 = np.array([_EYE_IMAGE_LEFT, _EYE_IMAGE_RIGHT, [0.490127, 0.515625], [0.254149, 0.780233], [0.726104, 0.780233]])
LANDMARK_ORDER = ("left_eye", "right_eye", "nose", "mouth_left", "mouth_right")
CHIP_PADDING = 0.25  # dlib's face recognition example: get_face_chip_details(shape, 150, 0.25)


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


def similarity_transform(source: np.ndarray, target: np.ndarray) -> np.ndarray:
    """The least-squares similarity (rotation, uniform scale, shift) taking `source` points to `target`.

    Umeyama (1991), "Least-squares estimation of transformation parameters between two point patterns".

    Args:
        source, target: (n, 2) matching points, n >= 2.

    Returns:
        (2, 3) matrix M with target ≈ M @ [x, y, 1].
    """
    source_mean, target_mean = source.mean(axis=0), target.mean(axis=0)
    source_centred, target_centred = source - source_mean, target - target_mean
    covariance = target_centred.T @ source_centred / len(source)  # (2, 2)
    u, singular, vt = np.linalg.svd(covariance)
    reflection = np.diag([1.0, np.sign(np.linalg.det(u) * np.linalg.det(vt)) or 1.0])
    rotation = u @ reflection @ vt
    scale = np.trace(np.diag(singular) @ reflection) / source_centred.var(axis=0).sum()
    shift = target_mean - scale * rotation @ source_mean
    return np.hstack([scale * rotation, shift[:, None]])


def chip_template(size: int, padding: float = CHIP_PADDING) -> np.ndarray:
    """Where the 5 landmarks sit in a `size` x `size` dlib chip, (5, 2) pixels."""
    return (padding + MEAN_FACE_5) / (2 * padding + 1) * size


def align_to_template(photo: np.ndarray, face: Face, size: int = 150) -> np.ndarray:
    """dlib's face chip: the face rotated upright and scaled onto the mean face. Returns uint8 (size, size, 3).

    Raises:
        UserError: the face is too small to align (eyes closer than MIN_EYE_DISTANCE pixels).
    """
    if face.landmarks is None:
        return resize(photo, size)
    if np.linalg.norm(face.landmarks[1] - face.landmarks[0]) < MIN_EYE_DISTANCE:
        raise UserError(
            f"The face at {_box_text(face)} is too small to align (its eyes are under {MIN_EYE_DISTANCE:g} pixels apart): use a larger photo of it."
        )
    # The map from chip pixels to photo pixels, so that Pillow can pull each chip pixel from the photo.
    chip_to_photo = similarity_transform(chip_template(size), face.landmarks)  # (2, 3)
    # Pillow samples pixel centres at +0.5; landmarks and the template count from pixel centres at 0.
    a, b, c = chip_to_photo[0]
    d, e, f = chip_to_photo[1]
    c += 0.5 - 0.5 * (a + b)
    f += 0.5 - 0.5 * (d + e)
    chip = Image.fromarray(photo).transform(
        (size, size), Image.Transform.AFFINE, (a, b, c, d, e, f), resample=Image.Resampling.BILINEAR
    )
    return np.asarray(chip, dtype=np.uint8)


def centred_crop(photo: np.ndarray, face: Face, size: int, margin: float = 0.2) -> np.ndarray:
    """A square around the face box, `margin` of its side added on each side, resized to `size` (uint8)."""
    if face.landmarks is None:
        return resize(photo, size)
    left, top, right, bottom = face.box
    side = max(right - left, bottom - top) * (1 + 2 * margin)
    centre_x, centre_y = (left + right) / 2, (top + bottom) / 2
    box = tuple(
        int(round(value)) for value in (centre_x - side / 2, centre_y - side / 2, centre_x + side / 2, centre_y + side / 2)
    )
    # Pillow's crop fills outside the photo with black: a face at the edge keeps its place in the square.
    return np.asarray(Image.fromarray(photo).crop(box).resize((size, size), Image.Resampling.BILINEAR), dtype=np.uint8)


def resize(photo: np.ndarray, size: int) -> np.ndarray:
    return np.asarray(Image.fromarray(photo).resize((size, size), Image.Resampling.BILINEAR), dtype=np.uint8)


def _box_text(face: Face) -> str:
    return "(" + ", ".join(f"{value:.0f}" for value in face.box) + ")"
