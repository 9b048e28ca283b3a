"""The course's Transformer on the date task: a Keras model for `fit`, greedy decoding, and the saved file.

`DateTranslator` wraps a `Transformer` so that `fit` sees one input pair (encoder ids, decoder ids) and one
output (the probabilities); the masks are built inside from the ids: the padding mask of the encoder input
for both the encoder's self-attention and the decoder's attention over it, and the look-ahead mask for the
decoder's self-attention.

Saved as `.npz` (no pickle): the sizes as a JSON record, every weight array in order, and the provenance.
"""

from __future__ import annotations

import dataclasses
import json
import os
from pathlib import Path

import keras
import numpy as np

from assignments.common.errors import UserError
from assignments.common.files import atomic_save
from assignments.common.provenance import Provenance, from_npz, npz_entry
from assignments.transformer.synthetic import INPUT_VOCAB_SIZE, START, TARGET_VOCAB_SIZE, Tx, Ty
from assignments.transformer.transformer import Transformer, create_look_ahead_mask, create_padding_mask

FIX = "pass a model.npz written by 'python -m assignments.transformer train'"


@dataclasses.dataclass(frozen=True)
class Sizes:
    """The Transformer's hyper-parameters for the date task."""

    num_layers: int = 2
    embedding_dim: int = 64
    num_heads: int = 4
    fully_connected_dim: int = 128
    dropout_rate: float = 0.1


class DateTranslator(keras.Model):
    """(encoder ids (m, Tx), decoder ids (m, Ty)) → probabilities (m, Ty, 13)."""

    def __init__(self, sizes: Sizes, **kwargs):
        super().__init__(**kwargs)
        self.sizes = sizes
        self.transformer = Transformer(
            sizes.num_layers, sizes.embedding_dim, sizes.num_heads, sizes.fully_connected_dim,
            INPUT_VOCAB_SIZE, TARGET_VOCAB_SIZE, Tx, Ty, dropout_rate=sizes.dropout_rate,
        )  # fmt: skip

    def call(self, inputs, training=None):
        probabilities, _ = self.with_attention(inputs, training=training)
        return probabilities

    def with_attention(self, inputs, training=None):
        encoder_ids, decoder_ids = inputs
        padding_mask = create_padding_mask(encoder_ids)  # (m, 1, Tx), 1 = a real character
        look_ahead_mask = create_look_ahead_mask(decoder_ids.shape[1] or Ty)  # (1, Ty, Ty)
        return self.transformer(
            encoder_ids, decoder_ids, training=training, enc_padding_mask=padding_mask,
            look_ahead_mask=look_ahead_mask, dec_padding_mask=padding_mask,
        )  # fmt: skip


def build(sizes: Sizes) -> DateTranslator:
    model = DateTranslator(sizes)
    model((np.zeros((1, Tx), np.int32), np.zeros((1, Ty), np.int32)))  # creates the weights
    return model


def greedy_decode(model: DateTranslator, encoder_ids: np.ndarray, batch_size: int = 500) -> np.ndarray:
    """Greedy decoding with the look-ahead mask: step t reads positions 0..t of a fixed-length decoder input
    (later positions are hidden by the mask, so their content does not matter) and writes position t + 1.

    Returns:
        (m, Ty) predicted target ids.
    """
    predict = getattr(model, "_greedy_step", None)
    if predict is None:
        import tensorflow as tf

        predict = model._greedy_step = tf.function(lambda inputs: model(inputs, training=False), reduce_retracing=True)
    outputs = []
    for start in range(0, len(encoder_ids), batch_size):
        batch = encoder_ids[start : start + batch_size]
        decoder_ids = np.zeros((len(batch), Ty), np.int32)
        decoder_ids[:, 0] = START
        predicted = np.zeros((len(batch), Ty), np.int32)
        for t in range(Ty):
            probabilities = predict((batch, decoder_ids)).numpy()
            predicted[:, t] = probabilities[:, t].argmax(axis=-1)
            if t + 1 < Ty:
                decoder_ids[:, t + 1] = predicted[:, t]
        outputs.append(predicted)
    return np.concatenate(outputs) if outputs else np.zeros((0, Ty), np.int32)


def save_model(model: DateTranslator, path: str | os.PathLike, provenance: Provenance) -> Path:
    """The sizes, the weights and the provenance in one `.npz`, written atomically."""
    arrays = {f"weight_{index:03d}": weight for index, weight in enumerate(model.get_weights())}
    arrays["sizes"] = np.array(json.dumps(dataclasses.asdict(model.sizes)))
    arrays.update(npz_entry(provenance))
    return atomic_save(path, lambda temporary: np.savez(temporary, **arrays))


def load_model(path: str | os.PathLike) -> tuple[DateTranslator, Provenance | None]:
    """(model, its provenance) from a `.npz` written by `save_model`.

    Raises:
        UserError: missing, not an npz, not this week's model, or weights of other shapes.
    """
    file = Path(path)
    if not file.is_file():
        raise UserError(f"The model file '{path}' does not exist or is not a file: {FIX}.")
    try:
        with np.load(file, allow_pickle=False) as archive:
            arrays = {key: archive[key] for key in archive.files}
    except (OSError, ValueError) as error:
        raise UserError(f"The model file '{path}' is not an .npz archive ({error}): {FIX}.") from None
    if "sizes" not in arrays:
        raise UserError(f"The model file '{path}' is not a Transformer date model (it records no sizes): {FIX}.")
    try:
        sizes = Sizes(**json.loads(str(arrays["sizes"])))
    except (TypeError, ValueError):
        raise UserError(f"The model file '{path}' has a damaged sizes record: {FIX}.") from None
    model = build(sizes)
    weights = [arrays[key] for key in sorted(key for key in arrays if key.startswith("weight_"))]
    expected = [tuple(weight.shape) for weight in model.get_weights()]
    if [tuple(weight.shape) for weight in weights] != expected:
        raise UserError(f"The model file '{path}' holds weights of other shapes than its sizes record says: {FIX}.")
    model.set_weights(weights)
    return model, from_npz(arrays, source=f"'{file.name}'")
