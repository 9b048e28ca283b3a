"""The notebook's vectorisation demo: the same products and losses with Python loops and with numpy.

The loop versions are the baselines the week's benchmark and main script time the graded (vectorised)
functions against; they compute the same numbers, which a test checks.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable

import numpy as np

from assignments.python_basics import numpy_basics

# The outer product is quadratic: the demo takes this many leading elements for it.
OUTER_SIZE = 300
# The notebook's two example vectors.
X1 = [9, 2, 5, 0, 0, 7, 5, 0, 0, 0, 9, 2, 5, 0, 0]
X2 = [9, 2, 2, 9, 0, 9, 2, 5, 0, 0, 9, 2, 5, 0, 0]


def loop_dot(x1, x2) -> float:
    total = 0
    for index in range(len(x1)):
        total += x1[index] * x2[index]
    return total


def loop_outer(x1, x2) -> np.ndarray:
    outer = np.zeros((len(x1), len(x2)))
    for row in range(len(x1)):
        for column in range(len(x2)):
            outer[row, column] = x1[row] * x2[column]
    return outer


def loop_elementwise(x1, x2) -> np.ndarray:
    product = np.zeros(len(x1))
    for index in range(len(x1)):
        product[index] = x1[index] * x2[index]
    return product


def loop_general_dot(W: np.ndarray, x) -> np.ndarray:
    """W (k, n) times x (n,) with two loops."""
    result = np.zeros(W.shape[0])
    for row in range(W.shape[0]):
        for column in range(len(x)):
            result[row] += W[row, column] * x[column]
    return result


def loop_L1(yhat, y) -> float:
    return float(sum(abs(a - b) for a, b in zip(y, yhat, strict=True)))


def loop_L2(yhat, y) -> float:
    return float(sum((a - b) ** 2 for a, b in zip(y, yhat, strict=True)))


def loop_softmax(x) -> np.ndarray:
    """Row-wise softmax with Python loops over a list of rows."""
    rows = []
    for row in x:
        exponentials = [math.exp(value) for value in row]
        total = sum(exponentials)
        rows.append([value / total for value in exponentials])
    return np.array(rows)


def demo_pairs(x1, x2, W: np.ndarray, x1_list: list, x2_list: list) -> list[tuple[str, Callable, Callable]]:
    """(name, loop version, vectorised version) for every operation the demo compares."""
    yhat, y = x1 / (1 + np.abs(x1).max()), (x2 > 0).astype(float)
    rows = np.vstack([x1, x2]) / (1 + np.abs(x1).max())
    return [
        ("dot", lambda: loop_dot(x1_list, x2_list), lambda: np.dot(x1, x2)),
        (
            "outer",
            lambda: loop_outer(x1_list[:OUTER_SIZE], x2_list[:OUTER_SIZE]),
            lambda: np.outer(x1[:OUTER_SIZE], x2[:OUTER_SIZE]),
        ),
        ("elementwise", lambda: loop_elementwise(x1_list, x2_list), lambda: np.multiply(x1, x2)),
        ("general dot", lambda: loop_general_dot(W, x1_list), lambda: np.dot(W, x1)),
        ("L1", lambda: loop_L1(yhat.tolist(), y.tolist()), lambda: numpy_basics.L1(yhat, y)),
        ("L2", lambda: loop_L2(yhat.tolist(), y.tolist()), lambda: numpy_basics.L2(yhat, y)),
        ("softmax", lambda: loop_softmax(rows.tolist()), lambda: numpy_basics.softmax(rows)),
    ]


def best_time(function: Callable, repeats: int, least_seconds: float = 0.02) -> float:
    """Seconds per call: the fastest of `repeats` timed batches, each of enough calls to last `least_seconds`.

    One call of a fast numpy operation is shorter than the wake-up of the BLAS threads after a Python loop;
    timing batches measures the operation, not the wake-up.
    """
    calls = 1
    while True:
        start = time.perf_counter()
        for _ in range(calls):
            function()
        if time.perf_counter() - start >= least_seconds:
            break
        calls *= 4
    fastest = math.inf
    for _ in range(repeats):
        start = time.perf_counter()
        for _ in range(calls):
            function()
        fastest = min(fastest, (time.perf_counter() - start) / calls)
    return fastest
