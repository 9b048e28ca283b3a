"""The week's generated data, as the course's `init_utils.load_dataset` draws it: two noisy circles."""

from __future__ import annotations

import numpy as np


def load_dataset():
    """train_X (2, 300), train_Y (1, 300), test_X (2, 100), test_Y (1, 100): seed 1 then seed 2, as the course draws."""
    import sklearn.datasets

    np.random.seed(1)
    train_X, train_Y = sklearn.datasets.make_circles(n_samples=300, noise=0.05)
    np.random.seed(2)
    test_X, test_Y = sklearn.datasets.make_circles(n_samples=100, noise=0.05)
    return train_X.T, train_Y.reshape((1, train_Y.shape[0])), test_X.T, test_Y.reshape((1, test_Y.shape[0]))
