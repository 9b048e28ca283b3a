"""Atomic file writes: a reader never sees a half-written output, and a failed run leaves no partial file."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Iterator

from assignments.common.errors import UserError


def ensure_output_dir(path: str | os.PathLike) -> Path:
    """Creates the output folder (and parents) and returns it; a clear error when that is impossible."""
    folder = Path(path).expanduser()
    if folder.exists() and not folder.is_dir():
        raise UserError(f"The output path '{folder}' is a file, not a folder: pass --output with a folder path.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"Cannot create the output folder '{folder}' ({error.strerror}): choose another --output.") from None
    return folder


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yields a temporary path beside `path`; on success it is renamed onto `path`, on error deleted.

    Use it with writers that want a file name (numpy.savez, PIL, matplotlib, Keras):

        with atomic_path("out/model.npz") as tmp:
            np.savez(tmp, ...)

    The temporary name keeps the final suffix, so writers that pick a format from the suffix still work.
    """
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary_name = tempfile.mkstemp(prefix=f".{final.stem}.", suffix=final.suffix or ".tmp", dir=final.parent)
    os.close(handle)
    # mkstemp makes the file private (0600); give the result the permissions a plain open() would.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(temporary_name, 0o666 & ~umask)
    temporary = Path(temporary_name)
    try:
        yield temporary
        os.replace(temporary, final)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Writes `text` to `path` atomically and returns the path."""
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding=encoding)
    return Path(path)


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Writes `data` to `path` atomically and returns the path."""
    with atomic_path(path) as temporary:
        temporary.write_bytes(data)
    return Path(path)
