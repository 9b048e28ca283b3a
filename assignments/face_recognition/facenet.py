"""The course's FaceNet: Inception-ResNet-v1 written in Keras 3 code with the course's layer names, and its weights.

The course ships this network as `keras-facenet-h5/model.json` (Keras 2.4, the nyoki-mtl port of David
Sandberg's FaceNet). Keras 3 cannot rebuild that JSON because its residual "scale and sum" steps are
`Lambda` layers stored as Python bytecode. Here the same graph is written out in code: every layer keeps
the JSON's name, class, configuration and weight shapes (the scale-and-sum steps become the small
`ScaleSum` layer below), so a `model.h5` saved from the course's model loads by layer name.

Input (None, 160, 160, 3) RGB in [0, 1]; output `Bottleneck_BatchNorm` (None, 128), not yet L2-normalised:
`img_to_encoding` divides by the norm, as the course does.

Weights: the course's `keras-facenet-h5/model.h5` (Keras 2 HDF5, layout `model_weights/<layer>/<layer>/<var>:0`)
loads by layer name; a Keras 3 `.weights.h5` saved from this model loads too; without either the network
keeps seeded random weights (UNTRAINED). Nothing is downloaded: the 128-d weights are not published at a
stable, hash-checkable address (docs/face_recognition.md says where to get them).
"""

from __future__ import annotations

import os
from pathlib import Path

import h5py
import keras
from keras import layers

from assignments.common.errors import UserError
from assignments.common.weights import UNTRAINED_NOTICE, resolve_weights

WEIGHTS_NOTICE = UNTRAINED_NOTICE + " Every distance below is meaningless: pass --weights model.h5 for real face recognition."
INPUT_SHAPE = (160, 160, 3)
EMBEDDING_SIZE = 128
BATCH_NORM_MOMENTUM = 0.995
BATCH_NORM_EPSILON = 0.001
DROPOUT_KEEP_PROBABILITY = 0.8


@keras.saving.register_keras_serializable(package="face_recognition")
class ScaleSum(layers.Layer):
    """`shortcut + scale * residual`: the course's `Lambda(scaling, arguments={'scale': ...})`.

    Args:
        scale: the residual's weight (0.17 in Block35, 0.1 in Block17, 0.2 in Block8, 1.0 in the last one).
    """

    def __init__(self, scale: float, **kwargs):
        super().__init__(**kwargs)
        self.scale = float(scale)

    def call(self, inputs):
        shortcut, residual = inputs
        return shortcut + residual * self.scale

    def compute_output_shape(self, input_shape):
        return input_shape[0]

    def get_config(self):
        return {**super().get_config(), "scale": self.scale}


def conv2d_bn(x, filters, kernel_size, strides=1, padding="same", activation="relu", name=None):
    """Conv2D without bias → BatchNorm without gamma (`scale=False`) → ReLU, named `<name>`, `_BatchNorm`, `_Activation`."""
    x = layers.Conv2D(filters, kernel_size, strides=strides, padding=padding, use_bias=False, name=name)(x)
    x = layers.BatchNormalization(
        axis=3, momentum=BATCH_NORM_MOMENTUM, epsilon=BATCH_NORM_EPSILON, scale=False, name=f"{name}_BatchNorm"
    )(x)
    if activation is not None:
        x = layers.Activation(activation, name=f"{name}_Activation")(x)
    return x


def inception_resnet_block(x, scale, block_type, block_index, activation="relu"):
    """One residual Inception block: parallel branches → concatenate → 1x1 conv (with bias) → scaled sum.

    Args:
        x: the block's input, also its shortcut. Block35: (17, 17, 256); Block17: (8, 8, 896); Block8: (3, 3, 1792).
        scale: weight of the residual branch.
        block_type: "Block35", "Block17" or "Block8" (the course's names).
        block_index: 1-based index inside its group.
        activation: applied after the sum; None for the final Block8.
    """
    prefix = f"{block_type}_{block_index}"

    def branch_name(branch, layer):
        return f"{prefix}_Branch_{branch}_{layer}"

    if block_type == "Block35":
        branch_0 = conv2d_bn(x, 32, 1, name=branch_name(0, "Conv2d_1x1"))
        branch_1 = conv2d_bn(x, 32, 1, name=branch_name(1, "Conv2d_0a_1x1"))
        branch_1 = conv2d_bn(branch_1, 32, 3, name=branch_name(1, "Conv2d_0b_3x3"))
        branch_2 = conv2d_bn(x, 32, 1, name=branch_name(2, "Conv2d_0a_1x1"))
        branch_2 = conv2d_bn(branch_2, 32, 3, name=branch_name(2, "Conv2d_0b_3x3"))
        branch_2 = conv2d_bn(branch_2, 32, 3, name=branch_name(2, "Conv2d_0c_3x3"))
        branches = [branch_0, branch_1, branch_2]
    elif block_type in ("Block17", "Block8"):
        # The same two branches, with a factorised 1xk then kx1 convolution: (128, 7) in Block17, (192, 3) in Block8.
        filters, length = (128, 7) if block_type == "Block17" else (192, 3)
        branch_0 = conv2d_bn(x, filters, 1, name=branch_name(0, "Conv2d_1x1"))
        branch_1 = conv2d_bn(x, filters, 1, name=branch_name(1, "Conv2d_0a_1x1"))
        branch_1 = conv2d_bn(branch_1, filters, (1, length), name=branch_name(1, f"Conv2d_0b_1x{length}"))
        branch_1 = conv2d_bn(branch_1, filters, (length, 1), name=branch_name(1, f"Conv2d_0c_{length}x1"))
        branches = [branch_0, branch_1]
    else:
        raise ValueError(f"block_type must be 'Block35', 'Block17' or 'Block8', received {block_type!r}")

    mixed = layers.Concatenate(axis=3, name=f"{prefix}_Concatenate")(branches)
    # Back to the shortcut's channel count (256 / 896 / 1792) so the two can be added.
    residual = layers.Conv2D(x.shape[-1], 1, padding="same", use_bias=True, name=f"{prefix}_Conv2d_1x1")(mixed)
    x = ScaleSum(scale, name=f"{prefix}_ScaleSum")([x, residual])
    if activation is not None:
        x = layers.Activation(activation, name=f"{prefix}_Activation")(x)
    return x


def inception_resnet_v1(input_shape=INPUT_SHAPE, embedding_size=EMBEDDING_SIZE, name="inception_resnet_v1"):
    """Builds FaceNet's Inception-ResNet-v1 with randomly initialised weights.

    Returns:
        A functional `keras.Model` of 426 layers: (None, 160, 160, 3) → (None, 128).
    """
    inputs = keras.Input(shape=input_shape, name="input_1")

    # Stem: (160, 160, 3) → (17, 17, 256).
    x = conv2d_bn(inputs, 32, 3, strides=2, padding="valid", name="Conv2d_1a_3x3")  # (79, 79, 32)
    x = conv2d_bn(x, 32, 3, padding="valid", name="Conv2d_2a_3x3")  # (77, 77, 32)
    x = conv2d_bn(x, 64, 3, name="Conv2d_2b_3x3")  # (77, 77, 64)
    x = layers.MaxPooling2D(3, strides=2, name="MaxPool_3a_3x3")(x)  # (38, 38, 64)
    x = conv2d_bn(x, 80, 1, padding="valid", name="Conv2d_3b_1x1")  # (38, 38, 80)
    x = conv2d_bn(x, 192, 3, padding="valid", name="Conv2d_4a_3x3")  # (36, 36, 192)
    x = conv2d_bn(x, 256, 3, strides=2, padding="valid", name="Conv2d_4b_3x3")  # (17, 17, 256)

    # 5 x Block35 (Inception-ResNet-A), (17, 17, 256).
    for block_index in range(1, 6):
        x = inception_resnet_block(x, scale=0.17, block_type="Block35", block_index=block_index)

    # Mixed_6a (Reduction-A): (17, 17, 256) → (8, 8, 896).
    branch_0 = conv2d_bn(x, 384, 3, strides=2, padding="valid", name="Mixed_6a_Branch_0_Conv2d_1a_3x3")
    branch_1 = conv2d_bn(x, 192, 1, name="Mixed_6a_Branch_1_Conv2d_0a_1x1")
    branch_1 = conv2d_bn(branch_1, 192, 3, name="Mixed_6a_Branch_1_Conv2d_0b_3x3")
    branch_1 = conv2d_bn(branch_1, 256, 3, strides=2, padding="valid", name="Mixed_6a_Branch_1_Conv2d_1a_3x3")
    branch_pool = layers.MaxPooling2D(3, strides=2, padding="valid", name="Mixed_6a_Branch_2_MaxPool_1a_3x3")(x)
    x = layers.Concatenate(axis=3, name="Mixed_6a")([branch_0, branch_1, branch_pool])

    # 10 x Block17 (Inception-ResNet-B), (8, 8, 896).
    for block_index in range(1, 11):
        x = inception_resnet_block(x, scale=0.1, block_type="Block17", block_index=block_index)

    # Mixed_7a (Reduction-B): (8, 8, 896) → (3, 3, 1792).
    branch_0 = conv2d_bn(x, 256, 1, name="Mixed_7a_Branch_0_Conv2d_0a_1x1")
    branch_0 = conv2d_bn(branch_0, 384, 3, strides=2, padding="valid", name="Mixed_7a_Branch_0_Conv2d_1a_3x3")
    branch_1 = conv2d_bn(x, 256, 1, name="Mixed_7a_Branch_1_Conv2d_0a_1x1")
    branch_1 = conv2d_bn(branch_1, 256, 3, strides=2, padding="valid", name="Mixed_7a_Branch_1_Conv2d_1a_3x3")
    branch_2 = conv2d_bn(x, 256, 1, name="Mixed_7a_Branch_2_Conv2d_0a_1x1")
    branch_2 = conv2d_bn(branch_2, 256, 3, name="Mixed_7a_Branch_2_Conv2d_0b_3x3")
    branch_2 = conv2d_bn(branch_2, 256, 3, strides=2, padding="valid", name="Mixed_7a_Branch_2_Conv2d_1a_3x3")
    branch_pool = layers.MaxPooling2D(3, strides=2, padding="valid", name="Mixed_7a_Branch_3_MaxPool_1a_3x3")(x)
    x = layers.Concatenate(axis=3, name="Mixed_7a")([branch_0, branch_1, branch_2, branch_pool])

    # 5 x Block8 (Inception-ResNet-C) with ReLU, then a sixth with scale 1 and no activation, (3, 3, 1792).
    for block_index in range(1, 6):
        x = inception_resnet_block(x, scale=0.2, block_type="Block8", block_index=block_index)
    x = inception_resnet_block(x, scale=1.0, block_type="Block8", block_index=6, activation=None)

    # Head: (3, 3, 1792) → (1792,) → (128,).
    x = layers.GlobalAveragePooling2D(name="AvgPool")(x)
    x = layers.Dropout(1.0 - DROPOUT_KEEP_PROBABILITY, name="Dropout")(x)
    x = layers.Dense(embedding_size, use_bias=False, name="Bottleneck")(x)
    outputs = layers.BatchNormalization(
        axis=1, momentum=BATCH_NORM_MOMENTUM, epsilon=BATCH_NORM_EPSILON, scale=False, name="Bottleneck_BatchNorm"
    )(x)
    return keras.Model(inputs, outputs, name=name)


# --- the course's weights ---------------------------------------------------------------------------


def load_facenet_model(path=None, seed: int = 0):
    """The course's FaceNet (Inception-ResNet-v1, 160x160x3 → 128), ready for inference.

    Args:
        path: the course's `model.h5` (or another Keras 2 HDF5 file with the same layer names), or a
            Keras 3 `.weights.h5` saved from this model; None keeps seeded random weights (untrained).
        seed: seeds the random weights, so that two runs build the same untrained model.

    Returns:
        The Keras model. Its attribute `weights_source` is the weights file, or None when untrained.
    """
    weights_path = resolve_weights(path)
    keras.utils.set_random_seed(seed)
    model = inception_resnet_v1()
    if weights_path is not None:
        load_weights_by_name(model, weights_path)
    model.weights_source = None if weights_path is None else str(weights_path)
    return model


def load_weights_by_name(model, path: str | os.PathLike) -> None:
    """Loads weights into `model`, matching layers by name; every layer with weights must be in the file.

    Keras' own by-name loader silently skips layers the file lacks, which would leave a random model
    labelled pretrained; so coverage is checked here first, then Keras loads the values.

    Raises:
        UserError: the file is not HDF5, lacks some of the model's layers, or has other shapes.
    """
    file = Path(path)
    if file.name.endswith(".weights.h5"):
        try:
            model.load_weights(file)
        except Exception as error:  # Keras raises ValueError/KeyError variants for foreign files.
            raise UserError(
                f"The weights file '{path}' does not fit FaceNet ({_short(error)}): pass the course's model.h5."
            ) from None
        return
    if not h5py.is_hdf5(file):
        raise UserError(f"The weights file '{path}' is not an HDF5 (.h5) file: pass the course's keras-facenet-h5/model.h5.")
    with h5py.File(file, "r") as handle:
        group = handle["model_weights"] if "layer_names" not in handle.attrs and "model_weights" in handle else handle
        stored = {name.decode() if isinstance(name, bytes) else str(name) for name in group.attrs.get("layer_names", [])}
    missing = [layer.name for layer in model.layers if layer.weights and layer.name not in stored]
    if missing:
        raise UserError(
            f"The weights file '{path}' lacks {len(missing)} of FaceNet's layers (first: {missing[0]}): "
            "pass the course's keras-facenet-h5/model.h5 (Keras 2 layout model_weights/<layer>/<layer>/<var>)."
        )
    if file.suffix.lower() not in (".h5", ".hdf5"):
        raise UserError(f"The weights file '{path}' must end in .h5 or .hdf5 for Keras to read it: rename it.")
    try:
        model.load_weights(file, by_name=True)
    except ValueError as error:
        raise UserError(f"The weights in '{path}' do not fit FaceNet ({_short(error)}): pass the course's model.h5.") from None


def _short(error: Exception, limit: int = 160) -> str:
    text = " ".join(str(error).split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
