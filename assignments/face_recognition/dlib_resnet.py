"""dlib's 128-d ResNet face embedder, rebuilt in Keras 3 and loaded from its TensorFlow.js weights.

dlib's `dlib_face_recognition_resnet_model_v1` (dlib reports 99.38 % on LFW) is a ResNet-34-like network
on 150x150 aligned face chips. The npm package `@vladmandic/face-api` 1.7.15 ships its weights as
TensorFlow.js files (`face_recognition_model.bin` + `-weights_manifest.json`, MIT, weights from dlib's
public-domain model); `assignments.common.tfjs.read_tfjs_weights` reads them with numpy.

The network, as the package's `faceRecognitionNet` runs it (and dlib's `anet_type` defines it):

    (150, 150, 3) RGB in 0..255 → minus mean RGB, / 256
    conv 7x7/2 valid, 32 → scale → ReLU → max-pool 3x3/2 valid         (72, 72, 32) → (35, 35, 32)
    residual x3 at 32                                                  (35, 35, 32)
    residual-down to 64, residual x3                                   (17, 17, 64)
    residual-down to 128, residual x2                                  (8, 8, 128)
    residual-down to 256, residual x2                                  (4, 4, 256)
    residual-down to 256                                               (2, 2, 256)
    global average pool → 256x128 matrix, no bias                      (128,)

A residual block is conv 3x3 → scale → ReLU → conv 3x3 → scale, plus its input, then ReLU. A residual-down
block strides its first conv by 2 ("valid"), and its shortcut is a 2x2/2 average pool of the input, with
zero channels appended when the block doubles them; where the conv branch comes out one pixel smaller
than the pooled shortcut (8 → 3 vs 4, 4 → 1 vs 2) the branch is zero-padded at the bottom and right, as
dlib's `add_prev` does. Each "scale" is dlib's `affine` layer (BatchNorm folded into a per-channel
multiply and add); it is folded here once more into the conv before it: `(x*W + b)*s + c = x*(W*s) + (b*s + c)`.

Descriptors are not L2-normalised (dlib's are used as they come); two photos show the same person when
their Euclidean distance is below 0.6, dlib's threshold.
"""

from __future__ import annotations

import os
from pathlib import Path

import keras
import numpy as np
from keras import layers

from assignments.common.errors import UserError
from assignments.common.tfjs import read_tfjs_weights
from assignments.common.weights import WeightsFile, download

CHIP_SIZE = 150
MEAN_RGB = (122.782, 117.001, 104.298)  # dlib's input_rgb_image: subtracted, then divided by 256.
THRESHOLD = 0.6  # dlib's: same person when the descriptor distance is below this.
MANIFEST_NAME = "face_recognition_model-weights_manifest.json"
SHARD_NAME = "face_recognition_model.bin"

# The package's files at a versioned public CDN path of the npm package (jsDelivr serves npm releases).
_CDN = "https://cdn.jsdelivr.net/npm/@vladmandic/face-api@1.7.15/model/"
DLIB_FILES = tuple(
    WeightsFile(
        key="dlib",
        url=_CDN + file_name,
        file_name=file_name,
        file_hash=sha256,
        description=f"dlib face recognition weights, {file_name} (face-api 1.7.15)",
        cache_subdir="models/face-api-1.7.15",  # both files in one folder: the manifest finds its .bin beside it
    )
    for file_name, sha256 in (
        (MANIFEST_NAME, "cbaffa501b0b9275a12b63357a6843e7e30c054e1c9151e1a5f879b26e32986b"),
        (SHARD_NAME, "b413e420d6840b2775fba32008db6f3cddb07d485967fb42cfcf379c16a8c589"),
    )
)

# (tfjs block name, output channels, downsampling?) in the order the network runs them.
BLOCKS = (
    ("conv32_1", 32, False),
    ("conv32_2", 32, False),
    ("conv32_3", 32, False),
    ("conv64_down", 64, True),
    ("conv64_1", 64, False),
    ("conv64_2", 64, False),
    ("conv64_3", 64, False),
    ("conv128_down", 128, True),
    ("conv128_1", 128, False),
    ("conv128_2", 128, False),
    ("conv256_down", 256, True),
    ("conv256_1", 256, False),
    ("conv256_2", 256, False),
    ("conv256_down_out", 256, True),
)


@keras.saving.register_keras_serializable(package="dls_face_recognition")
class ZeroChannels(layers.Layer):
    """Appends `extra` all-zero channels: the shortcut of a block that doubles its channels (dlib's add_prev)."""

    def __init__(self, extra: int, **kwargs):
        super().__init__(**kwargs)
        self.extra = int(extra)

    def call(self, inputs):
        paddings = [[0, 0]] * (len(inputs.shape) - 1) + [[0, self.extra]]
        return keras.ops.pad(inputs, paddings)

    def compute_output_shape(self, input_shape):
        return (*input_shape[:-1], input_shape[-1] + self.extra)

    def get_config(self):
        return {**super().get_config(), "extra": self.extra}


def residual_block(x, name: str, channels: int, down: bool):
    """One of dlib's `ares` / `ares_down` blocks; `x` is (h, w, c_in), the result (h', w', channels)."""
    strides, padding = (2, "valid") if down else (1, "same")
    branch = layers.Conv2D(channels, 3, strides=strides, padding=padding, name=f"{name}_conv1")(x)
    branch = layers.ReLU(name=f"{name}_relu1")(branch)
    branch = layers.Conv2D(channels, 3, padding="same", name=f"{name}_conv2")(branch)
    shortcut = x
    if down:
        shortcut = layers.AveragePooling2D(2, strides=2, padding="valid", name=f"{name}_pool")(x)
        if shortcut.shape[-1] != channels:
            shortcut = ZeroChannels(channels - shortcut.shape[-1], name=f"{name}_zero_channels")(shortcut)
        missing = shortcut.shape[1] - branch.shape[1]  # 0, or 1 where the valid conv lost the last row/column
        if missing:
            branch = layers.ZeroPadding2D(((0, missing), (0, missing)), name=f"{name}_pad")(branch)
    x = layers.Add(name=f"{name}_add")([branch, shortcut])
    return layers.ReLU(name=f"{name}_relu")(x)


def dlib_face_encoder(name: str = "dlib_resnet_v1") -> keras.Model:
    """The network, with uninitialised (random) weights: (150, 150, 3) RGB 0..255 → (128,) descriptor."""
    inputs = keras.Input(shape=(CHIP_SIZE, CHIP_SIZE, 3), name="face_chip")
    # (x - mean) / 256, as a saveable layer: Normalization divides by sqrt(variance) = 256.
    x = layers.Normalization(mean=list(MEAN_RGB), variance=[256.0**2] * 3, name="dlib_input")(inputs)
    x = layers.Conv2D(32, 7, strides=2, padding="valid", name="conv32_down")(x)  # (72, 72, 32)
    x = layers.ReLU(name="conv32_down_relu")(x)
    x = layers.MaxPooling2D(3, strides=2, padding="valid", name="max_pool")(x)  # (35, 35, 32)
    for block_name, channels, down in BLOCKS:
        x = residual_block(x, block_name, channels, down)  # ... → (2, 2, 256)
    x = layers.GlobalAveragePooling2D(name="average")(x)  # (256,)
    outputs = layers.Dense(128, use_bias=False, name="fc")(x)  # (128,)
    return keras.Model(inputs, outputs, name=name)


def _folded_conv(tensors: dict, prefix: str) -> list[np.ndarray]:
    """The kernel and bias of conv + scale folded into one conv (see the module docstring)."""
    kernel = tensors[f"{prefix}/conv/filters"]  # (3, 3, c_in, c_out)
    scale = tensors[f"{prefix}/scale/weights"]  # (c_out,)
    return [kernel * scale, tensors[f"{prefix}/conv/bias"] * scale + tensors[f"{prefix}/scale/biases"]]


def load_dlib_weights(model: keras.Model, manifest_path: str | os.PathLike) -> None:
    """Sets `model`'s weights from the tfjs manifest (and the `.bin` beside it).

    Raises:
        UserError: the files are unreadable or truncated (from `read_tfjs_weights`), a tensor is missing,
            or a tensor's shape is not the network's.
    """
    tensors = read_tfjs_weights(manifest_path)
    assignments = {"conv32_down": _tensors_or_error(tensors, "conv32_down", manifest_path)}
    for block_name, _, _ in BLOCKS:
        for conv in ("conv1", "conv2"):
            assignments[f"{block_name}_{conv}"] = _tensors_or_error(tensors, f"{block_name}/{conv}", manifest_path)
    assignments["fc"] = [tensors["fc"]] if "fc" in tensors else _missing("fc", manifest_path)
    for layer_name, values in assignments.items():
        layer = model.get_layer(layer_name)
        expected = [tuple(variable.shape) for variable in layer.weights]
        received = [value.shape for value in values]
        if expected != received:
            raise UserError(
                f"The tensor '{layer_name}' in '{manifest_path}' has shapes {received}, the network needs {expected}: "
                "pass face-api 1.7.15's face_recognition_model-weights_manifest.json and its .bin."
            )
        layer.set_weights(values)


def _tensors_or_error(tensors: dict, prefix: str, manifest_path) -> list[np.ndarray]:
    for suffix in ("conv/filters", "conv/bias", "scale/weights", "scale/biases"):
        if f"{prefix}/{suffix}" not in tensors:
            _missing(f"{prefix}/{suffix}", manifest_path)
    return _folded_conv(tensors, prefix)


def _missing(name: str, manifest_path):
    raise UserError(
        f"The manifest '{manifest_path}' has no tensor '{name}': it is not dlib's face recognition model; "
        "pass face-api 1.7.15's face_recognition_model-weights_manifest.json."
    )


def find_dlib_manifest(value: str | os.PathLike | None, course_copy: Path | None) -> Path:
    """The manifest to load: `--weights` (a manifest, or the folder holding it), else the shared copy, else a download.

    Args:
        value: the user's `--weights`, or None.
        course_copy: `$DLS_DATA_DIR/face_recognition/face-api-1.7.15/<manifest>` when present.
    """
    if value is not None and str(value) != "dlib":
        path = Path(value).expanduser()
        if path.is_dir():
            path = path / MANIFEST_NAME
        if not path.is_file():
            raise UserError(
                f"The dlib weights manifest '{path}' does not exist: pass {MANIFEST_NAME} (with its .bin beside it) or its folder."
            )
        return path
    if course_copy is not None and value is None:
        return course_copy
    try:
        manifest, _ = (download(file) for file in DLIB_FILES)  # Both files land in one cache folder.
    except UserError as error:
        failure = str(error).split("): ")[0] + ")" if "): " in str(error) else str(error).rstrip(".")
        raise UserError(
            f"{failure}: offline, put {MANIFEST_NAME} and {SHARD_NAME} (face-api 1.7.15) in "
            f"$DLS_DATA_DIR/face_recognition/face-api-1.7.15/, or pass --weights with the manifest or its folder."
        ) from None
    return manifest


def load_dlib_encoder(manifest_path: str | os.PathLike) -> keras.Model:
    """The network with dlib's weights; its attribute `weights_source` names the manifest."""
    model = dlib_face_encoder()
    load_dlib_weights(model, manifest_path)
    model.weights_source = str(manifest_path)
    return model
