"""C5W1 A1 against independent implementations: the numpy forward passes equal keras.layers.SimpleRNN and
LSTM with the same weights (Keras keeps x @ W, one kernel for the four gates in the order i, f, c, o), and the
numpy backward passes equal tf.GradientTape's gradients and a numeric gradient check."""

from __future__ import annotations

import numpy as np
import pytest

from assignments.rnn_step_by_step import lstm_backward, lstm_forward, rnn_backward, rnn_forward

N_X, M, T_X, N_A, N_Y = 3, 4, 5, 6, 2


@pytest.fixture
def rng():
    return np.random.default_rng(7)


def rnn_weights(rng):
    return {"Wax": rng.normal(size=(N_A, N_X)), "Waa": rng.normal(size=(N_A, N_A)) * 0.5, "Wya": rng.normal(size=(N_Y, N_A)),
            "ba": rng.normal(size=(N_A, 1)), "by": rng.normal(size=(N_Y, 1))}  # fmt: skip


def lstm_weights(rng):
    weights = {}
    for gate in "fioc":
        weights[f"W{gate}"] = rng.normal(size=(N_A, N_A + N_X)) * 0.5
        weights[f"b{gate}"] = rng.normal(size=(N_A, 1))
    weights["Wy"], weights["by"] = rng.normal(size=(N_Y, N_A)), rng.normal(size=(N_Y, 1))
    return weights


def keras_lstm_weights(parameters):
    """Keras' (kernel (n_x, 4 n_a), recurrent (n_a, 4 n_a), bias (4 n_a,)) in its gate order i, f, c, o."""
    gates = [parameters[f"W{gate}"] for gate in "ifco"]
    kernel = np.concatenate([W[:, N_A:].T for W in gates], axis=1)  # the x part of [a_prev; xt]
    recurrent = np.concatenate([W[:, :N_A].T for W in gates], axis=1)
    bias = np.concatenate([parameters[f"b{gate}"][:, 0] for gate in "ifco"])
    return kernel, recurrent, bias


def to_keras(x):
    return np.ascontiguousarray(x.transpose(1, 2, 0))  # (n, m, T) -> (m, T, n)


def keras_run(layer, x, initial_state, da):
    """Keras' sequence of hidden states, and the gradients of sum(states * da) by tf.GradientTape."""
    import tensorflow as tf

    inputs = tf.Variable(to_keras(x))
    states = [tf.Variable(state.T) for state in initial_state]
    with tf.GradientTape() as tape:
        sequence = layer(inputs, initial_state=states)
        loss = tf.reduce_sum(sequence * to_keras(da))
    gradients = tape.gradient(loss, [inputs, states[0], *layer.weights])
    return sequence.numpy(), [gradient.numpy() for gradient in gradients]


def test_rnn_equals_keras_simple_rnn_forward_and_backward(rng):
    import keras

    parameters = rnn_weights(rng)
    x, a0, da = rng.normal(size=(N_X, M, T_X)), rng.normal(size=(N_A, M)), rng.normal(size=(N_A, M, T_X))
    layer = keras.layers.SimpleRNN(N_A, return_sequences=True, dtype="float64")
    layer.build((None, T_X, N_X))
    layer.set_weights([parameters["Wax"].T, parameters["Waa"].T, parameters["ba"][:, 0]])
    sequence, (dx, da0, dkernel, drecurrent, dbias) = keras_run(layer, x, [a0], da)

    a, _, caches = rnn_forward(x, a0, parameters)
    np.testing.assert_allclose(to_keras(a), sequence, rtol=1e-10, atol=1e-12)
    gradients = rnn_backward(da, caches)
    np.testing.assert_allclose(gradients["dWax"], dkernel.T, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gradients["dWaa"], drecurrent.T, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gradients["dba"][:, 0], dbias, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(to_keras(gradients["dx"]), dx, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gradients["da0"], da0.T, rtol=1e-9, atol=1e-12)


def test_lstm_equals_keras_lstm_forward_and_backward(rng):
    import keras

    parameters = lstm_weights(rng)
    x, a0, da = rng.normal(size=(N_X, M, T_X)), rng.normal(size=(N_A, M)), rng.normal(size=(N_A, M, T_X))
    layer = keras.layers.LSTM(N_A, return_sequences=True, dtype="float64")
    layer.build((None, T_X, N_X))
    layer.set_weights(list(keras_lstm_weights(parameters)))
    sequence, (dx, da0, dkernel, drecurrent, dbias) = keras_run(layer, x, [a0, np.zeros((N_A, M))], da)

    a, _, _, caches = lstm_forward(x, a0, parameters)
    np.testing.assert_allclose(to_keras(a), sequence, rtol=1e-10, atol=1e-12)
    gradients = lstm_backward(da, caches)
    expected_kernel, expected_recurrent, expected_bias = dkernel, drecurrent, dbias
    for index, gate in enumerate("ifco"):
        columns = slice(index * N_A, (index + 1) * N_A)
        np.testing.assert_allclose(gradients[f"dW{gate}"][:, N_A:], expected_kernel[:, columns].T, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(gradients[f"dW{gate}"][:, :N_A], expected_recurrent[:, columns].T, rtol=1e-9, atol=1e-12)
        np.testing.assert_allclose(gradients[f"db{gate}"][:, 0], expected_bias[columns], rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(to_keras(gradients["dx"]), dx, rtol=1e-9, atol=1e-12)
    np.testing.assert_allclose(gradients["da0"], da0.T, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("name", ["Wf", "Wi", "Wc", "Wo", "bf", "bo"])
def test_lstm_backward_passes_a_numeric_gradient_check(rng, name):
    parameters = lstm_weights(rng)
    x, a0, da = rng.normal(size=(N_X, M, T_X)), rng.normal(size=(N_A, M)), rng.normal(size=(N_A, M, T_X))

    def loss(values):
        return float(np.sum(lstm_forward(x, a0, {**parameters, name: values})[0] * da))

    analytic = lstm_backward(da, lstm_forward(x, a0, parameters)[3])[f"d{name}"]
    numeric = np.zeros_like(parameters[name])
    for index in np.ndindex(*parameters[name].shape):
        plus, minus = parameters[name].copy(), parameters[name].copy()
        plus[index] += 1e-6
        minus[index] -= 1e-6
        numeric[index] = (loss(plus) - loss(minus)) / 2e-6
    difference = np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric))
    assert difference < 1e-7, difference


def test_rnn_backward_passes_a_numeric_gradient_check(rng):
    parameters = rnn_weights(rng)
    x, a0, da = rng.normal(size=(N_X, M, T_X)), rng.normal(size=(N_A, M)), rng.normal(size=(N_A, M, T_X))
    analytic = rnn_backward(da, rnn_forward(x, a0, parameters)[2])["dWaa"]
    numeric = np.zeros_like(analytic)
    for index in np.ndindex(*analytic.shape):
        plus, minus = parameters["Waa"].copy(), parameters["Waa"].copy()
        plus[index] += 1e-6
        minus[index] -= 1e-6
        numeric[index] = (np.sum(rnn_forward(x, a0, {**parameters, "Waa": plus})[0] * da)
                          - np.sum(rnn_forward(x, a0, {**parameters, "Waa": minus})[0] * da)) / 2e-6  # fmt: skip
    assert np.linalg.norm(analytic - numeric) / (np.linalg.norm(analytic) + np.linalg.norm(numeric)) < 1e-7
