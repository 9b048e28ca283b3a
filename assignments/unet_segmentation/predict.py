"""Segmenting a user's own images with a trained model: masks at the original size, overlays, class fractions."""

from __future__ import annotations

import os

import numpy as np

from assignments.common.errors import UserError
from assignments.common.models import load_keras_model_file


def create_mask(pred_mask):
    """The course's `create_mask`: logits (batch, h, w, n_classes) -> the first image's class ids (h, w, 1)."""
    import tensorflow as tf

    pred_mask = tf.argmax(pred_mask, axis=-1)
    pred_mask = pred_mask[..., tf.newaxis]
    return pred_mask[0]


def load_segmentation_model(path: str | os.PathLike):
    """Loads a `.keras` model written by `train` and checks it maps (h, w, 3) images to per-pixel logits.

    Returns:
        (model, (height, width), n_classes)

    Raises:
        UserError: the file is missing, is not a Keras model, or is not a segmentation model.
    """
    model = load_keras_model_file(path, "pass the best_model.keras a training run wrote")
    input_shape, output_shape = tuple(model.input_shape), tuple(model.output_shape)
    if (
        len(input_shape) != 4
        or input_shape[-1] != 3
        or len(output_shape) != 4
        or tuple(output_shape[1:3]) != tuple(input_shape[1:3])
    ):
        raise UserError(
            f"The model in '{path}' maps {input_shape} to {output_shape}, not RGB images to per-pixel classes: pass a U-Net from train."
        )
    return model, (int(input_shape[1]), int(input_shape[2])), int(output_shape[-1])


def segment(model, image, size: tuple[int, int]) -> np.ndarray:
    """Class ids at the image's own size for one `PIL.Image` (RGB).

    The image is resized to the model's `size` as in training (bilinear, antialiased), the argmax of the
    logits taken, and the (h, w) result scaled back to the original size by nearest neighbour.
    """
    import tensorflow as tf

    array = tf.image.convert_image_dtype(np.asarray(image, dtype=np.uint8), tf.float32)
    resized = tf.image.resize(array, size, method="bilinear", antialias=True)
    logits = model(resized[tf.newaxis], training=False)
    ids = create_mask(logits)  # (h, w, 1)
    full = tf.image.resize(ids, (image.height, image.width), method="nearest")
    return full.numpy()[..., 0].astype(np.int64)


def overlay(image, colors: np.ndarray, alpha: float = 0.5) -> np.ndarray:
    """The image with the colour mask blended on top, uint8 (h, w, 3)."""
    blended = (1.0 - alpha) * np.asarray(image, dtype=np.float32) + alpha * colors.astype(np.float32)
    return np.clip(blended + 0.5, 0, 255).astype(np.uint8)


def class_fractions(ids: np.ndarray, n_classes: int) -> np.ndarray:
    """The fraction of pixels of each class, shape (n_classes,), summing to 1."""
    return np.bincount(ids.ravel(), minlength=n_classes)[:n_classes] / ids.size
