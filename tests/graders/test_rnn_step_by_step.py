"""Graders for C5W1 A1 Building a recurrent neural network, step by step: the course's expected outputs,
computed by the implementation under test (ours, or a learner's file). Inputs are drawn with the course's
seeds and in the course's draw order (the forward tests draw Waa first, the backward tests Wax first)."""

from __future__ import annotations

import numpy as np
import pytest
from grading import assert_close, assert_equal

pytestmark = pytest.mark.grader

WEEK = "rnn_step_by_step"


@pytest.fixture
def rnn(implementation):
    return implementation(WEEK)


def rnn_parameters(order, n_a=5, n_x=3, n_y=2):
    shapes = {"Waa": (n_a, n_a), "Wax": (n_a, n_x), "Wya": (n_y, n_a), "ba": (n_a, 1), "by": (n_y, 1)}
    return {name: np.random.randn(*shapes[name]) for name in order}


def lstm_parameters(n_a=5, n_x=3, n_y=2, output_layer=True):
    """The gate weights in the course's order, then (unless the test sets them to zeros) Wy, by."""
    shapes = {"Wf": (n_a, n_a + n_x), "bf": (n_a, 1), "Wi": (n_a, n_a + n_x), "bi": (n_a, 1), "Wo": (n_a, n_a + n_x),
              "bo": (n_a, 1), "Wc": (n_a, n_a + n_x), "bc": (n_a, 1), "Wy": (n_y, n_a), "by": (n_y, 1)}  # fmt: skip
    if not output_layer:
        shapes = {name: shape for name, shape in shapes.items() if name not in ("Wy", "by")}
    return {name: np.random.randn(*shape) for name, shape in shapes.items()}


def test_rnn_cell_forward(rnn):
    np.random.seed(1)
    xt, a_prev = np.random.randn(3, 10), np.random.randn(5, 10)
    a_next, yt_pred, cache = rnn.rnn_cell_forward(xt, a_prev, rnn_parameters(("Waa", "Wax", "Wya", "ba", "by")))
    assert_close("a_next[4]", a_next[4], [0.59584544, 0.18141802, 0.61311866, 0.99808218, 0.85016201, 0.99980978, -0.18887155, 0.99815551, 0.6531151, 0.82872037])  # fmt: skip
    assert_close("yt_pred[1]", yt_pred[1], [0.9888161, 0.01682021, 0.21140899, 0.36817467, 0.98988387, 0.88945212, 0.36920224, 0.9966312, 0.9982559, 0.17746526])  # fmt: skip
    assert_equal("shapes", (a_next.shape, yt_pred.shape, len(cache)), ((5, 10), (2, 10), 4))


def test_rnn_forward(rnn):
    np.random.seed(1)
    x, a0 = np.random.randn(3, 10, 4), np.random.randn(5, 10)
    a, y_pred, caches = rnn.rnn_forward(x, a0, rnn_parameters(("Waa", "Wax", "Wya", "ba", "by")))
    assert_close("a[4][1]", a[4][1], [-0.99999375, 0.77911235, -0.99861469, -0.99833267])
    assert_close("y_pred[1][3]", y_pred[1][3], [0.79560373, 0.86224861, 0.11118257, 0.81515947])
    assert_close("caches[1][1][3]", caches[1][1][3], [-1.1425182, -0.34934272, -0.20889423, 0.58662319])
    assert_equal("len(caches), a and y_pred shapes", (len(caches), a.shape, y_pred.shape), (2, (5, 10, 4), (2, 10, 4)))


def test_rnn_forward_public_test(rnn):
    np.random.seed(17)
    T_x, m, n_x, n_a, n_y = 13, 8, 4, 7, 3
    x, a0 = np.random.randn(n_x, m, T_x), np.random.randn(n_a, m)
    parameters = rnn_parameters(("Waa", "Wax", "Wya", "ba", "by"), n_a, n_x, n_y)
    a, y_pred, _ = rnn.rnn_forward(x, a0, parameters)
    assert_close("a[5, 2, 2:6]", a[5, 2, 2:6], [0.99999291, 0.99332189, 0.9921928, 0.99503445])
    assert_close("y_pred[2, 1, 1:5]", y_pred[2, 1, 1:5], [0.19428, 0.14292, 0.24993, 0.00119], atol=1e-4)


def test_lstm_cell_forward(rnn):
    np.random.seed(1)
    xt, a_prev, c_prev = np.random.randn(3, 10), np.random.randn(5, 10), np.random.randn(5, 10)
    a_next, c_next, yt, cache = rnn.lstm_cell_forward(xt, a_prev, c_prev, lstm_parameters())
    assert_close("a_next[4]", a_next[4], [-0.66408471, 0.0036921, 0.02088357, 0.22834167, -0.85575339, 0.00138482, 0.76566531, 0.34631421, -0.00215674, 0.43827275])  # fmt: skip
    assert_close("c_next[2]", c_next[2], [0.63267805, 1.00570849, 0.35504474, 0.20690913, -1.64566718, 0.11832942, 0.76449811, -0.0981561, -0.74348425, -0.26810932])  # fmt: skip
    assert_close("yt[1]", yt[1], [0.79913913, 0.15986619, 0.22412122, 0.15606108, 0.97057211, 0.31146381, 0.00943007, 0.12666353, 0.39380172, 0.07828381])  # fmt: skip
    assert_close("cache[1][3]", cache[1][3], [-0.16263996, 1.03729328, 0.72938082, -0.54101719, 0.02752074, -0.30821874, 0.07651101, -1.03752894, 1.41219977, -0.37647422])  # fmt: skip
    assert_equal("len(cache)", len(cache), 10)


def test_lstm_forward(rnn):
    np.random.seed(1)
    x, a0 = np.random.randn(3, 10, 7), np.random.randn(5, 10)
    a, y, c, caches = rnn.lstm_forward(x, a0, lstm_parameters())
    assert_close("a[4][3][6]", a[4][3][6], 0.17211776753291672)
    assert_close("y[1][4][3]", y[1][4][3], 0.9508734618501101)
    assert_close("caches[1][1][1]", caches[1][1][1], [0.82797464, 0.23009474, 0.76201118, -0.22232814, -0.20075807, 0.18656139, 0.41005165])  # fmt: skip
    assert_close("c[1][2][1]", c[1][2][1], -0.8555449167181981)
    assert_equal("len(caches)", len(caches), 2)


def test_rnn_cell_backward(rnn):
    np.random.seed(1)
    xt, a_prev = np.random.randn(3, 10), np.random.randn(5, 10)
    parameters = rnn_parameters(("Wax", "Waa", "Wya", "ba", "by"))
    _, _, cache = rnn.rnn_cell_forward(xt, a_prev, parameters)
    gradients = rnn.rnn_cell_backward(np.random.randn(5, 10), cache)
    assert_close("dxt[1][2]", gradients["dxt"][1][2], -1.3872130506)
    assert_close("da_prev[2][3]", gradients["da_prev"][2][3], -0.152399493774)
    assert_close("dWax[3][1]", gradients["dWax"][3][1], 0.410772824935)
    assert_close("dWaa[1][2]", gradients["dWaa"][1][2], 1.15034506685)
    assert_close("dba[4]", gradients["dba"][4], [0.20023491])


def test_rnn_backward(rnn):
    np.random.seed(1)
    x, a0 = np.random.randn(3, 10, 4), np.random.randn(5, 10)
    parameters = rnn_parameters(("Wax", "Waa", "Wya", "ba", "by"))
    _, _, caches = rnn.rnn_forward(x, a0, parameters)
    gradients = rnn.rnn_backward(np.random.randn(5, 10, 4), caches)
    assert_close("dx[1][2]", gradients["dx"][1][2], [-2.07101689, -0.59255627, 0.02466855, 0.01483317])
    assert_close("da0[2][3]", gradients["da0"][2][3], -0.314942375127)
    assert_close("dWax[3][1]", gradients["dWax"][3][1], 11.2641044965)
    assert_close("dWaa[1][2]", gradients["dWaa"][1][2], 2.30333312658)
    assert_close("dba[4]", gradients["dba"][4], [-0.74747722])


def test_lstm_cell_backward(rnn):
    np.random.seed(1)
    xt, a_prev, c_prev = np.random.randn(3, 10), np.random.randn(5, 10), np.random.randn(5, 10)
    _, _, _, cache = rnn.lstm_cell_forward(xt, a_prev, c_prev, lstm_parameters())
    gradients = rnn.lstm_cell_backward(np.random.randn(5, 10), np.random.randn(5, 10), cache)
    expected = {"dxt": (1, 2, 3.23055911511), "da_prev": (2, 3, -0.0639621419711), "dc_prev": (2, 3, 0.797522038797),
                "dWf": (3, 1, -0.147954838164), "dWi": (1, 2, 1.05749805523), "dWc": (3, 1, 2.30456216369),
                "dWo": (1, 2, 0.331311595289)}  # fmt: skip
    for name, (row, column, value) in expected.items():
        assert_close(f"{name}[{row}][{column}]", gradients[name][row][column], value)
    for name, value in {"dbf": 0.18864637, "dbi": -0.40142491, "dbc": 0.25587763, "dbo": 0.13893342}.items():
        assert_close(f"{name}[4]", gradients[name][4], [value])


def test_lstm_backward(rnn):
    np.random.seed(1)
    x, a0 = np.random.randn(3, 10, 7), np.random.randn(5, 10)
    parameters = lstm_parameters(output_layer=False)
    parameters["Wy"], parameters["by"] = np.zeros((2, 5)), np.zeros((2, 1))
    _, _, _, caches = rnn.lstm_forward(x, a0, parameters)
    gradients = rnn.lstm_backward(np.random.randn(5, 10, 4), caches)  # T_x comes from da: 4 steps
    assert_equal("dx shape", gradients["dx"].shape, (3, 10, 4))
    assert_close("dx[1][2]", gradients["dx"][1][2], [0.00218254, 0.28205375, -0.48292508, -0.43281115])
    expected = {"da0": (2, 3, 0.312770310257), "dWf": (3, 1, -0.0809802310938), "dWi": (1, 2, 0.40512433093),
                "dWc": (3, 1, -0.0793746735512), "dWo": (1, 2, 0.038948775763)}  # fmt: skip
    for name, (row, column, value) in expected.items():
        assert_close(f"{name}[{row}][{column}]", gradients[name][row][column], value)
    for name, value in {"dbf": -0.15745657, "dbi": -0.50848333, "dbc": -0.42510818, "dbo": -0.17958196}.items():
        assert_close(f"{name}[4]", gradients[name][4], [value])
