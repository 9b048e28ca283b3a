"""C2W2A1's update rules against Keras's own optimizers on the same problem: the course's 3-layer network
on its moons, mini-batch gradients from our backward pass, fed step by step to `keras.optimizers.SGD`
(plain and with momentum) and `keras.optimizers.Adam`, which update `keras.Variable`s on their own."""

from __future__ import annotations

import numpy as np
import pytest

from assignments.common.quiet import import_tensorflow_quietly
from assignments.common.three_layer_net import backward_propagation, forward_propagation
from assignments.optimization_methods import optimization

STEPS = 40
# Powers of two: Keras keeps the learning rate as a float32 variable, and these survive that exactly.
RATE = 0.0625
BETA = 0.875
ADAM_RATE = 0.0078125
BETA2 = 1 - 2**-10  # Keras casts beta_2 to float32 too: 0.999 would become 0.99900001


@pytest.fixture(scope="module")
def keras():
    import_tensorflow_quietly()
    import keras

    return keras


def problem():
    from assignments.optimization_methods.synthetic import load_dataset

    X, Y = load_dataset()
    return X, Y, optimization.initialize_parameters([2, 5, 2, 1])


def gradients(parameters, X, Y, step):
    batch_X, batch_Y = optimization.random_mini_batches(X, Y, 64, seed=step)[0]
    _, cache = forward_propagation(batch_X, parameters)
    grads = backward_propagation(batch_X, batch_Y, cache)
    return {name: grads["d" + name] for name in parameters}


def run_keras(keras, optimizer, X, Y, parameters):
    variables = {name: keras.Variable(value.astype("float64"), dtype="float64") for name, value in parameters.items()}
    for step in range(1, STEPS + 1):
        current = {name: np.asarray(variable.numpy()) for name, variable in variables.items()}
        grads = gradients(current, X, Y, step)
        optimizer.apply([grads[name] for name in variables], list(variables.values()))
    return {name: np.asarray(variable.numpy()) for name, variable in variables.items()}


def run_ours(update, X, Y, parameters):
    parameters = {name: value.copy() for name, value in parameters.items()}
    state = update.start(parameters)
    for step in range(1, STEPS + 1):
        grads = {"d" + name: value for name, value in gradients(parameters, X, Y, step).items()}
        parameters, state = update.step(parameters, grads, state, step)
    return parameters


class GradientDescent:
    start = staticmethod(lambda parameters: None)
    step = staticmethod(
        lambda parameters, grads, state, t: (optimization.update_parameters_with_gd(parameters, grads, RATE), None)
    )


class Momentum:
    start = staticmethod(optimization.initialize_velocity)
    step = staticmethod(
        lambda parameters, grads, v, t: optimization.update_parameters_with_momentum(parameters, grads, v, BETA, RATE)
    )


class Adam:
    start = staticmethod(optimization.initialize_adam)

    @staticmethod
    def step(parameters, grads, state, t):
        v, s = state
        parameters, v, s, _, _ = optimization.update_parameters_with_adam(
            parameters, grads, v, s, t, ADAM_RATE, BETA, BETA2, 1e-12
        )
        return parameters, (v, s)


def test_gradient_descent_matches_keras_sgd(keras):
    X, Y, start = problem()
    ours = run_ours(GradientDescent, X, Y, start)
    theirs = run_keras(keras, keras.optimizers.SGD(learning_rate=RATE), X, Y, start)
    for name in ours:
        np.testing.assert_allclose(ours[name], theirs[name], rtol=1e-10, atol=1e-12, err_msg=name)


def test_momentum_matches_keras_sgd_with_momentum(keras):
    # The course averages (v = beta v + (1 - beta) g, step lr v); Keras accumulates (v = beta v - lr' g):
    # the same trajectory when lr' = lr (1 - beta).
    X, Y, start = problem()
    ours = run_ours(Momentum, X, Y, start)
    theirs = run_keras(keras, keras.optimizers.SGD(learning_rate=RATE * (1 - BETA), momentum=BETA), X, Y, start)
    for name in ours:
        np.testing.assert_allclose(ours[name], theirs[name], rtol=1e-9, atol=1e-12, err_msg=name)


def test_adam_matches_keras_adam(keras):
    # Keras folds the bias corrections into the step size and adds epsilon to the uncorrected sqrt(s):
    # with a negligible epsilon the two rules are the same.
    X, Y, start = problem()
    ours = run_ours(Adam, X, Y, start)
    theirs = run_keras(
        keras, keras.optimizers.Adam(learning_rate=ADAM_RATE, beta_1=BETA, beta_2=BETA2, epsilon=1e-12), X, Y, start
    )
    for name in ours:
        np.testing.assert_allclose(ours[name], theirs[name], rtol=1e-7, atol=1e-10, err_msg=name)
