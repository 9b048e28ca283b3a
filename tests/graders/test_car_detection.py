"""Graders for C4W3 Car detection with YOLOv2: the course's expected outputs, computed by the implementation under test.

The implementation is ours, or a learner's file (`python -m assignments grade car_detection --solution
FILE`). Inputs are built with TensorFlow's stateful RNG exactly as the course's tests do (global seed 10,
then `tf.random.normal(..., seed=1)` calls in the course's order), so the expected numbers apply.
Tolerances: the course's own `np.isclose` / `np.allclose` defaults (rtol 1e-5).
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf
from grading import assert_close, assert_equal

from assignments.car_detection.week import WEEK

pytestmark = pytest.mark.grader

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def yolo(implementation):
    return implementation(WEEK.name)


def course_normal(*shapes):
    """The course's test inputs: `tf.random.set_seed(10)`, then one `normal(shape, 1, 4, seed=1)` per shape, in order."""
    tf.random.set_seed(10)
    return [tf.random.normal(shape, mean=1, stddev=4, seed=1) for shape in shapes]


def test_yolo_filter_boxes(yolo):
    box_confidence, boxes, box_class_probs = course_normal([19, 19, 5, 1], [19, 19, 5, 4], [19, 19, 5, 80])
    scores, boxes, classes = yolo.yolo_filter_boxes(boxes, box_confidence, box_class_probs, threshold=0.5)

    assert isinstance(scores, tf.Tensor) and isinstance(boxes, tf.Tensor) and isinstance(classes, tf.Tensor), (
        "yolo_filter_boxes must return TensorFlow tensors (scores, boxes, classes)"
    )
    assert_equal("scores.shape", tuple(scores.shape), (1789,))
    assert_equal("boxes.shape", tuple(boxes.shape), (1789, 4))
    assert_equal("classes.shape", tuple(classes.shape), (1789,))
    assert_close("scores[2]", scores[2].numpy(), 9.270486)
    assert_close("boxes[2]", boxes[2].numpy(), [4.6399336, 3.2303846, 4.431282, -2.202031])
    assert_equal("classes[2]", int(classes[2]), 8)


@pytest.mark.parametrize(
    "box1, box2, expected, case",
    [
        ((2, 1, 4, 3), (1, 2, 3, 4), 0.14285714, "overlapping boxes"),
        ((1, 2, 3, 4), (5, 6, 7, 8), 0.0, "no intersection"),
        ((1, 1, 2, 2), (2, 2, 3, 3), 0.0, "boxes touching at a vertex"),
        ((1, 1, 3, 3), (2, 3, 3, 4), 0.0, "boxes touching at an edge"),
    ],
)
def test_iou(yolo, box1, box2, expected, case):
    got = yolo.iou(box1, box2)
    if not float(got) < 1:
        raise AssertionError(f"iou {case}: IoU must be < 1 for different boxes, got {float(got)}")
    assert_close(f"iou, {case}", float(got), expected)


def test_yolo_non_max_suppression_random_boxes(yolo):
    """The course's first NMS test (v1.1): 54 random boxes, every class value distinct."""
    scores, boxes, classes = course_normal([54], [54, 4], [54])
    scores, boxes, classes = yolo.yolo_non_max_suppression(scores, boxes, classes)

    assert_equal("scores.shape", tuple(scores.shape), (10,))
    assert_equal("boxes.shape", tuple(boxes.shape), (10, 4))
    assert_equal("classes.shape", tuple(classes.shape), (10,))
    assert_close("scores[2]", np.asarray(scores)[2], 8.147684)
    assert_close("boxes[2]", np.asarray(boxes)[2], [6.0797963, 3.743308, 1.3914018, -0.34089637])
    assert_close("classes[2]", np.asarray(classes)[2], 1.7079165)


NMS_SCORES = np.array([0.855, 0.828])
NMS_BOXES = np.array([[0.45, 0.2, 1.01, 2.6], [0.42, 0.15, 1.7, 1.01]])  # IoU 0.22780233025311375


@pytest.mark.revisions("v2.1")
@pytest.mark.parametrize(
    "classes, iou_threshold, kept, case",
    [
        (np.array([0, 1]), 0.9, [0, 1], "two classes, loose threshold"),
        (np.array([0, 1]), 0.1, [0, 1], "two classes, tight threshold: NMS is per class, so both stay"),
        (np.array([0, 0]), 0.15, [0], "one class, IoU 0.228 > 0.15: the weaker box goes"),
        ([0, 0], 0.9, [0, 1], "one class given as a Python list, IoU 0.228 < 0.9"),
    ],
)
def test_yolo_non_max_suppression_per_class(yolo, classes, iou_threshold, kept, case):
    """The course's newest revision (v2.1): numpy / list inputs, suppression inside each class only.

    v1.1 asks for one class-agnostic suppression over all boxes, so a v1.1 notebook skips these."""
    scores, boxes, got_classes = yolo.yolo_non_max_suppression(NMS_SCORES, NMS_BOXES, classes, iou_threshold=iou_threshold)

    assert_close(f"scores ({case})", np.asarray(scores), NMS_SCORES[kept])
    assert_close(f"boxes ({case})", np.asarray(boxes), NMS_BOXES[kept])
    assert_equal(
        f"classes ({case})",
        [int(value) for value in np.asarray(got_classes)],
        [int(np.asarray(classes)[index]) for index in kept],
    )


def test_yolo_eval(yolo):
    yolo_outputs = tuple(course_normal([19, 19, 5, 2], [19, 19, 5, 2], [19, 19, 5, 1], [19, 19, 5, 80]))
    scores, boxes, classes = yolo.yolo_eval(yolo_outputs)

    assert_equal("scores.shape", tuple(scores.shape), (10,))
    assert_equal("boxes.shape", tuple(boxes.shape), (10, 4))
    assert_equal("classes.shape", tuple(classes.shape), (10,))
    assert_close("scores[2]", np.asarray(scores)[2], 171.60194)
    assert_close("boxes[2]", np.asarray(boxes)[2], [-1240.3483, -3212.5881, -645.78, 2024.3052])
    assert_equal("classes[2]", int(np.asarray(classes)[2]), 16)


def test_yolo_eval_filters_1786_boxes(yolo):
    """Behind yolo_eval's numbers: 1786 of the 1805 boxes pass the 0.6 score filter."""
    box_xy, box_wh, box_confidence, box_class_probs = course_normal(
        [19, 19, 5, 2], [19, 19, 5, 2], [19, 19, 5, 1], [19, 19, 5, 80]
    )
    scores, _, _ = yolo.yolo_filter_boxes(yolo.yolo_boxes_to_corners(box_xy, box_wh), box_confidence, box_class_probs, 0.6)
    assert_equal("boxes kept by yolo_filter_boxes at 0.6", int(tf.size(scores)), 1786)


def test_class_names_and_anchors(yolo):
    """The notebook's class_names / anchors, read from our model_data files."""
    class_names = yolo.read_classes(REPO / "model_data" / "coco_classes.txt")
    anchors = yolo.read_anchors(REPO / "model_data" / "yolo_anchors.txt")

    assert_equal("number of classes", len(class_names), 80)
    assert_equal(
        "class_names[0, 2, 5, 9]", [class_names[index] for index in (0, 2, 5, 9)], ["person", "car", "bus", "traffic light"]
    )
    assert_close(
        "anchors",
        np.asarray(anchors).reshape(-1),
        [0.57273, 0.677385, 1.87446, 2.06253, 3.33843, 5.47434, 7.88282, 3.52778, 9.77052, 9.16828],
    )
    assert_equal("anchors.shape", tuple(np.asarray(anchors).shape), (5, 2))


@pytest.fixture(scope="module")
def yolo_model():
    from assignments.grading.solution import load_implementation

    return load_implementation(WEEK.name).load_yolo_model(None)


def test_yolo_model_summary_totals(yolo_model):
    """`yolo_model.summary()`: input (None, 608, 608, 3), output conv2d_22 (None, 19, 19, 425), 50,983,561 parameters."""
    trainable = sum(int(np.prod(weight.shape)) for weight in yolo_model.trainable_weights)
    non_trainable = sum(int(np.prod(weight.shape)) for weight in yolo_model.non_trainable_weights)

    assert_equal("input shape", tuple(yolo_model.input.shape), (None, 608, 608, 3))
    assert_equal("output shape", tuple(yolo_model.output.shape), (None, 19, 19, 425))
    assert_equal("last layer", yolo_model.layers[-1].name, "conv2d_22")
    assert_equal("Total params", yolo_model.count_params(), 50_983_561)
    assert_equal("Trainable params", trainable, 50_962_889)
    assert_equal("Non-trainable params", non_trainable, 20_672)
    assert_equal(
        "Lambda layers (Keras 3 cannot reload them)", [type(layer).__name__ for layer in yolo_model.layers].count("Lambda"), 0
    )


# The notebook's predict("test.jpg") with the real weights: yolo_eval(outputs, [720, 1280], 10, 0.3, 0.5).
TEST_JPG_DETECTIONS = [
    ("car", 0.89, (367, 300), (745, 648)),
    ("car", 0.80, (761, 282), (942, 412)),
    ("car", 0.74, (159, 303), (346, 440)),
    ("car", 0.70, (947, 324), (1280, 705)),
    ("bus", 0.67, (5, 266), (220, 407)),
    ("car", 0.66, (706, 279), (786, 350)),
    ("car", 0.60, (925, 285), (1045, 374)),
    ("car", 0.44, (336, 296), (378, 335)),
    ("car", 0.37, (965, 273), (1022, 292)),
    ("traffic light", 0.36, (681, 195), (692, 214)),
]


def real_weights() -> Path | None:
    """$DLS_YOLO_WEIGHTS, else the course's model_data/yolo.h5 or model_data/yolov2.weights under $DLS_DATA_DIR."""
    explicit = os.environ.get("DLS_YOLO_WEIGHTS", "").strip()
    if explicit and Path(explicit).is_file():
        return Path(explicit)
    for relative in ("model_data/yolo.h5", "model_data/yolov2.weights"):
        found = WEEK.course_file(relative)
        if found is not None:
            return found
    return None


@pytest.mark.needs_weights
def test_predict_test_jpg_ten_boxes(yolo, course_file):
    weights = real_weights()
    if weights is None:
        pytest.skip(
            "needs_weights: yolo.h5 or yolov2.weights not found ($DLS_YOLO_WEIGHTS or $DLS_DATA_DIR/car_detection/model_data/)"
        )
    image_path = course_file(WEEK.name, "images/test.jpg")
    class_names = yolo.read_classes(REPO / "model_data" / "coco_classes.txt")
    anchors = yolo.read_anchors(REPO / "model_data" / "yolo_anchors.txt")
    model = yolo.load_yolo_model(str(weights))

    image, image_data = yolo.preprocess_image(image_path, model_image_size=(608, 608))
    outputs = yolo.yolo_head(model(image_data), anchors, len(class_names))
    outputs = tuple(tensor[0] for tensor in outputs)  # one image: drop the batch axis
    scores, boxes, classes = yolo.yolo_eval(outputs, [image.size[1], image.size[0]], 10, 0.3, 0.5)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        yolo.draw_boxes(image, boxes, classes, class_names, scores)

    assert_equal("Found N boxes", int(tf.size(scores)), 10)
    lines = printed.getvalue().strip().splitlines()
    for line, (name, score, (left, top), (right, bottom)) in zip(lines, TEST_JPG_DETECTIONS):
        label, rest = line.rsplit(" ", 4)[0], line.rsplit(" ", 4)[1:]
        got_name, got_score = label.rsplit(" ", 1)
        got_box = [int(value.strip("(),")) for value in rest]
        assert_equal("class", got_name, name)
        assert_close(f"{name} score", float(got_score), score, atol=0.006, rtol=0)
        assert_close(f"{name} box (left, top, right, bottom)", got_box, [left, top, right, bottom], atol=2, rtol=0)
