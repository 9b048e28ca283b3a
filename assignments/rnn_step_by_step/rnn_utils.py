"""The course's helpers for C5W1 A1 (its `rnn_utils.py`): softmax over axis 0 and the logistic sigmoid."""

from __future__ import annotations

import numpy as np


def softmax(x):
    """Softmax over axis 0 (one column per example), shifted by the column maximum for stability."""
    e_x = np.exp(x - np.max(x, axis=0, keepdims=True))
    return e_x / e_x.sum(axis=0, keepdims=True)


def sigmoid(x):
    return 1 / (1 + np.exp(-x))
