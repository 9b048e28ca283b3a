"""The fast numpy post-processing (`postprocess.py`) gives the graded `yolo_eval`'s detections, bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf

from assignments.car_detection import postprocess
from assignments.car_detection.detection import yolo_eval, yolo_non_max_suppression


def trained_like_head(seed: int, grid=(19, 19), classes: int = 80, quantize: float | None = None):
    """(box_xy, box_wh, box_confidence, box_class_probs) like a trained network's: few confident boxes."""
    rng = np.random.default_rng(seed)
    shape = (*grid, 5)
    box_xy = rng.uniform(0, 1, (*shape, 2)).astype(np.float32)
    box_wh = rng.uniform(0.02, 0.4, (*shape, 2)).astype(np.float32)
    box_confidence = (1 / (1 + np.exp(-rng.normal(-2, 2, (*shape, 1))))).astype(np.float32)
    logits = rng.normal(0, 3, (*shape, classes))
    box_class_probs = (np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)).astype(np.float32)
    if quantize:  # coarse values make many exactly equal scores and boxes: the tie-breaking must match too
        box_xy, box_wh = (np.round(array / quantize) * quantize for array in (box_xy, box_wh))
        box_confidence = np.round(box_confidence * 4) / 4
        box_class_probs = np.round(box_class_probs * 4) / 4
    return box_xy, box_wh, box_confidence.astype(np.float32), box_class_probs.astype(np.float32)


def assert_same_detections(graded, fast, case):
    for name, expected, got in zip(("scores", "boxes", "classes"), graded, fast):
        expected = np.asarray(expected)
        assert expected.shape == got.shape, f"{case}: {name} shapes {expected.shape} vs {got.shape}"
        np.testing.assert_array_equal(got, expected, err_msg=f"{case}: {name}")


@pytest.mark.parametrize(
    "seed, grid, classes, quantize, arguments",
    [
        (0, (19, 19), 80, None, ((720, 1280), 10, 0.3, 0.5)),
        (1, (19, 19), 80, None, ((720, 1280), 10, 0.6, 0.5)),
        (2, (19, 19), 3, None, ((480, 640), 25, 0.1, 0.3)),  # few classes, many overlaps
        (3, (13, 9), 2, 0.125, ((100, 200), 40, 0.0, 0.4)),  # everything passes, many exact ties
        (4, (38, 38), 80, None, ((1216, 1216), 10, 0.3, 0.5)),  # the 1216x1216 head
        (5, (19, 19), 80, None, ((720, 1280), 10, 0.99, 0.5)),  # nothing passes
    ],
)
def test_fast_postprocess_equals_yolo_eval(seed, grid, classes, quantize, arguments):
    outputs = trained_like_head(seed, grid, classes, quantize)
    graded = yolo_eval(tuple(tf.constant(array) for array in outputs), *arguments)
    fast = postprocess.postprocess(outputs, *arguments)
    assert_same_detections(graded, fast, f"seed {seed}")


def test_fast_postprocess_equals_yolo_eval_on_the_graders_inputs():
    tf.random.set_seed(10)
    outputs = tuple(
        tf.random.normal(shape, mean=1, stddev=4, seed=1)
        for shape in ([19, 19, 5, 2], [19, 19, 5, 2], [19, 19, 5, 1], [19, 19, 5, 80])
    )
    assert_same_detections(yolo_eval(outputs), postprocess.postprocess(outputs), "course inputs")


@pytest.mark.parametrize("classes", [[0, 1, 0, 2, 1, 0], [2.5, 2.5, 2.5, 2.5, 2.5, 2.5], [5, 4, 3, 2, 1, 0]])
def test_fast_nms_equals_yolo_non_max_suppression_at_the_threshold(classes):
    # IoU exactly 0.5 between the first two boxes: TensorFlow keeps both (it drops IoU > threshold only).
    boxes = np.array([[0, 0, 1, 2], [0, 0, 1, 1], [0.1, 0.1, 1, 1], [0, 0, 0, 3], [2, 2, 1, 1], [0, 0, 1, 2]], np.float32)
    scores = np.array([0.9, 0.8, 0.8, 0.7, 0.9, 0.9], np.float32)
    for threshold in (0.5, 0.4999, 0.0, 1.0):
        graded = yolo_non_max_suppression(scores, boxes, classes, max_boxes=4, iou_threshold=threshold)
        fast = postprocess.non_max_suppression(scores, boxes, classes, max_boxes=4, iou_threshold=threshold)
        assert_same_detections(graded, fast, f"classes {classes}, IoU threshold {threshold}")


def test_class_agnostic_nms_equals_tensorflow():
    rng = np.random.default_rng(6)
    boxes = rng.uniform(0, 100, (300, 4)).astype(np.float32)
    scores = rng.uniform(0, 1, 300).astype(np.float32)
    kept = tf.image.non_max_suppression(boxes, scores, 20, iou_threshold=0.3).numpy()
    got_scores, got_boxes, _ = postprocess.non_max_suppression(scores, boxes, np.arange(300), 20, 0.3, class_aware=False)
    np.testing.assert_array_equal(got_scores, scores[kept])
    np.testing.assert_array_equal(got_boxes, boxes[kept])


def test_row_by_row_iou_gives_the_full_matrix_result(monkeypatch):
    outputs = trained_like_head(7, (38, 38), 4)
    full = postprocess.postprocess(outputs, (608, 608), 30, 0.05, 0.5)
    monkeypatch.setattr(postprocess, "FULL_MATRIX_LIMIT", 0)
    assert_same_detections(full, postprocess.postprocess(outputs, (608, 608), 30, 0.05, 0.5), "row by row")


def test_the_fast_path_is_marked_beside_the_graded_function():
    from assignments.car_detection.postprocess import postprocess

    assert postprocess.__fast_path_of__ == "yolo_eval"
