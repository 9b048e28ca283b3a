"""Graders for C2W3A1 Introduction to TensorFlow: the course's test values, computed by the implementation
under test (ours, or a learner's file: `python -m assignments grade tensorflow_introduction --solution FILE`).

Not graded here, and why: `forward_propagation`'s expected logits and the 100-epoch run's printed costs
come from the course's `train_signs.h5`, which is not available, and from TF 2.3's GlorotNormal stream.
"""

from __future__ import annotations

import numpy as np
import pytest
from grading import assert_close, assert_equal

from assignments.common.quiet import import_tensorflow_quietly

pytestmark = pytest.mark.grader

WEEK = "tensorflow_introduction"


@pytest.fixture(scope="module")
def tf():
    import_tensorflow_quietly()
    import tensorflow

    return tensorflow


@pytest.fixture
def tfi(implementation, tf):
    return implementation(WEEK)


def test_linear_function(tfi, tf):
    Y = tfi.linear_function()
    assert_equal("dtype", Y.dtype, tf.float64)
    assert_close("Y", Y.numpy(), [[-2.15657382], [2.95891446], [-1.08926781], [-0.84538042]])


def test_sigmoid(tfi, tf):
    for z, expected in ((-1, 0.26894143), (0, 0.5), (12, 0.9999939)):
        value = tfi.sigmoid(z)
        assert_equal(f"dtype of sigmoid({z})", value.dtype, tf.float32)
        assert_close(f"sigmoid({z})", value.numpy(), expected, rtol=1e-6)


def test_one_hot_matrix(tfi, tf):
    assert_close("one_hot_matrix(1, 4)", tfi.one_hot_matrix(tf.constant(1), 4).numpy(), [0, 1, 0, 0], rtol=0, atol=0)
    assert_close("one_hot_matrix([2], 4)", tfi.one_hot_matrix(tf.constant([2]), 4).numpy(), [0, 0, 1, 0], rtol=0, atol=0)
    assert_equal("shape with the default depth", tuple(tfi.one_hot_matrix(tf.constant(0)).shape), (6,))


def test_initialize_parameters(tfi, tf):
    parameters = tfi.initialize_parameters()
    shapes = {"W1": (25, 12288), "b1": (25, 1), "W2": (12, 25), "b2": (12, 1), "W3": (6, 12), "b3": (6, 1)}
    for name, shape in shapes.items():
        value = parameters[name]
        assert isinstance(value, tf.Variable), f"{name} must be a tf.Variable, got {type(value).__name__}"
        assert_equal(f"{name} shape", tuple(value.shape), shape)
        array = value.numpy()
        assert abs(array.mean()) < 0.5 and 0 < array.std() < 1, f"{name}: mean {array.mean()}, std {array.std()}"


@pytest.mark.grades("forward_propagation")
def test_forward_propagation_shape_and_relus(tfi, tf):
    parameters = tfi.initialize_parameters()
    X = tf.constant(np.random.default_rng(0).random((12288, 2)), dtype=tf.float32)
    Z3 = tfi.forward_propagation(X, parameters)
    assert_equal("logits shape", tuple(Z3.shape), (6, 2))
    # The same network in numpy: ReLU, ReLU, linear.
    p = {name: value.numpy() for name, value in parameters.items()}
    A1 = np.maximum(p["W1"] @ X.numpy() + p["b1"], 0)
    A2 = np.maximum(p["W2"] @ A1 + p["b2"], 0)
    assert_close("logits", Z3.numpy(), p["W3"] @ A2 + p["b3"], rtol=1e-4, atol=1e-6)


def test_compute_cost(tfi, tf):
    logits = tf.constant(
        [
            [2.4048107, 5.0334096],
            [-0.7921977, -4.1523376],
            [0.9447198, -0.46802214],
            [1.158121, 3.9810789],
            [4.768706, 2.3220146],
            [6.1481323, 3.909829],
        ]
    )
    # The course's first two training labels are 5 and 0.
    labels = tf.transpose(tf.one_hot([5, 0], 6))
    assert_close("cost", tfi.compute_cost(logits, labels).numpy(), 0.4051435, rtol=0, atol=1e-7)
