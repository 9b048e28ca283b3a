"""Generated stand-ins for the course's data.mat, for a run without `$DLS_DATA_DIR`: two interleaved,
noisy half-moons (211 training and 200 test points), scaled to the course's field. Not the course's data:
every output of a run on them says "generated"."""

from __future__ import annotations

import numpy as np


def generated_field(seed: int = 0):
    import sklearn.datasets

    X, Y = sklearn.datasets.make_moons(n_samples=411, noise=0.3, random_state=seed)
    X = (X - X.mean(axis=0)) / np.abs(X).max(axis=0) * 0.6
    X, Y = X.T, Y.reshape(1, -1)
    return X[:, :211], Y[:, :211], X[:, 211:], Y[:, 211:]
