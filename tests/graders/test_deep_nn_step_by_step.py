"""Graders for C1W4A1 Building a deep neural network, step by step: the course's test inputs (drawn in the
course's order) computed by the implementation under test (ours, or a learner's file:
`python -m assignments grade deep_nn_step_by_step --solution FILE`)."""

from __future__ import annotations

import numpy as np
import pytest
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "deep_nn_step_by_step"


@pytest.fixture
def dnn(implementation):
    return implementation(WEEK)


def test_initialize_parameters(dnn):
    parameters = dnn.initialize_parameters(3, 2, 1)
    assert_close("W1", parameters["W1"], [[0.01624345, -0.00611756, -0.00528172], [-0.01072969, 0.00865408, -0.02301539]])
    assert_close("W2", parameters["W2"], [[0.01744812, -0.00761207]])
    assert_close("b1", parameters["b1"], np.zeros((2, 1)), rtol=0, atol=0)
    assert_close("b2", parameters["b2"], np.zeros((1, 1)), rtol=0, atol=0)


def test_initialize_parameters_deep(dnn):
    parameters = dnn.initialize_parameters_deep([5, 4, 3])
    assert_close(
        "W1",
        parameters["W1"],
        [[0.01788628, 0.0043651, 0.00096497, -0.01863493, -0.00277388],
         [-0.00354759, -0.00082741, -0.00627001, -0.00043818, -0.00477218],
         [-0.01313865, 0.00884622, 0.00881318, 0.01709573, 0.00050034],
         [-0.00404677, -0.0054536, -0.01546477, 0.00982367, -0.01101068]],
    )  # fmt: skip
    assert_close(
        "W2",
        parameters["W2"],
        [[-0.01185047, -0.0020565, 0.01486148, 0.00236716],
         [-0.01023785, -0.00712993, 0.00625245, -0.00160513],
         [-0.00768836, -0.00230031, 0.00745056, 0.01976111]],
    )  # fmt: skip
    assert_equal("b shapes", (parameters["b1"].shape, parameters["b2"].shape), ((4, 1), (3, 1)))


def test_linear_forward(dnn):
    np.random.seed(1)
    A, W, b = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1)
    Z, cache = dnn.linear_forward(A, W, b)
    assert_close("Z", Z, [[3.26295337, -1.23429987]])
    assert_equal("cache holds (A, W, b)", [item is given for item, given in zip(cache, (A, W, b), strict=True)], [True] * 3)


def test_linear_activation_forward(dnn):
    np.random.seed(2)
    A_prev, W, b = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1)
    A, cache = dnn.linear_activation_forward(A_prev, W, b, activation="sigmoid")
    assert_close("sigmoid A", A, [[0.96890023, 0.11013289]])
    assert_close("Z in the cache", cache[1], [[3.43896131, -2.08938436]])
    A, _ = dnn.linear_activation_forward(A_prev, W, b, activation="relu")
    assert_close("relu A", A, [[3.43896131, 0.0]])


def L_model_forward_inputs():
    np.random.seed(6)
    X = np.random.randn(5, 4)
    names = [("W1", (4, 5)), ("b1", (4, 1)), ("W2", (3, 4)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1))]
    return X, {name: np.random.randn(*shape) for name, shape in names}


def test_L_model_forward(dnn):
    X, parameters = L_model_forward_inputs()
    AL, caches = dnn.L_model_forward(X, parameters)
    assert_close("AL", AL, [[0.03921668, 0.70498921, 0.19734387, 0.04728177]])
    assert_equal("number of caches", len(caches), 3)
    assert_close("Z1 row 0", caches[0][1][0], [-5.23825714, 3.18040136, 0.4074501, -1.88612721])
    assert_close("Z3", caches[2][1], [[-3.19864676, 0.87117055, -1.40297864, -3.00319435]])


def test_compute_cost(dnn):
    cost = dnn.compute_cost(np.array([[0.8, 0.9, 0.4]]), np.array([[1, 1, 0]]))
    assert_close("cost", cost, 0.2797765635793422)
    assert_equal("cost is squeezed", np.ndim(cost), 0)


def test_linear_backward(dnn):
    np.random.seed(1)
    dZ, A, W, b = np.random.randn(3, 4), np.random.randn(5, 4), np.random.randn(3, 5), np.random.randn(3, 1)
    dA_prev, dW, db = dnn.linear_backward(dZ, (A, W, b))
    assert_close("db", db, [[-0.14713786], [-0.11313155], [-0.13209101]])
    assert_close(
        "dW",
        dW,
        [[0.07313866, -0.0976715, -0.87585828, 0.73763362, 0.00785716],
         [0.85508818, 0.37530413, -0.59912655, 0.71278189, -0.58931808],
         [0.97913304, -0.24376494, -0.08839671, 0.55151192, -0.10290907]],
    )  # fmt: skip
    assert_close("dA_prev row 0", dA_prev[0], [-1.15171336, 0.06718465, -0.3204696, 2.09812712])
    assert_equal("dA_prev shape", dA_prev.shape, (5, 4))


def test_linear_activation_backward(dnn):
    np.random.seed(2)
    dA, A, W, b, Z = (
        np.random.randn(1, 2),
        np.random.randn(3, 2),
        np.random.randn(1, 3),
        np.random.randn(1, 1),
        np.random.randn(1, 2),
    )
    cache = ((A, W, b), Z)
    dA_prev, dW, db = dnn.linear_activation_backward(dA, cache, activation="sigmoid")
    assert_close("sigmoid dA_prev", dA_prev, [[0.11017994, 0.01105339], [0.09466817, 0.00949723], [-0.05743092, -0.00576154]])
    assert_close("sigmoid dW", dW, [[0.10266786, 0.09778551, -0.01968084]])
    assert_close("sigmoid db", db, [[-0.05729622]])
    dA_prev, dW, db = dnn.linear_activation_backward(dA, cache, activation="relu")
    assert_close("relu dA_prev", dA_prev, [[0.44090989, 0], [0.37883606, 0], [-0.2298228, 0]])
    assert_close("relu dW", dW, [[0.44513824, 0.37371418, -0.10478989]])
    assert_close("relu db", db, [[-0.20837892]])


def L_model_backward_inputs():
    np.random.seed(3)
    AL = np.random.randn(1, 2)
    Y = np.array([[1, 0]])
    A1, W1, b1, Z1 = np.random.randn(4, 2), np.random.randn(3, 4), np.random.randn(3, 1), np.random.randn(3, 2)
    A2, W2, b2, Z2 = np.random.randn(3, 2), np.random.randn(1, 3), np.random.randn(1, 1), np.random.randn(1, 2)
    return AL, Y, (((A1, W1, b1), Z1), ((A2, W2, b2), Z2))


def test_L_model_backward(dnn):
    AL, Y, caches = L_model_backward_inputs()
    grads = dnn.L_model_backward(AL, Y, caches)
    assert_close("dA0", grads["dA0"], [[0, 0.52257901], [0, -0.3269206], [0, -0.32070404], [0, -0.74079187]])
    assert_close("dA1", grads["dA1"], [[0.12913162, -0.44014127], [-0.14175655, 0.48317296], [0.01663708, -0.05670698]])
    assert_close(
        "dW1",
        grads["dW1"],
        [[0.41010002, 0.07807203, 0.13798444, 0.10502167], [0, 0, 0, 0], [0.05283652, 0.01005865, 0.01777766, 0.0135308]],
    )
    assert_close("dW2", grads["dW2"], [[-0.39202432, -0.13325855, -0.04601089]])
    assert_close("db1", grads["db1"], [[-0.22007063], [0], [-0.02835349]])
    assert_close("db2", grads["db2"], [[0.15187861]])


def test_update_parameters(dnn):
    np.random.seed(2)
    params = {"W1": np.random.randn(3, 4), "b1": np.random.randn(3, 1), "W2": np.random.randn(1, 3), "b2": np.random.randn(1, 1)}
    np.random.seed(3)
    grads = {
        "dW1": np.random.randn(3, 4),
        "db1": np.random.randn(3, 1),
        "dW2": np.random.randn(1, 3),
        "db2": np.random.randn(1, 1),
    }
    updated = dnn.update_parameters(params, grads, 0.1)
    assert_close(
        "W1",
        updated["W1"],
        [[-0.59562069, -0.09991781, -2.14584584, 1.82662008],
         [-1.76569676, -0.80627147, 0.51115557, -1.18258802],
         [-1.0535704, -0.86128581, 0.68284052, 2.20374577]],
    )  # fmt: skip
    assert_close("b1", updated["b1"], [[-0.04659241], [-1.28888275], [0.53405496]])
    assert_close("W2", updated["W2"], [[-0.55569196, 0.0354055, 1.32964895]])
    assert_close("b2", updated["b2"], [[-0.84610769]])
