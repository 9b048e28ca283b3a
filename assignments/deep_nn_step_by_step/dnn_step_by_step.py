"""The graded functions of "Building your deep neural network, step by step", in notebook order.

A deep network is built from two kinds of layer, [LINEAR -> RELU] x (L - 1) then LINEAR -> SIGMOID.
Every forward step returns a cache, and the backward step of the same layer reads it:
- linear cache (A_prev, W, b); activation cache Z; a layer's cache ((A_prev, W, b), Z).
Shapes: A_prev (n_{l-1}, m), W (n_l, n_{l-1}), b (n_l, 1), Z and A (n_l, m).
"""

from __future__ import annotations

import copy

import numpy as np

from assignments.deep_nn_step_by_step.dnn_utils import relu, relu_backward, sigmoid, sigmoid_backward


def initialize_parameters(n_x, n_h, n_y):
    """A 2-layer network: seed 1, W1 then W2 as randn * 0.01, zero biases."""
    np.random.seed(1)
    W1 = np.random.randn(n_h, n_x) * 0.01
    b1 = np.zeros((n_h, 1))
    W2 = np.random.randn(n_y, n_h) * 0.01
    b2 = np.zeros((n_y, 1))
    return {"W1": W1, "b1": b1, "W2": W2, "b2": b2}


def initialize_parameters_deep(layer_dims):
    """An L-layer network: seed 3, W{l} = randn(n_l, n_{l-1}) * 0.01 layer by layer, zero biases."""
    np.random.seed(3)
    parameters = {}
    L = len(layer_dims)
    for layer in range(1, L):
        parameters["W" + str(layer)] = np.random.randn(layer_dims[layer], layer_dims[layer - 1]) * 0.01
        parameters["b" + str(layer)] = np.zeros((layer_dims[layer], 1))
    return parameters


def linear_forward(A, W, b):
    """Z = W A + b; cache (A, W, b)."""
    Z = np.dot(W, A) + b
    cache = (A, W, b)
    return Z, cache


def linear_activation_forward(A_prev, W, b, activation):
    """LINEAR then "sigmoid" or "relu"; cache (linear cache, Z)."""
    if activation == "sigmoid":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = sigmoid(Z)
    elif activation == "relu":
        Z, linear_cache = linear_forward(A_prev, W, b)
        A, activation_cache = relu(Z)
    else:
        raise ValueError(f"activation must be 'sigmoid' or 'relu'. Received: {activation!r}")
    cache = (linear_cache, activation_cache)
    return A, cache


def L_model_forward(X, parameters):
    """[LINEAR -> RELU] x (L - 1), then LINEAR -> SIGMOID; AL (1, m) and the L caches."""
    caches = []
    A = X
    L = len(parameters) // 2
    for layer in range(1, L):
        A_prev = A
        A, cache = linear_activation_forward(A_prev, parameters["W" + str(layer)], parameters["b" + str(layer)], "relu")
        caches.append(cache)
    AL, cache = linear_activation_forward(A, parameters["W" + str(L)], parameters["b" + str(L)], "sigmoid")
    caches.append(cache)
    return AL, caches


def compute_cost(AL, Y):
    """The cross-entropy -(1/m) sum(Y log AL + (1 - Y) log(1 - AL)), squeezed to a 0-d array."""
    m = Y.shape[1]
    cost = -(1 / m) * np.sum(Y * np.log(AL) + (1 - Y) * np.log(1 - AL))
    cost = np.squeeze(cost)
    return cost


def linear_backward(dZ, cache):
    """From dZ of a layer to dA_prev, dW = dZ A_prev^T / m, db = the row sums of dZ / m."""
    A_prev, W, b = cache
    m = A_prev.shape[1]
    dW = (1 / m) * np.dot(dZ, A_prev.T)
    db = (1 / m) * np.sum(dZ, axis=1, keepdims=True)
    dA_prev = np.dot(W.T, dZ)
    return dA_prev, dW, db


def linear_activation_backward(dA, cache, activation):
    """Back through the activation ("relu" or "sigmoid") to dZ, then through the linear part."""
    linear_cache, activation_cache = cache
    if activation == "relu":
        dZ = relu_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    elif activation == "sigmoid":
        dZ = sigmoid_backward(dA, activation_cache)
        dA_prev, dW, db = linear_backward(dZ, linear_cache)
    else:
        raise ValueError(f"activation must be 'sigmoid' or 'relu'. Received: {activation!r}")
    return dA_prev, dW, db


def L_model_backward(AL, Y, caches):
    """Every gradient of the L-layer network: dAL from the cost, the sigmoid layer, then the ReLU layers."""
    grads = {}
    L = len(caches)
    Y = Y.reshape(AL.shape)
    dAL = -(np.divide(Y, AL) - np.divide(1 - Y, 1 - AL))
    current_cache = caches[L - 1]
    dA_prev_temp, dW_temp, db_temp = linear_activation_backward(dAL, current_cache, "sigmoid")
    grads["dA" + str(L - 1)] = dA_prev_temp
    grads["dW" + str(L)] = dW_temp
    grads["db" + str(L)] = db_temp
    for layer in reversed(range(L - 1)):
        current_cache = caches[layer]
        dA_prev_temp, dW_temp, db_temp = linear_activation_backward(grads["dA" + str(layer + 1)], current_cache, "relu")
        grads["dA" + str(layer)] = dA_prev_temp
        grads["dW" + str(layer + 1)] = dW_temp
        grads["db" + str(layer + 1)] = db_temp
    return grads


def update_parameters(params, grads, learning_rate):
    """W{l} -= learning_rate dW{l}, b{l} -= learning_rate db{l}, on a copy of params."""
    parameters = copy.deepcopy(params)
    L = len(parameters) // 2
    for layer in range(L):
        parameters["W" + str(layer + 1)] = parameters["W" + str(layer + 1)] - learning_rate * grads["dW" + str(layer + 1)]
        parameters["b" + str(layer + 1)] = parameters["b" + str(layer + 1)] - learning_rate * grads["db" + str(layer + 1)]
    return parameters
