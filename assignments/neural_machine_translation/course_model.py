"""Checking the course's pretrained model file (`models/model.h5`, Keras 2.1.3) before Keras reads it.

The file is a full Keras 2 model (config + weights). Its config names a custom softmax function that
Keras 3 cannot rebuild, so the architecture is rebuilt in code and only the weights are read, by layer
order, as Keras 3's legacy-HDF5 reader does. Before anything is loaded, every weight shape in the file is
compared with our model's: a `model.h5` of another model is refused with one sentence, never half-loaded.
Keras 2 and Keras 3 store LSTM weights alike (kernel, recurrent kernel, bias; gates i, f, c, o) and a
Bidirectional layer as forward then backward, so no weight needs converting. This module reads the file
with h5py alone, so that the main script refuses a wrong file before TensorFlow loads; the weights are read
by `translation.load_course_model`.
"""

from __future__ import annotations

import os
from pathlib import Path

import h5py

from assignments.common.errors import UserError
from assignments.neural_machine_translation.nmt_utils import human_vocab, machine_vocab, n_a, n_s

FIX = "pass the course's models/model.h5 (C5W3 A1), or a model.keras written by 'train'"


def weight_shapes_in_file(path: Path) -> list[tuple[str, list[tuple[int, ...]]]]:
    """(layer name, its weight shapes) for every layer of a Keras 2 `.h5` that has weights, in file order."""
    with h5py.File(path, "r") as file:
        group = file["model_weights"] if "model_weights" in file else file
        names = [name.decode() if isinstance(name, bytes) else name for name in group.attrs["layer_names"]]
        layers = []
        for name in names:
            weight_names = group[name].attrs.get("weight_names", [])
            shapes = [tuple(group[name][w.decode() if isinstance(w, bytes) else w].shape) for w in weight_names]
            if shapes:
                layers.append((name, shapes))
        return layers


def check_course_model_file(path: str | os.PathLike) -> Path:
    """Checks, without Keras, that `path` is a Keras 2 HDF5 file of the course's attention model.

    Raises:
        UserError: missing, a folder, not HDF5, not a Keras weights file, or a different architecture.
    """
    file = Path(path).expanduser()
    if not file.exists():
        raise UserError(f"The model file '{path}' does not exist: {FIX}.")
    if file.is_dir():
        raise UserError(f"The model path '{path}' is a folder: {FIX}.")
    try:
        is_hdf5 = h5py.is_hdf5(file)
    except OSError as error:
        raise UserError(f"The model file '{path}' cannot be read ({error.strerror}): {FIX}.") from None
    if not is_hdf5:
        raise UserError(f"The model file '{path}' is not an HDF5 file (damaged, or another kind of file): {FIX}.")
    try:
        found = weight_shapes_in_file(file)
    except (KeyError, OSError, AttributeError):
        raise UserError(f"The model file '{path}' is HDF5 but holds no Keras model weights: {FIX}.") from None
    expected = expected_weight_shapes()
    for index, (wanted, (name, shapes)) in enumerate(zip(expected, found)):
        if list(wanted) != shapes:
            raise UserError(
                f"The model file '{path}' holds another model: its layer '{name}' has weights of shapes {shapes} "
                f"where the course's attention model's layer {index + 1} has {list(wanted)}: {FIX}."
            )
    if len(found) != len(expected):
        raise UserError(
            f"The model file '{path}' holds another model: {len(found)} layers with weights, where the course's "
            f"attention model has {len(expected)}: {FIX}."
        )
    return file


def expected_weight_shapes() -> list[list[tuple[int, ...]]]:
    """The weight shapes of the course's model, layer by layer (Bi-LSTM, Dense 10, Dense 1, LSTM, Dense 11)."""
    lstm = lambda inputs, units: [(inputs, 4 * units), (units, 4 * units), (4 * units,)]  # noqa: E731
    dense = lambda inputs, units: [(inputs, units), (units,)]  # noqa: E731
    return [
        lstm(len(human_vocab), n_a) + lstm(len(human_vocab), n_a),
        dense(2 * n_a + n_s, 10),
        dense(10, 1),
        lstm(2 * n_a, n_s),
        dense(n_s, len(machine_vocab)),
    ]
