"""The graded functions of Python basics with numpy, in notebook order.

Each works on numpy arrays of any shape unless it says otherwise; `basic_sigmoid` is the one that takes a
plain number, to show why the rest use numpy.
"""

from __future__ import annotations

import math

import numpy as np


def basic_sigmoid(x: float) -> float:
    """sigmoid of one real number with the math module (a list or an array is refused by math.exp)."""
    s = 1 / (1 + math.exp(-x))
    return s


def sigmoid(x: np.ndarray) -> np.ndarray:
    """1 / (1 + e^-x), elementwise, for a number or an array of any shape."""
    s = 1 / (1 + np.exp(-x))
    return s


def sigmoid_derivative(x: np.ndarray) -> np.ndarray:
    """sigma'(x) = s (1 - s) with s = sigmoid(x), elementwise."""
    s = sigmoid(x)
    ds = s * (1 - s)
    return ds


def image2vector(image: np.ndarray) -> np.ndarray:
    """(length, height, depth) -> (length * height * depth, 1), in C order (row after row, channel last)."""
    length, height, depth = image.shape
    v = image.reshape(length * height * depth, 1)
    return v


def normalize_rows(x: np.ndarray) -> np.ndarray:
    """Each row divided by its Euclidean norm, so that every row has length 1: (n, m) -> (n, m)."""
    # The norm of each row, kept as a column (n, 1) so that broadcasting divides row by row.
    x_norm = np.linalg.norm(x, ord=2, axis=1, keepdims=True)
    x = x / x_norm
    return x


def softmax(x: np.ndarray) -> np.ndarray:
    """Row-wise softmax of (m, n): each row's exponentials divided by their sum."""
    x_exp = np.exp(x)  # (m, n)
    x_sum = np.sum(x_exp, axis=1, keepdims=True)  # (m, 1), broadcast over the columns
    s = x_exp / x_sum
    return s


def L1(yhat: np.ndarray, y: np.ndarray) -> float:
    """The L1 loss: sum of |y - yhat|."""
    loss = float(np.sum(np.abs(y - yhat)))
    return loss


def L2(yhat: np.ndarray, y: np.ndarray) -> float:
    """The L2 loss: sum of (y - yhat)^2, as a dot product of the difference with itself."""
    difference = y - yhat
    loss = float(np.dot(difference, difference))
    return loss
