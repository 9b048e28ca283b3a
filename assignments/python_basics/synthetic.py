"""Generated data for the vectorisation demo: the notebook's two vectors, repeated to a chosen length."""

from __future__ import annotations

import numpy as np

from assignments.python_basics.vectorization import X1, X2


def demo_vectors(size: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """x1, x2 of `size` floats (the notebook's vectors tiled) and a seeded W (3, size), as its gdot uses."""
    repeats = -(-size // len(X1))
    x1 = np.tile(np.asarray(X1, dtype=float), repeats)[:size]
    x2 = np.tile(np.asarray(X2, dtype=float), repeats)[:size]
    W = np.random.default_rng(seed).random((3, size))
    return x1, x2, W
