"""The week's model file: `model.keras` with its provenance record and the week's metadata inside.

The metadata (class names, image size, the training folder and its split) travels in the archive beside
Keras' own members, so `evaluate` and `predict` need nothing but the file, and a model of another week is
told apart from ours by its absence.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

from assignments.common.errors import UserError
from assignments.common.files import atomic_save
from assignments.common.models import load_keras_model_file
from assignments.common.provenance import Provenance, add_to_keras_file, read_keras_file
from assignments.transfer_learning_mobilenet.training import PartialLoad, partial_loads_refused
from assignments.transfer_learning_mobilenet.week import WEEK

# The archive member beside Keras' own that says what the model classifies and how it was split.
METADATA_MEMBER = "transfer_learning.json"


def save_model(model, path: Path, provenance: Provenance, metadata: dict) -> Path:
    """model.keras with its provenance and the week's metadata inside, written atomically."""

    def write(temporary: Path) -> None:
        model.save(temporary)
        add_to_keras_file(temporary, provenance)
        with zipfile.ZipFile(temporary, "a") as archive:
            archive.writestr(METADATA_MEMBER, json.dumps(metadata, sort_keys=True))

    return atomic_save(path, write)


def load_model(path: Path):
    """(model, provenance, metadata) of a model.keras that this week's `train` wrote.

    Raises:
        UserError: missing or damaged, or a model of another week (no metadata of ours inside).
    """
    fix = f"pass a model.keras written by 'python -m {WEEK.package} train'"
    try:
        with partial_loads_refused(str(path)):
            model = load_keras_model_file(path, fix)
    except PartialLoad as error:
        raise UserError(f"The model file '{path}' is damaged or incomplete ({error}): {fix}.") from None
    with zipfile.ZipFile(path) as archive:
        if METADATA_MEMBER not in archive.namelist():
            raise UserError(f"The model file '{path}' was not written by this week's train (it is another model): {fix}.")
        metadata = json.loads(archive.read(METADATA_MEMBER))
    provenance = read_keras_file(path) or Provenance.untrained("no provenance record in the file")
    return model, provenance, metadata
