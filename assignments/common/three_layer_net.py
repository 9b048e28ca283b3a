"""The 3-layer network of Course 2's helper files (`init_utils`, `reg_utils`, `gc_utils`, `opt_utils`):
LINEAR -> RELU -> LINEAR -> RELU -> LINEAR -> SIGMOID, with its cache as a flat tuple.

It is written as those helpers write it (dz3 = (a3 - Y) / m first, the ReLU mask as an int64 product),
because the course's printed costs are reproduced to the last digits and the order of the floating-point
operations decides them. Cache: (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3).
"""

from __future__ import annotations

import numpy as np

from assignments.common.numpy_nets import relu, sigmoid


def forward_propagation(X, parameters):
    """a3 (1, m) and the cache tuple."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    z1 = np.dot(W1, X) + b1
    a1 = relu(z1)
    z2 = np.dot(W2, a1) + b2
    a2 = relu(z2)
    z3 = np.dot(W3, a2) + b3
    a3 = sigmoid(z3)
    return a3, (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3)


def backward_propagation(X, Y, cache):
    """The gradients of the mean cross-entropy: dz{l}, dW{l}, db{l}, da{l} for the three layers."""
    m = X.shape[1]
    (z1, a1, W1, b1, z2, a2, W2, b2, z3, a3, W3, b3) = cache
    dz3 = 1.0 / m * (a3 - Y)
    dW3 = np.dot(dz3, a2.T)
    db3 = np.sum(dz3, axis=1, keepdims=True)
    da2 = np.dot(W3.T, dz3)
    dz2 = np.multiply(da2, np.int64(a2 > 0))
    dW2 = np.dot(dz2, a1.T)
    db2 = np.sum(dz2, axis=1, keepdims=True)
    da1 = np.dot(W2.T, dz2)
    dz1 = np.multiply(da1, np.int64(a1 > 0))
    dW1 = np.dot(dz1, X.T)
    db1 = np.sum(dz1, axis=1, keepdims=True)
    return {
        "dz3": dz3, "dW3": dW3, "db3": db3, "da2": da2, "dz2": dz2, "dW2": dW2, "db2": db2,
        "da1": da1, "dz1": dz1, "dW1": dW1, "db1": db1,
    }  # fmt: skip


def cross_entropy_terms(a3, Y):
    """-(Y log a3 + (1 - Y) log(1 - a3)) per example; 0 log 0 gives NaN, which the nansum callers skip."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.multiply(-np.log(a3), Y) + np.multiply(-np.log(1 - a3), 1 - Y)


def compute_loss(a3, Y):
    """The mean cross-entropy with `np.nansum`, as `init_utils` / `reg_utils` compute it."""
    m = Y.shape[1]
    return 1.0 / m * np.nansum(cross_entropy_terms(a3, Y))


def update_parameters(parameters, grads, learning_rate):
    """W{l} -= learning_rate dW{l}, b{l} -= learning_rate db{l}, in place (as the helpers do), returned."""
    for layer in range(1, len(parameters) // 2 + 1):
        parameters[f"W{layer}"] = parameters[f"W{layer}"] - learning_rate * grads[f"dW{layer}"]
        parameters[f"b{layer}"] = parameters[f"b{layer}"] - learning_rate * grads[f"db{layer}"]
    return parameters


def predict(X, y, parameters, verbose: bool = True):
    """(1, m) 0 / 1 predictions; prints "Accuracy: ..." as the helpers do (unless verbose is False)."""
    a3, _ = forward_propagation(X, parameters)
    p = (a3 > 0.5).astype(int)
    if verbose:
        print("Accuracy: " + str(np.mean(p[0, :] == y[0, :])))
    return p


def predict_dec(parameters, X):
    """Predictions for the decision-boundary plots: (1, k) booleans."""
    a3, _ = forward_propagation(X, parameters)
    return a3 > 0.5
