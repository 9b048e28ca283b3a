"""The course's `gc_utils` helpers and the 3-layer network the N-dimensional check runs on.

`dictionary_to_vector` / `vector_to_dictionary` / `gradients_to_vector` flatten the parameters in the
order W1, b1, W2, b2, W3, b3 (47 values for layers 4, 5, 3, 1). `backward_propagation_n_with_planted_bugs`
is the backward pass as the course hands it out, with its two deliberate mistakes (dW2 doubled, db1 with
4/m); `backward_propagation_n` is the correct one.
"""

from __future__ import annotations

import numpy as np

from assignments.common import three_layer_net

SHAPES = (("W1", (5, 4)), ("b1", (5, 1)), ("W2", (3, 5)), ("b2", (3, 1)), ("W3", (1, 3)), ("b3", (1, 1)))


def dictionary_to_vector(parameters):
    """(theta (n, 1), keys): the parameters stacked as one column, and each value's name."""
    keys, pieces = [], []
    for name, _ in SHAPES:
        column = np.reshape(parameters[name], (-1, 1))
        keys += [name] * column.shape[0]
        pieces.append(column)
    return np.concatenate(pieces, axis=0), keys


def vector_to_dictionary(theta):
    """The inverse of `dictionary_to_vector` for the course's 4-5-3-1 network."""
    parameters, start = {}, 0
    for name, shape in SHAPES:
        size = shape[0] * shape[1]
        parameters[name] = theta[start : start + size].reshape(shape)
        start += size
    return parameters


def gradients_to_vector(gradients):
    """dW1, db1, ..., db3 stacked as one column, in the parameters' order."""
    return np.concatenate([np.reshape(gradients["d" + name], (-1, 1)) for name, _ in SHAPES], axis=0)


def forward_propagation_n(X, Y, parameters):
    """(cost, cache): the mean cross-entropy of the 3-layer network and its cache."""
    m = X.shape[1]
    A3, cache = three_layer_net.forward_propagation(X, parameters)
    cost = 1.0 / m * np.sum(three_layer_net.cross_entropy_terms(A3, Y))
    return cost, cache


def backward_propagation_n(X, Y, cache):
    """The correct gradients of `forward_propagation_n`'s cost."""
    return _backward(X, Y, cache, dW2_factor=1.0, db1_numerator=1.0)


def backward_propagation_n_with_planted_bugs(X, Y, cache):
    """The course's hand-out: dW2 has an extra factor 2 and db1 uses 4/m instead of 1/m."""
    return _backward(X, Y, cache, dW2_factor=2.0, db1_numerator=4.0)


def _backward(X, Y, cache, dW2_factor: float, db1_numerator: float):
    m = X.shape[1]
    (Z1, A1, W1, b1, Z2, A2, W2, b2, Z3, A3, W3, b3) = cache
    dZ3 = A3 - Y
    dW3 = 1.0 / m * np.dot(dZ3, A2.T)
    db3 = 1.0 / m * np.sum(dZ3, axis=1, keepdims=True)
    dA2 = np.dot(W3.T, dZ3)
    dZ2 = np.multiply(dA2, np.int64(A2 > 0))
    dW2 = 1.0 / m * np.dot(dZ2, A1.T) * dW2_factor  # a factor of 1.0 is exact: the correct pass
    db2 = 1.0 / m * np.sum(dZ2, axis=1, keepdims=True)
    dA1 = np.dot(W2.T, dZ2)
    dZ1 = np.multiply(dA1, np.int64(A1 > 0))
    dW1 = 1.0 / m * np.dot(dZ1, X.T)
    db1 = db1_numerator / m * np.sum(dZ1, axis=1, keepdims=True)
    return {
        "dZ3": dZ3, "dW3": dW3, "db3": db3, "dA2": dA2, "dZ2": dZ2, "dW2": dW2, "db2": db2,
        "dA1": dA1, "dZ1": dZ1, "dW1": dW1, "db1": db1,
    }  # fmt: skip
