"""Graders for C4W1 Convolution Model Application: the course's expected outputs, computed by the
implementation under test (ours, or a learner's file via `python -m assignments grade happy_house --solution FILE`).

The course checks both models with its layer-summary comparator (`[class, output shape, #params, extras]`
per layer, exact and in order) and prints their parameter totals; the loaders are checked against the
shapes the notebook prints. Keras 3 has no `output_shape`, so rows come from `tests/grading.py`.
"""

from __future__ import annotations

import numpy as np
import pytest
from grading import assert_equal, assert_summary, summarize_model

pytestmark = pytest.mark.grader

WEEK = "happy_house"

# The course's expected summary of happyModel() (InputLayer not listed: the course builds it Sequential
# with input_shape on the first layer).
HAPPY_MODEL_SUMMARY = [
    ["ZeroPadding2D", (None, 70, 70, 3), 0, ((3, 3), (3, 3))],
    ["Conv2D", (None, 64, 64, 32), 4736, "valid", "linear", "GlorotUniform"],
    ["BatchNormalization", (None, 64, 64, 32), 128],
    ["ReLU", (None, 64, 64, 32), 0],
    ["MaxPooling2D", (None, 32, 32, 32), 0, (2, 2), (2, 2), "valid"],
    ["Flatten", (None, 32768), 0],
    ["Dense", (None, 1), 32769, "sigmoid"],
]
HAPPY_MODEL_PARAMS = {"total": 37633, "trainable": 37569, "non-trainable": 64}

CONVOLUTIONAL_MODEL_SUMMARY = [
    ["InputLayer", [(None, 64, 64, 3)], 0],
    ["Conv2D", (None, 64, 64, 8), 392, "same", "linear", "GlorotUniform"],
    ["ReLU", (None, 64, 64, 8), 0],
    ["MaxPooling2D", (None, 8, 8, 8), 0, (8, 8), (8, 8), "same"],
    ["Conv2D", (None, 8, 8, 16), 528, "same", "linear", "GlorotUniform"],
    ["ReLU", (None, 8, 8, 16), 0],
    ["MaxPooling2D", (None, 2, 2, 16), 0, (4, 4), (4, 4), "same"],
    ["Flatten", (None, 64), 0],
    ["Dense", (None, 6), 390, "softmax"],
]
CONVOLUTIONAL_MODEL_PARAMS = {"total": 1310, "trainable": 1310, "non-trainable": 0}


@pytest.fixture
def week(implementation):
    return implementation(WEEK)


def parameter_counts(model) -> dict[str, int]:
    trainable = sum(int(np.prod(weight.shape)) for weight in model.trainable_weights)
    non_trainable = sum(int(np.prod(weight.shape)) for weight in model.non_trainable_weights)
    return {"total": trainable + non_trainable, "trainable": trainable, "non-trainable": non_trainable}


def compile_like_the_course(model):
    # The course's summary() helper compiles first; compiling must not change the rows.
    model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
    return model


def test_happy_model_summary(week):
    model = compile_like_the_course(week.happyModel())
    assert_summary(summarize_model(model), HAPPY_MODEL_SUMMARY, what="happyModel()")


def test_happy_model_parameter_totals(week):
    assert_equal("happyModel() parameter totals", parameter_counts(week.happyModel()), HAPPY_MODEL_PARAMS)


def test_convolutional_model_summary(week):
    model = compile_like_the_course(week.convolutional_model((64, 64, 3)))
    assert_summary(summarize_model(model), CONVOLUTIONAL_MODEL_SUMMARY, what="convolutional_model((64, 64, 3))")


def test_convolutional_model_parameter_totals(week):
    counts = parameter_counts(week.convolutional_model((64, 64, 3)))
    assert_equal("convolutional_model((64, 64, 3)) parameter totals", counts, CONVOLUTIONAL_MODEL_PARAMS)


def test_convolutional_model_outputs_are_probabilities(week):
    """Six softmax outputs per image that sum to one (the course feeds them to categorical cross-entropy)."""
    model = week.convolutional_model((64, 64, 3))
    images = np.random.default_rng(0).random((4, 64, 64, 3), dtype=np.float32)
    probabilities = np.asarray(model(images))
    assert_equal("convolutional_model output shape", probabilities.shape, (4, 6))
    if not np.allclose(probabilities.sum(axis=1), 1.0, atol=1e-5) or probabilities.min() < 0:
        raise AssertionError(f"convolutional_model outputs are not probabilities: row sums {probabilities.sum(axis=1)}")


@pytest.mark.needs_data
def test_load_happy_dataset_shapes(week, course_file, monkeypatch):
    test_file = course_file(WEEK, "test_happy.h5")
    X_train, Y_train, X_test, Y_test, classes = week.load_happy_dataset()
    # The notebook prints: train (600, 64, 64, 3) / (600, 1) after .T, test (150, 64, 64, 3) / (150, 1).
    assert_equal("X_train_orig shape", X_train.shape, (600, 64, 64, 3))
    assert_equal("Y_train_orig shape", Y_train.shape, (1, 600))
    assert_equal("X_test_orig shape", X_test.shape, (150, 64, 64, 3))
    assert_equal("Y_test_orig shape", Y_test.shape, (1, 150))
    assert_equal("classes", list(np.asarray(classes).tolist()), [0, 1])
    assert_equal("X_test_orig dtype (the course's raw pixels)", str(X_test.dtype), "uint8")
    import h5py

    with h5py.File(test_file, "r") as handle:
        expected_images, expected_labels = handle["test_set_x"][()], handle["test_set_y"][()]
    assert_equal("X_test_orig equals test_happy.h5's test_set_x", bool(np.array_equal(X_test, expected_images)), True)
    assert_equal("Y_test_orig equals test_happy.h5's test_set_y", Y_test.reshape(-1).tolist(), expected_labels.tolist())


@pytest.mark.needs_data
def test_load_signs_dataset_shapes(week, course_file):
    course_file(WEEK, "test_signs.h5")
    X_train, Y_train, X_test, Y_test, classes = week.load_signs_dataset()
    assert_equal("X_train_orig shape", X_train.shape, (1080, 64, 64, 3))
    assert_equal("Y_train_orig shape", Y_train.shape, (1, 1080))
    assert_equal("X_test_orig shape", X_test.shape, (120, 64, 64, 3))
    assert_equal("Y_test_orig shape", Y_test.shape, (1, 120))
    assert_equal("classes", list(np.asarray(classes).tolist()), [0, 1, 2, 3, 4, 5])
    # The notebook's one-hot step: convert_to_one_hot(Y, 6).T has shape (m, 6) with one 1 per row.
    one_hot = week.convert_to_one_hot(Y_test, 6).T
    assert_equal("convert_to_one_hot(Y_test_orig, 6).T shape", one_hot.shape, (120, 6))
    assert_equal("one-hot rows pick the label", one_hot.argmax(axis=1).tolist(), Y_test.reshape(-1).tolist())


def test_signs_training_label_of_example_9(week):
    """The notebook shows example 9 of the training set: `Y_train_orig[:, 9]` is 4 (only with train_signs.h5)."""
    from assignments.common.data import find_course_file

    if find_course_file(WEEK, "train_signs.h5") is None:
        pytest.skip("train_signs.h5 is not available here (the course's training file; see docs/happy_house.md)")
    _, Y_train, _, _, _ = week.load_signs_dataset()
    assert_equal("Y_train_orig[:, 9]", Y_train[:, 9].tolist(), [4])
