"""Generated offline data: the course's `load_dataset`, on the shared date task (`assignments.common.dates`:
Faker + babel in the course's 24 formats, and the held-out sets every model is measured on)."""

from __future__ import annotations

from assignments.common.dates import COURSE_SEED, generate, held_out, training_dates
from assignments.neural_machine_translation.nmt_utils import human_vocab, inv_machine_vocab, machine_vocab

__all__ = ["held_out", "load_dataset", "training_dates"]


def load_dataset(m: int, seed: int = COURSE_SEED, progress: bool = False):
    """`m` generated examples and the course's vocabularies (the course's seed gives its format sequence).

    Returns:
        (dataset, human_vocab, machine_vocab, inv_machine_vocab), dataset a list of (human, machine) pairs.
    """
    dataset = generate(m, seed, progress=progress)
    return dataset, dict(human_vocab), dict(machine_vocab), dict(inv_machine_vocab)
