"""The graded functions of the Regularization assignment, in notebook order, and the notebook's `model`.

The network is the course's 3-layer LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID
(`assignments.common.three_layer_net`). L2 adds lambd / (2m) * sum(W^2) to the cost and lambd / m * W to
each dW; dropout zeroes each hidden unit with probability 1 - keep_prob and scales the survivors by
1 / keep_prob, with the same masks in the backward pass.
"""

from __future__ import annotations

import numpy as np

from assignments.common import numpy_nets
from assignments.common.three_layer_net import compute_loss, forward_propagation, update_parameters


def compute_cost_with_regularization(A3, Y, parameters, lambd):
    """The cross-entropy plus the L2 penalty lambd / (2m) * (||W1||^2 + ||W2||^2 + ||W3||^2)."""
    m = Y.shape[1]
    W1, W2, W3 = parameters["W1"], parameters["W2"], parameters["W3"]
    cross_entropy_cost = compute_loss(A3, Y)
    L2_regularization_cost = (1 / m) * (lambd / 2) * (np.sum(np.square(W1)) + np.sum(np.square(W2)) + np.sum(np.square(W3)))
    cost = cross_entropy_cost + L2_regularization_cost
    return cost


def backward_propagation_with_regularization(X, Y, cache, lambd):
    """The 3-layer backward pass with lambd / m * W added to each dW."""
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T) + (lambd / m) * W3
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) + (lambd / m) * W2
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T) + (lambd / m) * W1
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {
        "dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
        "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1,
    }  # fmt: skip


def forward_propagation_with_dropout(X, parameters, keep_prob=0.5):
    """The forward pass with inverted dropout on the two hidden layers (seed 1 first: D1 drawn before D2)."""
    np.random.seed(1)
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = np.dot(W1, X) + b1
    A1 = numpy_nets.relu(Z1)
    D1 = np.random.rand(A1.shape[0], A1.shape[1])  # step 1: uniform draws, one per unit and example
    D1 = (D1 < keep_prob).astype(int)  # step 2: keep with probability keep_prob
    A1 = A1 * D1  # step 3: shut the others down
    A1 = A1 / keep_prob  # step 4: keep the expected activation unchanged
    Z2 = np.dot(W2, A1) + b2
    A2 = numpy_nets.relu(Z2)
    D2 = np.random.rand(A2.shape[0], A2.shape[1])
    D2 = (D2 < keep_prob).astype(int)
    A2 = A2 * D2
    A2 = A2 / keep_prob
    Z3 = np.dot(W3, A2) + b3
    A3 = numpy_nets.sigmoid(Z3)
    cache = (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3)
    return A3, cache


def backward_propagation_with_dropout(X, Y, cache, keep_prob):
    """The backward pass through the same dropout masks, scaled by 1 / keep_prob."""
    m = X.shape[1]
    (Z1, D1, A1, W1, b1, Z2, D2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dA2 = dA2 * D2  # the units shut down in the forward pass get no gradient
    dA2 = dA2 / keep_prob
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T)
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dA1 = dA1 * D1
    dA1 = dA1 / keep_prob
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = 1.0 / m * np.sum(dZ1, axis=1, keepdims=True)
    return {
        "dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
        "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1,
    }  # fmt: skip


def initialize_parameters(layer_dims):
    """`reg_utils.initialize_parameters`: seed 3, W{l} = randn / sqrt(n_{l-1}), zero biases."""
    return numpy_nets.initialize_deep(layer_dims, scale="xavier", seed=3)


def model(X, Y, learning_rate=0.3, num_iterations=30000, print_cost=True, lambd=0, keep_prob=1, cost_log=None):
    """The notebook's model (layers n_x, 20, 3, 1): no regularisation, L2 (lambd > 0) or dropout (keep_prob < 1).

    Args:
        cost_log: ours, optional: a list that receives (iteration, cost) every 1000 iterations, for plots.
    """
    if lambd != 0 and keep_prob != 1:
        raise ValueError(f"use L2 or dropout, not both (the notebook's rule). Received: lambd={lambd}, keep_prob={keep_prob}")
    parameters = initialize_parameters([X.shape[0], 20, 3, 1])
    for i in range(0, num_iterations):
        if keep_prob == 1:
            a3, cache = forward_propagation(X, parameters)
        else:
            a3, cache = forward_propagation_with_dropout(X, parameters, keep_prob)
        cost = compute_cost_with_regularization(a3, Y, parameters, lambd) if lambd != 0 else compute_loss(a3, Y)
        if keep_prob == 1:
            # lambd = 0 adds exact zeros: the plain backward pass of the course's helpers.
            grads = backward_propagation_with_regularization(X, Y, cache, lambd)
        else:
            grads = backward_propagation_with_dropout(X, Y, cache, keep_prob)
        parameters = update_parameters(parameters, grads, learning_rate)
        if cost_log is not None and i % 1000 == 0:
            cost_log.append((i, cost))
        if print_cost and i % 10000 == 0:
            print(f"Cost after iteration {i}: {cost}")
    return parameters
