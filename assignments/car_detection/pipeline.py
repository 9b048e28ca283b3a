"""From images to detections: resize (as the course, or letterbox), run the network, decode, suppress, map back.

Two post-processing paths share the decoding (`yolo_head`):
- per image, the course's `yolo_eval` steps (score filter on the best class, then NMS inside each class,
  or across classes with `class_aware=False`): what the graders check;
- per batch, `tf.image.combined_non_max_suppression` (class-aware; every class score of a box competes,
  so one box may be reported for two classes): faster for folders, not the course's exact output.
"""

from __future__ import annotations

import dataclasses
from typing import Sequence

import numpy as np
import tensorflow as tf
from PIL import Image

from assignments.car_detection.detection import postprocess, scale_boxes
from assignments.car_detection.keras_yolo import yolo_boxes_to_corners, yolo_head
from assignments.car_detection.yolo_utils import letterbox_image
from assignments.common.images import image_to_array


@dataclasses.dataclass(frozen=True)
class Settings:
    """Post-processing choices (the course's `predict` uses score 0.3, IoU 0.5, 10 boxes, class-aware NMS)."""

    score_threshold: float = 0.3
    iou_threshold: float = 0.5
    max_boxes: int = 10
    class_aware: bool = True
    combined: bool = False  # batched tf.image.combined_non_max_suppression instead of the per-image course path
    resize: str = "stretch"  # "stretch" (the course's bicubic resize) or "letterbox"


@dataclasses.dataclass
class Detections:
    """One image's boxes: scores (k,), boxes (k, 4) pixel [top, left, bottom, right], classes (k,) int."""

    scores: np.ndarray
    boxes: np.ndarray
    classes: np.ndarray


def prepare(image: Image.Image, model_image_size, resize: str):
    """(1, H, W, 3) network input and a function mapping (n, 4) input-fraction boxes to image pixels."""
    height, width = model_image_size
    if resize == "stretch":
        data = image_to_array(image, (height, width), resample="bicubic")[np.newaxis]  # as preprocess_image
        return data, lambda boxes: scale_boxes(boxes, (image.height, image.width))
    if resize != "letterbox":
        raise ValueError(f"resize must be 'stretch' or 'letterbox', got {resize!r}")
    data, scale, (pad_top, pad_left) = letterbox_image(image, model_image_size)
    network = tf.constant([[height, width, height, width]], tf.float32)
    offset = tf.constant([[pad_top, pad_left, pad_top, pad_left]], tf.float32)
    return data, lambda boxes: (boxes * network - offset) / scale


def detect(model, images: Sequence[Image.Image], anchors, num_classes: int, settings: Settings) -> list[Detections]:
    """Runs YOLOv2 on a list of images (one network call) and post-processes each.

    Args:
        model: YOLOv2 (m, H, W, 3) → (m, H/32, W/32, A * (5 + C)).
        images: RGB PIL images of any sizes.
        anchors: (A, 2) anchors.
        num_classes: C.
        settings: thresholds and the path to use.
    """
    model_image_size = tuple(int(value) for value in model.input.shape[1:3])
    prepared = [prepare(image, model_image_size, settings.resize) for image in images]
    batch = np.concatenate([data for data, _ in prepared], axis=0)  # (m, H, W, 3)
    features = model(batch, training=False)  # (m, gh, gw, A * (5 + C))
    box_xy, box_wh, box_confidence, box_class_probs = yolo_head(features, anchors, num_classes)
    results = []
    if settings.combined:
        count = batch.shape[0]
        corners = tf.reshape(yolo_boxes_to_corners(box_xy, box_wh), [count, -1, 1, 4])  # (m, N, 1, 4) shared by classes
        scores = tf.reshape(box_confidence * box_class_probs, [count, -1, num_classes])  # (m, N, C)
        boxes, kept_scores, classes, valid = tf.image.combined_non_max_suppression(
            corners,
            scores,
            max_output_size_per_class=settings.max_boxes,
            max_total_size=settings.max_boxes,
            iou_threshold=settings.iou_threshold,
            score_threshold=settings.score_threshold,
            clip_boxes=False,
        )
        for index, (_, to_pixels) in enumerate(prepared):
            kept = int(valid[index])
            results.append(
                Detections(
                    kept_scores[index, :kept].numpy(),
                    to_pixels(boxes[index, :kept]).numpy(),
                    classes[index, :kept].numpy().astype(np.int64),
                )
            )
        return results
    for index, (image, (_, to_pixels)) in enumerate(zip(images, prepared)):
        outputs = (box_xy[index], box_wh[index], box_confidence[index], box_class_probs[index])
        scores, boxes, classes = postprocess(
            outputs,
            (image.height, image.width),
            settings.max_boxes,
            settings.score_threshold,
            settings.iou_threshold,
            class_aware=settings.class_aware,
            to_pixels=None if settings.resize == "stretch" else to_pixels,
        )
        results.append(Detections(scores.numpy(), boxes.numpy(), classes.numpy().astype(np.int64)))
    return results
