"""Generated 2-D data for the week's main script: scikit-learn's two moons, seeded, split train / test."""

from __future__ import annotations


def two_moons(train_count: int = 400, test_count: int = 200, noise: float = 0.2, seed: int = 0):
    """X_train (2, train_count), Y_train (1, train_count), X_test, Y_test: one seeded draw, then split."""
    import sklearn.datasets

    X, Y = sklearn.datasets.make_moons(n_samples=train_count + test_count, noise=noise, random_state=seed)
    X, Y = X.T, Y.reshape(1, -1).astype(float)
    return X[:, :train_count], Y[:, :train_count], X[:, train_count:], Y[:, train_count:]
