"""Pieces our picture generators share: the skin tones of the people they draw, and rotating points.

The generated hands (`synthetic_hands.py`) and a week's generated faces draw people; both pick their skin from one
palette, so the two stand-in datasets look alike in that respect.
"""

from __future__ import annotations

import math

import numpy as np

# RGB skin tones, light to dark, that the generators pick from (with a little per-picture noise).
SKIN_TONES = np.array(
    [[241, 194, 167], [224, 172, 138], [198, 134, 98], [161, 102, 70], [111, 70, 46], [233, 190, 160], [205, 150, 120]],
    dtype=np.float64,
)


def random_skin(random: np.random.Generator, spread: float) -> np.ndarray:
    """One skin tone from the palette with Gaussian noise of `spread` per channel, as float RGB in [0, 255]."""
    return np.clip(SKIN_TONES[random.integers(len(SKIN_TONES))] + random.normal(0, spread, 3), 0, 255)


def rotate(points: np.ndarray, center: np.ndarray, angle: float) -> np.ndarray:
    """Points (n, 2) rotated by `angle` radians about `center` (2,), in image coordinates (y down)."""
    cos, sin = math.cos(angle), math.sin(angle)
    offset = points - center
    return center + offset @ np.array([[cos, sin], [-sin, cos]])
