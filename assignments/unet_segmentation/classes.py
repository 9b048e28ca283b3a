"""CARLA's semantic-segmentation classes: the ids in the masks, their names, and fixed display colours.

The course's masks store the class id in the red channel (so `reduce_max` over channels yields it) and the
model has 23 outputs, CARLA's semantic tags 0..22. CARLA 0.8 (the Lyft/Udacity frames) uses ids 0..12 with
the same meanings. Colours are CARLA's own (Cityscapes-like) palette, so every PNG uses one legend.
"""

from __future__ import annotations

import numpy as np

CLASS_NAMES = (
    "unlabeled",
    "building",
    "fence",
    "other",
    "pedestrian",
    "pole",
    "road line",
    "road",
    "sidewalk",
    "vegetation",
    "vehicle",
    "wall",
    "traffic sign",
    "sky",
    "ground",
    "bridge",
    "rail track",
    "guard rail",
    "traffic light",
    "static",
    "dynamic",
    "water",
    "terrain",
)

CLASS_COLORS = np.array(
    [
        (0, 0, 0),
        (70, 70, 70),
        (100, 40, 40),
        (55, 90, 80),
        (220, 20, 60),
        (153, 153, 153),
        (157, 234, 50),
        (128, 64, 128),
        (244, 35, 232),
        (107, 142, 35),
        (0, 0, 142),
        (102, 102, 156),
        (220, 220, 0),
        (70, 130, 180),
        (81, 0, 81),
        (150, 100, 100),
        (230, 150, 140),
        (180, 165, 180),
        (250, 170, 30),
        (110, 190, 160),
        (170, 120, 50),
        (45, 60, 150),
        (145, 170, 100),
    ],
    dtype=np.uint8,
)

# Ids the synthetic scenes use, by name (a subset of the table above).
CLASS_ID = {name: index for index, name in enumerate(CLASS_NAMES)}


def class_name(class_id: int) -> str:
    """The name of a class id; ids beyond CARLA's 23 (a model trained with more classes) get `class_<id>`."""
    return CLASS_NAMES[class_id] if 0 <= class_id < len(CLASS_NAMES) else f"class_{class_id}"


def palette(n_classes: int) -> np.ndarray:
    """(n_classes, 3) uint8 colours: CARLA's for the first 23 ids, seeded random colours after them."""
    if n_classes <= len(CLASS_COLORS):
        return CLASS_COLORS[:n_classes]
    extra = np.random.default_rng(23).integers(0, 256, size=(n_classes - len(CLASS_COLORS), 3), dtype=np.uint8)
    return np.concatenate([CLASS_COLORS, extra])


def colorize(mask: np.ndarray, n_classes: int) -> np.ndarray:
    """(height, width) class ids -> (height, width, 3) uint8 colours."""
    mask = np.asarray(mask)
    if mask.ndim == 3 and mask.shape[-1] == 1:
        mask = mask[..., 0]
    return palette(max(n_classes, int(mask.max(initial=0)) + 1))[mask.astype(np.int64)]
