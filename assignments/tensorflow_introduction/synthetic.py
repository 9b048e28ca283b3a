"""Generated SIGNS pictures, for training offline (the course's train_signs.h5 is not shipped here)."""

from __future__ import annotations

from assignments.common.classification.imageset import ImageSet
from assignments.common.classification.synthetic_hands import draw_hand_signs


def generated_signs(count: int, seed: int) -> ImageSet:
    """`count` balanced pictures of a hand raising 0-5 fingers, classes "0".."5"."""
    return draw_hand_signs(count, seed)
