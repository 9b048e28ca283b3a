"""The Course 1 backward passes against independent gradients: TensorFlow's GradientTape on the same cost,
and centred finite differences. Also: the shared numpy plumbing equals the week's graded steps."""

from __future__ import annotations

import numpy as np
import pytest

from assignments.common import numpy_nets
from assignments.common.quiet import import_tensorflow_quietly


@pytest.fixture(scope="module")
def tf():
    import_tensorflow_quietly()
    import tensorflow

    return tensorflow


def random_network(layer_dims, m, seed):
    rng = np.random.default_rng(seed)
    parameters = {}
    for layer in range(1, len(layer_dims)):
        parameters[f"W{layer}"] = rng.normal(size=(layer_dims[layer], layer_dims[layer - 1])) * 0.7
        parameters[f"b{layer}"] = rng.normal(size=(layer_dims[layer], 1)) * 0.1
    X = rng.normal(size=(layer_dims[0], m))
    Y = (rng.random((1, m)) < 0.5).astype(float)
    return parameters, X, Y


def tape_gradients(tf, parameters, X, Y, activations):
    """d(mean cross-entropy)/d(every parameter), by TensorFlow's autodiff on the same network in float64."""
    variables = {name: tf.Variable(value, dtype=tf.float64) for name, value in parameters.items()}
    functions = {"relu": tf.nn.relu, "sigmoid": tf.sigmoid, "tanh": tf.tanh}
    with tf.GradientTape() as tape:
        A = tf.constant(X, dtype=tf.float64)
        for layer, name in enumerate(activations, start=1):
            A = functions[name](variables[f"W{layer}"] @ A + variables[f"b{layer}"])
        cost = -tf.reduce_mean(Y * tf.math.log(A) + (1 - Y) * tf.math.log(1 - A))
    gradients = tape.gradient(cost, variables)
    return {"d" + name: gradient.numpy() for name, gradient in gradients.items()}


@pytest.mark.parametrize("activations", [("relu", "relu", "sigmoid"), ("tanh", "sigmoid"), ("sigmoid",)])
def test_shared_deep_backward_matches_gradient_tape(tf, activations):
    layer_dims = [4, 5, 3, 1][: len(activations) + 1]
    layer_dims[-1] = 1
    parameters, X, Y = random_network(layer_dims, m=7, seed=len(activations))
    AL, caches = numpy_nets.deep_forward(X, parameters, activations)
    grads = numpy_nets.deep_backward(AL, Y, caches, activations)
    expected = tape_gradients(tf, parameters, X, Y, activations)
    for name, value in expected.items():
        np.testing.assert_allclose(grads[name], value, rtol=1e-9, atol=1e-12, err_msg=name)


def test_step_by_step_L_model_backward_matches_gradient_tape(tf):
    from assignments.deep_nn_step_by_step import L_model_backward, L_model_forward

    parameters, X, Y = random_network([5, 4, 3, 1], m=6, seed=3)
    AL, caches = L_model_forward(X, parameters)
    grads = L_model_backward(AL, Y, caches)
    expected = tape_gradients(tf, parameters, X, Y, ("relu", "relu", "sigmoid"))
    for name, value in expected.items():
        np.testing.assert_allclose(grads[name], value, rtol=1e-9, atol=1e-12, err_msg=name)


def test_planar_backward_propagation_matches_gradient_tape(tf):
    from assignments.planar_data import backward_propagation, forward_propagation

    parameters, X, Y = random_network([2, 4, 1], m=9, seed=5)
    A2, cache = forward_propagation(X, parameters)
    grads = backward_propagation(parameters, cache, X, Y)
    expected = tape_gradients(tf, parameters, X, Y, ("tanh", "sigmoid"))
    for name, value in expected.items():
        np.testing.assert_allclose(grads[name], value, rtol=1e-9, atol=1e-12, err_msg=name)


def test_step_by_step_backward_passes_a_numeric_gradient_check():
    from assignments.deep_nn_step_by_step.commands import numeric_gradient_difference

    parameters, X, Y = random_network([3, 4, 2, 1], m=5, seed=7)
    assert numeric_gradient_difference(X, Y, parameters) < 1e-7
    # A planted bug (db of the last layer doubled) must be seen by the same check.
    from assignments.deep_nn_step_by_step import dnn_step_by_step

    original = dnn_step_by_step.linear_backward

    def buggy(dZ, cache):
        dA_prev, dW, db = original(dZ, cache)
        return dA_prev, dW, 2 * db

    dnn_step_by_step.linear_backward = buggy
    try:
        assert numeric_gradient_difference(X, Y, parameters) > 1e-3
    finally:
        dnn_step_by_step.linear_backward = original


def test_shared_plumbing_equals_the_graded_steps():
    from assignments.deep_nn_step_by_step import L_model_backward, L_model_forward, update_parameters

    parameters, X, Y = random_network([6, 5, 4, 1], m=8, seed=11)
    AL, caches = L_model_forward(X, parameters)
    shared_AL, shared_caches = numpy_nets.deep_forward(X, parameters)
    np.testing.assert_allclose(AL, shared_AL, rtol=1e-14)
    grads, shared = L_model_backward(AL, Y, caches), numpy_nets.deep_backward(shared_AL, Y, shared_caches)
    assert sorted(grads) == sorted(shared)
    for name in grads:
        np.testing.assert_allclose(grads[name], shared[name], rtol=1e-12, atol=1e-15, err_msg=name)
    stepped, shared_step = update_parameters(parameters, grads, 0.1), numpy_nets.gradient_descent_update(parameters, grads, 0.1)
    for name in stepped:
        np.testing.assert_array_equal(stepped[name], shared_step[name])
