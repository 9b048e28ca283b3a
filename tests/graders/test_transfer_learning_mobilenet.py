"""Graders for C4W2 A2 Transfer learning with MobileNetV2: the course's layer summary and settings, computed by
the implementation under test (ours, or a learner's notebook: `python -m assignments grade
transfer_learning_mobilenet --solution FILE`).

ImageNet weights cannot be downloaded here, and they change no row of the summary: while these checks run,
MobileNetV2 builds with `weights=None` wherever the code under test asks for ImageNet weights or names a
weights file that is absent (the course's later revision reads `imagenet_base_model/...h5`).

Keras 3 differences from the course's Keras 2 numbers, checked as Keras 3 has them:
- preprocess_input's operations are no layers, so the summary has 6 rows, not 8 (no TensorFlowOpLayer),
  and the base is the model's third layer (the course's `model2.layers[4]`);
- the base without its top has 154 layers (the course's 155);
- `RandomRotation(0.2).factor` is the range (-0.2, 0.2).
"""

from __future__ import annotations

import os

import keras
import pytest
from grading import assert_equal, assert_summary, summarize_model

from assignments.grading.solution import load_implementation

pytestmark = pytest.mark.grader

WEEK = "transfer_learning_mobilenet"

# The course's summary of alpaca_model(IMG_SIZE, data_augmenter()), as Keras 3 builds it.
ALPACA_SUMMARY = [
    ["InputLayer", (None, 160, 160, 3), 0],
    ["Sequential", (None, 160, 160, 3), 0],
    ["Functional", (None, 5, 5, 1280), 2257984],
    ["GlobalAveragePooling2D", (None, 1280), 0],
    ["Dropout", (None, 1280), 0, 0.2],
    ["Dense", (None, 1), 1281, "linear"],
]


def _without_absent_weights(build):
    def mobilenet_v2(*arguments, weights=None, **keywords):
        absent = isinstance(weights, str) and (weights == "imagenet" or not os.path.exists(weights))
        return build(*arguments, weights=None if absent else weights, **keywords)

    return mobilenet_v2


@pytest.fixture(scope="module")
def transfer():
    patch = pytest.MonkeyPatch()
    patched = _without_absent_weights(keras.applications.MobileNetV2)
    patch.setattr(keras.applications, "MobileNetV2", patched)
    patch.setattr(keras.applications.mobilenet_v2, "MobileNetV2", patched)
    yield load_implementation(WEEK)
    patch.undo()


@pytest.fixture(scope="module")
def model(transfer):
    keras.utils.set_random_seed(0)
    return transfer.alpaca_model(transfer.IMG_SIZE, transfer.data_augmenter())


def test_data_augmenter(transfer):
    augmenter = transfer.data_augmenter()
    assert_equal("the number of augmentation layers", len(augmenter.layers), 2)
    flip, rotation = augmenter.layers
    assert flip.name.startswith("random_flip"), f"the first layer must be a RandomFlip; got {flip.name}"
    assert rotation.name.startswith("random_rotation"), f"the second layer must be a RandomRotation; got {rotation.name}"
    assert_equal("RandomFlip's mode", flip.mode, "horizontal")
    factor = rotation.factor
    assert factor in (0.2, (-0.2, 0.2)), f"RandomRotation's factor must be 0.2 (Keras 3: (-0.2, 0.2)); got {factor}"


def test_alpaca_model(transfer, model):
    assert_summary(summarize_model(model), ALPACA_SUMMARY, "alpaca_model(IMG_SIZE, data_augmenter())")
    base = model.layers[2]
    assert_equal("the base's layers (Keras 3; the course's Keras 2 has 155)", len(base.layers), 154)
    assert_equal("the base is frozen (trainable)", base.trainable, False)
    assert_equal(
        "trainable parameters: the Dense layer's", sum(int(weight.numpy().size) for weight in model.trainable_weights), 1281
    )


def test_fine_tune(transfer, model):
    loss_function, optimizer, metrics = transfer.fine_tune(model, transfer.base_learning_rate, 120)
    base = model.layers[2]
    assert_equal("layers before fine_tune_at frozen", [layer.trainable for layer in base.layers[:120]], [False] * 120)
    assert_equal("layers from fine_tune_at on trainable", all(layer.trainable for layer in base.layers[120:]), True)
    assert_equal("the loss", type(loss_function), keras.losses.BinaryCrossentropy)
    assert_equal("the loss takes logits (from_logits)", loss_function.get_config()["from_logits"], True)
    assert_equal("the optimizer", type(optimizer), keras.optimizers.Adam)
    assert abs(float(optimizer.learning_rate) - 0.0001) < 1e-9, (
        f"fine-tuning learns at 0.1 x 0.001; got {float(optimizer.learning_rate)}"
    )
    assert_equal("the metrics", list(metrics), ["accuracy"])
    assert_equal("fine_tune_at", transfer.fine_tune_at, 120)
