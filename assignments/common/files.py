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


def _temporary_name_parts(final: Path) -> tuple[str, str]:
    """(base, suffix) of `atomic_path`'s temporaries for `final`: `.<base>.<random><suffix>` beside it."""
    suffix = "".join(final.suffixes)
    base = final.name[: len(final.name) - len(suffix)] if suffix else final.name
    return base, suffix or ".tmp"


def remove_stale_temporaries(path: str | os.PathLike) -> None:
    """Deletes half-written temporaries of `path` that a killed run (SIGTERM, power loss) left behind."""
    final = Path(path)
    base, suffix = _temporary_name_parts(final)
    for leftover in final.parent.glob(f".{base}.*{suffix}"):
        leftover.unlink(missing_ok=True)


@contextlib.contextmanager
def atomic_path(path: str | os.PathLike) -> Iterator[Path]:
    """Yields a temporary path beside `path`; on success it is renamed onto `path`, on error deleted.

    Use it with writers that want a file name (numpy.savez, PIL, matplotlib, Keras):

        with atomic_path("out/model.npz") as tmp:
            np.savez(tmp, ...)

    The temporary name keeps every suffix of the final name (`.weights.h5`, not just `.h5`), so writers
    that check or pick a format from the name still work. A run killed mid-write can leave the temporary
    behind; `remove_stale_temporaries` finds and deletes those.
    """
    final = Path(path)
    final.parent.mkdir(parents=True, exist_ok=True)
    base, suffix = _temporary_name_parts(final)
    handle, temporary_name = tempfile.mkstemp(prefix=f".{base}.", suffix=suffix, dir=final.parent)
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
