"""The course's `dnn_app_utils_v3` helpers, in its calling convention, over the shared numpy plumbing.

Caches are the course's: ((A_prev, W, b), Z) per layer. `initialize_parameters_deep` here scales by
1 / sqrt(n_{l-1}) (the step-by-step assignment's 0.01 leaves a 4-layer ReLU network stuck), and the cost
is written with dot products, as the helper file writes it, so the printed costs match to the last digit.
"""

from __future__ import annotations

import numpy as np

from assignments.common import numpy_nets


def initialize_parameters(n_x, n_h, n_y):
    """Seed 1; W1, W2 = randn * 0.01; zero biases."""
    return numpy_nets.initialize_deep((n_x, n_h, n_y), scale=0.01, seed=1)


def initialize_parameters_deep(layer_dims):
    """Seed 1; W{l} = randn(n_l, n_{l-1}) / sqrt(n_{l-1}); zero biases."""
    return numpy_nets.initialize_deep(layer_dims, scale="xavier", seed=1)


def linear_activation_forward(A_prev, W, b, activation):
    """(A, ((A_prev, W, b), Z)) for one LINEAR -> "relu" / "sigmoid" layer."""
    A, Z = numpy_nets.layer_forward(A_prev, W, b, activation)
    return A, ((A_prev, W, b), Z)


def linear_activation_backward(dA, cache, activation):
    """(dA_prev, dW, db) for one layer, from its cache."""
    (A_prev, W, _), Z = cache
    return numpy_nets.layer_backward(dA, A_prev, W, Z, activation)


def L_model_forward(X, parameters):
    """AL and the course's caches for [LINEAR -> RELU] x (L - 1), LINEAR -> SIGMOID."""
    AL, caches = numpy_nets.deep_forward(X, parameters)
    return AL, [((A_prev, W, b), Z) for A_prev, W, b, Z in caches]


def compute_cost(AL, Y):
    """(1/m) (-Y.log(AL)^T - (1 - Y).log(1 - AL)^T), squeezed."""
    m = Y.shape[1]
    cost = (1.0 / m) * (-np.dot(Y, np.log(AL).T) - np.dot(1 - Y, np.log(1 - AL).T))
    return np.squeeze(cost)


def L_model_backward(AL, Y, caches):
    """Every gradient, keys dA{l-1}, dW{l}, db{l}."""
    flat = [(A_prev, W, b, Z) for (A_prev, W, b), Z in caches]
    return numpy_nets.deep_backward(AL, Y.reshape(AL.shape), flat)


def update_parameters(parameters, grads, learning_rate):
    """One gradient-descent step on every parameter."""
    return numpy_nets.gradient_descent_update(parameters, grads, learning_rate)


def predict(X, y, parameters):
    """(1, m) predictions at the 0.5 threshold; prints "Accuracy: " as the course's helper does."""
    p = numpy_nets.predict_binary(X, parameters)
    print("Accuracy: " + str(np.sum((p == y) / X.shape[1])))
    return p
