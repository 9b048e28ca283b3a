"""Refusing weights that are not finite numbers, without importing Keras (the numpy weeks use it too)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import numpy as np

from assignments.common.errors import UserError


def check_finite_weights(weights, source: str, fix: str = "re-train it or pass another file") -> None:
    """Refuses weights that hold NaN or infinity: a model with them answers nonsense, or crashes later.

    Args:
        weights: a Keras model (its `get_weights()`), a mapping name -> array (an `.npz`, a weights dict), or
            an iterable of arrays.
        source: the file the weights came from, for the message.
        fix: the end of the sentence: what the user should do instead.

    Raises:
        UserError: the first array with a non-finite value, named when it has a name.
    """
    if hasattr(weights, "get_weights"):
        named: Iterable = ((variable.path, variable) for variable in weights.weights)
    elif isinstance(weights, Mapping):
        named = weights.items()
    else:
        named = ((f"array {index}", array) for index, array in enumerate(weights))
    for name, array in named:
        values = np.asarray(array)
        if values.dtype.kind in "fc" and not np.isfinite(values).all():
            bad = int(values.size - np.isfinite(values).sum())
            raise UserError(
                f"The weights in '{source}' are not all finite numbers ({bad:,} NaN or infinite values in {name}): {fix}."
            )
