"""The graded part of C5W1 A1, in notebook order: a vanilla RNN and an LSTM, forward and backward, in numpy.

Shapes, as the course writes them: n_x input features, m examples, T_x time steps, n_a hidden units,
n_y outputs. x is (n_x, m, T_x); a, c (n_a, m, T_x); y (n_y, m, T_x). Weights act on column vectors:
Wax (n_a, n_x), Waa (n_a, n_a), Wya (n_y, n_a); the LSTM's gates act on the stack [a_prev; xt]
(n_a + n_x, m), a first: Wf, Wi, Wc, Wo (n_a, n_a + n_x).

The caches are the course's: `rnn_cell_forward` keeps (a_next, a_prev, xt, parameters), `rnn_forward`
(list of those, x); `lstm_cell_forward` keeps (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt,
parameters), `lstm_forward` (list of those, x).
"""

from __future__ import annotations

import numpy as np

from assignments.rnn_step_by_step.rnn_utils import sigmoid, softmax


def rnn_cell_forward(xt, a_prev, parameters):
    """One RNN step: a_next = tanh(Waa a_prev + Wax xt + ba), yt_pred = softmax(Wya a_next + by)."""
    Wax, Waa, Wya = parameters["Wax"], parameters["Waa"], parameters["Wya"]
    ba, by = parameters["ba"], parameters["by"]
    a_next = np.tanh(Waa @ a_prev + Wax @ xt + ba)  # (n_a, m)
    yt_pred = softmax(Wya @ a_next + by)  # (n_y, m)
    cache = (a_next, a_prev, xt, parameters)
    return a_next, yt_pred, cache


def rnn_forward(x, a0, parameters):
    """The RNN over all T_x steps from a0: (a (n_a, m, T_x), y_pred (n_y, m, T_x), caches)."""
    caches = []
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wya"].shape
    a = np.zeros((n_a, m, T_x))
    y_pred = np.zeros((n_y, m, T_x))
    a_next = a0
    for t in range(T_x):
        a_next, yt_pred, cache = rnn_cell_forward(x[:, :, t], a_next, parameters)
        a[:, :, t] = a_next
        y_pred[:, :, t] = yt_pred
        caches.append(cache)
    caches = (caches, x)
    return a, y_pred, caches


def lstm_cell_forward(xt, a_prev, c_prev, parameters):
    """One LSTM step; gates read concat = [a_prev; xt] (n_a + n_x, m).

    Returns:
        (a_next, c_next, yt_pred, cache), cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters).
    """
    Wf, bf = parameters["Wf"], parameters["bf"]  # forget gate
    Wi, bi = parameters["Wi"], parameters["bi"]  # update (input) gate
    Wc, bc = parameters["Wc"], parameters["bc"]  # candidate value
    Wo, bo = parameters["Wo"], parameters["bo"]  # output gate
    Wy, by = parameters["Wy"], parameters["by"]
    concat = np.concatenate([a_prev, xt], axis=0)
    ft = sigmoid(Wf @ concat + bf)
    it = sigmoid(Wi @ concat + bi)
    cct = np.tanh(Wc @ concat + bc)
    c_next = ft * c_prev + it * cct
    ot = sigmoid(Wo @ concat + bo)
    a_next = ot * np.tanh(c_next)
    yt_pred = softmax(Wy @ a_next + by)
    cache = (a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters)
    return a_next, c_next, yt_pred, cache


def lstm_forward(x, a0, parameters):
    """The LSTM over all T_x steps from a0 and c0 = 0: (a, y, c, caches)."""
    caches = []
    n_x, m, T_x = x.shape
    n_y, n_a = parameters["Wy"].shape
    a = np.zeros((n_a, m, T_x))
    c = np.zeros((n_a, m, T_x))
    y = np.zeros((n_y, m, T_x))
    a_next = a0
    c_next = np.zeros((n_a, m))
    for t in range(T_x):
        a_next, c_next, yt, cache = lstm_cell_forward(x[:, :, t], a_next, c_next, parameters)
        a[:, :, t] = a_next
        c[:, :, t] = c_next
        y[:, :, t] = yt
        caches.append(cache)
    caches = (caches, x)
    return a, y, c, caches


def rnn_cell_backward(da_next, cache):
    """Gradients of one RNN step, given the loss gradient with respect to a_next."""
    a_next, a_prev, xt, parameters = cache
    Wax, Waa = parameters["Wax"], parameters["Waa"]
    dtanh = da_next * (1 - a_next**2)  # through tanh: (n_a, m)
    dxt = Wax.T @ dtanh
    dWax = dtanh @ xt.T
    da_prev = Waa.T @ dtanh
    dWaa = dtanh @ a_prev.T
    dba = np.sum(dtanh, axis=1, keepdims=True)
    return {"dxt": dxt, "da_prev": da_prev, "dWax": dWax, "dWaa": dWaa, "dba": dba}


def rnn_backward(da, caches):
    """Backpropagation through time: da (n_a, m, T_x) is the loss gradient of every hidden state (from above)."""
    caches, x = caches
    a1, a0, x1, parameters = caches[0]
    n_a, m, T_x = da.shape
    n_x, m = x1.shape
    dx = np.zeros((n_x, m, T_x))
    dWax = np.zeros((n_a, n_x))
    dWaa = np.zeros((n_a, n_a))
    dba = np.zeros((n_a, 1))
    da_prevt = np.zeros((n_a, m))
    for t in reversed(range(T_x)):
        gradients = rnn_cell_backward(da[:, :, t] + da_prevt, caches[t])
        dx[:, :, t] = gradients["dxt"]
        da_prevt = gradients["da_prev"]
        dWax += gradients["dWax"]
        dWaa += gradients["dWaa"]
        dba += gradients["dba"]
    da0 = da_prevt
    return {"dx": dx, "da0": da0, "dWax": dWax, "dWaa": dWaa, "dba": dba}


def lstm_cell_backward(da_next, dc_next, cache):
    """Gradients of one LSTM step, given the loss gradients with respect to a_next and c_next."""
    a_next, c_next, a_prev, c_prev, ft, it, cct, ot, xt, parameters = cache
    n_a = a_next.shape[0]
    tanh_c = np.tanh(c_next)
    # Gate derivatives, each through its own non-linearity (sigmoid: g (1 - g); tanh: 1 - g^2).
    dot = da_next * tanh_c * ot * (1 - ot)
    dc = dc_next + da_next * ot * (1 - tanh_c**2)  # the cell state's total gradient
    dcct = dc * it * (1 - cct**2)
    dit = dc * cct * it * (1 - it)
    dft = dc * c_prev * ft * (1 - ft)
    concat = np.concatenate([a_prev, xt], axis=0).T  # (m, n_a + n_x)
    dWf, dWi, dWc, dWo = dft @ concat, dit @ concat, dcct @ concat, dot @ concat
    dbf = np.sum(dft, axis=1, keepdims=True)
    dbi = np.sum(dit, axis=1, keepdims=True)
    dbc = np.sum(dcct, axis=1, keepdims=True)
    dbo = np.sum(dot, axis=1, keepdims=True)
    Wf, Wi, Wc, Wo = parameters["Wf"], parameters["Wi"], parameters["Wc"], parameters["Wo"]
    dconcat = Wf.T @ dft + Wi.T @ dit + Wc.T @ dcct + Wo.T @ dot  # (n_a + n_x, m)
    da_prev = dconcat[:n_a]
    dxt = dconcat[n_a:]
    dc_prev = dc * ft
    return {
        "dxt": dxt, "da_prev": da_prev, "dc_prev": dc_prev, "dWf": dWf, "dbf": dbf, "dWi": dWi, "dbi": dbi,
        "dWc": dWc, "dbc": dbc, "dWo": dWo, "dbo": dbo,
    }  # fmt: skip


def lstm_backward(da, caches):
    """Backpropagation through time for the LSTM; T_x is read from da (n_a, m, T_x)."""
    caches, x = caches
    a1, c1, a0, c0, f1, i1, cc1, o1, x1, parameters = caches[0]
    n_a, m, T_x = da.shape
    n_x, m = x1.shape
    dx = np.zeros((n_x, m, T_x))
    da_prevt = np.zeros((n_a, m))
    dc_prevt = np.zeros((n_a, m))
    gradients_total = {name: np.zeros((n_a, n_a + n_x)) for name in ("dWf", "dWi", "dWc", "dWo")}
    gradients_total.update({name: np.zeros((n_a, 1)) for name in ("dbf", "dbi", "dbc", "dbo")})
    for t in reversed(range(T_x)):
        gradients = lstm_cell_backward(da[:, :, t] + da_prevt, dc_prevt, caches[t])
        dx[:, :, t] = gradients["dxt"]
        da_prevt, dc_prevt = gradients["da_prev"], gradients["dc_prev"]
        for name in gradients_total:
            gradients_total[name] += gradients[name]
    return {"dx": dx, "da0": da_prevt, **gradients_total}
