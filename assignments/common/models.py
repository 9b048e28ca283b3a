"""Keras model files: loading a user's `.keras` file with one-line errors, saving atomically with the model's
provenance inside, and refusing weights that are not finite numbers."""

from __future__ import annotations

import os
import zipfile
from pathlib import Path

import keras

from assignments.common.errors import UserError
from assignments.common.files import atomic_save
from assignments.common.finite import check_finite_weights  # noqa: F401  (re-exported: the Keras weeks' import)
from assignments.common.provenance import Provenance, add_to_keras_file


def load_keras_model_file(path: str | os.PathLike, fix: str = "pass a .keras file written by 'train'"):
    """Loads a Keras 3 `.keras` model (uncompiled).

    Args:
        path: the file the user named.
        fix: the end of the error sentence: what the user should pass instead.

    Raises:
        UserError: the file is missing, has another suffix, or Keras cannot load it (the reason is quoted).
    """
    file = Path(path).expanduser()
    if file.is_dir():
        raise UserError(f"The model path '{path}' is a folder, not a model file: {fix}.")
    if not file.exists():
        raise UserError(f"The model file '{path}' does not exist: {fix}.")
    if file.suffix != ".keras":
        raise UserError(f"The model file '{path}' is not a .keras file: {fix}.")
    try:
        is_archive = zipfile.is_zipfile(file)
    except OSError as error:
        raise UserError(f"The model file '{path}' cannot be read ({error.strerror}): {fix}.") from None
    if not is_archive:
        raise UserError(f"The model file '{path}' is not a Keras model archive (damaged or another kind of file): {fix}.")
    try:
        return keras.models.load_model(file, compile=False)
    except Exception as error:  # Keras raises many types for damaged zips and configs.
        reason = " ".join(str(error).split())[:160] or type(error).__name__
        raise UserError(f"The model file '{path}' could not be loaded ({reason}): {fix}.") from None


def save_keras_model(model, path: str | os.PathLike, provenance: Provenance | None = None) -> Path:
    """`model.save` to a temporary `.keras` file beside `path`, renamed onto it when complete.

    Args:
        model: the Keras model.
        path: the final `.keras` path.
        provenance: stored inside the archive (`provenance.json`), so the model keeps it when copied or rescued.

    If the final write fails (disk full, folder gone), the model is saved to a rescue folder named in the
    error instead of being lost (see `atomic_save`).
    """

    def write(temporary: Path) -> None:
        model.save(temporary)
        if provenance is not None:
            add_to_keras_file(temporary, provenance)

    return atomic_save(path, write)
