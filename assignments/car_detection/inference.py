"""Inference on a batch of images: resize (as the course, or letterbox), run the network, decode, suppress, map back.

The network runs on a whole batch at once; each image is then decoded with the course's `yolo_head` and
post-processed by `postprocess.postprocess`, the fast numpy path that gives `yolo_eval`'s detections bit
for bit (score filter on the best class, then NMS inside each class, or across classes when asked).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import numpy as np
from PIL import Image

from assignments.car_detection.cli import Settings
from assignments.car_detection.keras_yolo import yolo_head
from assignments.car_detection.postprocess import postprocess
from assignments.car_detection.yolo_utils import letterbox_image
from assignments.common.images import image_to_array


@dataclasses.dataclass
class Detections:
    """One image's boxes: scores (k,), boxes (k, 4) pixel [top, left, bottom, right], classes (k,) int."""

    scores: np.ndarray
    boxes: np.ndarray
    classes: np.ndarray


def prepare(image: Image.Image, model_image_size, resize: str):
    """(1, H, W, 3) network input and a function mapping (n, 4) input-fraction boxes to image pixels (or None
    for the course's `scale_boxes` stretch)."""
    height, width = model_image_size
    if resize == "stretch":
        return image_to_array(image, (height, width), resample="bicubic")[np.newaxis], None  # as preprocess_image
    if resize != "letterbox":
        raise ValueError(f"resize must be 'stretch' or 'letterbox'. Received: {resize!r}")
    data, scale, (pad_top, pad_left) = letterbox_image(image, model_image_size)
    network = np.array([height, width, height, width], np.float32)
    offset = np.array([pad_top, pad_left, pad_top, pad_left], np.float32)
    return data, lambda boxes: (np.asarray(boxes, np.float32) * network - offset) / np.float32(scale)


def detect(model, images: Sequence[Image.Image], anchors, num_classes: int, settings: Settings) -> list[Detections]:
    """Runs YOLOv2 on a list of images (one network call) and post-processes each.

    Args:
        model: YOLOv2 (m, H, W, 3) → (m, H/32, W/32, A * (5 + C)).
        images: RGB PIL images of any sizes.
        anchors: (A, 2) anchors.
        num_classes: C.
        settings: the run's settings; read here: score and IoU thresholds, max boxes, NMS kind, resize.
    """
    model_image_size = tuple(int(value) for value in model.input.shape[1:3])
    prepared = [prepare(image, model_image_size, settings.resize) for image in images]
    batch = np.concatenate([data for data, _ in prepared], axis=0)  # (m, H, W, 3)
    features = model(batch, training=False)  # (m, gh, gw, A * (5 + C))
    box_xy, box_wh, box_confidence, box_class_probs = (tensor.numpy() for tensor in yolo_head(features, anchors, num_classes))
    results = []
    for index, (image, (_, to_pixels)) in enumerate(zip(images, prepared)):
        outputs = (box_xy[index], box_wh[index], box_confidence[index], box_class_probs[index])
        scores, boxes, classes = postprocess(
            outputs,
            (image.height, image.width),
            settings.max_boxes,
            settings.score_threshold,
            settings.iou_threshold,
            class_aware=settings.class_aware,
            to_pixels=to_pixels,
        )
        results.append(Detections(scores, boxes, classes))
    return results
