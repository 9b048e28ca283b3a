"""The week's generated data, as the course's `opt_utils.load_dataset` draws it: 300 noisy moons (seed 3)."""

from __future__ import annotations

import numpy as np


def load_dataset():
    """train_X (2, 300), train_Y (1, 300)."""
    import sklearn.datasets

    np.random.seed(3)
    train_X, train_Y = sklearn.datasets.make_moons(n_samples=300, noise=0.2)
    return train_X.T, train_Y.reshape((1, train_Y.shape[0]))
