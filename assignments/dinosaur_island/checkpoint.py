"""Saving a trained model as `.npz` (weights + vocabulary + provenance) and loading it back to sample more names.

The file holds plain arrays only (loaded with `allow_pickle=False`): Wax, Waa, Wya, b, by, the
vocabulary's characters in index order, how many iterations produced it, and its provenance record
(`common/provenance.py`: the data it learned from, the figures it reached against a uniform model's).
A file that is damaged or was edited by hand (NaN weights, a repeated character, no newline, a negative
iteration count) is refused with one sentence that says what is wrong.
"""

from __future__ import annotations

import os
import zipfile
from pathlib import Path
from typing import NamedTuple

import numpy as np

from assignments.common.errors import UserError
from assignments.common.files import atomic_save
from assignments.common.provenance import Provenance, from_npz, npz_entry

FORMAT = "dls-dinosaur-island-rnn-v1"
WEIGHT_KEYS = ("Wax", "Waa", "Wya", "b", "by")
FIX = "pass a model.npz written by a training run, or train again"


class LoadedModel(NamedTuple):
    parameters: dict
    char_to_ix: dict
    ix_to_char: dict
    iterations: int
    provenance: Provenance


def save_model(
    path: str | os.PathLike,
    parameters: dict,
    ix_to_char: dict,
    iterations: int,
    final_loss: float,
    provenance: Provenance | None = None,
) -> Path:
    """Writes the model atomically (kept in the rescue folder if the final write fails); returns its path.

    Raises:
        ValueError: a weight is NaN or infinite (a diverged run must never be saved as a model).
        UserError: the file could not be written (the message names the rescue copy).
    """
    for key in WEIGHT_KEYS:
        if not np.isfinite(parameters[key]).all():
            raise ValueError(f"refusing to save a model whose {key} holds NaN or infinite values. Received: {path}")
    characters = np.array([ix_to_char[index] for index in range(len(ix_to_char))], dtype=str)
    arrays = {
        "format": np.array(FORMAT),
        "characters": characters,
        "iterations": np.array(iterations),
        "final_loss": np.array(final_loss),
        **{key: parameters[key] for key in WEIGHT_KEYS},
        **(npz_entry(provenance) if provenance is not None else {}),
    }

    def write(temporary: Path) -> None:
        with open(temporary, "wb") as handle:
            np.savez(handle, **arrays)

    return atomic_save(path, write)


def read_archive(path: str | os.PathLike) -> dict:
    """Every array of a Dinosaur Island `.npz`, or a UserError saying why it is not one."""
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
    return contents


def check_vocabulary(path, characters: list[str]) -> None:
    """One character per entry, none twice, and the newline that ends every name."""
    odd = next((character for character in characters if len(character) != 1), None)
    if odd is not None:
        raise UserError(f"The model file '{path}' is damaged: its vocabulary holds {odd!r}, which is not one character: {FIX}.")
    repeated = next((character for character in characters if characters.count(character) > 1), None)
    if repeated is not None:
        raise UserError(f"The model file '{path}' is damaged: its vocabulary holds the character {repeated!r} twice: {FIX}.")
    if "\n" not in characters:
        raise UserError(
            f"The model file '{path}' is damaged: its vocabulary has no newline, the character that ends every name: {FIX}."
        )


def check_weights(path, parameters: dict, vocab_size: int) -> None:
    """The shapes the vocabulary and the hidden size imply, and finite numbers throughout."""
    n_a = parameters["Waa"].shape[0] if parameters["Waa"].ndim == 2 else -1
    expected = {"Wax": (n_a, vocab_size), "Waa": (n_a, n_a), "Wya": (vocab_size, n_a), "b": (n_a, 1), "by": (vocab_size, 1)}
    for key, shape in expected.items():
        if parameters[key].shape != shape:
            raise UserError(
                f"The model file '{path}' is damaged: {key} has shape {parameters[key].shape}, but its {vocab_size}-character "
                f"vocabulary and hidden size {n_a} need {shape}: {FIX}."
            )
    for key in WEIGHT_KEYS:
        bad = int(parameters[key].size - np.isfinite(parameters[key]).sum())
        if bad:
            raise UserError(f"The model file '{path}' holds {bad:,} NaN or infinite values in {key}, so it cannot sample: {FIX}.")


def unrecorded(iterations: int) -> Provenance:
    """The record of a model saved before models carried one: what the file itself says, and no more."""
    if iterations == 0:
        return Provenance.untrained("0 training iterations")
    return Provenance(
        trained_on="unrecorded data (the file has no provenance record)", data="user", steps=f"{iterations:,} iterations"
    )


def load_model(path: str | os.PathLike) -> LoadedModel:
    """Reads a model saved by `save_model`.

    Raises:
        UserError: the file is missing, is not an .npz, is not a Dinosaur Island model, or is damaged.
    """
    contents = read_archive(path)
    try:
        parameters = {key: np.asarray(contents[key], dtype=np.float64) for key in WEIGHT_KEYS}
    except (TypeError, ValueError):
        raise UserError(f"The model file '{path}' is damaged: its weights are not numbers: {FIX}.") from None
    characters = [str(character) for character in np.asarray(contents["characters"]).ravel()]
    check_vocabulary(path, characters)
    check_weights(path, parameters, len(characters))
    iterations = np.asarray(contents.get("iterations", 0))
    if iterations.shape != () or iterations.dtype.kind not in "iu" or int(iterations) < 0:
        raise UserError(f"The model file '{path}' is damaged: it records {iterations.tolist()!r} training iterations: {FIX}.")
    provenance = from_npz(contents, source=f"'{path}'") or unrecorded(int(iterations))
    ix_to_char = dict(enumerate(characters))
    return LoadedModel(parameters, {c: i for i, c in ix_to_char.items()}, ix_to_char, int(iterations), provenance)
