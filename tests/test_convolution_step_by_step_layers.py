"""The week's layers against independent implementations: TensorFlow's convolution and pooling ops and their
gradients (tf.GradientTape), central differences, and the vectorised fast paths against the loops."""

from __future__ import annotations

import numpy as np
import pytest
import tensorflow as tf
from grading import assert_close

from assignments.common.fast_path import FAST_PATHS
from assignments.convolution_step_by_step import (
    conv_backward,
    conv_backward_fast,
    conv_forward,
    conv_forward_fast,
    pool_backward,
    pool_backward_fast,
    pool_forward,
    pool_forward_fast,
)
from assignments.convolution_step_by_step.gradients import check_convolution, check_pooling

# (input shape, filter side, filters, pad, stride): odd and even sizes, strides that skip pixels, no padding.
CONVOLUTIONS = [
    ((2, 5, 7, 4), 3, 8, 1, 2),
    ((1, 6, 6, 3), 2, 5, 0, 1),
    ((3, 9, 8, 2), 4, 3, 2, 3),
    ((2, 4, 4, 1), 4, 2, 0, 1),  # the filter covers the whole image: one output position
]
POOLS = [((2, 5, 7, 3), 2, 2), ((2, 5, 5, 3), 3, 1), ((1, 9, 6, 2), 3, 2), ((3, 4, 4, 1), 4, 4)]


def _convolution_inputs(shape, f, filters, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=shape), rng.normal(size=(f, f, shape[3], filters)), rng.normal(size=(1, 1, 1, filters))


def _tf_conv(A_prev, W, b, pad, stride):
    padding = [[0, 0], [pad, pad], [pad, pad], [0, 0]]
    return tf.nn.conv2d(A_prev, W, strides=stride, padding=padding) + b


@pytest.mark.parametrize("shape, f, filters, pad, stride", CONVOLUTIONS)
def test_conv_forward_and_backward_equal_tensorflow(shape, f, filters, pad, stride):
    A_prev, W, b = _convolution_inputs(shape, f, filters)
    Z, cache = conv_forward(A_prev, W, b, {"pad": pad, "stride": stride})
    assert_close("conv_forward vs tf.nn.conv2d", Z, _tf_conv(A_prev, W, b, pad, stride).numpy(), rtol=1e-12, atol=1e-12)

    dZ = np.random.default_rng(1).normal(size=Z.shape)
    variables = [tf.Variable(array) for array in (A_prev, W, b)]
    with tf.GradientTape() as tape:
        cost = tf.reduce_sum(_tf_conv(*variables, pad, stride) * dZ)
    expected = tape.gradient(cost, variables)
    for name, got, want in zip(("dA_prev", "dW", "db"), conv_backward(dZ, cache), expected):
        assert_close(f"conv_backward {name} vs tf.GradientTape", got, want.numpy(), rtol=1e-10, atol=1e-10)
    for name, got, want in zip(("dA_prev", "dW", "db"), conv_backward_fast(dZ, cache), expected):
        assert_close(f"conv_backward_fast {name} vs tf.GradientTape", got, want.numpy(), rtol=1e-10, atol=1e-10)
    assert_close("conv_forward_fast vs conv_forward", conv_forward_fast(A_prev, W, b, cache[3])[0], Z, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("shape, f, stride", POOLS)
@pytest.mark.parametrize("mode", ["max", "average"])
def test_pool_forward_and_backward_equal_tensorflow(shape, f, stride, mode):
    # TensorFlow's CPU pooling kernels compute in float32 even for float64 tensors: inputs that float32 holds
    # exactly keep max pooling exact, and averages agree to float32's rounding.
    A_prev = np.random.default_rng(2).normal(size=shape).astype(np.float32).astype(np.float64)
    tolerance = {"rtol": 1e-6, "atol": 1e-6}
    hparameters = {"f": f, "stride": stride}
    pool = tf.nn.max_pool2d if mode == "max" else tf.nn.avg_pool2d
    A, cache = pool_forward(A_prev, hparameters, mode)
    assert_close(f"pool_forward ({mode}) vs tf.nn", A, pool(A_prev, f, stride, "VALID").numpy(), **tolerance)
    assert_close(f"pool_forward_fast ({mode})", pool_forward_fast(A_prev, hparameters, mode)[0], A, rtol=1e-12, atol=1e-12)

    dA = np.random.default_rng(3).normal(size=A.shape)
    variable = tf.Variable(A_prev)
    with tf.GradientTape() as tape:
        cost = tf.reduce_sum(pool(variable, f, stride, "VALID") * dA)
    expected = tape.gradient(cost, variable).numpy()
    assert_close(f"pool_backward ({mode}) vs tf.GradientTape", pool_backward(dA, cache, mode), expected, **tolerance)
    assert_close(
        f"pool_backward_fast ({mode})",
        pool_backward_fast(dA, cache, mode),
        pool_backward(dA, cache, mode),
        rtol=1e-12,
        atol=1e-12,
    )


def test_backward_passes_pass_a_numeric_gradient_check():
    A_prev, W, b = _convolution_inputs((2, 4, 5, 2), 3, 2, seed=4)
    for check in check_convolution(conv_forward, conv_backward, A_prev, W, b, {"pad": 1, "stride": 2}, seed=5):
        assert check.passed, f"{check.name}: relative difference {check.difference:.2e}"
    for mode in ("max", "average"):
        check = check_pooling(
            pool_forward, pool_backward, np.random.default_rng(6).normal(size=(2, 5, 5, 2)), {"f": 2, "stride": 1}, mode, 7
        )
        assert check.passed, f"{check.name}: relative difference {check.difference:.2e}"


def test_a_wrong_backward_pass_fails_the_gradient_check():
    def halved(dZ, cache):
        dA_prev, dW, db = conv_backward(dZ, cache)
        return dA_prev, dW / 2, db

    A_prev, W, b = _convolution_inputs((1, 4, 4, 1), 2, 1, seed=8)
    checks = {check.name: check for check in check_convolution(conv_forward, halved, A_prev, W, b, {"pad": 0, "stride": 1}, 9)}
    assert checks["conv dA_prev"].passed and not checks["conv dW"].passed


def test_max_pool_ties_pass_the_gradient_to_every_maximum_in_both_paths():
    A_prev = np.ones((1, 3, 3, 1))
    dA = np.ones((1, 2, 2, 1))
    cache = (A_prev, {"f": 2, "stride": 1})
    assert_close(
        "pool_backward_fast on ties", pool_backward_fast(dA, cache, "max"), pool_backward(dA, cache, "max"), rtol=0, atol=0
    )


def test_every_fast_path_is_marked():
    for name in ("conv_forward", "pool_forward", "conv_backward", "pool_backward"):
        assert any(path.startswith("assignments.convolution_step_by_step.fast.") for path in FAST_PATHS.get(name, ())), name


@pytest.mark.parametrize(
    "call",
    [
        lambda: conv_forward(np.zeros((1, 3, 3, 1)), np.zeros((5, 5, 1, 1)), np.zeros((1, 1, 1, 1)), {"pad": 0, "stride": 1}),
        lambda: conv_forward_fast(
            np.zeros((1, 3, 3, 1)), np.zeros((6, 6, 1, 1)), np.zeros((1, 1, 1, 1)), {"pad": 1, "stride": 1}
        ),
        lambda: pool_forward(np.zeros((1, 3, 3, 1)), {"f": 4, "stride": 1}),
        lambda: pool_forward_fast(np.zeros((1, 3, 3, 1)), {"f": 2, "stride": 1}, mode="median"),
    ],
)
def test_windows_that_do_not_fit_are_a_value_error_with_the_received_values(call):
    with pytest.raises(ValueError, match="Received"):
        call()
