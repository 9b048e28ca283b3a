"""Whether a photo is what happyModel was made for: one person's face. MTCNN (the `mtcnn` package) looks for
faces; a photo without one gets a note beside its prediction instead of a confident-looking answer.

The course's own 64x64 photos are faces that fill the frame; MTCNN finds 37 of the first 40 of
`test_happy.h5` as they are, so a photo without a face found is retried once with a margin around it.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PIL import Image, ImageOps

from assignments.common.images import load_rgb_image

NO_FACE = "no face found (MTCNN): happyModel is made for photos of a face, so this answer means nothing"
LONGER_SIDE = 1024  # photos are searched at most this large: faces stay findable, the search stays quick


def _searchable(path: Path) -> Image.Image:
    photo = load_rgb_image(path)
    if max(photo.size) > LONGER_SIDE:
        photo.thumbnail((LONGER_SIDE, LONGER_SIDE), Image.Resampling.BILINEAR)
    return photo


def _with_margin(photo: Image.Image) -> Image.Image:
    """The photo enlarged to at least 160 pixels and framed by a grey margin: room for MTCNN's windows."""
    if max(photo.size) < 160:
        scale = 160 / max(photo.size)
        photo = photo.resize((round(photo.width * scale), round(photo.height * scale)), Image.Resampling.BILINEAR)
    return ImageOps.expand(photo, border=max(photo.size) // 4, fill=(128, 128, 128))


def photos_without_a_face(files: list[Path]) -> list[str]:
    """One note per photo: "" when MTCNN finds a face in it, `NO_FACE` otherwise."""
    from mtcnn import MTCNN  # loads its three small networks (TensorFlow is already loaded here)

    detector = MTCNN()
    notes = []
    for file in files:
        photo = _searchable(file)
        found = detector.detect_faces(np.asarray(photo)) or detector.detect_faces(np.asarray(_with_margin(photo)))
        notes.append("" if found else NO_FACE)
    return notes
