"""A full-size yolov2.weights through OpenCV's Darknet reader and through ours: the same head, region and boxes.

OpenCV (`cv2.dnn.readNetFromDarknet`) is an independent implementation of Darknet's format and arithmetic.
The test writes a 203,934,264-byte yolov2.weights for the course's yolov2.cfg with seeded random values,
scaled as a trained network's are (He-scale kernels, BatchNorm variances in [0.5, 2], objectness and class
biases that make some boxes confident), so that activations stay near 1 through all 23 convolutions.

Like with like:
- the head: OpenCV's last convolution `conv_30` (1, 425, 19, 19), NCHW, against our model's output (NHWC);
- the region: OpenCV's `detection_out` is (1805, 85), one row per (row, column, anchor) with x, y, w, h,
  objectness, then objectness x class probability, zeroed unless it exceeds the cfg's thresh (0.6) and
  survives Darknet's per-class NMS at IoU 0.4. Our `yolo_head` gives the same rows before thresholding;
- the boxes: the course's `yolo_eval` (score 0.6, IoU 0.4, no cap) must keep exactly OpenCV's survivors.
"""

from __future__ import annotations

import time
from pathlib import Path

import cv2
import keras
import numpy as np
import pytest
import tensorflow as tf
from PIL import Image

from assignments.car_detection import darknet, loading
from assignments.car_detection.detection import yolo_eval
from assignments.car_detection.keras_yolo import yolo_head
from assignments.car_detection.model import COURSE
from assignments.car_detection.week import WEEK
from assignments.car_detection.yolo_utils import DEFAULT_ANCHORS_FILE, read_anchors

pytestmark = pytest.mark.needs_data

REGION_THRESH, REGION_NMS = 0.6, 0.4  # yolov2.cfg's [region] thresh, and OpenCV's NMS threshold for it


def random_darknet_values(model, seed: int = 0) -> list[np.ndarray]:
    """Per conv in file order: [beta, gamma, mean, variance] or [bias], then the (out, in, h, w) kernel."""
    rng = np.random.default_rng(seed)
    values = []
    for conv in darknet.layers_in_creation_order(model, keras.layers.Conv2D, "conv2d"):
        kernel_height, kernel_width, in_channels, filters = conv.kernel.shape
        if conv.use_bias:  # the head: anchors x (x, y, w, h, objectness, 80 class logits)
            bias = rng.normal(0, 0.5, (filters // 85, 85))
            bias[:, 4] += 2.0  # confident objectness
            bias[:, 5:] = rng.normal(0, 4, (filters // 85, 80))  # peaked class probabilities
            values.append(bias.reshape(-1))
        else:
            values += [
                rng.normal(0, 0.1, filters),  # beta
                rng.uniform(0.8, 1.2, filters),  # gamma
                rng.normal(0, 0.5, filters),  # rolling mean
                rng.uniform(0.5, 2.0, filters),  # rolling variance
            ]
        fan_in = in_channels * kernel_height * kernel_width
        values.append(
            rng.standard_normal((filters, in_channels, kernel_height, kernel_width), np.float32) * np.float32(np.sqrt(2 / fan_in))
        )
    return [value.astype("<f4") for value in values]


def write_darknet_weights(path: Path, values: list[np.ndarray]) -> Path:
    """Header 0.2 (three int32 and an int64 'seen'), then every value as little-endian float32."""
    header = np.array([0, 2, 0], "<i4").tobytes() + np.array([0], "<i8").tobytes()
    path.write_bytes(header + b"".join(value.tobytes() for value in values))
    return path


@pytest.fixture(scope="module")
def darknet_files(tmp_path_factory):
    cfg = WEEK.course_file("model_data/yolov2.cfg")
    image_path = WEEK.default_input("image")
    if cfg is None or image_path is None:
        pytest.skip("needs_data: car_detection/model_data/yolov2.cfg and images/test.jpg under $DLS_DATA_DIR")
    folder = tmp_path_factory.mktemp("darknet")
    template = darknet.model_from_cfg(darknet.parse_cfg(cfg))
    weights = write_darknet_weights(folder / "yolov2.weights", random_darknet_values(template))
    image = Image.open(image_path).convert("RGB").resize((608, 608), Image.Resampling.BICUBIC)
    return cfg, weights, np.asarray(image, np.float32)[np.newaxis] / 255.0  # (1, 608, 608, 3)


def relative_difference(ours, theirs) -> float:
    return float(np.abs(ours - theirs).max() / np.abs(theirs).max())


def test_full_size_weights_match_opencv(darknet_files):
    cfg, weights, image = darknet_files
    assert weights.stat().st_size == 203_934_264  # the real yolov2.weights' layout: 20-byte header + 50,983,561 floats
    started = time.perf_counter()
    detector = loading.build_detector(weights, cfg=cfg, use_cache=False)
    ours = detector.model(image).numpy()  # (1, 19, 19, 425)
    net = cv2.dnn.readNetFromDarknet(str(cfg), str(weights))
    net.setInput(np.ascontiguousarray(image.transpose(0, 3, 1, 2)))  # NCHW, already 608x608 in [0, 1]
    head, region = net.forward(["conv_30", "detection_out"])
    theirs = head.transpose(0, 2, 3, 1)  # (1, 19, 19, 425)
    print(f"converter + both networks: {time.perf_counter() - started:.1f} s")

    # 1. The raw head: float noise only (the largest difference is printed for docs/car_detection.md).
    difference = relative_difference(ours, theirs)
    print(f"head: largest |ours - OpenCV| / max |OpenCV| = {difference:.2e}")
    assert difference < 5e-5, f"the head differs from OpenCV's by {difference:.2e} of its range"

    # 2. The region rows: x, y, w, h, objectness for all 1805 boxes; class scores where OpenCV kept them.
    box_xy, box_wh, box_confidence, box_class_probs = (
        tensor.numpy()[0] for tensor in yolo_head(ours, read_anchors(DEFAULT_ANCHORS_FILE), 80)
    )
    rows = np.concatenate([box_xy, box_wh, box_confidence, box_confidence * box_class_probs], axis=-1).reshape(-1, 85)
    np.testing.assert_allclose(rows[:, :5], region[:, :5], rtol=1e-4, atol=1e-5, err_msg="region x, y, w, h, objectness")
    kept_by_opencv = region[:, 5:] > 0
    print(f"OpenCV keeps {int(kept_by_opencv.sum())} (box, class) pairs")
    assert kept_by_opencv.sum() > 20, "too few confident boxes to compare: the random head is not confident enough"
    np.testing.assert_allclose(rows[:, 5:][kept_by_opencv], region[:, 5:][kept_by_opencv], rtol=1e-4)

    # 3. The boxes: the course's yolo_eval keeps exactly the (box, class) pairs OpenCV keeps.
    outputs = tuple(tf.constant(array) for array in (box_xy, box_wh, box_confidence, box_class_probs))
    scores, boxes, classes = (np.asarray(value) for value in yolo_eval(outputs, (608, 608), 10_000, REGION_THRESH, REGION_NMS))
    opencv_rows, opencv_classes = np.nonzero(kept_by_opencv)
    x, y, w, h = region[opencv_rows, :4].T * 608
    opencv_boxes = np.stack([y - h / 2, x - w / 2, y + h / 2, x + w / 2], axis=-1)
    opencv_scores = region[opencv_rows, 5 + opencv_classes]
    order = np.argsort(-opencv_scores, kind="stable")
    assert len(scores) == len(order), f"yolo_eval kept {len(scores)} boxes, OpenCV {len(order)}"
    np.testing.assert_array_equal(classes, opencv_classes[order])
    np.testing.assert_allclose(scores, opencv_scores[order], rtol=1e-4)
    np.testing.assert_allclose(boxes, opencv_boxes[order], rtol=1e-4, atol=1e-2)  # pixels of a 608-pixel image

    # 4. The course's space_to_depth order on the same weights is far off: the test sees a wrong order.
    course_order = darknet.model_from_cfg(darknet.parse_cfg(cfg), arithmetic=COURSE)
    course_order.set_weights(detector.model.get_weights())
    wrong = relative_difference(course_order(image).numpy(), theirs)
    print(f"head with the course's reorg order and Keras' BatchNorm: {wrong:.2e} of the range off OpenCV")
    assert wrong > 1e-2
