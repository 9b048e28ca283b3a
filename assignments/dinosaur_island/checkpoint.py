"""Saving a trained model as `.npz` (weights + vocabulary) and loading it back to sample more names.

The file holds plain arrays only (loaded with `allow_pickle=False`): Wax, Waa, Wya, b, by, the
vocabulary's characters in index order, and how many iterations produced it.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import numpy as np

from assignments.common.errors import UserError
from assignments.common.files import atomic_path

FORMAT = "dls-dinosaur-island-rnn-v1"
WEIGHT_KEYS = ("Wax", "Waa", "Wya", "b", "by")


def save_model(path: str | os.PathLike, parameters: dict, ix_to_char: dict, iterations: int, final_loss: float) -> Path:
    """Writes the model atomically; returns its path.

    Raises:
        ValueError: a weight is NaN or infinite (a diverged run must never be saved as a model).
    """
    for key in WEIGHT_KEYS:
        if not np.isfinite(parameters[key]).all():
            raise ValueError(f"refusing to save a model whose {key} holds NaN or infinite values. Received: {path}")
    characters = np.array([ix_to_char[index] for index in range(len(ix_to_char))], dtype=str)
    with atomic_path(path) as temporary:
        with open(temporary, "wb") as handle:
            np.savez(
                handle,
                format=np.array(FORMAT),
                characters=characters,
                iterations=np.array(iterations),
                final_loss=np.array(final_loss),
                **{key: parameters[key] for key in WEIGHT_KEYS},
            )
    return Path(path)


def load_model(path: str | os.PathLike) -> tuple[dict, dict, dict, int]:
    """Reads a model saved by `save_model`.

    Returns:
        (parameters, char_to_ix, ix_to_char, iterations)

    Raises:
        UserError: the file is missing, is not an .npz, or is not a Dinosaur Island model.
    """
    file = Path(path)
    if not file.is_file():
        raise UserError(f"The model file '{path}' does not exist: pass a model.npz written by a training run.")
    try:
        with np.load(file, allow_pickle=False) as archive:
            contents = {key: archive[key] for key in archive.files}
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise UserError(f"'{path}' is not a readable .npz model file: pass a model.npz written by a training run.") from None
    if str(contents.get("format", "")) != FORMAT or any(key not in contents for key in (*WEIGHT_KEYS, "characters")):
        raise UserError(f"'{path}' is an .npz file but not a Dinosaur Island model: pass a model.npz written by a training run.")
    parameters = {key: np.asarray(contents[key], dtype=np.float64) for key in WEIGHT_KEYS}
    characters = [str(character) for character in contents["characters"]]
    vocab_size, n_a = parameters["Wya"].shape
    shapes_ok = (
        len(characters) == vocab_size
        and parameters["Wax"].shape == (n_a, vocab_size)
        and parameters["Waa"].shape == (n_a, n_a)
        and parameters["b"].shape == (n_a, 1)
        and parameters["by"].shape == (vocab_size, 1)
        and "\n" in characters
    )
    if not shapes_ok:
        raise UserError(f"The model file '{path}' is damaged (its weight shapes disagree): retrain and save it again.")
    char_to_ix = {character: index for index, character in enumerate(characters)}
    ix_to_char = dict(enumerate(characters))
    return parameters, char_to_ix, ix_to_char, int(contents.get("iterations", 0))
