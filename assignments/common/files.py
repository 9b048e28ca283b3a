"""Atomic file writes: a reader never sees a half-written output, and a failed run leaves no partial file.

Output folders are checked before any work starts (`check_writable_folder`), and a result whose final write
still fails (a full disk, a folder removed mid-run) is kept in a rescue folder named in the error
(`atomic_save`), so that finished work is never lost.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from assignments.common.errors import UserError

RESCUE_DIR_ENV = "DLS_RESCUE_DIR"


def _probe_write(folder: Path) -> None:
    """Creates and deletes a file in `folder`: the only check that also holds for root and read-only mounts."""
    handle, name = tempfile.mkstemp(prefix=".dls-write-check.", dir=folder)
    os.close(handle)
    os.unlink(name)


def check_writable_folder(path: str | os.PathLike) -> Path:
    """Returns `path` if it is a writable folder, or a folder that can be created there; creates nothing.

    Raises:
        UserError: the path is a file, lies under a file, or its nearest existing folder is not writable.
    """
    folder = Path(path).expanduser()
    existing = folder
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        what = "is a file" if existing == folder else f"lies under the file '{existing}'"
        raise UserError(f"The output path '{folder}' {what}, not a folder: pass --output with a folder path.")
    try:
        _probe_write(existing)
    except OSError as error:
        raise UserError(
            f"The output folder '{folder}' cannot be written ({error.strerror} in '{existing}'): "
            "choose another --output, or fix its permissions."
        ) from None
    return folder


def ensure_output_dir(path: str | os.PathLike) -> Path:
    """Creates the output folder (and parents) and returns it; a clear error when that is impossible."""
    folder = check_writable_folder(path)  # a file in the way, or an unwritable folder: one sentence each
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"Cannot write to the output folder '{folder}' ({error.strerror}): choose another --output.") from None
    return folder


TEMPORARY_MARK = ".tmp-"
"""Every temporary of `atomic_path` is named `.<base>.tmp-<random><suffix>`, so a run can find the debris a
killed run left (`remove_stale_temporaries_in`) without touching anyone else's hidden files."""
STAGING_PREFIX = ".staging-"


def _name_max(folder: Path) -> int:
    try:
        return os.pathconf(folder if folder.exists() else ".", "PC_NAME_MAX")
    except (OSError, ValueError):
        return 255


def _name_bytes(text: str) -> int:
    return len(os.fsencode(text))


def _temporary_name_parts(final: Path) -> tuple[str, str]:
    """(prefix, suffix) of `atomic_path`'s temporaries for `final`: `.<base>.tmp-<8 random><suffix>` beside it.

    The temporary keeps the final name's suffixes (`.weights.h5`: writers pick the format from them) and
    always fits the file system's name limit when the final name does: a long base is cut and given a short
    hash of itself, so two long names that share their beginning still get different temporaries.
    """
    suffix = "".join(final.suffixes)
    if len(suffix) > 32:  # dots inside a long name are not a format's suffix
        suffix = final.suffix
    base = final.name[: len(final.name) - len(suffix)] if suffix else final.name
    suffix = suffix or ".tmp"
    # The limit is in bytes (an "é" takes two): 8 random characters, the leading dot and the mark besides.
    room = _name_max(final.parent) - _name_bytes(suffix) - len(TEMPORARY_MARK) - 8 - 1
    if _name_bytes(base) > room:
        digest = hashlib.sha1(os.fsencode(base)).hexdigest()[:8]
        cut = base
        while cut and _name_bytes(cut) > max(room - 9, 1):
            cut = cut[:-1]
        base = cut + "~" + digest
    return f".{base}{TEMPORARY_MARK}", suffix


def remove_stale_temporaries(path: str | os.PathLike) -> None:
    """Deletes half-written temporaries of `path` that a killed run (SIGTERM, power loss) left behind."""
    final = Path(path)
    prefix, suffix = _temporary_name_parts(final)
    for leftover in final.parent.glob(f"{glob.escape(prefix)}*{glob.escape(suffix)}"):
        leftover.unlink(missing_ok=True)


def remove_stale_temporaries_in(folder: str | os.PathLike) -> list[Path]:
    """Deletes every temporary and staging folder that a killed run left in `folder`; returns what went.

    Call it at the start of a run, while holding the folder's lock (`common/locking.exclusive`), so that
    no other run's temporaries are in flight.
    """
    root = Path(folder)
    if not root.is_dir():
        return []
    removed = []
    for leftover in root.iterdir():
        if leftover.name.startswith(".") and TEMPORARY_MARK in leftover.name and leftover.is_file():
            leftover.unlink(missing_ok=True)
            removed.append(leftover)
        elif leftover.name.startswith(STAGING_PREFIX) and leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
            removed.append(leftover)
    return removed


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
    prefix, suffix = _temporary_name_parts(final)
    handle, temporary_name = tempfile.mkstemp(prefix=prefix, suffix=suffix, dir=final.parent)
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


def rescue_dir() -> Path:
    """Where `atomic_save` keeps a result it could not write: `$DLS_RESCUE_DIR`, else the system temp folder."""
    root = os.environ.get(RESCUE_DIR_ENV) or Path(tempfile.gettempdir()) / "dls-assignments-rescue"
    return Path(root) / time.strftime("%Y%m%d-%H%M%S")


def atomic_save(path: str | os.PathLike, writer: Callable[[Path], object]) -> Path:
    """Calls `writer(temporary_path)` and renames the result onto `path`; keeps the work if that fails.

    When the final write fails with an OS error (disk full, folder removed or made read-only mid-run), the
    writer is called once more on a path in `rescue_dir()`, and the `UserError` names where the finished
    result now is. Use it for results that took long to compute (a trained model, a checkpoint).
    """
    final = Path(path)
    try:
        with atomic_path(final) as temporary:
            writer(temporary)
        return final
    except OSError as error:
        reason = error.strerror or type(error).__name__
        rescue = rescue_dir() / final.name
        try:
            rescue.parent.mkdir(parents=True, exist_ok=True)
            with atomic_path(rescue) as temporary:
                writer(temporary)
        except OSError:
            raise UserError(
                f"Could not write '{final}' ({reason}), nor a rescue copy in '{rescue.parent}': free some disk space and run again."
            ) from None
        raise UserError(
            f"Could not write '{final}' ({reason}): the finished result was kept at '{rescue}'; copy it from there."
        ) from None


def write_text_atomic(path: str | os.PathLike, text: str, encoding: str = "utf-8") -> Path:
    """Writes `text` to `path` atomically and returns the path.

    File names are bytes on Linux: a name that is not valid UTF-8 (a Latin-1 `café.png`) reaches Python
    with surrogate escapes, and `surrogateescape` writes those original bytes back, losslessly.
    """
    return atomic_save(path, lambda temporary: temporary.write_text(text, encoding=encoding, errors="surrogateescape"))


def write_bytes_atomic(path: str | os.PathLike, data: bytes) -> Path:
    """Writes `data` to `path` atomically and returns the path."""
    return atomic_save(path, lambda temporary: temporary.write_bytes(data))


@contextlib.contextmanager
def staged_outputs(folder: str | os.PathLike) -> Iterator[Path]:
    """Yields a hidden staging folder inside `folder`: write a run's outputs there; they appear together.

    On success every file written into the staging folder is renamed into `folder` in one quick pass (each
    rename atomic), so the folder never mixes a new `confusion_matrix.png` with the previous run's
    `model.keras` for longer than that pass. On an error, or if the run is killed, the staging folder is
    dropped (now, or by the next run's `remove_stale_temporaries_in`) and the previous run's set stays whole.
    Sub-folders are moved whole (a folder of the same name is replaced).
    """
    root = ensure_output_dir(folder)
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=root))
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    try:
        for produced in sorted(staging.iterdir()):
            target = root / produced.name
            if produced.is_dir() and target.is_dir():
                shutil.rmtree(target)
            os.replace(produced, target)
    except OSError as error:
        raise UserError(
            f"Could not move the finished results into '{root}' ({error.strerror}): they are in '{staging}'; copy them from there."
        ) from None
    shutil.rmtree(staging, ignore_errors=True)
