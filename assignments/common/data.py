"""Finding data files: an explicit path, else `$DLS_DATA_DIR/<week>/<file>`, else an embedded default.

`$DLS_DATA_DIR` has the layout of the shared course-data folder: one sub-folder per week
(`dinosaur_island/dinos.txt`, `happy_house/test_happy.h5`, ...).
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from assignments.common.errors import UserError

DATA_DIR_ENV = "DLS_DATA_DIR"


def data_root() -> Path | None:
    """Returns the folder `$DLS_DATA_DIR` names, or None when it is unset or empty."""
    value = os.environ.get(DATA_DIR_ENV, "").strip()
    return Path(value).expanduser() if value else None


def week_data_dir(week: str) -> Path | None:
    """Returns `$DLS_DATA_DIR/<week>` if it exists, else None."""
    root = data_root()
    if root is None:
        return None
    folder = root / week
    return folder if folder.is_dir() else None


def find_course_file(week: str, relative_path: str) -> Path | None:
    """Returns `$DLS_DATA_DIR/<week>/<relative_path>` when that file or folder exists, else None."""
    folder = week_data_dir(week)
    if folder is None:
        return None
    candidate = folder / relative_path
    return candidate if candidate.exists() else None


def existing_path(path: str | os.PathLike, what: str = "file") -> Path:
    """Returns `path` as a Path, or raises UserError when nothing is there.

    Args:
        path: the path the user gave.
        what: a word for the message ("names file", "image", "weights file").
    """
    resolved = Path(path).expanduser()
    if not resolved.exists():
        raise UserError(f"The {what} '{path}' does not exist: check the path and try again.")
    return resolved


def existing_file(path: str | os.PathLike, what: str = "file") -> Path:
    """Returns `path` when it is something to read from: a regular file, or a pipe (`<(...)`, /dev/stdin).

    Raises:
        UserError: nothing is there, or it is a folder (each with its own sentence).
    """
    resolved = existing_path(path, what)
    if resolved.is_dir():
        raise UserError(f"The {what} '{path}' is a folder: pass the file itself.")
    mode = resolved.stat().st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISCHR(mode)):
        raise UserError(f"The {what} '{path}' is not a regular file or a pipe: pass a file.")
    return resolved


def resolve_data_file(
    week: str,
    relative_path: str,
    explicit: str | os.PathLike | None = None,
    what: str = "file",
) -> Path | None:
    """Finds one data file: the explicit path (which must exist), else the course file, else None.

    The caller falls back to its embedded default when this returns None.
    """
    if explicit is not None:
        return existing_file(explicit, what)
    return find_course_file(week, relative_path)
