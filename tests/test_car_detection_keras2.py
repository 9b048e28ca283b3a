"""A Keras 2 yolo.h5 made as the course's was, by tf-keras itself, loaded through `load_yolo_model`.

The course's yolo.h5 came from yad2k's converter: a full Keras 2 model (config + weights) built in
Darknet's cfg order, with BatchNormalization at Keras' epsilon and the passthrough as a `Lambda` around
`tf.nn.space_to_depth`. Keras 3 cannot rebuild that Lambda, so `load_yolo_model` copies the weights layer
by layer into our own network. tf-keras (the Keras 2 line for TF 2.21) is the independent writer here: it
builds that model at full size, with seeded random weights and non-trivial BatchNorm statistics, saves it
with `model.save("yolo.h5")`, and computes its own predictions, which ours must match.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import h5py
import numpy as np
import pytest
import tensorflow as tf
import tf_keras
from tf_keras import layers

from assignments.car_detection import loading
from assignments.car_detection.loading import load_yolo_model
from assignments.common.errors import UserError


def space_to_depth_x2(x):
    """The course's Lambda body (yad2k's): TensorFlow's space_to_depth with block size 2."""
    return tf.nn.space_to_depth(x, block_size=2)


def keras2_yolo_v2(num_outputs: int = 425) -> tf_keras.Model:
    """YOLOv2 in tf-keras, layer by layer in yolov2.cfg's order, as yad2k wrote the course's model."""

    def conv(x, filters, size, batch_normalize=True):
        x = layers.Conv2D(filters, size, padding="same", use_bias=not batch_normalize)(x)
        if not batch_normalize:
            return x
        return layers.LeakyReLU(alpha=0.1)(layers.BatchNormalization()(x))

    def pool(x):
        return layers.MaxPooling2D(pool_size=2, strides=2, padding="same")(x)

    inputs = layers.Input((608, 608, 3))
    x = pool(conv(inputs, 32, 3))
    x = pool(conv(x, 64, 3))
    x = pool(conv(conv(conv(x, 128, 3), 64, 1), 128, 3))
    x = pool(conv(conv(conv(x, 256, 3), 128, 1), 256, 3))
    for filters, size in ((512, 3), (256, 1), (512, 3), (256, 1), (512, 3)):
        x = conv(x, filters, size)
    passthrough = x
    x = pool(x)
    for filters, size in ((1024, 3), (512, 1), (1024, 3), (512, 1), (1024, 3), (1024, 3), (1024, 3)):
        x = conv(x, filters, size)
    routed = conv(passthrough, 64, 1)
    routed = layers.Lambda(
        space_to_depth_x2,
        output_shape=lambda shape: (shape[0], shape[1] // 2, shape[2] // 2, 4 * shape[3]),
        name="space_to_depth_x2",
    )(routed)
    x = layers.concatenate([routed, x])
    x = conv(x, 1024, 3)
    return tf_keras.Model(inputs, conv(x, num_outputs, 1, batch_normalize=False))


def randomize(model: tf_keras.Model, seed: int = 0) -> None:
    """He-scale kernels, small biases, BatchNorm with gamma near 1 and rolling variances in [0.5, 2]."""
    rng = np.random.default_rng(seed)
    for layer in model.layers:
        if isinstance(layer, layers.Conv2D):
            kernel = layer.kernel
            fan_in = int(np.prod(kernel.shape[:3]))
            values = [rng.standard_normal(kernel.shape, np.float32) * np.float32(np.sqrt(2 / fan_in))]
            if layer.use_bias:
                values.append(rng.normal(0, 0.5, layer.bias.shape).astype(np.float32))
            layer.set_weights(values)
        elif isinstance(layer, layers.BatchNormalization):
            size = layer.gamma.shape[0]
            layer.set_weights(
                [
                    rng.uniform(0.8, 1.2, size).astype(np.float32),  # gamma
                    rng.normal(0, 0.1, size).astype(np.float32),  # beta
                    rng.normal(0, 0.5, size).astype(np.float32),  # moving mean
                    rng.uniform(0.5, 2.0, size).astype(np.float32),  # moving variance
                ]
            )


@pytest.fixture(scope="module")
def keras2_file(tmp_path_factory):
    """(path of a full-size yolo.h5 saved by tf-keras, a (2, 608, 608, 3) batch, tf-keras' predictions)."""
    tf_keras.backend.clear_session()
    model = keras2_yolo_v2()
    randomize(model)
    path = tmp_path_factory.mktemp("keras2") / "yolo.h5"
    model.save(path)  # a full Keras 2 model, config with the Lambda's bytecode + model_weights, as the course's
    images = np.random.default_rng(1).uniform(0, 1, (2, 608, 608, 3)).astype(np.float32)
    expected = model.predict(images, verbose=0)
    del model
    tf_keras.backend.clear_session()
    return path, images, expected


def test_keras2_yolo_h5_gives_tf_keras_predictions(keras2_file):
    path, images, expected = keras2_file
    with h5py.File(path, "r") as file:  # really a Keras 2 full-model file, Lambda included
        assert "model_config" in file.attrs and b"space_to_depth_x2" in file.attrs["model_config"].encode()
    model = load_yolo_model(str(path))
    got = model(images).numpy()  # (2, 19, 19, 425)

    difference = float(np.abs(got - expected).max() / np.abs(expected).max())
    print(f"yolo.h5 written by tf-keras: largest |ours - tf-keras| / max |tf-keras| = {difference:.2e}")
    assert difference < 1e-5, f"ours differs from tf-keras by {difference:.2e} of the output's range"
    # The course's space_to_depth order matters: Darknet's reorg order on the same weights is far off.
    darknet_order = load_yolo_model(str(path), reorg="darknet")
    assert float(np.abs(darknet_order(images).numpy() - expected).max() / np.abs(expected).max()) > 1e-2


def edited_copy(source: Path, target: Path, edit) -> Path:
    shutil.copyfile(source, target)
    with h5py.File(target, "r+") as file:
        edit(file["model_weights"])
    return target


def text(entry) -> str:
    return entry.decode() if isinstance(entry, bytes) else str(entry)


def drop_layer(name):
    def edit(root):
        root.attrs["layer_names"] = [text(entry).encode() for entry in root.attrs["layer_names"] if text(entry) != name]

    return edit


def add_layer(name, kernel_shape):
    def edit(root):
        group = root.create_group(name)
        group.create_dataset(f"{name}/kernel:0", data=np.zeros(kernel_shape, np.float32))
        group.attrs["weight_names"] = [f"{name}/kernel:0".encode()]
        root.attrs["layer_names"] = [*(text(entry).encode() for entry in root.attrs["layer_names"]), name.encode()]

    return edit


def reshape_kernel(name, shape):
    def edit(root):
        del root[name][name]["kernel:0"]
        root[name][name].create_dataset("kernel:0", data=np.zeros(shape, np.float32))

    return edit


@pytest.mark.parametrize(
    "case, edit, message",
    [
        ("a missing conv layer", drop_layer("conv2d_7"), r"at conv layer 'conv2d_7' \(the file's 'conv2d_8'\)"),
        ("a missing last layer", drop_layer("conv2d_22"), r"has no conv layer for YOLOv2's 'conv2d_22'"),
        ("an extra conv layer", add_layer("conv2d_23", (1, 1, 425, 425)), r"extra conv layer 'conv2d_23'"),
        (
            "one kernel of the wrong shape",
            reshape_kernel("conv2d_20", (1, 1, 512, 32)),
            r"at conv layer 'conv2d_20'.*\(1, 1, 512, 32\)",
        ),
        (
            "a missing BatchNorm layer",
            drop_layer("batch_normalization_3"),
            r"at BatchNormalization layer 'batch_normalization_3'",
        ),
    ],
)
def test_a_damaged_keras2_file_names_the_first_layer_that_differs(keras2_file, tmp_path, monkeypatch, case, edit, message):
    monkeypatch.setenv("KERAS_HOME", str(tmp_path / "keras"))
    damaged = edited_copy(keras2_file[0], tmp_path / "yolo.h5", edit)
    with pytest.raises(UserError, match=message):
        loading.build_detector(damaged)
    assert not (tmp_path / "keras").exists() or not any((tmp_path / "keras").rglob("*")), f"{case}: something was cached"
