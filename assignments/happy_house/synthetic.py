"""Our seeded generator of Happy-House-like pictures (a cartoon face in a room, smiling (1) or not), and HAPPY.

It stands in for the course's `train_happy.h5`, which cannot be collected here, so that the main script
trains on a fresh offline machine. The smile is the only thing that separates the classes; skin tone,
hair, face size and place, eyes, background and noise vary at random so a model has to look at the mouth.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

from assignments.common.classification.drawing import random_skin
from assignments.common.classification.imageset import IMAGE_SIZE, ImageSet
from assignments.common.classification.specs import DatasetSpec

HAIR_COLORS = np.array([[20, 15, 10], [60, 40, 25], [110, 75, 40], [180, 140, 80], [90, 90, 90], [150, 60, 30]], dtype=np.float64)


def _room(draw, random: np.random.Generator, canvas: int) -> None:
    """A wall, a floor line and a few furniture-like boxes, like the course's office photos."""
    for _ in range(random.integers(2, 6)):
        left, top = random.uniform(-0.2, 0.9, 2) * canvas
        right, bottom = left + random.uniform(0.15, 0.7) * canvas, top + random.uniform(0.15, 0.8) * canvas
        color = tuple(int(value) for value in random.uniform(40, 230, 3))
        draw.rectangle([left, top, right, bottom], fill=color)


def _face(draw, random: np.random.Generator, smiling: bool, canvas: int) -> None:
    unit = canvas / 128.0
    radius_x = random.uniform(30, 42) * unit
    radius_y = radius_x * random.uniform(1.15, 1.35)
    cx = canvas / 2 + random.uniform(-5, 5) * unit
    cy = canvas / 2 + random.uniform(0, 8) * unit
    skin = tuple(int(value) for value in random_skin(random, spread=10))
    shade = tuple(int(value * 0.55) for value in skin)
    hair = tuple(int(value) for value in np.clip(HAIR_COLORS[random.integers(len(HAIR_COLORS))] + random.normal(0, 8, 3), 0, 255))
    # Neck and shoulders, then hair behind the head, then the face.
    draw.rectangle([cx - radius_x * 0.45, cy + radius_y * 0.6, cx + radius_x * 0.45, canvas], fill=skin)
    shirt = tuple(int(value) for value in random.uniform(20, 235, 3))
    draw.ellipse([cx - radius_x * 2.0, cy + radius_y * 1.05, cx + radius_x * 2.0, cy + radius_y * 2.6], fill=shirt)
    hair_drop = random.uniform(0.1, 0.9)
    draw.ellipse([cx - radius_x * 1.12, cy - radius_y * 1.15, cx + radius_x * 1.12, cy + radius_y * hair_drop], fill=hair)
    draw.ellipse([cx - radius_x, cy - radius_y, cx + radius_x, cy + radius_y], fill=skin)
    draw.chord([cx - radius_x * 1.02, cy - radius_y * 1.08, cx + radius_x * 1.02, cy - radius_y * 0.1], 180, 360, fill=hair)
    # Eyes, brows and nose.
    eye_y = cy - radius_y * random.uniform(0.05, 0.2)
    eye_dx = radius_x * random.uniform(0.35, 0.45)
    eye_r = radius_x * random.uniform(0.07, 0.11)
    for side in (-1, 1):
        ex = cx + side * eye_dx
        draw.ellipse([ex - eye_r * 1.6, eye_y - eye_r, ex + eye_r * 1.6, eye_y + eye_r], fill=(245, 245, 245))
        draw.ellipse([ex - eye_r, eye_y - eye_r, ex + eye_r, eye_y + eye_r], fill=(40, 30, 25))
        draw.line(
            [ex - eye_r * 2, eye_y - eye_r * 2.6, ex + eye_r * 2, eye_y - eye_r * 2.6 - side * random.uniform(-1, 1) * unit],
            fill=hair,
            width=max(1, int(2.5 * unit)),
        )
    draw.line([cx, eye_y + eye_r * 2, cx - radius_x * 0.08, cy + radius_y * 0.22], fill=shade, width=max(1, int(2 * unit)))
    # The mouth: a wide upward arc with teeth when smiling, a short straight or drooping line when not.
    mouth_y = cy + radius_y * random.uniform(0.4, 0.5)
    lips = (150, 50, 50)
    if smiling:
        half = radius_x * random.uniform(0.45, 0.6)
        depth = radius_y * random.uniform(0.22, 0.32)
        box = [cx - half, mouth_y - depth, cx + half, mouth_y + depth]
        if random.random() < 0.8:
            draw.chord(box, 0, 180, fill=(90, 20, 25), outline=lips)
            draw.chord([box[0] + half * 0.15, box[1], box[2] - half * 0.15, mouth_y + depth * 0.35], 0, 180, fill=(250, 250, 245))
        else:
            draw.arc(box, 10, 170, fill=lips, width=max(1, int(3 * unit)))
    else:
        half = radius_x * random.uniform(0.22, 0.38)
        droop = radius_y * random.uniform(-0.02, 0.1)
        points = [(cx - half, mouth_y + droop), (cx, mouth_y - droop * 0.3), (cx + half, mouth_y + droop)]
        draw.line(points, fill=lips, width=max(1, int(3 * unit)), joint="curve")


def draw_happy_faces(count: int, seed: int, size: tuple[int, int] = IMAGE_SIZE) -> ImageSet:
    """Generates `count` Happy-House-like images, about half smiling (label 1), half not (label 0).

    Args:
        count: number of images.
        seed: the generator's seed (same seed, same images).
        size: (height, width).

    Returns:
        ImageSet with classes "0", "1" (the course's `list_classes` [0, 1]).
    """
    if count <= 0:
        raise ValueError(f"count must be > 0. Received: {count}")
    random = np.random.default_rng(seed)
    height, width = size
    canvas = 2 * max(height, width)
    labels = (np.arange(count) % 2).astype(np.int64)
    random.shuffle(labels)
    images = np.empty((count, height, width, 3), dtype=np.uint8)
    for index, label in enumerate(labels):
        wall = tuple(int(value) for value in random.uniform(90, 240, 3))
        picture = Image.new("RGB", (canvas, canvas), wall)
        draw = ImageDraw.Draw(picture)
        _room(draw, random, canvas)
        _face(draw, random, bool(label), canvas)
        angle = random.uniform(-6, 6)
        picture = picture.rotate(angle, resample=Image.Resampling.BILINEAR, fillcolor=wall)
        picture = picture.filter(ImageFilter.GaussianBlur(random.uniform(0.4, 1.4))).resize(
            (width, height), Image.Resampling.BILINEAR
        )
        brightness = random.uniform(0.75, 1.15)
        noisy = np.asarray(picture, dtype=np.float64) * brightness + random.normal(0, 5, (height, width, 3))
        images[index] = np.clip(noisy + 0.5, 0, 255).astype(np.uint8)
    what = f"generated cartoon faces (seed {seed})"
    return ImageSet(images, labels, ["0", "1"], what, kind="generated", what=what)


# The Happy House: 64x64 photos of people entering a house, 1 = smiling, 0 = not.
HAPPY = DatasetSpec(
    name="Happy House",
    files=("train_happy.h5", "test_happy.h5"),
    sizes={"train": 600, "test": 150},
    class_names=("0", "1"),
    draw=draw_happy_faces,
)
