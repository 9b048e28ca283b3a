"""`load_pretrained_resnet50` against a genuine Keras 2 writer: tf-keras (the Keras 2 line for TF 2.21).

The course's `resnet50.h5` was saved by Keras 2 from the 2021 notebook's ResNet50. It cannot be had here,
so this test builds that network with tf-keras layers, exactly as the notebook's code does (the same
layers in the same order, with the names Keras 2 gives them: `conv2d_12`, `batch_normalization_7`, ...),
gives it seeded random weights including non-trivial BatchNorm moving statistics, and lets tf-keras
itself write the two layouts a user may hold: the full model (`model.save("resnet50.h5")`) and weights
only (`model.save_weights("resnet50.h5")`). Loading either through our Keras 3 loader must give the
predictions tf-keras gives, to float32 noise. A file one layer short, one layer long, or with one layer
of another shape is refused in one sentence that names the first layer that differs.

Timing on 2 shared CPU cores: about 25 s for the module (two full-size networks, two 95 MB files).
"""

from __future__ import annotations

import shutil

import h5py
import numpy as np
import pytest
from PIL import Image

from assignments.common.classification.synthetic_hands import draw_hand_signs
from assignments.common.cli import run_main
from assignments.common.errors import UserError
from assignments.resnet50 import load_pretrained_resnet50
from assignments.resnet50.__main__ import main

tf_keras = pytest.importorskip("tf_keras")  # test-only dependency (requirements-dev / the CI install)

# tf-keras warns that HDF5 is a legacy format: writing that legacy format is the point here.
pytestmark = pytest.mark.filterwarnings("ignore:You are saving your model as an HDF5 file:UserWarning")

# Predictions of the two implementations agree to float32 rounding of 50 layers of convolutions.
TOLERANCE = dict(rtol=1e-5, atol=1e-5)


# ----------------------------------------------------------------------------- the course's network in Keras 2
def keras2_main_path(X, f, filters, s, initializer):
    """Both blocks' main path in the 2021 notebook: 1x1 (stride s) → BN → ReLU → fxf same → BN → ReLU → 1x1 → BN.
    Built with tf-keras layers and no names, so Keras 2 numbers them as the notebook's run did."""
    layers = tf_keras.layers
    F1, F2, F3 = filters
    X = layers.Conv2D(F1, 1, strides=(s, s), padding="valid", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X)
    X = layers.Activation("relu")(X)
    X = layers.Conv2D(F2, f, strides=(1, 1), padding="same", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X)
    X = layers.Activation("relu")(X)
    X = layers.Conv2D(F3, 1, strides=(1, 1), padding="valid", kernel_initializer=initializer(seed=0))(X)
    return layers.BatchNormalization(axis=3)(X)


def keras2_identity_block(X, f, filters):
    """The notebook's identity_block: the main path added to the unchanged input (RandomUniform kernels)."""
    X_main = keras2_main_path(X, f, filters, 1, tf_keras.initializers.RandomUniform)
    return tf_keras.layers.Activation("relu")(tf_keras.layers.Add()([X, X_main]))


def keras2_convolutional_block(X, f, filters, s=2):
    """The notebook's convolutional_block: main path first, then the shortcut's conv and BatchNorm."""
    layers = tf_keras.layers
    X_main = keras2_main_path(X, f, filters, s, tf_keras.initializers.GlorotUniform)
    X_shortcut = layers.Conv2D(
        filters[2], 1, strides=(s, s), padding="valid", kernel_initializer=tf_keras.initializers.GlorotUniform(seed=0)
    )(X)
    X_shortcut = layers.BatchNormalization(axis=3)(X_shortcut)
    return layers.Activation("relu")(layers.Add()([X_main, X_shortcut]))


def keras2_resnet50(input_shape=(64, 64, 3), classes=6):
    """The 2021 notebook's ResNet50, in tf-keras: 177 layers, 23,600,006 parameters."""
    layers = tf_keras.layers
    X_input = layers.Input(input_shape)
    X = layers.ZeroPadding2D((3, 3))(X_input)
    X = layers.Conv2D(64, (7, 7), strides=(2, 2), kernel_initializer=tf_keras.initializers.GlorotUniform(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X)
    X = layers.Activation("relu")(X)
    X = layers.MaxPooling2D((3, 3), strides=(2, 2))(X)
    for filters, stride, identity_blocks in (
        ([64, 64, 256], 1, 2),
        ([128, 128, 512], 2, 3),
        ([256, 256, 1024], 2, 5),
        ([512, 512, 2048], 2, 2),
    ):
        X = keras2_convolutional_block(X, 3, filters, s=stride)
        for _ in range(identity_blocks):
            X = keras2_identity_block(X, 3, filters)
    X = layers.AveragePooling2D((2, 2))(X)
    X = layers.Flatten()(X)
    X = layers.Dense(classes, activation="softmax", kernel_initializer=tf_keras.initializers.GlorotUniform(seed=0))(X)
    return tf_keras.Model(inputs=X_input, outputs=X)


def randomize(model, seed: int = 0) -> None:
    """Seeded random weights a trained network could have: He-scaled kernels, small biases, and BatchNorm
    layers whose four tensors all differ (gamma, beta, moving mean, moving variance), so that any mix-up
    of their order changes the predictions."""
    random = np.random.default_rng(seed)
    for layer in model.layers:
        kind = type(layer).__name__
        if kind == "Conv2D" or kind == "Dense":
            kernel, bias = layer.get_weights()
            fan_in = int(np.prod(kernel.shape[:-1]))
            layer.set_weights([random.normal(0, np.sqrt(2.0 / fan_in), kernel.shape), random.normal(0, 0.05, bias.shape)])
        elif kind == "BatchNormalization":
            size = layer.get_weights()[0].shape
            layer.set_weights(
                [
                    random.uniform(0.5, 1.2, size),  # gamma
                    random.normal(0, 0.1, size),  # beta
                    random.normal(0, 0.5, size),  # moving mean
                    random.uniform(0.5, 4.0, size),  # moving variance
                ]
            )


@pytest.fixture(scope="module")
def keras2_files(tmp_path_factory):
    """(full-model .h5, weights-only .h5, images, tf-keras's predictions for them)."""
    folder = tmp_path_factory.mktemp("keras2")
    tf_keras.utils.set_random_seed(0)
    model = keras2_resnet50()
    randomize(model)
    images = draw_hand_signs(6, seed=1).images.astype(np.float32) / 255.0  # (6, 64, 64, 3): six different signs
    expected = model.predict(images, verbose=0)
    model.save(folder / "resnet50_full.h5")  # Keras 2's HDF5 full model: model_weights/<layer>/<layer>/<weight>:0
    model.save_weights(folder / "resnet50_weights.h5")  # weights only: <layer>/<layer>/<weight>:0 at the top level
    return folder / "resnet50_full.h5", folder / "resnet50_weights.h5", images, expected


def test_the_keras2_network_is_the_course_network(keras2_files):
    full, _, _, expected = keras2_files
    with h5py.File(full, "r") as handle:
        assert _text([handle.attrs["keras_version"]])[0].startswith("2.")  # written by Keras 2, not by us
        names = _layer_names(handle["model_weights"])
    assert len(names) == 177 and names[1].startswith("zero_padding2d") and names[-1].startswith("dense")
    # The probabilities are spread out, not saturated: a wrong tensor order would show in them.
    assert expected.max() < 0.99 and np.ptp(expected, axis=0).max() > 0.01, expected


@pytest.mark.parametrize("layout", ["full-model", "weights-only"])
def test_loader_reproduces_keras2_predictions(keras2_files, layout):
    full, weights_only, images, expected = keras2_files
    model = load_pretrained_resnet50(full if layout == "full-model" else weights_only)
    got = np.asarray(model.predict(images, verbose=0))
    np.testing.assert_allclose(got, expected, **TOLERANCE)


def test_a_single_swapped_batchnorm_tensor_is_detected(keras2_files, tmp_path):
    """The check above can fail: moving mean and variance swapped in one layer change the predictions."""
    _, weights_only, images, expected = keras2_files
    changed = tmp_path / "swapped.h5"
    shutil.copy(weights_only, changed)
    with h5py.File(changed, "r+") as handle:
        group = handle[next(name for name in _layer_names(handle) if name.startswith("batch_normalization_"))]
        mean, variance = _text(group.attrs["weight_names"])[2:4]
        group[mean][...], group[variance][...] = np.abs(group[variance][()]), np.abs(group[mean][()]) + 0.1
    got = np.asarray(load_pretrained_resnet50(changed).predict(images, verbose=0))
    assert np.abs(got - expected).max() > 1e-3


# ----------------------------------------------------------------------------- files that are not the course's network
def _text(values) -> list[str]:
    return [value.decode() if isinstance(value, bytes) else str(value) for value in values]


def _layer_names(handle) -> list[str]:
    return _text(handle.attrs["layer_names"])


def drop_layer(handle, name: str) -> None:
    handle.attrs["layer_names"] = np.array([item.encode() for item in _layer_names(handle) if item != name])
    del handle[name]


def add_layer_after(handle, after: str, name: str, arrays: list[np.ndarray]) -> None:
    names = _layer_names(handle)
    names.insert(names.index(after) + 1, name)
    handle.attrs["layer_names"] = np.array([item.encode() for item in names])
    group = handle.create_group(name)
    weight_names = [f"{name}/weight_{index}:0" for index in range(len(arrays))]
    group.attrs["weight_names"] = np.array([item.encode() for item in weight_names])
    for weight_name, array in zip(weight_names, arrays):
        group.create_dataset(weight_name, data=array)


def resize_kernel(handle, name: str) -> None:
    group = handle[name]
    kernel_name = _text(group.attrs["weight_names"])[0]
    kernel = group[kernel_name][()]
    del group[kernel_name]
    group.create_dataset(kernel_name, data=kernel[..., : kernel.shape[-1] // 2])


@pytest.mark.parametrize("damage", ["missing", "extra", "wrong-shape"])
def test_a_different_network_names_the_first_layer_that_differs(keras2_files, tmp_path, capsys, damage):
    _, weights_only, _, _ = keras2_files
    changed = tmp_path / "resnet50.h5"
    shutil.copy(weights_only, changed)
    with h5py.File(changed, "r+") as handle:
        weighted = [name for name in _layer_names(handle) if len(handle[name].attrs["weight_names"])]
        target = weighted[20]  # a layer inside stage 2
        if damage == "missing":
            drop_layer(handle, target)
            expected = f"at weight layer 21 of 107 the file's layer '{weighted[21]}'"  # the next layer moved up into its place
        elif damage == "extra":
            add_layer_after(handle, target, "extra_conv", [np.zeros((3, 3, 256, 256), np.float32), np.zeros(256, np.float32)])
            expected = "at weight layer 22 of 107 the file's layer 'extra_conv'"
        else:
            resize_kernel(handle, target)
            expected = f"at weight layer 21 of 107 the file's layer '{target}' has weight shapes [(1, 1, 64, 128), (256,)]"
    Image.new("RGB", (64, 64), "white").save(tmp_path / "hand.png")
    before = sorted(path.name for path in tmp_path.iterdir())
    with pytest.raises(UserError) as error:
        load_pretrained_resnet50(changed)
    message = str(error.value)
    assert "\n" not in message and expected in message, message
    # Through the main script: one line, exit 2, nothing written beside the file or in --output.
    code = run_main(
        main, ["predict", "--weights", str(changed), "--input", str(tmp_path / "hand.png"), "--output", str(tmp_path / "out")]
    )
    error_line = capsys.readouterr().err.strip()
    assert code == 2 and len(error_line.splitlines()) == 1 and expected in error_line, error_line
    assert sorted(path.name for path in tmp_path.iterdir()) == before
