"""The week's generated datasets: the course's "flower" and its four extra 2-D datasets.

`load_planar_dataset` keeps the course's draw order (seed 1; per class the angle noise, then the radius
noise), so the points are the course's to the last digit; the extra datasets come from scikit-learn's
generators as the course calls them (seeded here: the course leaves all but one unseeded).
"""

from __future__ import annotations

import numpy as np

EXTRA_DATASETS = ("noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles", "no_structure")


def load_planar_dataset():
    """400 points of a two-class "flower" with 4 petals: X (2, 400), Y (1, 400) uint8."""
    np.random.seed(1)
    m, D, a = 400, 2, 4  # examples, dimensions, the petals' maximum ray
    N = int(m / 2)  # points per class
    X = np.zeros((m, D))
    Y = np.zeros((m, 1), dtype="uint8")
    for j in range(2):
        index = range(N * j, N * (j + 1))
        t = np.linspace(j * 3.12, (j + 1) * 3.12, N) + np.random.randn(N) * 0.2  # angle
        r = a * np.sin(4 * t) + np.random.randn(N) * 0.2  # radius
        X[index] = np.c_[r * np.sin(t), r * np.cos(t)]
        Y[index] = j
    return X.T, Y.T


def load_extra_dataset(name: str, seed: int = 0):
    """One of the course's extra datasets, 200 points: X (2, 200), Y (1, 200)."""
    import sklearn.datasets

    N = 200
    if name == "noisy_circles":
        X, Y = sklearn.datasets.make_circles(n_samples=N, factor=0.5, noise=0.3, random_state=seed)
    elif name == "noisy_moons":
        X, Y = sklearn.datasets.make_moons(n_samples=N, noise=0.2, random_state=seed)
    elif name == "blobs":
        X, Y = sklearn.datasets.make_blobs(n_samples=N, random_state=5, n_features=2, centers=6)
        Y = Y % 2
    elif name == "gaussian_quantiles":
        X, Y = sklearn.datasets.make_gaussian_quantiles(
            mean=None, cov=0.5, n_samples=N, n_features=2, n_classes=2, shuffle=True, random_state=seed
        )
    elif name == "no_structure":
        rng = np.random.default_rng(seed)
        X, Y = rng.random((N, 2)), (rng.random(N) > 0.5).astype(int)
    else:
        raise ValueError(f"no extra dataset named {name!r}; choose from {EXTRA_DATASETS}")
    return X.T, Y.reshape(1, -1)
