"""Generated cartoon faces, so that the main script runs offline without the course's photos.

Each made-up person has a fixed skin tone, hair colour, eye spacing and mouth; their "photos" differ by a
small shift, brightness change and pixel noise, like the course's `camera_*.jpg` shots. They exercise
the pipeline (folders, batches, database, CSV); they are not real faces.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

from assignments.common.images import save_image

SAMPLE_NAMES = ("ada", "bo", "chidi", "dana", "emeka", "fei")
SIZE = 96  # The course's photos are 96x96 too.


def draw_face(traits: dict, rng: np.random.Generator) -> np.ndarray:
    """One 96x96 RGB photo of a person described by `traits`, with random shift, light and noise."""
    image = Image.new("RGB", (SIZE, SIZE), tuple(int(value) for value in traits["background"]))
    draw = ImageDraw.Draw(image)
    dx, dy = rng.integers(-4, 5, size=2)
    skin, hair = (tuple(int(value) for value in traits[key]) for key in ("skin", "hair"))
    draw.ellipse((18 + dx, 10 + dy, 78 + dx, 88 + dy), fill=skin)  # head
    draw.chord((16 + dx, 4 + dy, 80 + dx, 50 + dy), 180, 360, fill=hair)  # hair
    spacing = traits["eye_spacing"]
    for side in (-1, 1):
        eye_x = 48 + dx + side * spacing
        draw.ellipse((eye_x - 4, 42 + dy, eye_x + 4, 50 + dy), fill=(30, 30, 30))
    width = traits["mouth_width"]
    draw.arc((48 + dx - width, 58 + dy, 48 + dx + width, 74 + dy), 20, 160, fill=(120, 40, 40), width=3)
    pixels = np.asarray(image, dtype=np.float32) * rng.uniform(0.85, 1.15) + rng.normal(0, 6, (SIZE, SIZE, 3))
    return np.clip(pixels, 0, 255).astype(np.uint8)


def write_sample_people(folder: str | os.PathLike, seed: int = 0, photos_per_person: int = 2) -> tuple[Path, Path]:
    """Writes `people/<name>/<name>_<i>.png` and `camera/camera_<i>.png` (one new shot of each person).

    Returns:
        (people folder, camera folder).
    """
    rng = np.random.default_rng(seed)
    people_folder, camera_folder = Path(folder) / "people", Path(folder) / "camera"
    for index, name in enumerate(SAMPLE_NAMES):
        traits = {
            "background": rng.integers(150, 256, size=3),
            "skin": rng.integers(90, 240, size=3),
            "hair": rng.integers(0, 120, size=3),
            "eye_spacing": int(rng.integers(9, 17)),
            "mouth_width": int(rng.integers(8, 18)),
        }
        for photo in range(photos_per_person):
            save_image(draw_face(traits, rng), people_folder / name / f"{name}_{photo}.png")
        save_image(draw_face(traits, rng), camera_folder / f"camera_{index}.png")
    return people_folder, camera_folder
