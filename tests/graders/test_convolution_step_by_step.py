"""Graders for C4W1 A1 Convolution model, step by step: the course's expected outputs, computed by the
implementation under test (ours, or a learner's file: `python -m assignments grade convolution_step_by_step
--solution FILE`). Inputs are drawn with the course's legacy numpy calls in the course's order, so the
expected numbers apply. The optional backward parts are graded by the notebook's own asserts' numbers.
"""

from __future__ import annotations

import numpy as np
import pytest
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "convolution_step_by_step"


@pytest.fixture
def conv(implementation):
    return implementation(WEEK)


def test_zero_pad(conv):
    np.random.seed(1)
    x = np.random.randn(4, 3, 3, 2)
    x_pad = conv.zero_pad(x, 3)
    assert_equal("zero_pad(x, 3).shape", x_pad.shape, (4, 9, 9, 2))
    assert_close(
        "x[1, 1]",
        x[1, 1],
        [[0.90085595, -0.68372786], [-0.12289023, -0.93576943], [-0.26788808, 0.53035547]],
    )
    assert_close("x_pad[1, 1] (a padded row: all zeros)", x_pad[1, 1], np.zeros((9, 2)), rtol=0, atol=0)
    assert_close("x_pad[:, 3:6, 3:6, :] (the original inside the padding)", x_pad[:, 3:6, 3:6, :], x, rtol=0, atol=0)

    np.random.seed(1)
    x = np.random.randn(5, 4, 4, 3)
    x_pad = conv.zero_pad(x, 2)
    assert_equal("zero_pad(randn(5, 4, 4, 3), 2).shape", x_pad.shape, (5, 8, 8, 3))
    border = np.ones(x_pad.shape, dtype=bool)
    border[:, 2:6, 2:6, :] = False
    assert_close("the border of zero_pad(x, 2)", x_pad[border], np.zeros(int(border.sum())), rtol=0, atol=0)


def test_conv_single_step(conv):
    np.random.seed(1)
    a_slice_prev = np.random.randn(4, 4, 3)
    W = np.random.randn(4, 4, 3)
    b = np.random.randn(1, 1, 1)
    Z = conv.conv_single_step(a_slice_prev, W, b)
    assert_equal("type of conv_single_step's result", type(Z), np.float64)
    assert_close("conv_single_step, seed 1", Z, -6.999089450680221)

    np.random.seed(3)
    Z = conv.conv_single_step(np.random.randn(5, 5, 3), np.random.randn(5, 5, 3), np.random.randn(1, 1, 1))
    assert_close("conv_single_step, seed 3", Z, -3.5443670581382474)


def test_conv_forward(conv):
    np.random.seed(1)
    A_prev = np.random.randn(2, 5, 7, 4)
    W = np.random.randn(3, 3, 4, 8)
    b = np.random.randn(1, 1, 1, 8)
    Z, cache_conv = conv.conv_forward(A_prev, W, b, {"pad": 1, "stride": 2})
    assert_equal("Z.shape (pad 1, stride 2)", Z.shape, (2, 3, 4, 8))
    assert_close("Z's mean", np.mean(Z), 0.5511276474566768)
    assert_close(
        "Z[0, 2, 1]",
        Z[0, 2, 1],
        [-2.17796037, 8.07171329, -0.5772704, 3.36286738, 4.48113645, -2.89198428, 10.99288867, 3.03171932],
    )
    assert_close("cache_conv[0][1][2][3]", cache_conv[0][1][2][3], [-1.1191154, 1.9560789, -0.3264995, -1.34267579])
    assert_equal("len(cache_conv) (A_prev, W, b, hparameters)", len(cache_conv), 4)


def test_conv_forward_other_pads_and_strides(conv):
    np.random.seed(3)
    A_prev = np.random.randn(2, 5, 7, 4)
    W = np.random.randn(3, 3, 4, 8)
    b = np.random.randn(1, 1, 1, 8)
    Z, _ = conv.conv_forward(A_prev, W, b, {"pad": 3, "stride": 1})
    assert_equal("Z.shape (pad 3, stride 1)", Z.shape, (2, 9, 11, 8))
    Z, _ = conv.conv_forward(A_prev, W, b, {"pad": 0, "stride": 2})
    assert_equal("Z.shape (pad 0, stride 2)", Z.shape, (2, 2, 3, 8))
    W = np.random.randn(5, 5, 4, 8)
    b = np.random.randn(1, 1, 1, 8)
    Z, cache_conv = conv.conv_forward(A_prev, W, b, {"pad": 6, "stride": 1})
    assert_equal("Z.shape (5x5 filters, pad 6, stride 1)", Z.shape, (2, 13, 15, 8))
    assert_close("Z's mean (5x5 filters, pad 6)", np.mean(Z), -0.5384027772160062)
    assert_close("cache_conv[0][1, 2][0]", cache_conv[0][1, 2][0], [1.98848968, 1.19505834, -0.0952376, -0.52718778])


def _pool_input():
    np.random.seed(1)
    return np.random.randn(2, 5, 5, 3)


def test_pool_forward(conv):
    A_prev = _pool_input()
    A, _ = conv.pool_forward(A_prev, {"stride": 1, "f": 3}, mode="max")
    assert_equal("A.shape (f 3, stride 1)", A.shape, (2, 3, 3, 3))
    assert_close(
        "max pool A[1, 1]",
        A[1, 1],
        [[1.96710175, 0.84616065, 1.27375593], [1.96710175, 0.84616065, 1.23616403], [1.62765075, 1.12141771, 1.2245077]],
    )
    A, _ = conv.pool_forward(A_prev, {"stride": 1, "f": 3}, mode="average")
    assert_close(
        "average pool A[1, 1]",
        A[1, 1],
        [[0.44497696, -0.00261695, -0.31040307], [0.50811474, -0.23493734, -0.23961183], [0.11872677, 0.17255229, -0.22112197]],
    )

    A, _ = conv.pool_forward(A_prev, {"stride": 2, "f": 3}, mode="max")
    assert_equal("A.shape (f 3, stride 2)", A.shape, (2, 2, 2, 3))
    assert_close(
        "max pool A[0] (stride 2)",
        A[0],
        [
            [[1.74481176, 0.90159072, 1.65980218], [1.74481176, 1.6924546, 1.65980218]],
            [[1.13162939, 1.51981682, 2.18557541], [1.13162939, 1.6924546, 2.18557541]],
        ],
    )
    A, _ = conv.pool_forward(A_prev, {"stride": 2, "f": 3}, mode="average")
    assert_close(
        "average pool A[1] (stride 2)",
        A[1],
        [
            [[-0.17313416, 0.32377198, -0.34317572], [0.02030094, 0.14141479, -0.01231585]],
            [[0.42944926, 0.08446996, -0.27290905], [0.15077452, 0.28911175, 0.00123239]],
        ],
    )


def test_pool_forward_shapes_and_cache(conv):
    A, cache = conv.pool_forward(np.random.randn(2, 5, 7, 3), {"f": 2, "stride": 2}, mode="average")
    assert_equal("A.shape (randn(2, 5, 7, 3), f 2, stride 2)", A.shape, (2, 2, 3, 3))
    A, _ = conv.pool_forward(np.random.randn(4, 5, 7, 4), {"f": 5, "stride": 1}, mode="max")
    assert_equal("A.shape (randn(4, 5, 7, 4), f 5, stride 1)", A.shape, (4, 1, 3, 4))

    np.random.seed(1)
    A_prev = np.random.randn(2, 5, 5, 3)
    A, cache = conv.pool_forward(A_prev, {"stride": 1, "f": 2}, mode="max")
    assert_close(
        "max pool A[1, 1] (f 2, stride 1)",
        A[1, 1],
        [
            [1.19891788, 0.74055645, 0.07734007],
            [0.31515939, 0.84616065, 0.07734007],
            [0.69803203, 0.84616065, 1.2245077],
            [0.69803203, 1.12141771, 1.2245077],
        ],
    )
    assert_close("cache[0][1, 2][0]", cache[0][1, 2][0], [0.16938243, 0.74055645, -0.9537006])
    A, _ = conv.pool_forward(A_prev, {"stride": 1, "f": 2}, mode="average")
    assert_close(
        "average pool A[1, 1] (f 2, stride 1)",
        A[1, 1],
        [
            [0.11583785, 0.34545544, -0.6561907],
            [-0.2334108, 0.3364666, -0.69382351],
            [0.25497093, -0.21741362, -0.07342615],
            [-0.04092568, -0.01110394, 0.12495022],
        ],
    )


def test_conv_backward(conv):
    np.random.seed(1)
    A_prev = np.random.randn(10, 4, 4, 3)
    W = np.random.randn(2, 2, 3, 8)
    b = np.random.randn(1, 1, 1, 8)
    Z, cache_conv = conv.conv_forward(A_prev, W, b, {"pad": 2, "stride": 2})
    dA, dW, db = conv.conv_backward(Z, cache_conv)
    assert_equal("dA.shape", dA.shape, (10, 4, 4, 3))
    assert_equal("dW.shape", dW.shape, (2, 2, 3, 8))
    assert_equal("db.shape", db.shape, (1, 1, 1, 8))
    assert_close("dA's mean", np.mean(dA), 1.45243777754)
    assert_close("dW's mean", np.mean(dW), 1.7269914)
    assert_close("db's mean", np.mean(db), 7.8392325)


def test_create_mask_from_window(conv):
    np.random.seed(1)
    x = np.random.randn(2, 3)
    assert_equal(
        "create_mask_from_window(randn(2, 3))",
        conv.create_mask_from_window(x).tolist(),
        [[True, False, False], [False, False, False]],
    )
    x = np.array([[-1, 2, 3], [2, -3, 2], [1, 5, -2]])
    expected = [[False, False, False], [False, False, False], [False, True, False]]
    assert_equal(
        "create_mask_from_window([[-1, 2, 3], [2, -3, 2], [1, 5, -2]])", conv.create_mask_from_window(x).tolist(), expected
    )


def test_distribute_value(conv):
    assert_close("distribute_value(2, (2, 2))", conv.distribute_value(2, (2, 2)), [[0.5, 0.5], [0.5, 0.5]])
    a = conv.distribute_value(100, (10, 10))
    assert_equal("distribute_value(100, (10, 10)).shape", a.shape, (10, 10))
    assert_close("the sum of distribute_value(100, (10, 10))", np.sum(a), 100)


def test_pool_backward(conv):
    np.random.seed(1)
    A_prev = np.random.randn(5, 5, 3, 2)
    hparameters = {"stride": 1, "f": 2}
    A, cache = conv.pool_forward(A_prev, hparameters)
    assert_equal("A.shape", A.shape, (5, 4, 2, 2))
    dA = np.random.randn(5, 4, 2, 2)
    assert_close("dA's mean (the course's draw)", np.mean(dA), 0.145713902729)
    dA_prev = conv.pool_backward(dA, cache, mode="max")
    assert_equal("dA_prev.shape", dA_prev.shape, (5, 5, 3, 2))
    assert_close("max pool_backward dA_prev[1, 1]", dA_prev[1, 1], [[0, 0], [5.05844394, -1.68282702], [0, 0]])
    dA_prev = conv.pool_backward(dA, cache, mode="average")
    assert_close(
        "average pool_backward dA_prev[1, 1]",
        dA_prev[1, 1],
        [[0.08485462, 0.2787552], [1.26461098, -0.25749373], [1.17975636, -0.53624893]],
    )
