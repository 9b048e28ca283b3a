"""The graded post-processing, in notebook order: filter by score, IoU, non-max suppression, yolo_eval.

All box tensors use corners [y_min, x_min, y_max, x_max] (TensorFlow's NMS order) except `iou`, which
the course defines on plain Python (x1, y1, x2, y2) tuples.

Each graded function holds the course's steps in its body, as eager TensorFlow ops. The main script does
not call them one image at a time: `postprocess.py` holds a vectorised numpy path that computes the same
detections, bit for bit, about 10x faster than a per-box loop (`tests/test_car_detection_postprocess.py`
proves the equality; `benchmarks/bench_car_detection.py` measures the speed).
"""

from __future__ import annotations

import tensorflow as tf

from assignments.car_detection.keras_yolo import yolo_boxes_to_corners


def yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=0.6):
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
    # Step 1: the score of every class for every box.
    box_scores = tf.convert_to_tensor(box_confidence) * tf.convert_to_tensor(box_class_probs)  # (..., C)
    # Step 2: the best class of each box and its score.
    box_classes = tf.math.argmax(box_scores, axis=-1)  # (...,)
    box_class_scores = tf.math.reduce_max(box_scores, axis=-1)  # (...,)
    # Step 3: a mask of the boxes whose best score reaches the threshold.
    filtering_mask = box_class_scores >= threshold  # (...,) boolean
    # Step 4: apply it to scores, boxes and classes.
    scores = tf.boolean_mask(box_class_scores, filtering_mask)
    boxes = tf.boolean_mask(boxes, filtering_mask)
    classes = tf.boolean_mask(box_classes, filtering_mask)
    return scores, boxes, classes


def iou(box1, box2):
    """Intersection over union of two boxes given as corners (x1, y1, x2, y2), x2 > x1 and y2 > y1.

    Boxes that only touch (share an edge or a vertex) have IoU 0.
    """
    (box1_x1, box1_y1, box1_x2, box1_y2), (box2_x1, box2_y1, box2_x2, box2_y2) = box1, box2
    # The intersection: the larger of the top-left corners, the smaller of the bottom-right ones.
    inter_width = max(min(box1_x2, box2_x2) - max(box1_x1, box2_x1), 0)
    inter_height = max(min(box1_y2, box2_y2) - max(box1_y1, box2_y1), 0)
    inter_area = inter_width * inter_height
    # The union: both areas, minus the intersection counted twice.
    union_area = (box1_x2 - box1_x1) * (box1_y2 - box1_y1) + (box2_x2 - box2_x1) * (box2_y2 - box2_y1) - inter_area
    return inter_area / union_area if union_area > 0 else 0.0


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
    scores = tf.cast(tf.convert_to_tensor(scores), tf.float32)  # (n,)
    boxes = tf.cast(tf.convert_to_tensor(boxes), tf.float32)  # (n, 4)
    classes = tf.convert_to_tensor(classes)  # (n,) ints or floats

    # Step 1: suppress inside each class, so that a car never hides a bus.
    nms_indices = []
    for label in tf.unique(classes)[0]:  # the classes present, in order of first appearance
        members = tf.where(tf.equal(classes, label))[:, 0]  # (n_label,) indices of this class's boxes
        kept = tf.image.non_max_suppression(
            tf.gather(boxes, members), tf.gather(scores, members), max_boxes, iou_threshold=iou_threshold
        )
        nms_indices.append(tf.gather(members, kept))  # back to indices into all boxes
    nms_indices = tf.concat(nms_indices, axis=0) if nms_indices else tf.zeros([0], tf.int64)

    # Step 2: merge the classes' survivors by score, best first, and keep `max_boxes` of them.
    sort_order = tf.argsort(tf.gather(scores, nms_indices), direction="DESCENDING", stable=True)
    nms_indices = tf.gather(nms_indices, sort_order)[:max_boxes]

    # Step 3: the kept scores, boxes and classes.
    return tf.gather(scores, nms_indices), tf.gather(boxes, nms_indices), tf.gather(classes, nms_indices)


def scale_boxes(boxes, image_shape):
    """Scales boxes from fractions of the image to pixels: `boxes * [height, width, height, width]`."""
    height, width = (float(value) for value in image_shape)
    image_dims = tf.reshape(tf.constant([height, width, height, width], dtype=boxes.dtype), [1, 4])
    return boxes * image_dims


def yolo_eval(yolo_outputs, image_shape=(720, 1280), max_boxes=10, score_threshold=0.6, iou_threshold=0.5):
    """The whole post-processing for one image: corners → score filter → pixels → per-class NMS.

    Args:
        yolo_outputs: (box_xy, box_wh, box_confidence, box_class_probs), e.g. `yolo_head(...)` of one image,
            shapes (19, 19, 5, 2 | 2 | 1 | 80).
        image_shape: (height, width) of the original image, to scale the boxes to pixels.
        max_boxes, score_threshold, iou_threshold: as in `yolo_filter_boxes` / `yolo_non_max_suppression`.

    Returns:
        (scores, boxes, classes): (k,), (k, 4) pixel corners [y_min, x_min, y_max, x_max], (k,).
    """
    # Step 1: the network's outputs.
    box_xy, box_wh, box_confidence, box_class_probs = yolo_outputs
    # Step 2: centre/size → corners, the form NMS wants.
    boxes = yolo_boxes_to_corners(box_xy, box_wh)
    # Step 3: drop the boxes whose best class score is below the threshold.
    scores, boxes, classes = yolo_filter_boxes(boxes, box_confidence, box_class_probs, score_threshold)
    # Step 4: fractions of the image → pixels of the original image.
    boxes = scale_boxes(boxes, image_shape)
    # Step 5: non-max suppression inside each class.
    scores, boxes, classes = yolo_non_max_suppression(scores, boxes, classes, max_boxes, iou_threshold)
    return scores, boxes, classes
