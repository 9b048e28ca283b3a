"""The graded functions of logistic regression with a neural-network mindset, in notebook order.

One sigmoid unit over the flattened image: forward (A = sigmoid(w.T X + b)), cost, backward (dw, db),
gradient descent, then `model` puts them together. X is (n_x, m), Y is (1, m), w is (n_x, 1), b a float.
"""

from __future__ import annotations

import copy

import numpy as np


def sigmoid(z):
    """1 / (1 + e^-z) for a number or an array."""
    s = 1 / (1 + np.exp(-z))
    return s


def initialize_with_zeros(dim: int):
    """w = zeros (dim, 1) and b = 0.0 (a Python float, as the course's test asks)."""
    w = np.zeros((dim, 1))
    b = 0.0
    return w, b


def propagate(w, b, X, Y):
    """The cost and its gradients for one pass over the data.

    Returns:
        grads {"dw": (n_x, 1), "db": float64} and the cost (a 0-d array squeezed from the sum).
    """
    m = X.shape[1]
    # Forward: activations (1, m), then the cross-entropy averaged over the examples.
    A = sigmoid(np.dot(w.T, X) + b)
    cost = -np.sum(Y * np.log(A) + (1 - Y) * np.log(1 - A)) / m
    # Backward: dZ = A - Y, then dw = X dZ^T / m, db = mean(dZ).
    dw = np.dot(X, (A - Y).T) / m
    db = np.sum(A - Y) / m
    cost = np.squeeze(np.array(cost))
    grads = {"dw": dw, "db": db}
    return grads, cost


def optimize(w, b, X, Y, num_iterations=100, learning_rate=0.009, print_cost=False):
    """Gradient descent: `num_iterations` steps of w -= lr dw, b -= lr db; the cost kept every 100 steps."""
    w = copy.deepcopy(w)
    b = copy.deepcopy(b)
    costs = []
    for i in range(num_iterations):
        grads, cost = propagate(w, b, X, Y)
        dw, db = grads["dw"], grads["db"]
        w = w - learning_rate * dw
        b = b - learning_rate * db
        if i % 100 == 0:
            costs.append(cost)
            if print_cost:
                print(f"Cost after iteration {i}: {cost:f}")
    params = {"w": w, "b": b}
    grads = {"dw": dw, "db": db}
    return params, grads, costs


def predict(w, b, X):
    """(1, m) predictions: 1.0 where sigmoid(w.T X + b) > 0.5, else 0.0."""
    m = X.shape[1]
    w = w.reshape(X.shape[0], 1)
    A = sigmoid(np.dot(w.T, X) + b)
    Y_prediction = np.zeros((1, m))
    Y_prediction[0, :] = (A[0, :] > 0.5).astype(float)
    return Y_prediction


def model(X_train, Y_train, X_test, Y_test, num_iterations=2000, learning_rate=0.5, print_cost=False):
    """Initialise, optimise, predict; prints the train and test accuracies when print_cost is set."""
    w, b = initialize_with_zeros(X_train.shape[0])
    params, grads, costs = optimize(w, b, X_train, Y_train, num_iterations, learning_rate, print_cost)
    w, b = params["w"], params["b"]
    Y_prediction_test = predict(w, b, X_test)
    Y_prediction_train = predict(w, b, X_train)
    if print_cost:
        print(f"train accuracy: {100 - np.mean(np.abs(Y_prediction_train - Y_train)) * 100} %")
        print(f"test accuracy: {100 - np.mean(np.abs(Y_prediction_test - Y_test)) * 100} %")
    return {
        "costs": costs,
        "Y_prediction_test": Y_prediction_test,
        "Y_prediction_train": Y_prediction_train,
        "w": w,
        "b": b,
        "learning_rate": learning_rate,
        "num_iterations": num_iterations,
    }
