"""The graded post-processing, in notebook order: filter by score, IoU, non-max suppression, yolo_eval.

All box tensors use corners [y_min, x_min, y_max, x_max] (TensorFlow's NMS order) except `iou`, which
the course defines on plain Python (x1, y1, x2, y2) tuples.
"""

from __future__ import annotations

from typing import Callable

import tensorflow as tf

from assignments.car_detection.keras_yolo import yolo_boxes_to_corners


def yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=.6):
    """Keeps the boxes whose best class score (confidence x class probability) is >= threshold.

    Args:
        boxes: (..., 4) box corners, one per grid cell and anchor (19, 19, 5, 4 in the course).
        box_confidence: (..., 1) object probability p_c.
        box_class_probs: (..., num_classes) class probabilities.
        threshold: the score a box needs to be kept.

    Returns:
        (scores, boxes, classes): (n,) best class score, (n, 4) boxes, (n,) class index (int64), for the
        n boxes kept.
    """
    box_scores = tf.convert_to_tensor(box_confidence) * tf.convert_to_tensor(box_class_probs)  # (..., C)
    box_classes = tf.math.argmax(box_scores, axis=-1)  # (...,)
    box_class_scores = tf.math.reduce_max(box_scores, axis=-1)  # (...,)
    keep = box_class_scores >= threshold  # (...,) boolean mask
    scores = tf.boolean_mask(box_class_scores, keep)
    boxes = tf.boolean_mask(boxes, keep)
    classes = tf.boolean_mask(box_classes, keep)
    return scores, boxes, classes


def iou(box1, box2):
    """Intersection over union of two boxes given as corners (x1, y1, x2, y2), x2 > x1 and y2 > y1.

    Boxes that only touch (share an edge or a vertex) have IoU 0.
    """
    (box1_x1, box1_y1, box1_x2, box1_y2), (box2_x1, box2_y1, box2_x2, box2_y2) = box1, box2
    inter_width = max(min(box1_x2, box2_x2) - max(box1_x1, box2_x1), 0)
    inter_height = max(min(box1_y2, box2_y2) - max(box1_y1, box2_y1), 0)
    inter_area = inter_width * inter_height
    union_area = (box1_x2 - box1_x1) * (box1_y2 - box1_y1) + (box2_x2 - box2_x1) * (box2_y2 - box2_y1) - inter_area
    return inter_area / union_area if union_area > 0 else 0.0


def non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5, class_aware=True):
    """Greedy NMS, either inside each class (the course's newest revision) or over all boxes at once.

    Returns:
        (scores, boxes, classes) of at most `max_boxes` boxes, by score descending; scores and boxes are
        float32, classes keep their dtype.
    """
    scores = tf.cast(tf.convert_to_tensor(scores), tf.float32)  # (n,)
    boxes = tf.cast(tf.convert_to_tensor(boxes), tf.float32)  # (n, 4)
    classes = tf.convert_to_tensor(classes)  # (n,) ints or floats
    if not class_aware:
        kept = tf.image.non_max_suppression(boxes, scores, max_boxes, iou_threshold=iou_threshold)
    else:
        # One suppression per class: a car never hides a bus. The survivors are merged by score.
        unique_classes, class_index = tf.unique(classes)
        kept_per_class = []
        for index in range(int(tf.size(unique_classes))):
            members = tf.where(tf.equal(class_index, index))[:, 0]  # indices of this class's boxes
            survivors = tf.image.non_max_suppression(
                tf.gather(boxes, members), tf.gather(scores, members), max_boxes, iou_threshold=iou_threshold
            )
            kept_per_class.append(tf.gather(members, survivors))
        kept = tf.concat(kept_per_class, axis=0) if kept_per_class else tf.zeros([0], tf.int64)
        order = tf.argsort(tf.gather(scores, kept), direction="DESCENDING", stable=True)
        kept = tf.gather(kept, order)[:max_boxes]
    return tf.gather(scores, kept), tf.gather(boxes, kept), tf.gather(classes, kept)


def yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5):
    """Per-class non-max suppression (the course's newest revision): keeps at most `max_boxes` boxes.

    Args:
        scores: (n,) scores (tensor, numpy array or list).
        boxes: (n, 4) corners [y_min, x_min, y_max, x_max].
        classes: (n,) class of each box (ints, or any values: boxes are grouped by equal values).
        max_boxes: most boxes to keep in all.
        iou_threshold: a box whose IoU with a better box of its class exceeds this is dropped.

    Returns:
        (scores, boxes, classes): (k,), (k, 4), (k,) with k <= max_boxes, by score descending.
    """
    return non_max_suppression(scores, boxes, classes, max_boxes, iou_threshold, class_aware=True)


def scale_boxes(boxes, image_shape):
    """Scales boxes from fractions of the image to pixels: `boxes * [height, width, height, width]`."""
    height, width = (float(value) for value in image_shape)
    image_dims = tf.reshape(tf.constant([height, width, height, width], dtype=boxes.dtype), [1, 4])
    return boxes * image_dims


def postprocess(
    yolo_outputs,
    image_shape=(720, 1280),
    max_boxes=10,
    score_threshold=.6,
    iou_threshold=.5,
    *,
    class_aware: bool = True,
    to_pixels: Callable | None = None,
):
    """`yolo_eval` with two choices the course fixes: class-aware or agnostic NMS, and how boxes map to pixels.

    Args:
        yolo_outputs: (box_xy, box_wh, box_confidence, box_class_probs) for one image (no batch axis).
        to_pixels: boxes (n, 4) in fractions of the network input → pixels of the original image;
            default `scale_boxes(boxes, image_shape)` (the course's stretch resize).
    """
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    boxes = yolo_boxes_to_corners(box_xy, box_wh)
    scores, boxes, classes = yolo_filter_boxes(boxes, box_confidence, box_class_probs, score_threshold)
    boxes = scale_boxes(boxes, image_shape) if to_pixels is None else to_pixels(boxes)
    return non_max_suppression(scores, boxes, classes, max_boxes, iou_threshold, class_aware=class_aware)


def yolo_eval(yolo_outputs, image_shape=(720, 1280), max_boxes=10, score_threshold=.6, iou_threshold=.5):
    """The whole post-processing for one image: corners → score filter → pixels → per-class NMS.

    Args:
        yolo_outputs: (box_xy, box_wh, box_confidence, box_class_probs), e.g. `yolo_head(...)` of one image,
            shapes (19, 19, 5, 2 | 2 | 1 | 80).
        image_shape: (height, width) of the original image, to scale the boxes to pixels.
        max_boxes, score_threshold, iou_threshold: as in `yolo_filter_boxes` / `yolo_non_max_suppression`.

    Returns:
        (scores, boxes, classes): (k,), (k, 4) pixel corners [y_min, x_min, y_max, x_max], (k,).
    """
    return postprocess(yolo_outputs, image_shape, max_boxes, score_threshold, iou_threshold)
