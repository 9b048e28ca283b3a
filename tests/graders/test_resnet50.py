"""Graders for C4W2 Residual Networks: the 2021 revision's blocks take `training`; v2.1's and v3.0's do not.

Computed by the implementation under test (ours, or a learner's file via `python -m assignments grade
resnet50 --solution FILE`) and compared with the course's numbers: the identity block on the course's
(3, 4, 4, 3) test input with constant-1 kernels (inference and training BatchNorm), the convolutional
block with the default seeded glorot_uniform kernels, and ResNet50's 177-row layer summary and totals.
Tolerances are the course's own (`np.allclose`, identity block atol=1e-5); Keras 3 reproduces them to
1-4 float32 ulps. The pretrained-model checks need the course's `resnet50.h5` (`needs_weights`).

The v2.1 and v3.0 notebooks set BatchNorm's mode with `tf.keras.backend.set_learning_phase`, which Keras 3
no longer has: their blocks are graded with the project's stand-in BatchNormalization (`assignments.
grading.course_helpers`), whose mode `learning_phase(...)` sets, against the same numbers. (v3.0's own
custom layer gives numbers that do not reproduce here; see COURSE_EXPECTED.md.)
"""

from __future__ import annotations

import functools
import inspect

import numpy as np
import pytest
from grading import assert_close, assert_equal, assert_summary, summarize_model

pytestmark = pytest.mark.grader

WEEK = "resnet50"

# identity_block: resume = output[:, (0, -1), :, :].mean(axis=3), shape (3, 2, 4).
IDENTITY_BLOCK_INFERENCE = [
    [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
    [[192.71236, 192.71236, 192.71236, 96.85619], [96.85619, 96.85619, 96.85619, 48.9281]],
    [[578.1371, 578.1371, 578.1371, 290.56854], [290.56854, 290.56854, 290.56854, 146.78427]],
]  # f=2, filters=[4, 4, 3], constant(1), training=False
IDENTITY_BLOCK_TRAINING = [
    [[0.0, 0.0, 0.0, 0.0], [0.0, 0.0, 0.0, 0.0]],
    [[0.37394285, 0.37394285, 0.37394285, 0.37394285], [0.37394285, 0.37394285, 0.37394285, 0.37394285]],
    [[3.2379014, 4.1394243, 4.1394243, 3.2379014], [3.2379014, 4.1394243, 4.1394243, 3.2379014]],
]  # f=3, filters=[3, 3, 3], constant(1), training=True

# convolutional_block(X, f=2, filters=[2, 4, 6]) with the default initializer, s=2: (3, 2, 2, 6).
CONVOLUTIONAL_BLOCK_INFERENCE = [
    [
        [[0.0, 0.66683817, 0.0, 0.0, 0.888539, 0.5274254], [0.0, 0.65053666, 0.0, 0.0, 0.8959285, 0.49965227]],
        [[0.0, 0.6312079, 0.0, 0.0, 0.86362475, 0.47643146], [0.0, 0.56883204, 0.0, 0.0, 0.8553412, 0.417093]],
    ],
    [
        [[1.0951002, 0.0, 1.5761349, 0.6267836, 0.0, 0.0], [1.3594234, 0.0, 1.6074152, 0.6536726, 0.0, 0.0]],
        [[0.49971345, 0.0, 0.9446775, 0.6636579, 0.0, 0.0], [0.98098886, 0.0, 1.0731578, 0.6013661, 0.0, 0.0]],
    ],
    [
        [[3.2853007, 0.0, 4.728405, 1.8803508, 0.0, 0.0], [4.07827, 0.0, 4.8222456, 1.9610177, 0.0, 0.0]],
        [[1.4991404, 0.0, 2.8340323, 1.9909737, 0.0, 0.0], [2.9429667, 0.0, 3.2194734, 1.8040984, 0.0, 0.0]],
    ],
]
CONVOLUTIONAL_BLOCK_TRAINING = [
    [
        [[0.0, 2.7823157, 0.0, 0.0, 1.6960442, 2.8218517], [0.0, 1.5445004, 0.0, 0.0, 2.170656, 1.3908148]],
        [[0.0, 1.9399526, 0.0, 0.0, 1.4798119, 1.9157798], [0.0, 0.0, 0.0, 0.9879823, 1.1234158, 0.0]],
    ],
    [
        [[0.0, 0.4073585, 0.0, 0.60906595, 0.61729676, 0.43824518], [0.0, 0.4073585, 0.0, 0.60906595, 0.61729676, 0.43824518]],
        [[0.0, 0.4073585, 0.0, 0.60906595, 0.61729676, 0.43824518], [0.0, 0.4073585, 0.0, 0.60906595, 0.61729676, 0.43824518]],
    ],
    [
        [[2.6159182, 0.0, 2.752994, 0.0, 0.0, 0.0], [3.4472604, 0.0, 2.7312024, 0.03319526, 0.0, 0.0]],
        [[0.9830525, 0.0, 1.6564476, 0.9591365, 0.0, 0.0], [2.5460882, 0.0, 1.1291425, 0.0, 0.0, 0.0]],
    ],
]

# comparator(summary(ResNet50(input_shape=(64, 64, 3), classes=6)), ResNet50_summary): 177 rows.
RESNET50_SUMMARY = [
    ["InputLayer", (None, 64, 64, 3), 0],
    ["ZeroPadding2D", (None, 70, 70, 3), 0, ((3, 3), (3, 3))],
    ["Conv2D", (None, 32, 32, 64), 9472, "valid", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 32, 32, 64), 256],
    ["Activation", (None, 32, 32, 64), 0],
    ["MaxPooling2D", (None, 15, 15, 64), 0, (3, 3), (2, 2), "valid"],
    ["Conv2D", (None, 15, 15, 64), 4160, "valid", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 15, 15, 64), 256],
    ["Activation", (None, 15, 15, 64), 0],
    ["Conv2D", (None, 15, 15, 64), 36928, "same", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 15, 15, 64), 256],
    ["Activation", (None, 15, 15, 64), 0],
    ["Conv2D", (None, 15, 15, 256), 16640, "valid", "linear", "GlorotUniform"],
    ["Conv2D", (None, 15, 15, 256), 16640, "valid", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 15, 15, 256), 1024],
    ["BatchNormalization", (None, 15, 15, 256), 1024],
    ["Add", (None, 15, 15, 256), 0],
    ["Activation", (None, 15, 15, 256), 0],
    ["Conv2D", (None, 15, 15, 64), 16448, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 15, 15, 64), 256],
    ["Activation", (None, 15, 15, 64), 0],
    ["Conv2D", (None, 15, 15, 64), 36928, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 15, 15, 64), 256],
    ["Activation", (None, 15, 15, 64), 0],
    ["Conv2D", (None, 15, 15, 256), 16640, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 15, 15, 256), 1024],
    ["Add", (None, 15, 15, 256), 0],
    ["Activation", (None, 15, 15, 256), 0],
    ["Conv2D", (None, 15, 15, 64), 16448, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 15, 15, 64), 256],
    ["Activation", (None, 15, 15, 64), 0],
    ["Conv2D", (None, 15, 15, 64), 36928, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 15, 15, 64), 256],
    ["Activation", (None, 15, 15, 64), 0],
    ["Conv2D", (None, 15, 15, 256), 16640, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 15, 15, 256), 1024],
    ["Add", (None, 15, 15, 256), 0],
    ["Activation", (None, 15, 15, 256), 0],
    ["Conv2D", (None, 8, 8, 128), 32896, "valid", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 8, 8, 128), 512],
    ["Activation", (None, 8, 8, 128), 0],
    ["Conv2D", (None, 8, 8, 128), 147584, "same", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 8, 8, 128), 512],
    ["Activation", (None, 8, 8, 128), 0],
    ["Conv2D", (None, 8, 8, 512), 66048, "valid", "linear", "GlorotUniform"],
    ["Conv2D", (None, 8, 8, 512), 131584, "valid", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 8, 8, 512), 2048],
    ["BatchNormalization", (None, 8, 8, 512), 2048],
    ["Add", (None, 8, 8, 512), 0],
    ["Activation", (None, 8, 8, 512), 0],
    ["Conv2D", (None, 8, 8, 128), 65664, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 8, 8, 128), 512],
    ["Activation", (None, 8, 8, 128), 0],
    ["Conv2D", (None, 8, 8, 128), 147584, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 8, 8, 128), 512],
    ["Activation", (None, 8, 8, 128), 0],
    ["Conv2D", (None, 8, 8, 512), 66048, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 8, 8, 512), 2048],
    ["Add", (None, 8, 8, 512), 0],
    ["Activation", (None, 8, 8, 512), 0],
    ["Conv2D", (None, 8, 8, 128), 65664, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 8, 8, 128), 512],
    ["Activation", (None, 8, 8, 128), 0],
    ["Conv2D", (None, 8, 8, 128), 147584, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 8, 8, 128), 512],
    ["Activation", (None, 8, 8, 128), 0],
    ["Conv2D", (None, 8, 8, 512), 66048, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 8, 8, 512), 2048],
    ["Add", (None, 8, 8, 512), 0],
    ["Activation", (None, 8, 8, 512), 0],
    ["Conv2D", (None, 8, 8, 128), 65664, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 8, 8, 128), 512],
    ["Activation", (None, 8, 8, 128), 0],
    ["Conv2D", (None, 8, 8, 128), 147584, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 8, 8, 128), 512],
    ["Activation", (None, 8, 8, 128), 0],
    ["Conv2D", (None, 8, 8, 512), 66048, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 8, 8, 512), 2048],
    ["Add", (None, 8, 8, 512), 0],
    ["Activation", (None, 8, 8, 512), 0],
    ["Conv2D", (None, 4, 4, 256), 131328, "valid", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 256), 590080, "same", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 1024), 263168, "valid", "linear", "GlorotUniform"],
    ["Conv2D", (None, 4, 4, 1024), 525312, "valid", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 4, 4, 1024), 4096],
    ["BatchNormalization", (None, 4, 4, 1024), 4096],
    ["Add", (None, 4, 4, 1024), 0],
    ["Activation", (None, 4, 4, 1024), 0],
    ["Conv2D", (None, 4, 4, 256), 262400, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 256), 590080, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 1024), 263168, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 1024), 4096],
    ["Add", (None, 4, 4, 1024), 0],
    ["Activation", (None, 4, 4, 1024), 0],
    ["Conv2D", (None, 4, 4, 256), 262400, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 256), 590080, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 1024), 263168, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 1024), 4096],
    ["Add", (None, 4, 4, 1024), 0],
    ["Activation", (None, 4, 4, 1024), 0],
    ["Conv2D", (None, 4, 4, 256), 262400, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 256), 590080, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 1024), 263168, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 1024), 4096],
    ["Add", (None, 4, 4, 1024), 0],
    ["Activation", (None, 4, 4, 1024), 0],
    ["Conv2D", (None, 4, 4, 256), 262400, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 256), 590080, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 1024), 263168, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 1024), 4096],
    ["Add", (None, 4, 4, 1024), 0],
    ["Activation", (None, 4, 4, 1024), 0],
    ["Conv2D", (None, 4, 4, 256), 262400, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 256), 590080, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 256), 1024],
    ["Activation", (None, 4, 4, 256), 0],
    ["Conv2D", (None, 4, 4, 1024), 263168, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 4, 4, 1024), 4096],
    ["Add", (None, 4, 4, 1024), 0],
    ["Activation", (None, 4, 4, 1024), 0],
    ["Conv2D", (None, 2, 2, 512), 524800, "valid", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 2, 2, 512), 2048],
    ["Activation", (None, 2, 2, 512), 0],
    ["Conv2D", (None, 2, 2, 512), 2359808, "same", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 2, 2, 512), 2048],
    ["Activation", (None, 2, 2, 512), 0],
    ["Conv2D", (None, 2, 2, 2048), 1050624, "valid", "linear", "GlorotUniform"],
    ["Conv2D", (None, 2, 2, 2048), 2099200, "valid", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 2, 2, 2048), 8192],
    ["BatchNormalization", (None, 2, 2, 2048), 8192],
    ["Add", (None, 2, 2, 2048), 0],
    ["Activation", (None, 2, 2, 2048), 0],
    ["Conv2D", (None, 2, 2, 512), 1049088, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 2, 2, 512), 2048],
    ["Activation", (None, 2, 2, 512), 0],
    ["Conv2D", (None, 2, 2, 512), 2359808, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 2, 2, 512), 2048],
    ["Activation", (None, 2, 2, 512), 0],
    ["Conv2D", (None, 2, 2, 2048), 1050624, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 2, 2, 2048), 8192],
    ["Add", (None, 2, 2, 2048), 0],
    ["Activation", (None, 2, 2, 2048), 0],
    ["Conv2D", (None, 2, 2, 512), 1049088, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 2, 2, 512), 2048],
    ["Activation", (None, 2, 2, 512), 0],
    ["Conv2D", (None, 2, 2, 512), 2359808, "same", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 2, 2, 512), 2048],
    ["Activation", (None, 2, 2, 512), 0],
    ["Conv2D", (None, 2, 2, 2048), 1050624, "valid", "linear", "RandomUniform"],
    ["BatchNormalization", (None, 2, 2, 2048), 8192],
    ["Add", (None, 2, 2, 2048), 0],
    ["Activation", (None, 2, 2, 2048), 0],
    ["AveragePooling2D", (None, 1, 1, 2048), 0],
    ["Flatten", (None, 2048), 0],
    ["Dense", (None, 6), 12294, "softmax"],
]
RESNET50_PARAMS = {"total": 23600006, "trainable": 23546886, "non-trainable": 53120}

# The course's pretrained resnet50.h5 on test_signs.h5, and on images/my_image.jpg.
PRETRAINED_LOSS = 0.1595880
PRETRAINED_ACCURACY = 0.95
MY_IMAGE_PROBABILITIES = [9.3391151e-05, 4.2750672e-02, 9.2499280e-01, 4.2030567e-04, 3.1706784e-02, 3.5941892e-05]
MY_IMAGE_CLASS = 2


@pytest.fixture
def week(implementation):
    return implementation(WEEK)


def course_test_input() -> np.ndarray:
    """The course's block input: three examples of all -1, all 1 and all 3, shape (3, 4, 4, 3), float32."""
    np.random.seed(1)
    X1 = np.ones((1, 4, 4, 3)) * -1
    X2 = np.ones((1, 4, 4, 3)) * 1
    X3 = np.ones((1, 4, 4, 3)) * 3
    return np.concatenate((X1, X2, X3), axis=0).astype(np.float32)


def constant_one(seed=0):
    """The course's test initializer: a factory taking `seed` that returns constant(1)."""
    import keras

    return keras.initializers.Constant(value=1)


def call_block(block, X, training: bool, **arguments):
    """A block in the given BatchNorm mode: its `training` argument (2021), or the graders' learning phase."""
    if "training" in inspect.signature(block).parameters:
        return block(X, training=training, **arguments)
    from assignments.grading.course_helpers import learning_phase

    with learning_phase(training):
        return block(X, **arguments)


def test_identity_block_inference(week):
    output = np.asarray(
        call_block(week.identity_block, course_test_input(), False, f=2, filters=[4, 4, 3], initializer=constant_one)
    )
    assert_equal("identity_block output shape", output.shape, (3, 4, 4, 3))
    if output.min() < 0:
        raise AssertionError(f"identity_block ends with a ReLU, but an output is {output.min()} < 0")
    resume = output[:, (0, -1), :, :].mean(axis=3)
    r = resume
    # The course's structural checks on the summary of example 1 (the all-ones input).
    assert_equal(
        "floor(resume[1, 0, 0]) == 2 * floor(resume[1, 0, 3])", np.floor(r[1, 0, 0]).tolist(), (2 * np.floor(r[1, 0, 3])).tolist()
    )
    assert_equal("floor(resume[1, 0, 3]) == floor(resume[1, 1, 0])", np.floor(r[1, 0, 3]).tolist(), np.floor(r[1, 1, 0]).tolist())
    assert_equal(
        "floor(resume[1, 1, 0]) == 2 * floor(resume[1, 1, 3])", np.floor(r[1, 1, 0]).tolist(), (2 * np.floor(r[1, 1, 3])).tolist()
    )
    fraction = r[1, 1, 0] - np.floor(r[1, 1, 0])
    if not fraction > 0.7:
        raise AssertionError(f"resume[1, 1, 0] - floor(resume[1, 1, 0]) should be > 0.7 (inference BatchNorm), got {fraction}")
    assert_close("identity_block(training=False) output[:, (0, -1)].mean(axis=3)", resume, IDENTITY_BLOCK_INFERENCE, atol=1e-5)


def test_identity_block_training(week):
    output = np.asarray(
        call_block(
            week.identity_block, course_test_input(), True, f=3, filters=[3, 3, 3], initializer=lambda seed=7: constant_one(seed)
        )
    )
    assert_equal("identity_block output shape", output.shape, (3, 4, 4, 3))
    resume = output[:, (0, -1), :, :].mean(axis=3)
    assert_close("identity_block(training=True) output[:, (0, -1)].mean(axis=3)", resume, IDENTITY_BLOCK_TRAINING, atol=1e-5)


@pytest.mark.parametrize(
    "training, expected",
    [(False, CONVOLUTIONAL_BLOCK_INFERENCE), (True, CONVOLUTIONAL_BLOCK_TRAINING)],
    ids=["training=False", "training=True"],
)
def test_convolutional_block(week, training, expected):
    import keras

    keras.utils.set_random_seed(1)  # irrelevant to the seeded kernels; keeps any unseeded op repeatable
    output = np.asarray(call_block(week.convolutional_block, course_test_input(), training, f=2, filters=[2, 4, 6]))
    assert_equal("convolutional_block output shape", output.shape, (3, 2, 2, 6))
    if output.min() < 0:
        raise AssertionError(f"convolutional_block ends with a ReLU, but an output is {output.min()} < 0")
    assert_close(f"convolutional_block(training={training})[0]", output[0], expected[0])
    assert_close(f"convolutional_block(training={training})", output, expected)


@functools.cache
def built_resnet(resnet_function):
    """ResNet50 is built once per implementation: building takes seconds."""
    model = resnet_function(input_shape=(64, 64, 3), classes=6)
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def test_resnet50_summary(week):
    assert_summary(
        summarize_model(built_resnet(week.ResNet50)), RESNET50_SUMMARY, what="ResNet50(input_shape=(64, 64, 3), classes=6)"
    )


def test_resnet50_parameter_totals(week):
    model = built_resnet(week.ResNet50)
    trainable = sum(int(np.prod(weight.shape)) for weight in model.trainable_weights)
    non_trainable = sum(int(np.prod(weight.shape)) for weight in model.non_trainable_weights)
    got = {"total": trainable + non_trainable, "trainable": trainable, "non-trainable": non_trainable}
    assert_equal("ResNet50 parameter totals", got, RESNET50_PARAMS)


@pytest.mark.not_in_course(
    "the project's Keras 3 check that model(x) leaves BatchNorm in inference mode; the course builds "
    "ResNet50 with training=True (2021) or training=False (v2.1, v3.0) in lines it gives you"
)
def test_resnet50_batchnorm_mode_follows_the_caller(week):
    """Built with training=None (Keras 3 pitfall): model(x) runs BatchNorm in inference mode and leaves the
    moving statistics alone; model(x, training=True) updates them."""
    model = built_resnet(week.ResNet50)
    batch_norm = next(
        layer for layer in model.layers if type(layer).__name__ == "BatchNormalization" and layer.name != model.layers[3].name
    )
    images = np.random.default_rng(0).random((2, 64, 64, 3), dtype=np.float32)
    before = np.asarray(batch_norm.moving_mean).copy()
    model(images)
    after_inference = np.asarray(batch_norm.moving_mean).copy()
    assert_close("a block's BatchNorm moving mean after model(x) (inference: unchanged)", after_inference, before, rtol=0, atol=0)
    model(images, training=True)
    if np.allclose(np.asarray(batch_norm.moving_mean), before):
        raise AssertionError(
            "model(x, training=True) did not update a block's BatchNorm moving mean: training mode is not reaching the blocks."
        )
    batch_norm.moving_mean.assign(before)


def pretrained_file():
    from assignments.common.data import find_course_file

    path = find_course_file(WEEK, "resnet50.h5")
    if path is None:
        pytest.skip("needs_weights: $DLS_DATA_DIR/resnet50/resnet50.h5 (the course's pretrained model) is not available")
    return path


@pytest.fixture(scope="module")
def pretrained_model():
    from assignments.grading.solution import load_implementation

    return load_implementation(WEEK).load_pretrained_resnet50(pretrained_file())


@pytest.mark.needs_weights
def test_pretrained_resnet50_on_test_signs(pretrained_model, course_file):
    import h5py

    with h5py.File(course_file(WEEK, "test_signs.h5"), "r") as handle:
        X_test = handle["test_set_x"][()] / 255.0
        Y_test = np.eye(6)[handle["test_set_y"][()].reshape(-1)]
    pretrained_model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    loss, accuracy = pretrained_model.evaluate(X_test, Y_test, verbose=0)
    assert_close("pretrained ResNet50 loss on test_signs.h5", loss, PRETRAINED_LOSS, rtol=1e-4)
    assert_close("pretrained ResNet50 accuracy on test_signs.h5", accuracy, PRETRAINED_ACCURACY, rtol=0, atol=1e-6)


@pytest.mark.needs_weights
def test_pretrained_resnet50_on_my_image(pretrained_model, course_file):
    import keras

    image = keras.utils.load_img(course_file(WEEK, "images/my_image.jpg"), target_size=(64, 64))
    x = np.expand_dims(keras.utils.img_to_array(image), axis=0) / 255.0
    probabilities = np.asarray(pretrained_model.predict(x, verbose=0))
    assert_close(
        "pretrained ResNet50 probabilities for my_image.jpg", probabilities[0], MY_IMAGE_PROBABILITIES, rtol=1e-3, atol=1e-6
    )
    assert_equal("pretrained ResNet50 class for my_image.jpg", int(np.argmax(probabilities)), MY_IMAGE_CLASS)
