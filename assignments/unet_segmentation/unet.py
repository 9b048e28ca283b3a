"""The graded U-Net blocks of C4W3 A2, in notebook order: `conv_block`, `upsampling_block`, `unet_model`.

The encoder halves the spatial size four times (96x128 → 6x8) while the filters double (32 → 512); the
decoder doubles it back with transposed convolutions and concatenates the encoder's feature map of the
same size (the skip connection), so fine detail lost by pooling comes back. The last 1x1 convolution
gives one logit per class and pixel.
"""

from __future__ import annotations

import keras
from keras import layers

# Four poolings of stride 2: height and width must be multiples of 2**4 for the skips to line up.
from assignments.unet_segmentation.sizes import DOWNSAMPLING_FACTOR  # noqa: E402 (kept beside its reason)


def conv_block(inputs=None, n_filters=32, dropout_prob=0, max_pooling=True):
    """One encoder step: two 3x3 ReLU convolutions, optional dropout, optional 2x2 max pooling.

    Args:
        inputs: a tensor of shape (batch, height, width, channels).
        n_filters: the filters of both convolutions.
        dropout_prob: the dropout rate after the convolutions (0: no Dropout layer).
        max_pooling: halve height and width with a 2x2 max pooling.

    Returns:
        (next_layer, skip_connection): next_layer has shape (batch, height/2, width/2, n_filters) with
        pooling (else the same as skip_connection); skip_connection is the pre-pooling tensor of shape
        (batch, height, width, n_filters), which the decoder concatenates back.
    """
    # (batch, h, w, c) -> (batch, h, w, n_filters); "same" padding keeps h and w for the skip.
    conv = layers.Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(inputs)
    conv = layers.Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(conv)
    if dropout_prob > 0:
        conv = layers.Dropout(dropout_prob)(conv)
    skip_connection = conv
    # (batch, h, w, n_filters) -> (batch, h/2, w/2, n_filters)
    next_layer = layers.MaxPooling2D(pool_size=(2, 2), strides=2)(conv) if max_pooling else conv
    return next_layer, skip_connection


def upsampling_block(expansive_input, contractive_input, n_filters=32):
    """One decoder step: a stride-2 transposed convolution, the skip concatenated, two 3x3 convolutions.

    Args:
        expansive_input: the decoder's tensor, shape (batch, h, w, c).
        contractive_input: the encoder's skip connection, shape (batch, 2h, 2w, c_skip).

    Returns:
        A tensor of shape (batch, 2h, 2w, n_filters).
    """
    # (batch, h, w, c) -> (batch, 2h, 2w, n_filters)
    up = layers.Conv2DTranspose(n_filters, 3, strides=2, padding="same")(expansive_input)
    # -> (batch, 2h, 2w, n_filters + c_skip)
    merge = layers.concatenate([up, contractive_input], axis=3)
    conv = layers.Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(merge)
    conv = layers.Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(conv)
    return conv


def check_input_size(input_size) -> tuple[int, int, int]:
    """Returns `input_size` as (height, width, channels) or raises ValueError naming the received value."""
    try:
        height, width, channels = (int(value) for value in input_size)
    except (TypeError, ValueError):
        raise ValueError(f"input_size must be (height, width, channels), received {input_size!r}") from None
    if height <= 0 or width <= 0 or channels <= 0:
        raise ValueError(f"input_size must be positive, received {input_size!r}")
    if height % DOWNSAMPLING_FACTOR or width % DOWNSAMPLING_FACTOR:
        raise ValueError(
            f"input_size height and width must be multiples of {DOWNSAMPLING_FACTOR} (the U-Net pools 4 times), "
            f"received {input_size!r}"
        )
    return height, width, channels


def unet_model(input_size=(96, 128, 3), n_filters=32, n_classes=23):
    """The course's U-Net: 5 encoder blocks (32..512 filters), 4 decoder blocks, a 1x1 classifier.

    Args:
        input_size: (height, width, channels); height and width multiples of 16.
        n_filters: the filters of the first block; each deeper block doubles them.
        n_classes: the number of classes (output channels; the logits are not softmaxed).

    Returns:
        A `keras.Model` mapping (batch, height, width, channels) images to (batch, height, width, n_classes)
        logits. With the defaults it has 8,640,471 parameters.
    """
    check_input_size(input_size)
    if int(n_filters) <= 0 or int(n_classes) <= 0:
        raise ValueError(f"n_filters and n_classes must be positive, received n_filters={n_filters}, n_classes={n_classes}")
    inputs = keras.Input(input_size)
    # Encoder: (96, 128) -> (48, 64) -> (24, 32) -> (12, 16) -> (6, 8); dropout on the two deepest blocks.
    cblock1 = conv_block(inputs, n_filters)
    cblock2 = conv_block(cblock1[0], n_filters * 2)
    cblock3 = conv_block(cblock2[0], n_filters * 4)
    cblock4 = conv_block(cblock3[0], n_filters * 8, dropout_prob=0.3)
    cblock5 = conv_block(cblock4[0], n_filters * 16, dropout_prob=0.3, max_pooling=False)
    # Decoder: back up to (96, 128), each step joined with the encoder's skip of the same size.
    ublock6 = upsampling_block(cblock5[0], cblock4[1], n_filters * 8)
    ublock7 = upsampling_block(ublock6, cblock3[1], n_filters * 4)
    ublock8 = upsampling_block(ublock7, cblock2[1], n_filters * 2)
    ublock9 = upsampling_block(ublock8, cblock1[1], n_filters)
    conv9 = layers.Conv2D(n_filters, 3, activation="relu", padding="same", kernel_initializer="he_normal")(ublock9)
    # (batch, 96, 128, n_filters) -> (batch, 96, 128, n_classes) logits.
    conv10 = layers.Conv2D(n_classes, 1, padding="same")(conv9)
    return keras.Model(inputs=inputs, outputs=conv10)
