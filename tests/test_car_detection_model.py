"""Car detection: the network, the Darknet and Keras 2 weight readers, decoding, drawing and resizing."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import h5py
import numpy as np
import pytest
import tensorflow as tf
from car_detection_helpers import TINY_CFG, write_tiny
from grading import assert_summary, summarize_model
from PIL import Image

from assignments.car_detection import darknet, loading
from assignments.car_detection.cli import Settings
from assignments.car_detection.inference import detect, prepare
from assignments.car_detection.keras_yolo import yolo_boxes_to_corners, yolo_head
from assignments.car_detection.model import DARKNET_EPSILON, DarknetBatchNormalization, DarknetReorg, SpaceToDepth, yolo_v2
from assignments.car_detection.yolo_utils import (
    DEFAULT_ANCHORS_FILE,
    DEFAULT_CLASSES_FILE,
    draw_boxes,
    preprocess_image,
    read_anchors,
    read_classes,
)
from assignments.common.errors import UserError

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def code_built_yolo():
    return yolo_v2()


def test_space_to_depth_matches_tensorflow():
    x = np.random.default_rng(1).normal(size=(2, 6, 4, 3)).astype(np.float32)
    np.testing.assert_array_equal(SpaceToDepth(2)(x).numpy(), tf.nn.space_to_depth(x, 2).numpy())


def darknet_reorg_loops(x_nhwc: np.ndarray) -> np.ndarray:
    """Darknet's reorg_cpu(input, w, h, c, batch, stride=2, forward=0, output), its index arithmetic loop by loop."""
    batch, height, width, channels = x_nhwc.shape
    source = x_nhwc.transpose(0, 3, 1, 2).reshape(-1)  # Darknet's flat NCHW buffer
    out = np.empty_like(source)
    out_channels = channels // 4
    for b in range(batch):
        for k in range(channels):
            for j in range(height):
                for i in range(width):
                    in_index = i + width * (j + height * (k + channels * b))
                    c2, offset = k % out_channels, k // out_channels
                    w2, h2 = i * 2 + offset % 2, j * 2 + offset // 2
                    out_index = w2 + width * 2 * (h2 + height * 2 * (c2 + out_channels * b))
                    out[in_index] = source[out_index]  # forward=0
    return out.reshape(batch, channels * 4, height // 2, width // 2).transpose(0, 2, 3, 1)


def test_darknet_reorg_is_darknets_loop_and_not_space_to_depth():
    x = np.random.default_rng(4).normal(size=(2, 6, 4, 8)).astype(np.float32)
    got = DarknetReorg()(x).numpy()
    np.testing.assert_array_equal(got, darknet_reorg_loops(x))
    assert not np.array_equal(got, tf.nn.space_to_depth(x, 2).numpy())


def test_darknet_batch_norm_divides_by_sqrt_variance_plus_1e_6():
    layer = DarknetBatchNormalization()
    layer.build((None, 3))
    gamma, beta, mean, variance = (
        np.array(values, np.float32) for values in ([1.5, 1, 2], [0.1, 0, -1], [0.5, 0, 1], [1e-4, 1, 4])
    )
    layer.set_weights([gamma, beta, mean, variance])
    x = np.array([[1.0, 2.0, 3.0]], np.float32)
    expected = (x - mean) / (np.sqrt(variance) + DARKNET_EPSILON) * gamma + beta
    np.testing.assert_allclose(layer(x, training=False).numpy(), expected, rtol=1e-6)


@pytest.mark.needs_data
def test_course_cfg_builds_the_code_built_network(course_file, code_built_yolo):
    config = darknet.parse_cfg(course_file("car_detection", "model_data/yolov2.cfg"))
    from_cfg = darknet.model_from_cfg(config)

    assert config.input_size == (608, 608) and config.num_classes == 80
    np.testing.assert_allclose(config.anchors, read_anchors(REPO / "model_data" / "yolo_anchors.txt"))
    assert_summary(summarize_model(from_cfg), summarize_model(code_built_yolo), "model from yolov2.cfg vs yolo_v2()")
    assert [layer.name for layer in from_cfg.layers] == [layer.name for layer in code_built_yolo.layers]


@pytest.mark.needs_data
def test_our_model_data_files_state_the_course_facts(course_file):
    assert read_classes(REPO / "model_data" / "coco_classes.txt") == read_classes(
        course_file("car_detection", "model_data/coco_classes.txt")
    )
    np.testing.assert_array_equal(
        read_anchors(REPO / "model_data" / "yolo_anchors.txt"),
        read_anchors(course_file("car_detection", "model_data/yolo_anchors.txt")),
    )


@pytest.mark.parametrize("major, minor, header", [(0, 2, 20), (0, 1, 16)])
def test_darknet_reader_puts_every_value_where_it_belongs(tmp_path, major, minor, header):
    cfg, weights, expected = write_tiny(tmp_path, major, minor)
    assert darknet.header_size(major, minor) == header
    model = darknet.model_from_cfg(darknet.parse_cfg(cfg))
    darknet.load_darknet_weights(model, weights)

    convolutions = darknet.layers_in_creation_order(model, tf.keras.layers.Conv2D, "conv2d")
    batch_norms = iter(darknet.layers_in_creation_order(model, tf.keras.layers.BatchNormalization, "batch_normalization"))
    for conv, values in zip(convolutions, expected, strict=True):
        kernel = conv.get_weights()[0]
        # Keras (h, w, in, out)[i, j, c, f] == Darknet (out, in, h, w)[f, c, i, j]
        np.testing.assert_array_equal(kernel, values["kernel_oihw"].transpose(2, 3, 1, 0))
        if "bias" in values:
            np.testing.assert_array_equal(conv.get_weights()[1], values["bias"])
        else:
            gamma, beta, mean, variance = next(batch_norms).get_weights()
            for got, name in ((gamma, "gamma"), (beta, "beta"), (mean, "mean"), (variance, "variance")):
                np.testing.assert_array_equal(got, values[name], err_msg=name)


def test_darknet_conversion_is_cached_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    cfg, weights, _ = write_tiny(tmp_path)
    first = loading.build_detector(weights, cfg=cfg, num_classes=2, num_anchors=3, input_size=(64, 64))
    second = loading.build_detector(weights, cfg=cfg, num_classes=2, num_anchors=3, input_size=(64, 64))

    assert first.pretrained and "converted, cached as" in first.source
    assert "cached conversion" in second.source
    cached = list((tmp_path / "keras" / "dls_assignments").glob("*.weights.h5"))
    assert len(cached) == 1
    for a, b in zip(first.model.get_weights(), second.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("extra_bytes", [8, -4])
def test_darknet_weights_of_the_wrong_size_name_both_byte_counts_and_cache_nothing(tmp_path, monkeypatch, extra_bytes):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    cfg, weights, _ = write_tiny(tmp_path)
    if extra_bytes < 0:
        weights.write_bytes(weights.read_bytes()[:extra_bytes])
    else:
        weights.write_bytes(weights.read_bytes() + b"\0" * extra_bytes)
    model = darknet.model_from_cfg(darknet.parse_cfg(cfg))
    needed = 20 + 4 * sum(int(np.prod(weight.shape)) for weight in model.weights)
    with pytest.raises(UserError, match=f"has {needed + extra_bytes:,} bytes but this network needs {needed:,} "):
        loading.build_detector(weights, cfg=cfg, num_classes=2, num_anchors=3, input_size=(64, 64))
    assert not (tmp_path / "keras").exists() or not any((tmp_path / "keras").rglob("*")), "a cache file was written"


@pytest.mark.parametrize(
    "replace, message",
    [
        (("[reorg]", "[shortcut]"), r"uses \[shortcut\].*does not support"),
        (("activation=leaky", "activation=mish"), "activation=mish"),
        (("size=2\nstride=2", "size=2\nstride=1"), "size=2 != stride=1"),
        (("layers=-3", "layers=-30"), "layers=-30"),
    ],
)
def test_unsupported_cfg_is_one_clear_error(tmp_path, replace, message):
    cfg = tmp_path / "bad.cfg"
    cfg.write_text(TINY_CFG.replace(*replace, 1))
    with pytest.raises(UserError, match=message):
        darknet.model_from_cfg(darknet.parse_cfg(cfg))


def write_keras2_h5(path: Path, model, shuffle_passthrough: bool = True) -> None:
    """A Keras 2-style HDF5 (model_weights/<layer>/<layer>/kernel:0, 1-based names, topological layer order)."""
    weighted = [layer for layer in model.layers if layer.weights]
    with h5py.File(path, "w") as file:
        root = file.create_group("model_weights")
        names = []
        for layer in weighted:
            kind, _, number = layer.name.rpartition("_") if layer.name[-1].isdigit() else (layer.name, "", "0")
            name = f"{kind}_{int(number) + 1}"  # standalone Keras 2 counts from 1
            names.append(name)
            group = root.create_group(name)
            weight_names = []
            for weight in layer.weights:
                weight_name = f"{name}/{weight.name}:0"
                group.create_dataset(weight_name, data=np.asarray(weight))
                weight_names.append(weight_name.encode())
            group.attrs["weight_names"] = weight_names
        if shuffle_passthrough:
            names = names[::-1]  # the reader must not rely on the file's layer order
        root.attrs["layer_names"] = [name.encode() for name in names]


def test_keras2_h5_is_copied_layer_by_layer(tmp_path):
    cfg, weights, _ = write_tiny(tmp_path)
    source = darknet.model_from_cfg(darknet.parse_cfg(cfg))
    darknet.load_darknet_weights(source, weights)
    write_keras2_h5(tmp_path / "yolo.h5", source)

    detector = loading.build_detector(tmp_path / "yolo.h5", cfg=cfg, num_classes=2, num_anchors=3, input_size=(64, 64), seed=5)
    assert detector.pretrained and "Keras 2" in detector.source
    for a, b in zip(source.get_weights(), detector.model.get_weights(), strict=True):
        np.testing.assert_array_equal(a, b)


def test_keras2_h5_for_other_classes_is_refused(tmp_path):
    cfg, weights, _ = write_tiny(tmp_path)
    source = darknet.model_from_cfg(darknet.parse_cfg(cfg))
    write_keras2_h5(tmp_path / "yolo.h5", source)
    five_classes = tmp_path / "five.cfg"
    five_classes.write_text(TINY_CFG.replace("filters=21", "filters=30").replace("classes=2", "classes=5"))
    with pytest.raises(UserError, match="check --classes / --anchors"):
        loading.build_detector(tmp_path / "yolo.h5", cfg=five_classes, num_classes=5, num_anchors=3, input_size=(64, 64))


@pytest.mark.parametrize("kind", ["darknet", "keras2", "keras3"])
def test_weights_that_are_not_finite_numbers_are_refused_and_never_cached(tmp_path, monkeypatch, kind):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    cfg, weights, _ = write_tiny(tmp_path)
    if kind == "darknet":
        data = bytearray(weights.read_bytes())
        data[20:24] = np.array([np.nan], "<f4").tobytes()  # the first value after the 20-byte header
        weights.write_bytes(bytes(data))
    else:
        source = darknet.model_from_cfg(darknet.parse_cfg(cfg))
        kernel = source.get_layer("conv2d").kernel
        kernel.assign(np.where(np.arange(kernel.shape[-1]) == 1, np.inf, kernel.numpy()))
        weights = tmp_path / ("yolo.h5" if kind == "keras2" else "yolo.weights.h5")
        write_keras2_h5(weights, source) if kind == "keras2" else source.save_weights(weights)
    with pytest.raises(
        UserError, match=r"are not all finite numbers \([\d,]+ NaN or infinite values in .*\): download the weights"
    ):
        loading.build_detector(weights, cfg=cfg, num_classes=2, num_anchors=3, input_size=(64, 64))
    assert not (tmp_path / "keras").exists() or not any((tmp_path / "keras").rglob("*.h5")), "a cache file was written"


def test_cfg_classes_must_match_the_classes_file(tmp_path):
    cfg, _, _ = write_tiny(tmp_path)
    with pytest.raises(UserError, match="2 classes but the classes file has 3 names"):
        loading.build_detector(None, cfg=cfg, num_classes=3, num_anchors=3, input_size=(64, 64))


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def test_yolo_head_decodes_cells_as_column_row_on_a_non_square_grid():
    anchors = np.array([[1.0, 2.0], [3.0, 0.5]], np.float32)
    feats = np.random.default_rng(2).normal(size=(1, 3, 4, 2 * (5 + 3))).astype(np.float32)  # grid 3 rows x 4 columns
    box_xy, box_wh, box_confidence, box_class_probs = (t.numpy() for t in yolo_head(feats, anchors, 3))

    assert box_xy.shape == (1, 3, 4, 2, 2) and box_class_probs.shape == (1, 3, 4, 2, 3)
    for row, column, anchor in [(0, 0, 0), (2, 3, 1), (1, 2, 0)]:
        t = feats[0, row, column].reshape(2, 8)[anchor]
        np.testing.assert_allclose(
            box_xy[0, row, column, anchor], [(sigmoid(t[0]) + column) / 4, (sigmoid(t[1]) + row) / 3], rtol=1e-6
        )
        np.testing.assert_allclose(box_wh[0, row, column, anchor], np.exp(t[2:4]) * anchors[anchor] / [4, 3], rtol=1e-6)
        np.testing.assert_allclose(box_confidence[0, row, column, anchor], sigmoid(t[4:5]), rtol=1e-6)
        np.testing.assert_allclose(box_class_probs[0, row, column, anchor], np.exp(t[5:]) / np.exp(t[5:]).sum(), rtol=1e-5)


def test_boxes_to_corners_are_y_x_order():
    corners = yolo_boxes_to_corners(np.array([[0.5, 0.25]], np.float32), np.array([[0.2, 0.1]], np.float32)).numpy()
    np.testing.assert_allclose(corners, [[0.2, 0.4, 0.3, 0.6]], rtol=1e-6)


def test_draw_boxes_prints_rounded_clipped_corners_and_draws():
    image = Image.new("RGB", (200, 100), "white")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        draw_boxes(image, [[-3.4, 10.5, 50.49, 300.0]], [2], ["person", "bicycle", "car"], [0.894])
    assert printed.getvalue() == "car 0.89 (11, 0) (200, 50)\n"
    assert np.asarray(image).min() < 255  # something was drawn


def test_preprocess_image_is_the_course_bicubic_resize(tmp_path):
    pixels = np.random.default_rng(3).integers(0, 256, size=(30, 50, 4), dtype=np.uint8)
    Image.fromarray(pixels, "RGBA").save(tmp_path / "photo.png")
    image, image_data = preprocess_image(tmp_path / "photo.png", (64, 32))

    assert image.size == (50, 30) and image.mode == "RGB"
    assert image_data.shape == (1, 64, 32, 3) and image_data.dtype == np.float32
    expected = np.asarray(image.resize((32, 64), Image.Resampling.BICUBIC), np.float32) / 255
    np.testing.assert_array_equal(image_data[0], expected)


def test_letterbox_boxes_map_back_to_the_original_pixels():
    image = Image.new("RGB", (200, 100))
    data, to_pixels = prepare(image, (64, 64), "letterbox")
    # 200x100 → 64x32 content, 16 gray rows above and below.
    assert data.shape == (1, 64, 64, 3) and np.isclose(data[0, 0, 0], 128 / 255).all() and data[0, 32, 32].max() == 0
    content = np.array([[16 / 64, 0.0, 48 / 64, 1.0]], np.float32)
    np.testing.assert_allclose(to_pixels(content), [[0, 0, 100, 200]], atol=1e-4)


def test_a_batch_gives_each_image_its_own_detections(tmp_path):
    cfg, weights, _ = write_tiny(tmp_path)
    detector = loading.build_detector(weights, cfg=cfg, num_classes=2, num_anchors=3, input_size=(64, 64), use_cache=False)
    images = [Image.new("RGB", (120, 80), "gray"), Image.new("RGB", (60, 90), "white")]
    anchors = np.array([[1, 1], [2, 2], [3, 3]], np.float32)
    for settings in (
        Settings(score_threshold=0.0, max_boxes=4),
        Settings(score_threshold=0.0, max_boxes=4, class_aware=False, resize="letterbox"),
    ):
        batched = detect(detector.model, images, anchors, 2, settings)
        one_by_one = [detect(detector.model, [image], anchors, 2, settings)[0] for image in images]
        for together, alone in zip(batched, one_by_one, strict=True):
            assert len(together.scores) == 4 and together.boxes.shape == (4, 4)
            assert np.all(np.diff(together.scores) <= 0) and set(together.classes.tolist()) <= {0, 1}
            # The network may round differently at batch 2 than at batch 1: equal to float noise.
            np.testing.assert_allclose(together.scores, alone.scores, rtol=1e-5)
            np.testing.assert_allclose(together.boxes, alone.boxes, rtol=1e-4, atol=1e-3)
            np.testing.assert_array_equal(together.classes, alone.classes)


def test_package_data_and_the_top_level_model_data_agree():
    """The class and anchor lists ship inside the package (for installed copies) and sit in model_data/."""
    for name, default in (("coco_classes.txt", DEFAULT_CLASSES_FILE), ("yolo_anchors.txt", DEFAULT_ANCHORS_FILE)):
        assert default.parent == REPO / "assignments" / "car_detection", f"{name} is not read from the package: {default}"
        assert default.read_bytes() == (REPO / "model_data" / name).read_bytes(), f"the two copies of {name} differ"
    assert len(read_classes(DEFAULT_CLASSES_FILE)) == 80 and read_anchors(DEFAULT_ANCHORS_FILE).shape == (5, 2)


@pytest.mark.parametrize(
    "text, message",
    [("", "has no class names"), ("\xff\xfe", None)],
)
def test_bad_classes_file(tmp_path, text, message):
    path = tmp_path / "classes.txt"
    path.write_bytes(text.encode("latin-1"))
    with pytest.raises(UserError, match=message or "not UTF-8"):
        read_classes(path)


@pytest.mark.parametrize("text", ["1, 2, 3", "a, b", "1, -2", ""])
def test_bad_anchors_file(tmp_path, text):
    path = tmp_path / "anchors.txt"
    path.write_text(text)
    with pytest.raises(UserError, match="anchors file"):
        read_anchors(path)
