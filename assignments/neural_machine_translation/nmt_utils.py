"""The course's data helpers for date translation: vocabularies, characters to indices and one-hot arrays.

The vocabularies are fixed here, as the course's model knows them, rather than rebuilt from each generated
sample: a model trained once keeps its meaning for every later input, and the course's `model.h5` reads
exactly these indices.

    human vocabulary (37):   ' ' . / 0-9 a b c d e f g h i j l m n o p r s t u v w y <unk> <pad>
    machine vocabulary (11): - 0-9
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np

from assignments.common.dates import HUMAN_CHARACTERS, MACHINE_CHARACTERS, normalize

UNKNOWN, PADDING = "<unk>", "<pad>"
human_vocab: dict[str, int] = {token: index for index, token in enumerate([*HUMAN_CHARACTERS, UNKNOWN, PADDING])}
machine_vocab: dict[str, int] = {character: index for index, character in enumerate(MACHINE_CHARACTERS)}
inv_machine_vocab: dict[int, str] = {index: character for character, index in machine_vocab.items()}

# The course's sequence lengths: up to 30 input characters, and YYYY-MM-DD out.
Tx = 30
Ty = 10
# The course's hidden sizes: 32 units each way in the pre-attention Bi-LSTM, 64 in the post-attention LSTM.
n_a = 32
n_s = 64


def string_to_int(string: str, length: int, vocab: Mapping[str, int]) -> list[int]:
    """Indices of `string`'s characters, truncated or padded with '<pad>' to `length`; unknown → '<unk>'."""
    characters = normalize(string)[:length]
    indices = [vocab[character] if character in vocab else vocab[UNKNOWN] for character in characters]
    if len(indices) < length:
        indices += [vocab[PADDING]] * (length - len(indices))
    return indices


def int_to_string(indices: Iterable[int], inv_vocab: Mapping[int, str]) -> list[str]:
    """The characters of `indices` (the inverse vocabulary maps index → character)."""
    return [inv_vocab[int(index)] for index in indices]


def preprocess_data(
    dataset: Sequence[tuple[str, str]], human_vocab: Mapping[str, int], machine_vocab: Mapping[str, int], Tx: int, Ty: int
):
    """(X, Y, Xoh, Yoh): index arrays (m, Tx), (m, Ty) and their one-hot forms (m, Tx, 37), (m, Ty, 11)."""
    X = np.array([string_to_int(human, Tx, human_vocab) for human, _ in dataset], dtype=np.int64).reshape(-1, Tx)
    Y = np.array([string_to_int(machine, Ty, machine_vocab) for _, machine in dataset], dtype=np.int64).reshape(-1, Ty)
    Xoh = np.eye(len(human_vocab), dtype=np.float32)[X]
    Yoh = np.eye(len(machine_vocab), dtype=np.float32)[Y]
    return X, Y, Xoh, Yoh


def softmax(x, axis: int = 1):
    """Softmax over `axis` (the course's attention normalises over the Tx input positions, axis 1)."""
    import keras

    return keras.ops.softmax(x, axis=axis)
