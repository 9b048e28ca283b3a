"""The course's `gradient_check_n_test_case`: a 4-5-3-1 network and three examples, drawn with seed 1."""

from __future__ import annotations

import numpy as np

from assignments.gradient_checking.gc_utils import SHAPES


def gradient_check_n_test_case(seed: int = 1):
    """(X (4, 3), Y (1, 3), parameters): X first, then W1, b1, ..., b3, as the course draws them."""
    np.random.seed(seed)
    x = np.random.randn(4, 3)
    y = np.array([1, 1, 0])
    parameters = {name: np.random.randn(*shape) for name, shape in SHAPES}
    return x, y, parameters
