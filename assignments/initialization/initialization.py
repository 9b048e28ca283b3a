"""The graded initialisations of the Initialization assignment, and the notebook's `model` that compares them.

Three ways to start the same 3-layer ReLU network (`assignments.common.three_layer_net`):
- zeros: every unit computes the same thing, forever (symmetry is never broken);
- random * 10: symmetry broken, but the huge weights saturate the sigmoid (a first cost of inf);
- He: randn * sqrt(2 / n_{l-1}), the scale that keeps ReLU activations' variance steady.
"""

from __future__ import annotations

import numpy as np

from assignments.common.three_layer_net import backward_propagation, compute_loss, forward_propagation, update_parameters


def initialize_parameters_zeros(layers_dims):
    """W{l} and b{l} all zeros."""
    parameters = {}
    L = len(layers_dims)
    for layer in range(1, L):
        parameters["W" + str(layer)] = np.zeros((layers_dims[layer], layers_dims[layer - 1]))
        parameters["b" + str(layer)] = np.zeros((layers_dims[layer], 1))
    return parameters


def initialize_parameters_random(layers_dims):
    """Seed 3; W{l} = randn(n_l, n_{l-1}) * 10, zero biases."""
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims)
    for layer in range(1, L):
        parameters["W" + str(layer)] = np.random.randn(layers_dims[layer], layers_dims[layer - 1]) * 10
        parameters["b" + str(layer)] = np.zeros((layers_dims[layer], 1))
    return parameters


def initialize_parameters_he(layers_dims):
    """Seed 3; W{l} = randn(n_l, n_{l-1}) * sqrt(2 / n_{l-1}), zero biases."""
    np.random.seed(3)
    parameters = {}
    L = len(layers_dims) - 1  # the number of layers with weights
    for layer in range(1, L + 1):
        parameters["W" + str(layer)] = np.random.randn(layers_dims[layer], layers_dims[layer - 1]) * np.sqrt(
            2.0 / layers_dims[layer - 1]
        )
        parameters["b" + str(layer)] = np.zeros((layers_dims[layer], 1))
    return parameters


INITIALIZERS = {"zeros": initialize_parameters_zeros, "random": initialize_parameters_random, "he": initialize_parameters_he}


def model(X, Y, learning_rate=0.01, num_iterations=15000, print_cost=True, initialization="he", cost_log=None):
    """The notebook's 3-layer model (layers n_x, 10, 5, 1) trained from the chosen initialisation.

    Args:
        cost_log: ours, optional: a list that receives (iteration, cost) every 100 iterations, for plots.
    """
    layers_dims = [X.shape[0], 10, 5, 1]
    if initialization not in INITIALIZERS:
        raise ValueError(f"initialization must be one of {sorted(INITIALIZERS)}. Received: {initialization!r}")
    parameters = INITIALIZERS[initialization](layers_dims)
    for i in range(num_iterations):
        a3, cache = forward_propagation(X, parameters)
        cost = compute_loss(a3, Y)
        grads = backward_propagation(X, Y, cache)
        parameters = update_parameters(parameters, grads, learning_rate)
        if cost_log is not None and i % 100 == 0:
            cost_log.append((i, cost))
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost}")
    return parameters
