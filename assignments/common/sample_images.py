"""The project's sample photos: a few openly licensed real photos in the top-level `images/` folder.

They serve the main scripts when `$DLS_DATA_DIR` has no course image (a portrait for faces, a painting and
a photo for style transfer, a hand for SIGNS); `images/CREDITS.md` gives the source and licence of each.
In a clone they sit beside `assignments/`; an installed package carries them as data files under
`<prefix>/share/dls-assignments/images/` (see the README), where `project_image` finds them too.
"""

from __future__ import annotations

import site
import sys
import sysconfig
from pathlib import Path

__all__ = ["images_dir", "project_image"]

CHECKOUT_IMAGES = Path(__file__).resolve().parents[2] / "images"
INSTALLED_SUBDIR = Path("share") / "dls-assignments" / "images"


def _candidates() -> list[Path]:
    prefixes = [sysconfig.get_path("data"), sys.prefix, getattr(site, "USER_BASE", None)]
    return [CHECKOUT_IMAGES, *(Path(prefix) / INSTALLED_SUBDIR for prefix in prefixes if prefix)]


def images_dir() -> Path | None:
    """The sample-photo folder: the clone's `images/`, else the installed copy; None when neither exists."""
    return next((folder for folder in _candidates() if folder.is_dir()), None)


def project_image(name: str) -> Path | None:
    """`images/<name>` when it is there, else None (the caller falls back to a generated picture).

    Args:
        name: a file name in `images/`, e.g. "astronaut.jpg".
    """
    if not name or Path(name).name != name:
        raise ValueError(f"project_image takes a file name inside images/, not a path. Received: {name!r}")
    folder = images_dir()
    path = folder / name if folder is not None else None
    return path if path is not None and path.is_file() else None
