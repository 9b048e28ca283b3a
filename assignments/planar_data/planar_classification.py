"""The graded functions of planar data classification, in notebook order: a 2-layer network
(LINEAR -> TANH -> LINEAR -> SIGMOID) trained by gradient descent on 2-D points.

X is (n_x, m), Y is (1, m); the parameters are W1 (n_h, n_x), b1 (n_h, 1), W2 (n_y, n_h), b2 (n_y, 1).
"""

from __future__ import annotations

import copy

import numpy as np

from assignments.common.numpy_nets import sigmoid


def layer_sizes(X, Y):
    """(n_x, n_h, n_y): the input size, the course's 4 hidden units, the output size."""
    n_x = X.shape[0]
    n_h = 4
    n_y = Y.shape[0]
    return (n_x, n_h, n_y)


def initialize_parameters(n_x, n_h, n_y):
    """Small random weights (randn * 0.01, W1 drawn before W2) and zero biases; the caller seeds."""
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def forward_propagation(X, parameters):
    """A2 = sigmoid(W2 tanh(W1 X + b1) + b2), and the cache backward_propagation needs."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    Z1 = np.dot(W1, X) + b1  # (n_h, m)
    A1 = np.tanh(Z1)
    Z2 = np.dot(W2, A1) + b2  # (n_y, m)
    A2 = sigmoid(Z2)
    cache = {"Z1": Z1, "A1": A1, "Z2": Z2, "A2": A2}
    return A2, cache


def compute_cost(A2, Y):
    """The cross-entropy averaged over the m examples, as a Python float."""
    m = Y.shape[1]
    logprobs = np.multiply(np.log(A2), Y) + np.multiply(np.log(1 - A2), 1 - Y)
    cost = -np.sum(logprobs) / m
    cost = float(np.squeeze(cost))
    return cost


def backward_propagation(parameters, cache, X, Y):
    """Gradients of the cost: dZ2 = A2 - Y, then back through W2 and tanh (tanh' = 1 - A1^2)."""
    m = X.shape[1]
    W2 = parameters["W2"]
    A1, A2 = cache["A1"], cache["A2"]
    dZ2 = A2 - Y
    dW2 = (1 / m) * np.dot(dZ2, A1.T)
    db2 = (1 / m) * np.sum(dZ2, axis=1, keepdims=True)
    dZ1 = np.dot(W2.T, dZ2) * (1 - np.power(A1, 2))
    dW1 = (1 / m) * np.dot(dZ1, X.T)
    db1 = (1 / m) * np.sum(dZ1, axis=1, keepdims=True)
    return {"dW1": dW1, "db1": db1, "dW2": dW2, "db2": db2}


def update_parameters(parameters, grads, learning_rate=1.2):
    """One gradient-descent step on every parameter (on copies: the caller's arrays are left alone)."""
    W1, b1 = copy.deepcopy(parameters["W1"]), parameters["b1"]
    W2, b2 = copy.deepcopy(parameters["W2"]), parameters["b2"]
    W1 = W1 - learning_rate * grads["dW1"]
    b1 = b1 - learning_rate * grads["db1"]
    W2 = W2 - learning_rate * grads["dW2"]
    b2 = b2 - learning_rate * grads["db2"]
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def nn_model(X, Y, n_h, num_iterations=10000, print_cost=False, cost_log=None):
    """Trains the 2-layer network: seed 3, initialise, then forward, cost, backward, update each iteration.

    Args:
        cost_log: ours, optional: a list that receives (iteration, cost) every 100 iterations, for plots.
    """
    np.random.seed(3)
    n_x, _, n_y = layer_sizes(X, Y)
    parameters = initialize_parameters(n_x, n_h, n_y)
    for i in range(0, num_iterations):
        A2, cache = forward_propagation(X, parameters)
        cost = compute_cost(A2, Y)
        grads = backward_propagation(parameters, cache, X, Y)
        parameters = update_parameters(parameters, grads)
        if cost_log is not None and i % 100 == 0:
            cost_log.append((i, cost))
        if print_cost and i % 1000 == 0:
            print(f"Cost after iteration {i}: {cost:f}")
    return parameters


def predict(parameters, X):
    """True where the network's output is over 0.5: (1, m) booleans."""
    A2, cache = forward_propagation(X, parameters)
    predictions = A2 > 0.5
    return predictions


def accuracy(predictions, Y) -> float:
    """The course's accuracy in percent: (Y.P^T + (1 - Y).(1 - P)^T) / m * 100."""
    predictions = predictions.astype(float)
    correct = np.dot(Y, predictions.T) + np.dot(1 - Y, 1 - predictions.T)
    return float(correct.item() / Y.size * 100)
