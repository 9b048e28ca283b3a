"""Generated offline data: the Course 5 date task (`assignments.common.dates`, shared with the attention week)
as token ids for the Transformer.

    encoder input  (m, 30): human characters 1..34, '<unk>' 35, padding 0 (what `create_padding_mask` hides)
    decoder input  (m, 10): the start token 1, then the target shifted right by one
    target         (m, 10): machine characters '-' 0-9 as 2..12
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from assignments.common.dates import HUMAN_CHARACTERS, MACHINE_CHARACTERS, normalize

Tx, Ty = 30, 10
PAD, START = 0, 1
HUMAN_IDS = {character: index + 1 for index, character in enumerate(HUMAN_CHARACTERS)}
UNKNOWN_ID = len(HUMAN_CHARACTERS) + 1
INPUT_VOCAB_SIZE = UNKNOWN_ID + 1  # 36
MACHINE_IDS = {character: index + 2 for index, character in enumerate(MACHINE_CHARACTERS)}
MACHINE_CHARACTER_OF = {index: character for character, index in MACHINE_IDS.items()}
TARGET_VOCAB_SIZE = len(MACHINE_CHARACTERS) + 2  # 13


def encode_inputs(dates: Sequence[str]) -> np.ndarray:
    """(m, Tx) int32 ids, padded with 0 (each date is at most Tx characters: checked before)."""
    ids = np.zeros((len(dates), Tx), dtype=np.int32)
    for row, text in enumerate(dates):
        characters = normalize(text)[:Tx]
        ids[row, : len(characters)] = [HUMAN_IDS.get(character, UNKNOWN_ID) for character in characters]
    return ids


def encode_targets(machine_dates: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(decoder inputs, targets), each (m, Ty): the teacher-forced input is the target shifted right after START."""
    targets = np.array([[MACHINE_IDS[character] for character in text] for text in machine_dates], dtype=np.int32)
    decoder_inputs = np.concatenate([np.full((len(targets), 1), START, np.int32), targets[:, :-1]], axis=1)
    return decoder_inputs, targets


def decode(ids) -> str:
    """Target ids back to text ('?' for a START or PAD where a character belongs)."""
    return "".join(MACHINE_CHARACTER_OF.get(int(index), "?") for index in ids)
