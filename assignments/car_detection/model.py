"""YOLOv2 (Darknet-19 body with the passthrough route) built in Keras 3 code, no Lambda layers.

The course loads a converted Keras 2 model whose passthrough ("reorg") step is a `Lambda` around
`tf.nn.space_to_depth`; Keras 3 cannot rebuild that Lambda, so `SpaceToDepth` here is a real layer.
Layer order and names follow the course's model (`conv2d`, `conv2d_1`, ..., `conv2d_22`), which is
also the order of the layers in Darknet's `yolov2.cfg` and in its weights file:

    608x608x3 → 5 x (conv/BN/leaky [+ maxpool]) → 38x38x512 ──────────────┐ (passthrough)
              → maxpool → 5 convs → 2 convs → 19x19x1024           1x1 conv → 38x38x64
                                                │                  space_to_depth → 19x19x256
                                                └── concatenate [256 + 1024] ──┘
              → 3x3 conv 1024 → 1x1 conv num_anchors * (5 + num_classes)   (19x19x425)
"""

from __future__ import annotations

import collections
import dataclasses

import keras
from keras import layers

MODEL_IMAGE_SIZE = (608, 608)  # (height, width), the course's and yolov2.cfg's input
NUM_ANCHORS = 5
NUM_CLASSES = 80
GRID_STRIDE = 32  # 608 / 19: the input must be a multiple of 32 (the passthrough halves a /16 map)
LEAKY_SLOPE = 0.1  # Darknet's "leaky" activation
DARKNET_EPSILON = 1e-6  # Darknet's normalize_cpu: (x - mean) / (sqrt(variance) + .000001f)


@keras.saving.register_keras_serializable(package="car_detection")
class SpaceToDepth(layers.Layer):
    """Darknet's reorg as the course computes it: `tf.nn.space_to_depth` with block size 2.

    (batch, H, W, C) → (batch, H / 2, W / 2, 4 C); output channel `(dy * 2 + dx) * C + c` holds pixel
    (2 y + dy, 2 x + dx) of input channel c, the same order as `tf.nn.space_to_depth`.
    """

    def __init__(self, block_size: int = 2, **kwargs):
        super().__init__(**kwargs)
        if int(block_size) < 1:
            raise ValueError(f"block_size must be >= 1, got {block_size}")
        self.block_size = int(block_size)

    def call(self, inputs):
        block = self.block_size
        _, height, width, channels = inputs.shape
        height = keras.ops.shape(inputs)[1] if height is None else height
        width = keras.ops.shape(inputs)[2] if width is None else width
        # (b, H, W, C) → (b, H/2, 2, W/2, 2, C) → (b, H/2, W/2, 2, 2, C) → (b, H/2, W/2, 4C)
        x = keras.ops.reshape(inputs, (-1, height // block, block, width // block, block, channels))
        x = keras.ops.transpose(x, (0, 1, 3, 2, 4, 5))
        return keras.ops.reshape(x, (-1, height // block, width // block, block * block * channels))

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        block = self.block_size
        return (
            batch,
            None if height is None else height // block,
            None if width is None else width // block,
            channels * block * block,
        )

    def get_config(self):
        return {**super().get_config(), "block_size": self.block_size}


@keras.saving.register_keras_serializable(package="car_detection")
class DarknetReorg(layers.Layer):
    """Darknet's own `[reorg] stride=2`, element for element, which is not `tf.nn.space_to_depth`'s order.

    Darknet's `reorg_cpu` (called with forward=0) reads its (C, H, W) input buffer as if it were
    (C / 4, 2 H, 2 W) and writes channel k = offset * C / 4 + c of a (C, H, W) buffer from pixel
    (2 y + offset // 2, 2 x + offset % 2) of that channel c; the buffer is then read as (4 C, H / 2, W / 2).
    Here the same steps are reshapes and transposes, in NHWC: (b, H, W, C) → (b, H / 2, W / 2, 4 C).
    """

    def call(self, inputs):
        _, height, width, channels = inputs.shape
        x = keras.ops.transpose(inputs, (0, 3, 1, 2))  # (b, C, H, W): Darknet's memory order
        # The same memory read as (b, C/4, 2H, 2W), split into (c, y, dy, x, dx).
        x = keras.ops.reshape(x, (-1, channels // 4, height, 2, width, 2))
        x = keras.ops.transpose(x, (0, 3, 5, 1, 2, 4))  # (b, dy, dx, c, y, x): channel (dy, dx, c) at (y, x)
        # That (C, H, W) buffer read as (4C, H/2, W/2), back to NHWC.
        x = keras.ops.reshape(x, (-1, 4 * channels, height // 2, width // 2))
        return keras.ops.transpose(x, (0, 2, 3, 1))

    def build(self, input_shape):
        _, height, width, channels = input_shape
        if height is None or width is None or height % 2 or width % 2 or channels % 4:
            raise ValueError(
                f"Darknet's reorg needs a known even height and width and channels divisible by 4. Received: {input_shape}"
            )

    def compute_output_shape(self, input_shape):
        batch, height, width, channels = input_shape
        return batch, height // 2, width // 2, channels * 4


@keras.saving.register_keras_serializable(package="car_detection")
class DarknetBatchNormalization(layers.BatchNormalization):
    """BatchNormalization as Darknet computes it at inference: (x - mean) / (sqrt(variance) + 1e-6) * gamma + beta.

    Keras divides by sqrt(variance + epsilon) with epsilon 1e-3; for a small rolling variance the two differ
    a lot (variance 1e-4: 0.0100 against 0.0332). Same weights, names and file layout as Keras' layer.
    """

    def call(self, inputs, training=None, mask=None):
        if training:
            return super().call(inputs, training=training, mask=mask)
        scale = self.gamma / (keras.ops.sqrt(self.moving_variance) + DARKNET_EPSILON)  # (C,)
        return (inputs - self.moving_mean) * scale + self.beta


@dataclasses.dataclass(frozen=True)
class Arithmetic:
    """The two places where a converted YOLOv2 depends on its converter: the reorg order and BatchNorm.

    COURSE: the course's yolo.h5 (yad2k's converter): `tf.nn.space_to_depth`, Keras' BatchNormalization
    (epsilon 1e-3). DARKNET: a yolov2.weights file run as Darknet runs it: its reorg, its normalisation.
    """

    reorg_layer: type
    batch_norm_layer: type


COURSE = Arithmetic(SpaceToDepth, layers.BatchNormalization)
DARKNET = Arithmetic(DarknetReorg, DarknetBatchNormalization)
ARITHMETICS = {"course": COURSE, "darknet": DARKNET}


class LayerNamer:
    """Hands out Keras-style names per kind: `conv2d`, `conv2d_1`, `conv2d_2`, ... as the course's model has."""

    def __init__(self):
        self.counts = collections.Counter()

    def __call__(self, kind: str) -> str:
        index = self.counts[kind]
        self.counts[kind] += 1
        return kind if index == 0 else f"{kind}_{index}"


def conv_block(
    x,
    filters: int,
    kernel_size: int,
    namer: LayerNamer,
    *,
    batch_normalize: bool = True,
    leaky: bool = True,
    seed=None,
    batch_norm_layer: type = layers.BatchNormalization,
):
    """Darknet's [convolutional]: 'same' conv (no bias when BN follows), BatchNormalization, LeakyReLU(0.1)."""
    x = layers.Conv2D(
        filters,
        kernel_size,
        padding="same",
        use_bias=not batch_normalize,
        kernel_initializer=keras.initializers.GlorotUniform(seed=seed),
        name=namer("conv2d"),
    )(x)
    if batch_normalize:
        x = batch_norm_layer(name=namer("batch_normalization"))(x)
    if leaky:
        x = layers.LeakyReLU(negative_slope=LEAKY_SLOPE, name=namer("leaky_re_lu"))(x)
    return x


def max_pool(x, namer: LayerNamer):
    return layers.MaxPooling2D(pool_size=2, strides=2, padding="same", name=namer("max_pooling2d"))(x)


def check_input_size(input_size) -> tuple[int, int]:
    """(height, width) as ints, each a positive multiple of 32; ValueError otherwise."""
    height, width = (int(value) for value in input_size)
    if height <= 0 or width <= 0 or height % GRID_STRIDE or width % GRID_STRIDE:
        raise ValueError(
            f"the YOLOv2 input size must be positive multiples of {GRID_STRIDE} (608, 416, 128, ...), got {tuple(input_size)}"
        )
    return height, width


def yolo_v2(
    input_size=MODEL_IMAGE_SIZE,
    num_anchors: int = NUM_ANCHORS,
    num_classes: int = NUM_CLASSES,
    seed: int | None = 0,
    arithmetic: Arithmetic = COURSE,
) -> keras.Model:
    """Builds YOLOv2 as in Darknet's `yolov2.cfg` (608x608, 80 classes and 5 anchors by default).

    Args:
        input_size: (height, width), multiples of 32; the grid is input / 32 (608 → 19x19).
        num_anchors: boxes per grid cell.
        num_classes: classes per box.
        seed: seed of the (untrained) Glorot-uniform kernels; None for unseeded.
        arithmetic: COURSE (space_to_depth, Keras BatchNorm: the course's yolo.h5, grading) or DARKNET
            (Darknet's reorg and normalisation: yolov2.weights).

    Returns:
        A functional `keras.Model` from (batch, H, W, 3) images in [0, 1] to the raw head
        (batch, H / 32, W / 32, num_anchors * (5 + num_classes)): 50,983,561 parameters for 80 classes.
    """
    height, width = check_input_size(input_size)
    namer = LayerNamer()
    inputs = keras.Input((height, width, 3), name="input_1")

    def conv(x, filters, kernel_size, **options):
        # Each conv gets its own seed so that the untrained network is repeatable but not symmetric.
        conv_seed = None if seed is None else seed + namer.counts["conv2d"]
        return conv_block(x, filters, kernel_size, namer, seed=conv_seed, batch_norm_layer=arithmetic.batch_norm_layer, **options)

    # Darknet-19 body: stride-2 max pools after stages 1-5; 3x3 convs double the channels, 1x1 convs halve them.
    x = max_pool(conv(inputs, 32, 3), namer)  # (304, 304, 32)
    x = max_pool(conv(x, 64, 3), namer)  # (152, 152, 64)
    x = conv(conv(conv(x, 128, 3), 64, 1), 128, 3)
    x = max_pool(x, namer)  # (76, 76, 128)
    x = conv(conv(conv(x, 256, 3), 128, 1), 256, 3)
    x = max_pool(x, namer)  # (38, 38, 256)
    for filters, kernel_size in ((512, 3), (256, 1), (512, 3), (256, 1), (512, 3)):
        x = conv(x, filters, kernel_size)
    passthrough = x  # (38, 38, 512): fine-grained features for small objects
    x = max_pool(x, namer)  # (19, 19, 512)
    for filters, kernel_size in ((1024, 3), (512, 1), (1024, 3), (512, 1), (1024, 3)):
        x = conv(x, filters, kernel_size)

    # Detection head.
    x = conv(conv(x, 1024, 3), 1024, 3)  # (19, 19, 1024)
    routed = conv(passthrough, 64, 1)  # (38, 38, 64)
    routed = arithmetic.reorg_layer(name="space_to_depth_x2")(routed)  # (19, 19, 256)
    x = layers.Concatenate(name=namer("concatenate"))([routed, x])  # (19, 19, 1280), reorg first as in the cfg
    x = conv(x, 1024, 3)
    outputs = conv(x, num_anchors * (5 + num_classes), 1, batch_normalize=False, leaky=False)  # (19, 19, 425)
    return keras.Model(inputs, outputs, name="yolov2")
