"""face-api's Tiny Face Detector, a trained Tiny-YOLOv2 (depthwise-separable), rebuilt in Keras 3.

The layer sequence follows the npm package `@vladmandic/face-api` 1.7.15's own sources
(`src/tinyYolov2/TinyYolov2Base.ts`: `runMobilenet` with `isFirstLayerConv2d`; `depthwiseSeparableConv.ts`;
`leaky.ts`; `src/tinyFaceDetector/`):

    input (H, W, 3), RGB in [0, 1]
    (255 * x - mean RGB) / 256                        mean RGB (117.001, 114.697, 97.404)
    conv0  3x3 conv, 16, *valid* padding, leaky 0.1   (H-2, W-2, 16)
    max-pool 2x2/2 same                               (H/2 - 1, W/2 - 1, 16)
    conv1..conv5: 3x3 depthwise + 1x1 pointwise + bias, padding 1 (same), leaky 0.1, each followed by a
      2x2 max-pool, stride 2 after conv1..conv4 and stride 1 after conv5 (16 → 32 → 64 → 128 → 256 → 512)
    conv8  1x1 conv: 5 anchors x (t_x, t_y, t_w, t_h, t_o)   (H/32, W/32, 25)

There is no conv6/conv7 in this model (its manifest has conv0..conv5 and conv8) and no BatchNorm: it is
folded into the biases. The head convolution is built with 5 x (5 + 1) = 30 outputs, the extra one per
anchor a class logit with zero weights (`tiny_face.widen_head`), so that the course's `yolo_head` decodes it.
"""

from __future__ import annotations

import keras
import numpy as np

from assignments.car_detection.loading import Detector
from assignments.car_detection.tiny_face import (
    FACE_ANCHORS,
    FACE_MEAN_RGB,
    FIRST_FILTERS,
    HEAD_VALUES,
    SEPARABLE_FILTERS,
    read_face_weights,
    widen_head,
)


def tiny_face_detector(input_size=(416, 416)) -> keras.Model:
    """The network with fresh weights: images (m, H, W, 3) in [0, 1] → head (m, H/32, W/32, 5 * (5 + 1)).

    Args:
        input_size: (height, width), multiples of 32 (face-api uses 416 by default; 608 works as well).
    """
    height, width = (int(value) for value in input_size)
    if height <= 0 or width <= 0 or height % 32 or width % 32:
        raise ValueError(f"input_size must be positive multiples of 32, got {input_size}")
    images = keras.Input((height, width, 3), name="image")
    # face-api: (pixel - mean) / 256 on 0..255 pixels; with x = pixel / 255 that is (x - mean/255) / (256/255).
    mean = np.array(FACE_MEAN_RGB, dtype=np.float32) / 255.0
    x = keras.layers.Normalization(mean=mean, variance=np.full(3, (256.0 / 255.0) ** 2, np.float32), name="normalize")(images)
    x = keras.layers.Conv2D(FIRST_FILTERS, 3, padding="valid", name="conv0")(x)  # (H-2, W-2, 16): face-api's 'valid'
    x = keras.layers.LeakyReLU(negative_slope=0.1, name="conv0_leaky")(x)
    x = keras.layers.MaxPooling2D(2, strides=2, padding="same", name="pool0")(x)
    for index, filters in enumerate(SEPARABLE_FILTERS, start=1):
        # face-api pads 1 on every side and convolves 'valid': for a 3x3 stride-1 kernel that is 'same'.
        x = keras.layers.SeparableConv2D(filters, 3, padding="same", name=f"conv{index}")(x)
        x = keras.layers.LeakyReLU(negative_slope=0.1, name=f"conv{index}_leaky")(x)
        stride = 1 if index == len(SEPARABLE_FILTERS) else 2  # the last pool keeps the grid (pads bottom/right)
        x = keras.layers.MaxPooling2D(2, strides=stride, padding="same", name=f"pool{index}")(x)
    # (H/32, W/32, 512) → 5 anchors x (4 box + 1 objectness + 1 class logit that is always 0)
    head = keras.layers.Conv2D(len(FACE_ANCHORS) * (HEAD_VALUES + 1), 1, name="conv8")(x)
    return keras.Model(images, head, name="tiny_face_detector")


def set_face_api_weights(model: keras.Model, tensors: dict[str, np.ndarray]) -> None:
    """Copies face-api's tensors (checked by `tiny_face.read_face_weights`) into `tiny_face_detector()`."""
    model.get_layer("conv0").set_weights([tensors["conv0/filters"], tensors["conv0/bias"]])
    for index in range(1, len(SEPARABLE_FILTERS) + 1):
        prefix = f"conv{index}"
        # Keras' SeparableConv2D holds [depthwise (3, 3, in, 1), pointwise (1, 1, in, out), bias]: tfjs' layout.
        model.get_layer(prefix).set_weights(
            [tensors[f"{prefix}/depthwise_filter"], tensors[f"{prefix}/pointwise_filter"], tensors[f"{prefix}/bias"]]
        )
    model.get_layer("conv8").set_weights(list(widen_head(tensors["conv8/filters"], tensors["conv8/bias"])))


def build_face_detector(weights=None, input_size=(416, 416), *, checked=None) -> Detector:
    """face-api's Tiny Face Detector with its trained weights, as a `Detector` for `inference.detect`.

    Args:
        weights: the `--weights` value: None (course data), "face-api" (download) or a manifest path.
        input_size: (height, width), multiples of 32.
        checked: `(manifest, tensors)` already returned by `tiny_face.read_face_weights(weights)`.

    Returns:
        Detector whose model maps images (m, H, W, 3) in [0, 1] to (m, H/32, W/32, 5 * (5 + 1)): decode it
        with `FACE_ANCHORS` and one class (`FACE_CLASSES`).
    """
    manifest, tensors = checked if checked is not None else read_face_weights(weights)
    model = tiny_face_detector(input_size)
    set_face_api_weights(model, tensors)
    return Detector(
        model,
        True,
        f"face-api 1.7.15 Tiny Face Detector (trained Tiny-YOLOv2, tfjs weights {manifest})",
        f"face-api 1.7.15 Tiny Face Detector, trained by face-api's authors (tfjs weights {manifest})",
    )
