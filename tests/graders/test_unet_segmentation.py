"""Graders for C4W3 A2 (U-Net): the course's layer-by-layer summaries and the U-Net's parameter totals.

The implementation is ours, or a learner's file (`python -m assignments grade unet_segmentation --solution
FILE`). Each check builds the course's test model from the implementation's `conv_block`,
`upsampling_block` or `unet_model` and compares its summary rows (the course's `summary()`: class, output
shape, parameter count, then padding / activation / initializer for Conv2D, pool size / strides / padding
for MaxPooling2D, rate for Dropout) with the course's expected rows, exactly and in order.
"""

from __future__ import annotations

import keras
import numpy as np
import pytest
from grading import assert_equal, assert_summary, summarize_model

pytestmark = pytest.mark.grader

WEEK = "unet_segmentation"

# The course's expected rows (SA outputs.py, newest format; the AC/RP notebooks give the same rows).
CONV_BLOCK_32_LAYERS = [
    ("InputLayer", (None, 96, 128, 3), 0),
    ("Conv2D", (None, 96, 128, 32), 896, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 96, 128, 32), 9248, "same", "relu", "HeNormal"),
    ("MaxPooling2D", (None, 48, 64, 32), 0, (2, 2), (2, 2), "valid"),
]
CONV_BLOCK_1024_DROPOUT_LAYERS = [
    ("InputLayer", (None, 96, 128, 3), 0),
    ("Conv2D", (None, 96, 128, 1024), 28672, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 96, 128, 1024), 9438208, "same", "relu", "HeNormal"),
    ("Dropout", (None, 96, 128, 1024), 0, 0.1),
    ("MaxPooling2D", (None, 48, 64, 1024), 0, (2, 2), (2, 2), "valid"),
]
UPSAMPLING_BLOCK_LAYERS = [
    ("InputLayer", (None, 12, 16, 256), 0),
    ("Conv2DTranspose", (None, 24, 32, 32), 73760),
    ("InputLayer", (None, 24, 32, 128), 0),
    ("Concatenate", (None, 24, 32, 160), 0),
    ("Conv2D", (None, 24, 32, 32), 46112, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 24, 32, 32), 9248, "same", "relu", "HeNormal"),
]
UNET_MODEL_LAYERS = [
    ("InputLayer", (None, 96, 128, 3), 0),
    ("Conv2D", (None, 96, 128, 32), 896, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 96, 128, 32), 9248, "same", "relu", "HeNormal"),
    ("MaxPooling2D", (None, 48, 64, 32), 0, (2, 2), (2, 2), "valid"),
    ("Conv2D", (None, 48, 64, 64), 18496, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 48, 64, 64), 36928, "same", "relu", "HeNormal"),
    ("MaxPooling2D", (None, 24, 32, 64), 0, (2, 2), (2, 2), "valid"),
    ("Conv2D", (None, 24, 32, 128), 73856, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 24, 32, 128), 147584, "same", "relu", "HeNormal"),
    ("MaxPooling2D", (None, 12, 16, 128), 0, (2, 2), (2, 2), "valid"),
    ("Conv2D", (None, 12, 16, 256), 295168, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 12, 16, 256), 590080, "same", "relu", "HeNormal"),
    ("Dropout", (None, 12, 16, 256), 0, 0.3),
    ("MaxPooling2D", (None, 6, 8, 256), 0, (2, 2), (2, 2), "valid"),
    ("Conv2D", (None, 6, 8, 512), 1180160, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 6, 8, 512), 2359808, "same", "relu", "HeNormal"),
    ("Dropout", (None, 6, 8, 512), 0, 0.3),
    ("Conv2DTranspose", (None, 12, 16, 256), 1179904),
    ("Concatenate", (None, 12, 16, 512), 0),
    ("Conv2D", (None, 12, 16, 256), 1179904, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 12, 16, 256), 590080, "same", "relu", "HeNormal"),
    ("Conv2DTranspose", (None, 24, 32, 128), 295040),
    ("Concatenate", (None, 24, 32, 256), 0),
    ("Conv2D", (None, 24, 32, 128), 295040, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 24, 32, 128), 147584, "same", "relu", "HeNormal"),
    ("Conv2DTranspose", (None, 48, 64, 64), 73792),
    ("Concatenate", (None, 48, 64, 128), 0),
    ("Conv2D", (None, 48, 64, 64), 73792, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 48, 64, 64), 36928, "same", "relu", "HeNormal"),
    ("Conv2DTranspose", (None, 96, 128, 32), 18464),
    ("Concatenate", (None, 96, 128, 64), 0),
    ("Conv2D", (None, 96, 128, 32), 18464, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 96, 128, 32), 9248, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 96, 128, 32), 9248, "same", "relu", "HeNormal"),
    ("Conv2D", (None, 96, 128, 23), 759, "same", "linear", "GlorotUniform"),
]
# unet.summary(): Total params 8,640,471; Trainable 8,640,471; Non-trainable 0
UNET_MODEL_PARAMS = (8640471, 8640471, 0)


@pytest.fixture
def unet(implementation):
    return implementation(WEEK)


def test_conv_block_32_filters(unet):
    inputs = keras.Input((96, 128, 3))
    model = keras.Model(inputs=inputs, outputs=unet.conv_block(inputs, 32))
    assert_summary(summarize_model(model), CONV_BLOCK_32_LAYERS, "conv_block(inputs, 32)")


def test_conv_block_1024_filters_with_dropout(unet):
    inputs = keras.Input((96, 128, 3))
    model = keras.Model(inputs=inputs, outputs=unet.conv_block(inputs, 32 * 32, dropout_prob=0.1, max_pooling=True))
    assert_summary(summarize_model(model), CONV_BLOCK_1024_DROPOUT_LAYERS, "conv_block(inputs, 1024, dropout_prob=0.1)")


def test_conv_block_returns_skip_before_pooling(unet):
    inputs = keras.Input((96, 128, 3))
    next_layer, skip_connection = unet.conv_block(inputs, 32)
    assert_equal("conv_block next_layer shape", tuple(next_layer.shape), (None, 48, 64, 32))
    assert_equal("conv_block skip_connection shape", tuple(skip_connection.shape), (None, 96, 128, 32))
    next_layer, skip_connection = unet.conv_block(inputs, 32, max_pooling=False)
    assert_equal("conv_block(max_pooling=False) next_layer shape", tuple(next_layer.shape), (None, 96, 128, 32))


def test_upsampling_block(unet):
    expansive = keras.Input((12, 16, 256))
    contractive = keras.Input((24, 32, 128))
    model = keras.Model(inputs=[expansive, contractive], outputs=unet.upsampling_block(expansive, contractive, 32))
    assert_summary(summarize_model(model), UPSAMPLING_BLOCK_LAYERS, "upsampling_block(12x16x256, 24x32x128, 32)")


@pytest.fixture
def course_unet(unet):
    model = unet.unet_model((96, 128, 3))
    # The course's summary() compiles first; compiling must not change the rows or counts.
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def test_unet_model_layers(course_unet):
    assert_summary(summarize_model(course_unet), UNET_MODEL_LAYERS, "unet_model((96, 128, 3))")


def test_unet_model_parameter_totals(course_unet):
    total = course_unet.count_params()
    trainable = int(sum(np.prod(weight.shape) for weight in course_unet.trainable_weights))
    non_trainable = int(sum(np.prod(weight.shape) for weight in course_unet.non_trainable_weights))
    assert_equal("unet_model (total, trainable, non-trainable) parameters", (total, trainable, non_trainable), UNET_MODEL_PARAMS)
