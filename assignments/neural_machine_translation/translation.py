"""Using a trained attention model: translating dates, reading its attention, measuring it.

Every function takes a model built by `modelf` (trained here, or the course's), whose inputs are
[X one-hot (m, Tx, 37), s0 (m, n_s), c0 (m, n_s)] and whose Ty outputs are (m, 11) softmaxes.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

import keras
import numpy as np

from assignments.common.errors import UserError
from assignments.neural_machine_translation.attention import modelf
from assignments.neural_machine_translation.course_model import FIX, check_course_model_file
from assignments.neural_machine_translation.nmt_utils import (
    Tx,
    Ty,
    human_vocab,
    inv_machine_vocab,
    machine_vocab,
    n_a,
    n_s,
    preprocess_data,
    string_to_int,
)


def course_sized_model():
    """`modelf` with the course's sizes: Tx 30, Ty 10, n_a 32, n_s 64, vocabularies 37 and 11."""
    return modelf(Tx, Ty, n_a, n_s, len(human_vocab), len(machine_vocab))


def load_course_model(path: str | os.PathLike):
    """The course's trained attention model: `modelf` rebuilt with the course's sizes, weights from `path`.

    Keras 3 reads a Keras 2 file's weights by the order of the layers that have weights, which our rebuild
    keeps (Bi-LSTM, Dense 10, Dense 1, LSTM, Dense 11); the shapes were checked before.

    Raises:
        UserError: the file is not the course's model (see `check_course_model_file`).
    """
    file = check_course_model_file(path)
    model = course_sized_model()
    try:
        model.load_weights(file)
    except (ValueError, KeyError, OSError) as error:
        reason = " ".join(str(error).split())[:160]
        raise UserError(f"The model file '{path}' could not be loaded ({reason}): {FIX}.") from None
    return model


def check_attention_model(model, path) -> None:
    """Refuses a `.keras` model that is not a date-translation model of this week's shape."""
    inputs = [tuple(tensor.shape) for tensor in model.inputs]
    outputs = [tuple(tensor.shape) for tensor in model.outputs]
    wanted_inputs = [(None, Tx, len(human_vocab)), (None, n_s), (None, n_s)]
    layer_names = {layer.name for layer in model.layers}
    if (
        len(inputs) != 3
        or inputs[0] != wanted_inputs[0]
        or inputs[1] != inputs[2]
        or outputs != [(None, len(machine_vocab))] * Ty
        or "attention_weights" not in layer_names
    ):
        raise UserError(
            f"The model file '{path}' holds another model (inputs {inputs}, {len(outputs)} outputs), not this week's "
            f"attention model with inputs {wanted_inputs[0]}, s0, c0 and {Ty} outputs of {len(machine_vocab)}: {FIX}."
        )


def model_inputs(model, strings: Sequence[str]) -> list[np.ndarray]:
    """[Xoh (m, Tx, 37), s0, c0]: the one-hot strings and zero initial decoder states."""
    X = np.array([string_to_int(text, Tx, human_vocab) for text in strings], dtype=np.int64).reshape(-1, Tx)
    Xoh = np.eye(len(human_vocab), dtype=np.float32)[X]
    n_s = int(model.inputs[1].shape[-1])
    zeros = np.zeros((len(strings), n_s), dtype=np.float32)
    return [Xoh, zeros, zeros]


def predict_indices(model, strings: Sequence[str], batch_size: int = 256) -> np.ndarray:
    """The most likely machine character at each output step, (m, Ty) indices."""
    outputs = model.predict(model_inputs(model, strings), batch_size=batch_size, verbose=0)
    return np.stack([np.asarray(output) for output in outputs], axis=1).argmax(axis=-1)


def translate(model, strings: Sequence[str], batch_size: int = 256) -> list[str]:
    """Each human-readable date as the model writes it in YYYY-MM-DD."""
    return ["".join(inv_machine_vocab[int(index)] for index in row) for row in predict_indices(model, strings, batch_size)]


def attention_model(model) -> keras.Model:
    """A model with the same inputs whose outputs are the attention weights of every output step.

    The 'attention_weights' layer is called once per output step; Keras 3 keeps one node per call, in call
    order, so node t's output is step t's weights (the notebook reads them with `get_output_at(t)`).
    """
    layer = model.get_layer("attention_weights")
    steps = [node.output_tensors[0] for node in layer._inbound_nodes]
    return keras.Model(model.inputs, steps)


def attention_maps(model, strings: Sequence[str]) -> np.ndarray:
    """Attention weights (m, Ty, Tx): for each output character, how much each input position counted."""
    weights = attention_model(model).predict(model_inputs(model, strings), verbose=0)
    if not isinstance(weights, (list, tuple)):
        weights = [weights]
    return np.stack([np.asarray(step)[:, :, 0] for step in weights], axis=1)


def exact_match(model, dataset: Sequence[tuple[str, str]]) -> tuple[float, float]:
    """(share of dates translated exactly, share of characters right) on (human, machine) pairs."""
    _, Y, _, _ = preprocess_data(dataset, human_vocab, machine_vocab, Tx, len(dataset[0][1]))
    predicted = predict_indices(model, [human for human, _ in dataset])
    return float((predicted == Y).all(axis=1).mean()), float((predicted == Y).mean())
