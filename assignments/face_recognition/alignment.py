"""Cutting a found face out of its photo as the encoder expects it.

- `align_to_template(photo, face, size)`: dlib's face chip. A similarity transform (rotation, uniform
  scale, shift; fitted by least squares, Umeyama 1991) takes the 5 landmarks to where dlib's mean face puts
  them in a 150x150 chip with 25 % padding, and the photo is resampled bilinearly through it.
- `centred_crop(photo, face, size)`: a square around the box, for FaceNet (which was trained on MTCNN crops).
"""

from __future__ import annotations

import numpy as np
from PIL import Image

from assignments.common.errors import UserError
from assignments.face_recognition.detection import Face

MIN_EYE_DISTANCE = 6.0  # eyes closer than this many pixels cannot be aligned reliably

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
CHIP_PADDING = 0.25  # dlib's face recognition example: get_face_chip_details(shape, 150, 0.25)


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
