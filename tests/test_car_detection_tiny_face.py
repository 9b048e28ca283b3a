"""A real trained YOLOv2-family network through the course's decoding: face-api's Tiny Face Detector.

The weights (`face_recognition/face-api-1.7.15/` in the course data) are a trained Tiny-YOLOv2 face
detector. If our Keras rebuild got one tensor order, padding or pool wrong, or if the course's
`yolo_head` decoded its head differently from face-api, the faces pasted below would not be boxed.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

import keras
import numpy as np
import pytest
from cli_runner import run_module
from PIL import Image

from assignments.car_detection.cli import Settings
from assignments.car_detection.detection import yolo_filter_boxes, yolo_non_max_suppression
from assignments.car_detection.inference import detect
from assignments.car_detection.keras_yolo import yolo_boxes_to_corners, yolo_head
from assignments.car_detection.tiny_face import FACE_ANCHORS, FACE_IOU_THRESHOLD, HEAD_VALUES
from assignments.car_detection.tiny_face_model import build_face_detector
from assignments.car_detection.yolo_utils import letterbox_image
from assignments.common.tfjs import read_tfjs_weights

WEIGHTS = "face-api-1.7.15/tiny_face_detector_model-weights_manifest.json"
SCENE_SIZE = (480, 640)  # height, width: not square, so that swapped x/y or a wrong resize shows
SLOTS = ((20, 30), (20, 380), (250, 90), (250, 420))  # (top, left) of the four faces of a scene
SIDES = (200, 110, 170, 140)  # pasted face sizes in scene pixels (the photos are 96x96)


def background(seed: int = 0) -> Image.Image:
    """A smooth colour gradient with mild noise: no face-like structure anywhere."""
    height, width = SCENE_SIZE
    rows, columns = np.mgrid[0:height, 0:width]
    colours = np.stack([70 + 110 * columns / width, 90 + 70 * rows / height, 150 - 60 * columns / width], axis=-1)
    colours = colours + np.random.default_rng(seed).normal(0, 6, colours.shape)
    return Image.fromarray(np.clip(colours, 0, 255).astype(np.uint8))


def paste_faces(photos: list[Path]) -> tuple[Image.Image, list[tuple[int, int, int, int]]]:
    """Up to four course photos pasted at known places and scales; returns the scene and (top, left, bottom, right)."""
    scene, rectangles = background(), []
    for photo, (top, left), side in zip(photos, SLOTS, SIDES):
        scene.paste(Image.open(photo).convert("RGB").resize((side, side), Image.Resampling.BICUBIC), (left, top))
        rectangles.append((top, left, top + side, left + side))
    return scene, rectangles


def box_iou(first, second) -> float:
    """IoU of two [top, left, bottom, right] boxes."""
    height = max(0.0, min(first[2], second[2]) - max(first[0], second[0]))
    width = max(0.0, min(first[3], second[3]) - max(first[1], second[1]))
    inter = height * width
    area = lambda box: (box[2] - box[0]) * (box[3] - box[1])  # noqa: E731
    return inter / (area(first) + area(second) - inter)


def course_detections(model, scene: Image.Image, score_threshold: float = 0.3):
    """The course's graded steps on one image: yolo_head → yolo_boxes_to_corners → yolo_filter_boxes → pixels →
    yolo_non_max_suppression (what `yolo_eval` does, with the letterbox mapping in place of `scale_boxes`).

    Returns:
        (scores (k,), boxes (k, 4) pixel [top, left, bottom, right]) as numpy arrays.
    """
    height, width = (int(value) for value in model.input.shape[1:3])
    data, scale, (pad_top, pad_left) = letterbox_image(scene, (height, width))
    box_xy, box_wh, box_confidence, box_class_probs = yolo_head(model(data), FACE_ANCHORS, 1)
    boxes = yolo_boxes_to_corners(box_xy[0], box_wh[0])  # (gh, gw, 5, 4) fractions of the network input
    scores, boxes, classes = yolo_filter_boxes(boxes, box_confidence[0], box_class_probs[0], threshold=score_threshold)
    boxes = (boxes * [height, width, height, width] - [pad_top, pad_left, pad_top, pad_left]) / scale  # scene pixels
    scores, boxes, _ = yolo_non_max_suppression(scores, boxes, classes, max_boxes=10, iou_threshold=FACE_IOU_THRESHOLD)
    return scores.numpy(), boxes.numpy()


@pytest.fixture(scope="module")
def face_detector():
    from assignments.common.data import find_course_file

    manifest = find_course_file("face_recognition", WEIGHTS)
    if manifest is None:
        pytest.skip(f"needs_data: face_recognition/{WEIGHTS} not found under $DLS_DATA_DIR")
    return manifest, build_face_detector(str(manifest), input_size=(608, 608)).model


def numpy_conv(x, kernel, bias, padding: int):
    """Plain convolution, stride 1, `padding` zeros on each side: x (H, W, C), kernel (k, k, C, F)."""
    size = kernel.shape[0]
    x = np.pad(x, ((padding, padding), (padding, padding), (0, 0)))
    height, width = x.shape[0] - size + 1, x.shape[1] - size + 1
    out = np.zeros((height, width, kernel.shape[3]))
    for row in range(size):
        for column in range(size):
            out += x[row : row + height, column : column + width] @ kernel[row, column]
    return out + bias


def numpy_depthwise(x, kernel):
    """3x3 depthwise convolution with one zero pixel of padding (face-api pads, then convolves 'valid')."""
    x = np.pad(x, ((1, 1), (1, 1), (0, 0)))
    height, width = x.shape[0] - 2, x.shape[1] - 2
    return sum(
        x[row : row + height, column : column + width] * kernel[row, column, :, 0] for row in range(3) for column in range(3)
    )


def numpy_max_pool(x, stride: int):
    """2x2 max-pool with TensorFlow's 'same' padding: ceil(size / stride) outputs, the missing pixel at the bottom/right."""
    out_height, out_width = -(-x.shape[0] // stride), -(-x.shape[1] // stride)
    pad_height, pad_width = (out_height - 1) * stride + 2 - x.shape[0], (out_width - 1) * stride + 2 - x.shape[1]
    x = np.pad(x, ((0, pad_height), (0, pad_width), (0, 0)), constant_values=-np.inf)
    windows = [
        x[row : row + stride * out_height : stride, column : column + stride * out_width : stride]
        for row in (0, 1)
        for column in (0, 1)
    ]
    return np.max(windows, axis=0)


@pytest.mark.needs_data
def test_keras_rebuild_equals_face_apis_ops_written_out_in_numpy(face_detector, course_file):
    """The Keras layers (padding, pools, separable order) against face-api's op sequence, op by op in numpy.

    Transcribed from `runMobilenet` (isFirstLayerConv2d): leaky(conv 'valid'), pool 2/2 same, then per
    separable block pad 1 + depthwise + pointwise + bias + leaky, pools of stride 2, 2, 2, 2, 1, and the
    1x1 head; input (pixel - mean RGB) / 256. On a 96x96 crop (grid 3), where a wrong padding or pool
    moves every border value.
    """
    manifest, _ = face_detector
    tensors = read_tfjs_weights(manifest)
    photo = np.asarray(Image.open(course_file("face_recognition", "images/younes.jpg")).convert("RGB"), np.float64)
    leaky = lambda values: np.maximum(values, 0.1 * values)  # noqa: E731  (face-api: relu(x - 0.1x) + 0.1x)
    x = (photo - np.array([117.001, 114.697, 97.404])) / 256
    x = numpy_max_pool(leaky(numpy_conv(x, tensors["conv0/filters"], tensors["conv0/bias"], padding=0)), 2)
    for index, stride in zip(range(1, 6), (2, 2, 2, 2, 1)):
        x = numpy_depthwise(x, tensors[f"conv{index}/depthwise_filter"])
        x = numpy_conv(x, tensors[f"conv{index}/pointwise_filter"], tensors[f"conv{index}/bias"], padding=0)
        x = numpy_max_pool(leaky(x), stride)
    expected = numpy_conv(x, tensors["conv8/filters"], tensors["conv8/bias"], padding=0)  # (3, 3, 25)

    model = build_face_detector(str(manifest), input_size=(96, 96)).model
    ours = model(photo[np.newaxis] / 255.0).numpy()[0].reshape(3, 3, 5, 6)[..., :5].reshape(3, 3, 25)
    np.testing.assert_allclose(ours, expected, atol=1e-5 * np.abs(expected).max())  # measured: 7.5e-7 (float32 vs float64)


@pytest.mark.needs_data
def test_course_head_decoding_equals_face_api_decoding(face_detector, course_file):
    """`yolo_head` on our widened head gives face-api's own boxes and scores, computed from its 25-channel head.

    face-api (src/tinyYolov2/TinyYolov2Base.ts, extractBoxes) reshapes the head to (cells, cells, 5, 5) and
    decodes per cell: x = (col + sigmoid(tx)) / cells, w = exp(tw) * anchor_w / cells, score = sigmoid(to),
    class score 1. Here that is written out in numpy from the tfjs tensors, independently of our head.
    """
    manifest, model = face_detector
    tensors = read_tfjs_weights(manifest)
    scene, _ = paste_faces(sorted(course_file("face_recognition", "images").glob("*.jpg"))[:4])
    image = np.asarray(scene.resize((608, 608)), np.float32)[np.newaxis] / 255.0
    features = keras.Model(model.input, model.get_layer("pool5").output)(image).numpy()  # (1, 19, 19, 512)
    head = np.einsum("bhwc,co->bhwo", features, tensors["conv8/filters"][0, 0]) + tensors["conv8/bias"]
    head = head.reshape(19, 19, len(FACE_ANCHORS), HEAD_VALUES)  # face-api's (cells, cells, anchors, 5)
    sigmoid = lambda values: 1 / (1 + np.exp(-values))  # noqa: E731
    rows, columns = np.mgrid[0:19, 0:19]
    expected_x = (columns[..., None] + sigmoid(head[..., 0])) / 19
    expected_y = (rows[..., None] + sigmoid(head[..., 1])) / 19
    expected_w = np.exp(head[..., 2]) * FACE_ANCHORS[:, 0] / 19
    expected_h = np.exp(head[..., 3]) * FACE_ANCHORS[:, 1] / 19
    expected_score = sigmoid(head[..., 4])

    ours = model(image).numpy()
    assert ours.shape == (1, 19, 19, 30)
    assert np.all(ours.reshape(19, 19, 5, 6)[..., 5] == 0)  # the class logit: softmax of it is exactly 1
    box_xy, box_wh, box_confidence, box_class_probs = (value.numpy()[0] for value in yolo_head(ours, FACE_ANCHORS, 1))
    np.testing.assert_allclose(box_xy, np.stack([expected_x, expected_y], -1), atol=2e-5)
    np.testing.assert_allclose(box_wh, np.stack([expected_w, expected_h], -1), rtol=1e-4, atol=1e-6)
    np.testing.assert_allclose(box_confidence[..., 0], expected_score, atol=2e-5)
    assert np.all(box_class_probs == 1.0)
    assert expected_score.max() > 0.5  # the photos gave confident faces: the comparison is not between empty heads


@pytest.mark.needs_data
def test_faces_pasted_into_a_scene_are_boxed_and_nothing_else(face_detector, course_file):
    """All 18 course photos, pasted at 110-200 px into 480x640 scenes: one box on each face, none elsewhere.

    What a correct box means: the course's photos are 96x96 FaceNet crops that frame the head with hair,
    neck and background; face-api's detector was trained on tight face boxes (brows to chin). Its box
    therefore covers about 35-75 % of each side of the pasted square, an IoU with it of 0.12-0.56 (measured:
    0.14-0.5). So each face must get a box (score >= 0.5) that
    - overlaps its square with IoU >= 0.1,
    - is centred within a quarter of the side from the square's centre (a swapped x/y, a missing sigmoid or
      an anchor in pixels instead of cells moves it further), and
    - lies inside the square give or take a tenth of its side;
    and no box may fall outside every square. Measured with 608x608 letterbox input (face-api's own
    preprocessing pads to a square too): scores 0.52-0.98, centres within 0.18 of a side. The boxes come
    from the course's graded functions; the main script's fast path (`inference.detect`) must give the same.
    """
    _, model = face_detector
    photos = sorted(course_file("face_recognition", "images").glob("*.*"))
    assert len(photos) == 18
    settings = Settings(score_threshold=0.3, iou_threshold=FACE_IOU_THRESHOLD, resize="letterbox")
    found_faces = 0
    for start in range(0, len(photos), len(SLOTS)):
        scene, rectangles = paste_faces(photos[start : start + len(SLOTS)])
        scores, boxes = course_detections(model, scene)
        fast = detect(model, [scene], FACE_ANCHORS, 1, settings)[0]
        np.testing.assert_allclose(fast.scores, scores, rtol=1e-5)
        np.testing.assert_allclose(fast.boxes, boxes, rtol=1e-4, atol=1e-2)
        for box in boxes:
            assert max(box_iou(box, square) for square in rectangles) > 0.05, f"a box {box.round()} outside every face"
        for photo, square in zip(photos[start:], rectangles):
            side = square[2] - square[0]
            matches = [index for index, box in enumerate(boxes) if box_iou(box, square) > 0.05]
            assert len(matches) == 1, f"{photo.name} at {side} px: {len(matches)} boxes (scores {scores})"
            box, score = boxes[matches[0]], scores[matches[0]]
            centre_offset = np.abs((box[:2] + box[2:]) / 2 - (np.array(square[:2]) + square[2:]) / 2) / side
            overhang = max(square[0] - box[0], square[1] - box[1], box[2] - square[2], box[3] - square[3]) / side
            assert score >= 0.5 and box_iou(box, square) >= 0.1, (photo.name, side, score, box.round())
            assert centre_offset.max() <= 0.25 and overhang <= 0.1, (photo.name, side, centre_offset, overhang)
            found_faces += 1
    assert found_faces == 18
    blank_scores, _ = course_detections(model, background(seed=1))
    assert len(blank_scores) == 0, f"faces found in an empty scene: {blank_scores}"


@pytest.mark.needs_data
def test_main_script_boxes_faces_as_a_face_detector(tmp_path, course_file):
    scene, rectangles = paste_faces(
        [course_file("face_recognition", "images/younes.jpg"), course_file("face_recognition", "images/kian.jpg")]
    )
    (tmp_path / "photos").mkdir()
    scene.save(tmp_path / "photos" / "scene.png")
    data_dir = course_file("face_recognition", WEIGHTS).parents[2]
    result = run_module(
        "assignments.car_detection",
        ["--model", "tiny-yolo-face", "--input", "photos", "--resize", "letterbox", "--output", "out"],
        cwd=tmp_path,
        data_dir=data_dir,
    )
    assert result.returncode == 0, result.stderr
    assert "Face detector (Tiny-YOLOv2)" in result.stdout and "UNTRAINED" not in result.stdout
    assert "Score threshold 0.5 (face-api's default)." in result.stdout
    assert "Pretrained weights: face-api 1.7.15 Tiny Face Detector, trained by face-api's authors" in result.stdout
    with open(tmp_path / "out" / "detections.csv", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["class"] for row in rows] == ["face", "face"] and {row["weights"] for row in rows} == {"pretrained"}
    for row in rows:  # each CSV box (pixel x1, y1, x2, y2) sits on one of the pasted faces
        box = [int(row["y1"]), int(row["x1"]), int(row["y2"]), int(row["x2"])]
        assert max(box_iou(box, square) for square in rectangles) >= 0.1, row
    assert all("trained by face-api's authors" in row["provenance"] for row in rows)
    annotated = Image.open(tmp_path / "out" / "scene.png")  # the scene, and the provenance caption below it
    assert annotated.width == scene.width and annotated.height > scene.height


def test_manifest_that_does_not_match_its_bin_is_refused(tmp_path):
    """A truncated or foreign .bin: exit 2, one line naming both byte counts, nothing written."""
    (tmp_path / "weights").mkdir()
    manifest = [
        {"paths": ["tiny_face_detector_model.bin"], "weights": [{"name": "conv0/bias", "shape": [16], "dtype": "float32"}]}
    ]
    (tmp_path / "weights" / "tiny_face_detector_model-weights_manifest.json").write_text(json.dumps(manifest))
    (tmp_path / "weights" / "tiny_face_detector_model.bin").write_bytes(bytes(60))  # 64 bytes needed
    Image.new("RGB", (64, 48), (120, 120, 120)).save(tmp_path / "photo.png")
    result = run_module(
        "assignments.car_detection",
        [
            "--model",
            "tiny-yolo-face",
            "--weights",
            "weights/tiny_face_detector_model-weights_manifest.json",
            "--input",
            "photo.png",
            "--output",
            "out",
        ],
        cwd=tmp_path,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "60 bytes" in result.stderr and "64" in result.stderr
    assert not (tmp_path / "out").exists()
    assert sorted(path.name for path in (tmp_path / "weights").iterdir()) == [
        "tiny_face_detector_model-weights_manifest.json",
        "tiny_face_detector_model.bin",
    ]


@pytest.mark.needs_data
def test_another_networks_manifest_is_refused(tmp_path, course_file):
    """face-api's face *recognition* weights are a valid tfjs pair but not this network: exit 2, one line."""
    source = course_file("face_recognition", "face-api-1.7.15/face_recognition_model-weights_manifest.json")
    shutil.copy(source, tmp_path / "recognition.json")
    shutil.copy(source.with_name("face_recognition_model.bin"), tmp_path / "face_recognition_model.bin")
    Image.new("RGB", (64, 48), (120, 120, 120)).save(tmp_path / "photo.png")
    result = run_module(
        "assignments.car_detection",
        ["--model", "tiny-yolo-face", "--weights", "recognition.json", "--input", "photo.png", "--output", "out"],
        cwd=tmp_path,
    )
    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "other weights than face-api's Tiny Face Detector" in result.stderr
    assert not (tmp_path / "out").exists()


def test_yolov2_only_flags_are_refused_with_the_face_model(tmp_path):
    result = run_module("assignments.car_detection", ["--model", "tiny-yolo-face", "--anchors", "a.txt"], cwd=tmp_path)

    assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
    assert "--anchors" in result.stderr and not (tmp_path / "out").exists()


@pytest.mark.needs_data
def test_download_constants_name_the_course_files_by_hash(course_file, monkeypatch):
    """`--weights face-api` fetches both files from the versioned jsDelivr path, the shard first; their sha256
    constants are those of the files in the course data (so the hash check passes on the real download)."""
    from assignments.car_detection import tiny_face
    from assignments.common.weights import file_digest

    manifest = course_file("face_recognition", WEIGHTS)
    fetched = []
    monkeypatch.setattr(tiny_face, "download", lambda weights: fetched.append(weights) or manifest.with_name(weights.file_name))
    assert tiny_face.find_face_weights("face-api") == manifest
    assert [weights.file_name for weights in fetched] == ["tiny_face_detector_model.bin", manifest.name]
    for weights in fetched:
        assert weights.url == f"https://cdn.jsdelivr.net/npm/@vladmandic/face-api@1.7.15/model/{weights.file_name}"
        assert weights.file_hash == file_digest(manifest.with_name(weights.file_name))


def test_missing_weights_say_how_to_get_them(tmp_path):
    """No course data and no --weights: one line naming the download and the manifest; a .bin is not a manifest."""
    Image.new("RGB", (64, 48), (120, 120, 120)).save(tmp_path / "photo.png")
    (tmp_path / "tiny_face_detector_model.bin").write_bytes(bytes(16))
    for extra, expected in (
        ([], "--weights face-api"),
        (["--weights", "tiny_face_detector_model.bin"], "not 'tiny_face_detector_model.bin'"),
    ):
        result = run_module(
            "assignments.car_detection", ["--model", "tiny-yolo-face", "--input", "photo.png", *extra], cwd=tmp_path
        )
        assert result.returncode == 2 and result.stderr.count("\n") == 1, result.stderr
        assert expected in result.stderr and not (tmp_path / "out").exists()
