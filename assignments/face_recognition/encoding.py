"""From an image file to a 128-d unit encoding: the course's preprocessing, one image or many in batches.

The course's distances (0.5992949 for camera_0 vs younes, ...) depend on its exact preprocessing, so it
is kept here: RGBA and other modes become RGB (alpha dropped), the image is resized to 160x160 with
**nearest**-neighbour sampling (Keras' `load_img` default), divided by 255 in float64 and rounded to 12
decimals, then fed to the model as float32; the model's output is divided by its L2 norm.
"""

from __future__ import annotations

import os

import numpy as np

from assignments.common.images import image_to_array, load_rgb_image

IMAGE_SIZE = (160, 160)


def load_face_image(image_path: str | os.PathLike, size: tuple[int, int] = IMAGE_SIZE) -> np.ndarray:
    """Reads one image as the course's network input.

    Args:
        image_path: any image Pillow reads (JPEG, PNG with alpha, grayscale, ...).
        size: (height, width) of the network input.

    Returns:
        float32 array of shape (160, 160, 3) with values in [0, 1].

    Raises:
        UserError: the file is missing or is not a readable image.
    """
    pixels = image_to_array(load_rgb_image(image_path), size=size, resample="nearest", scale=False)  # uint8 (160, 160, 3)
    # The course's arithmetic: float64 division and rounding, then the float32 the model computes in.
    return np.around(pixels.astype(np.float64) / 255.0, decimals=12).astype(np.float32)


def img_to_encoding(image_path, model):
    """Encodes one image with `model` as the course does.

    Args:
        image_path: the image file.
        model: a Keras model (160, 160, 3) → (d,), e.g. from `load_facenet_model()`.

    Returns:
        float32 array of shape (1, d) with L2 norm 1.
    """
    batch = np.expand_dims(load_face_image(image_path, size=_input_size(model)), axis=0)  # (1, 160, 160, 3)
    embedding = model.predict_on_batch(batch)  # (1, d)
    # ord=2 of a (1, d) matrix is its largest singular value, i.e. the row's Euclidean norm.
    return embedding / np.linalg.norm(embedding, ord=2)


def _input_size(model) -> tuple[int, int]:
    """(height, width) of the model's image input; the course's 160x160 when the model does not say."""
    shape = getattr(model, "input_shape", None) or tuple(getattr(getattr(model, "input", None), "shape", ()) or ())
    if len(shape) == 4 and shape[1] and shape[2]:
        return int(shape[1]), int(shape[2])
    return IMAGE_SIZE
