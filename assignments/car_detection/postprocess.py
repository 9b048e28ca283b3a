"""The fast path beside the graded post-processing: `yolo_eval`'s detections, bit for bit, in vectorised numpy.

Why it exists: the graded `yolo_non_max_suppression` runs one eager TensorFlow NMS call per class present,
and TensorFlow's per-op dispatch makes it slower than a plain per-box Python loop (about 18 ms against
4 ms per image on the benchmark's head). The main script post-processes every image, so it uses this
module instead; `tests/test_car_detection_postprocess.py` proves that both give the same scores, boxes and
classes, and `benchmarks/bench_car_detection.py` measures the speed (and checks the equality again).

How it stays exact:
- the score filter, corners and pixel scaling are the same float32 element-wise operations, applied only
  to the boxes that pass the filter (element-wise results do not depend on which other boxes exist);
- the IoU is TensorFlow's NMS formula in float32 (corners sorted per axis, zero for an empty box,
  intersection / (area_a + area_b - intersection)), and a box is dropped when IoU > threshold (strictly);
- the greedy order is TensorFlow's: score descending, ties by the lower index inside a class; the course
  then merges the classes' survivors with a stable sort by score, which orders equal scores by the class's
  first appearance. Sorting all candidates once by (score desc, class's first appearance, index) and
  running one greedy pass, where a box suppresses only later boxes of its own class, visits every class's
  boxes in TensorFlow's order and yields the merged list directly: the first `max_boxes` survivors.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from assignments.common.fast_path import fast_path

# Below this many candidates the whole (n, n) IoU matrix is cheaper than one row per kept box.
FULL_MATRIX_LIMIT = 512


def filter_boxes(box_xy, box_wh, box_confidence, box_class_probs, threshold):
    """`yolo_filter_boxes` after `yolo_boxes_to_corners`, computing corners only for the boxes kept.

    Returns:
        (scores (n,) float32, corners (n, 4) float32 [y_min, x_min, y_max, x_max], classes (n,) int64).
    """
    box_scores = np.asarray(box_confidence, np.float32) * np.asarray(box_class_probs, np.float32)  # (..., C)
    classes = box_scores.argmax(axis=-1)  # (...,)
    class_scores = np.take_along_axis(box_scores, classes[..., np.newaxis], axis=-1)[..., 0]  # (...,) = the max
    keep = class_scores >= threshold  # (...,) boolean
    box_xy = np.asarray(box_xy, np.float32)[keep]  # (n, 2) centres (x, y)
    box_wh = np.asarray(box_wh, np.float32)[keep]  # (n, 2) sizes (w, h)
    mins, maxes = box_xy - box_wh / 2.0, box_xy + box_wh / 2.0
    corners = np.stack([mins[:, 1], mins[:, 0], maxes[:, 1], maxes[:, 0]], axis=-1)  # (n, 4)
    return class_scores[keep], corners, classes[keep].astype(np.int64)


def first_appearance_rank(classes: np.ndarray) -> np.ndarray:
    """(n,) rank of each box's class among the classes in order of first appearance (`tf.unique`'s order)."""
    if classes.size == 0:
        return np.zeros(0, np.int64)
    _, first_index, inverse = np.unique(classes, return_index=True, return_inverse=True)
    rank_of_unique = np.argsort(np.argsort(first_index))
    return rank_of_unique[inverse.reshape(-1)]


def pairwise_iou(boxes_a: np.ndarray, boxes_b: np.ndarray) -> np.ndarray:
    """(a, b) IoU in float32, as TensorFlow's NMS kernel computes it (corner order free, empty box → 0)."""
    a = boxes_a[:, np.newaxis, :]  # (a, 1, 4)
    b = boxes_b[np.newaxis, :, :]  # (1, b, 4)
    a_ymin, a_ymax = np.minimum(a[..., 0], a[..., 2]), np.maximum(a[..., 0], a[..., 2])
    a_xmin, a_xmax = np.minimum(a[..., 1], a[..., 3]), np.maximum(a[..., 1], a[..., 3])
    b_ymin, b_ymax = np.minimum(b[..., 0], b[..., 2]), np.maximum(b[..., 0], b[..., 2])
    b_xmin, b_xmax = np.minimum(b[..., 1], b[..., 3]), np.maximum(b[..., 1], b[..., 3])
    area_a = (a_ymax - a_ymin) * (a_xmax - a_xmin)  # (a, 1)
    area_b = (b_ymax - b_ymin) * (b_xmax - b_xmin)  # (1, b)
    inter_height = np.maximum(np.minimum(a_ymax, b_ymax) - np.maximum(a_ymin, b_ymin), np.float32(0))
    inter_width = np.maximum(np.minimum(a_xmax, b_xmax) - np.maximum(a_xmin, b_xmin), np.float32(0))
    intersection = inter_height * inter_width  # (a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        result = intersection / (area_a + area_b - intersection)
    return np.where((area_a <= 0) | (area_b <= 0), np.float32(0), result)


def non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=0.5, class_aware=True):
    """`yolo_non_max_suppression`'s result in numpy; `class_aware=False` suppresses across classes.

    Args:
        scores: (n,) scores; boxes: (n, 4) corners; classes: (n,) any comparable values.
        max_boxes: most boxes kept in all.
        iou_threshold: a box whose IoU with a kept, better box (of its class) exceeds this is dropped.
        class_aware: NMS inside each class (the course's newest revision) or over all boxes (its first).

    Returns:
        (scores (k,) float32, boxes (k, 4) float32, classes (k,)) with k <= max_boxes, best first.
    """
    scores = np.asarray(scores, np.float32).reshape(-1)  # (n,)
    boxes = np.asarray(boxes, np.float32).reshape(-1, 4)  # (n, 4)
    classes = np.asarray(classes).reshape(-1)  # (n,)
    count = scores.size
    index = np.arange(count)
    # TensorFlow's NMS only considers scores above its default score_threshold of -inf.
    candidates = index[scores > -np.inf]
    if class_aware:
        order = candidates[np.lexsort((candidates, first_appearance_rank(classes)[candidates], -scores[candidates]))]
    else:
        order = candidates[np.lexsort((candidates, -scores[candidates]))]
    sorted_boxes, sorted_classes = boxes[order], classes[order]  # (m, 4), (m,) best first
    threshold = np.float32(iou_threshold)  # TensorFlow compares in float32
    alive = np.ones(order.size, bool)
    full_matrix = pairwise_iou(sorted_boxes, sorted_boxes) if order.size <= FULL_MATRIX_LIMIT else None
    kept = []
    for position in range(order.size):
        if len(kept) >= max_boxes:
            break
        if not alive[position]:
            continue
        kept.append(position)
        later = slice(position + 1, None)
        if full_matrix is not None:
            overlapping = full_matrix[position, later] > threshold
        else:
            overlapping = pairwise_iou(sorted_boxes[position : position + 1], sorted_boxes[later])[0] > threshold
        if class_aware:
            overlapping &= sorted_classes[later] == sorted_classes[position]
        alive[later] &= ~overlapping
    chosen = order[np.asarray(kept, np.int64)]
    return scores[chosen], boxes[chosen], classes[chosen]


@fast_path("yolo_eval")
def postprocess(
    yolo_outputs,
    image_shape=(720, 1280),
    max_boxes=10,
    score_threshold=0.6,
    iou_threshold=0.5,
    *,
    class_aware: bool = True,
    to_pixels: Callable[[np.ndarray], np.ndarray] | None = None,
):
    """`yolo_eval`'s steps (corners → filter → pixels → NMS) in numpy, plus two choices the course fixes.

    Args:
        yolo_outputs: (box_xy, box_wh, box_confidence, box_class_probs) of one image (no batch axis), tensors
            or arrays.
        image_shape: (height, width) of the original image, for the course's stretch scaling.
        class_aware: per-class NMS (the course's, default) or across classes.
        to_pixels: (n, 4) fractions of the network input → (n, 4) pixels of the original image, float32;
            default `boxes * [height, width, height, width]` as `scale_boxes`.

    Returns:
        (scores (k,) float32, boxes (k, 4) float32 pixel corners [y_min, x_min, y_max, x_max], classes (k,) int64).
    """
    box_xy, box_wh, box_confidence, box_class_probs = (np.asarray(output) for output in yolo_outputs)
    # An untrained network's exp(t_wh) can overflow to inf; TensorFlow computes on silently, and so do we.
    with np.errstate(over="ignore", invalid="ignore"):
        scores, boxes, classes = filter_boxes(box_xy, box_wh, box_confidence, box_class_probs, score_threshold)
        if to_pixels is None:
            height, width = (float(value) for value in image_shape)
            boxes = boxes * np.array([height, width, height, width], np.float32)  # (n, 4) as scale_boxes
        else:
            boxes = np.asarray(to_pixels(boxes), np.float32)
        return non_max_suppression(scores, boxes, classes, max_boxes, iou_threshold, class_aware=class_aware)
