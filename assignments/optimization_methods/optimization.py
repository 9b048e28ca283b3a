"""The graded functions of Optimization methods, in notebook order, and the notebook's `model`.

Update rules on the parameters {"W1": ..., "b1": ...} with their gradients {"dW1": ..., "db1": ...}:
- gradient descent: theta -= lr * dtheta;
- momentum: v = beta v + (1 - beta) dtheta, theta -= lr * v;
- Adam: v as momentum (beta1), s = beta2 s + (1 - beta2) dtheta^2, both bias-corrected by 1 - beta^t,
  theta -= lr * v_corrected / (sqrt(s_corrected) + epsilon);
- learning-rate decay: lr0 / (1 + decay_rate * epoch), or stepped every `time_interval` epochs.
"""

from __future__ import annotations

import math

import numpy as np

from assignments.common import numpy_nets, three_layer_net


def update_parameters_with_gd(parameters, grads, learning_rate):
    """One gradient-descent step on every layer's W and b."""
    L = len(parameters) // 2
    for layer in range(1, L + 1):
        parameters["W" + str(layer)] = parameters["W" + str(layer)] - learning_rate * grads["dW" + str(layer)]
        parameters["b" + str(layer)] = parameters["b" + str(layer)] - learning_rate * grads["db" + str(layer)]
    return parameters


def random_mini_batches(X, Y, mini_batch_size=64, seed=0):
    """Shuffle the columns of (X, Y) with `seed`, then cut them into mini-batches (the last one may be smaller)."""
    np.random.seed(seed)
    m = X.shape[1]
    mini_batches = []
    # Step 1: one permutation shuffles X and Y alike.
    permutation = list(np.random.permutation(m))
    shuffled_X = X[:, permutation]
    shuffled_Y = Y[:, permutation].reshape((1, m))
    # Step 2: complete mini-batches, then the remainder.
    inc = mini_batch_size
    num_complete_minibatches = math.floor(m / mini_batch_size)
    for k in range(0, num_complete_minibatches):
        mini_batch_X = shuffled_X[:, k * inc : (k + 1) * inc]
        mini_batch_Y = shuffled_Y[:, k * inc : (k + 1) * inc]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    if m % mini_batch_size != 0:
        mini_batch_X = shuffled_X[:, num_complete_minibatches * inc :]
        mini_batch_Y = shuffled_Y[:, num_complete_minibatches * inc :]
        mini_batches.append((mini_batch_X, mini_batch_Y))
    return mini_batches


def initialize_velocity(parameters):
    """v["dW{l}"], v["db{l}"]: zeros shaped like each parameter."""
    L = len(parameters) // 2
    v = {}
    for layer in range(1, L + 1):
        v["dW" + str(layer)] = np.zeros(parameters["W" + str(layer)].shape)
        v["db" + str(layer)] = np.zeros(parameters["b" + str(layer)].shape)
    return v


def update_parameters_with_momentum(parameters, grads, v, beta, learning_rate):
    """v = beta v + (1 - beta) grad, then theta -= learning_rate * v; returns (parameters, v)."""
    L = len(parameters) // 2
    for layer in range(1, L + 1):
        v["dW" + str(layer)] = beta * v["dW" + str(layer)] + (1 - beta) * grads["dW" + str(layer)]
        v["db" + str(layer)] = beta * v["db" + str(layer)] + (1 - beta) * grads["db" + str(layer)]
        parameters["W" + str(layer)] = parameters["W" + str(layer)] - learning_rate * v["dW" + str(layer)]
        parameters["b" + str(layer)] = parameters["b" + str(layer)] - learning_rate * v["db" + str(layer)]
    return parameters, v


def initialize_adam(parameters):
    """(v, s): zeros shaped like each parameter, keyed dW{l} / db{l}."""
    L = len(parameters) // 2
    v, s = {}, {}
    for layer in range(1, L + 1):
        for name in ("W", "b"):
            v["d" + name + str(layer)] = np.zeros(parameters[name + str(layer)].shape)
            s["d" + name + str(layer)] = np.zeros(parameters[name + str(layer)].shape)
    return v, s


def update_parameters_with_adam(parameters, grads, v, s, t, learning_rate=0.01, beta1=0.9, beta2=0.999, epsilon=1e-8):
    """One Adam step at step count t; returns (parameters, v, s, v_corrected, s_corrected)."""
    L = len(parameters) // 2
    v_corrected, s_corrected = {}, {}
    for layer in range(1, L + 1):
        for name in ("W", "b"):
            key = "d" + name + str(layer)
            # The moving averages of the gradient and of its square, then their bias corrections.
            v[key] = beta1 * v[key] + (1 - beta1) * grads[key]
            v_corrected[key] = v[key] / (1 - np.power(beta1, t))
            s[key] = beta2 * s[key] + (1 - beta2) * np.power(grads[key], 2)
            s_corrected[key] = s[key] / (1 - np.power(beta2, t))
            parameters[name + str(layer)] = parameters[name + str(layer)] - learning_rate * v_corrected[key] / (
                np.sqrt(s_corrected[key]) + epsilon
            )
    return parameters, v, s, v_corrected, s_corrected


def update_lr(learning_rate0, epoch_num, decay_rate):
    """learning_rate0 / (1 + decay_rate * epoch_num)."""
    learning_rate = 1 / (1 + decay_rate * epoch_num) * learning_rate0
    return learning_rate


def schedule_lr_decay(learning_rate0, epoch_num, decay_rate, time_interval=1000):
    """learning_rate0 / (1 + decay_rate * floor(epoch_num / time_interval)): decay in steps."""
    learning_rate = 1 / (1 + decay_rate * np.floor(epoch_num / time_interval)) * learning_rate0
    return learning_rate


def initialize_parameters(layer_dims):
    """`opt_utils.initialize_parameters`: seed 3, He-scaled randn, zero biases."""
    return numpy_nets.initialize_deep(layer_dims, scale="he", seed=3)


def compute_cost(a3, Y):
    """The *sum* of the cross-entropy over the mini-batch (the model divides by m once per epoch)."""
    return np.sum(three_layer_net.cross_entropy_terms(a3, Y))
