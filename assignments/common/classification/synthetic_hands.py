"""Our seeded generator of SIGNS-like pictures (a hand raising 0-5 fingers), and SIGNS itself.

The course's `train_signs.h5` cannot be collected here, so this stands in for it: the main scripts train
on a fresh offline machine, and the tests train on small, repeatable sets. `SIGNS` is the course's
hand-sign dataset, declared once for every week that uses it; each week looks its files up under its
own data folder.
"""

from __future__ import annotations

import math

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from assignments.common.classification.drawing import random_skin, rotate
from assignments.common.classification.imageset import IMAGE_SIZE, ImageSet
from assignments.common.classification.specs import DatasetSpec

# Which of (thumb, index, middle, ring, little) each count raises; counts with two common forms list both.
FINGER_SETS = {
    0: [(0, 0, 0, 0, 0)],
    1: [(0, 1, 0, 0, 0)],
    2: [(0, 1, 1, 0, 0)],
    3: [(0, 1, 1, 1, 0), (1, 1, 1, 0, 0)],
    4: [(0, 1, 1, 1, 1)],
    5: [(1, 1, 1, 1, 1)],
}


def draw_hand(draw, random: np.random.Generator, count: int, canvas: int) -> None:
    """Draws one hand raising `count` fingers on a PIL ImageDraw of size canvas x canvas."""
    scale = canvas / 128.0 * random.uniform(0.8, 1.1)
    center = np.array([canvas / 2 + random.uniform(-6, 6) * canvas / 128, canvas * 0.68 + random.uniform(-5, 5) * canvas / 128])
    angle = math.radians(random.uniform(-12, 12))
    skin = random_skin(random, spread=8)
    fill = tuple(int(value) for value in skin)
    edge = tuple(int(value * 0.7) for value in skin)
    palm_w, palm_h = 23 * scale, 26 * scale
    # The wrist/forearm: a band from the palm to the bottom edge.
    wrist = rotate(
        np.array(
            [
                [center[0] - 14 * scale, center[1]],
                [center[0] + 14 * scale, center[1]],
                [center[0] + 16 * scale, canvas * 1.3],
                [center[0] - 16 * scale, canvas * 1.3],
            ]
        ),
        center,
        angle,
    )
    draw.polygon([tuple(point) for point in wrist], fill=fill, outline=edge)
    # Fingers: bases along the top of the palm; raised ones are long rounded bars, folded ones short knuckles.
    raised = FINGER_SETS[count][random.integers(len(FINGER_SETS[count]))]
    finger_width = 9.0 * scale
    bases = [
        (-palm_w * 0.95, 4),
        (-palm_w * 0.6, -palm_h * 0.9),
        (-palm_w * 0.2, -palm_h * 1.0),
        (palm_w * 0.2, -palm_h * 0.95),
        (palm_w * 0.58, -palm_h * 0.8),
    ]
    directions = [-1.05, -0.22, -0.05, 0.1, 0.28]  # radians off vertical, thumb sideways
    lengths = [26, 34, 38, 35, 27]
    for index, (up, (bx, by), direction, length) in enumerate(zip(raised, bases, directions, lengths)):
        base = center + np.array([bx, by])
        reach = (length * scale * random.uniform(0.9, 1.1)) if up else 8 * scale
        tilt = direction + random.normal(0, 0.06)
        tip = base + reach * np.array([math.sin(tilt), -math.cos(tilt)])
        base_point, tip_point = rotate(np.stack([base, tip]), center, angle)
        width = finger_width * (1.15 if index == 0 else 1.0)
        draw.line([tuple(base_point), tuple(tip_point)], fill=edge, width=int(width + 2))
        draw.line([tuple(base_point), tuple(tip_point)], fill=fill, width=int(width))
        radius = width / 2
        draw.ellipse(
            [tip_point[0] - radius, tip_point[1] - radius, tip_point[0] + radius, tip_point[1] + radius], fill=fill, outline=edge
        )
    # The palm last, so the finger roots disappear into it.
    palm = [center[0] - palm_w, center[1] - palm_h, center[0] + palm_w, center[1] + palm_h * 0.9]
    corners = rotate(np.array([[palm[0], palm[1]], [palm[2], palm[1]], [palm[2], palm[3]], [palm[0], palm[3]]]), center, angle)
    draw.polygon([tuple(point) for point in corners], fill=fill, outline=edge)


def draw_hand_signs(count: int, seed: int, size: tuple[int, int] = IMAGE_SIZE) -> ImageSet:
    """Generates SIGNS-like images: a hand raising 0-5 fingers on a light background, balanced classes.

    The pictures are drawn at twice the size and downsampled (anti-aliased), with a random skin tone,
    position, size, tilt, background shade and sensor noise, so a model has to count fingers, not pixels.

    Args:
        count: number of images.
        seed: the generator's seed (same seed, same images).
        size: (height, width) of the images.

    Returns:
        ImageSet with classes "0".."5" (the course's `list_classes`).
    """
    if count <= 0:
        raise ValueError(f"count must be > 0. Received: {count}")
    random = np.random.default_rng(seed)
    height, width = size
    canvas = 2 * max(height, width)
    labels = np.arange(count, dtype=np.int64) % 6
    random.shuffle(labels)
    images = np.empty((count, height, width, 3), dtype=np.uint8)
    for index, label in enumerate(labels):
        shade = random.uniform(195, 250)
        tint = random.normal(0, 6, 3)
        background = tuple(int(np.clip(shade + value, 0, 255)) for value in tint)
        picture = Image.new("RGB", (canvas, canvas), background)
        draw_hand(ImageDraw.Draw(picture), random, int(label), canvas)
        picture = picture.filter(ImageFilter.GaussianBlur(random.uniform(0.3, 1.2))).resize(
            (width, height), Image.Resampling.BILINEAR
        )
        noisy = np.asarray(picture, dtype=np.float64) + random.normal(0, 4, (height, width, 3))
        images[index] = np.clip(noisy + 0.5, 0, 255).astype(np.uint8)
    what = f"generated hand signs (seed {seed})"
    return ImageSet(images, labels, [str(label) for label in range(6)], what, kind="generated", what=what)


SIGNS = DatasetSpec(
    name="SIGNS",
    files=("train_signs.h5", "test_signs.h5"),
    sizes={"train": 1080, "test": 120},
    class_names=tuple(str(label) for label in range(6)),
    draw=draw_hand_signs,
    # Real photos of the same six signs (Sign Language Digits), where a week's data folder has them.
    substitute_role="signs_photos",
    substitute_name="Sign Language Digits photos (a substitute for the course's SIGNS)",
)
