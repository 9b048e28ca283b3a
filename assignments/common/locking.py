"""One writer at a time: a lock on a face database or an output folder, so two runs never silently lose data.

Two `enroll` runs on one database both read it, add their people and replace the file: one person is gone.
Two trainings into one `--output` both report success: one model silently replaced the other. With
`exclusive`, the second run waits a little for the first, then stops with one sentence that says who holds
the lock and what to do, before it has done any work.

The lock is an advisory file lock (`filelock`, which uses `fcntl.flock` on Linux): the kernel releases it
when its process ends, however it ends, so a killed run never leaves a stale lock behind. The lock file
itself (`.<name>.lock` beside a file, `.lock` inside a folder) is left in place, empty.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

import filelock

from assignments.common.errors import UserError

DEFAULT_WAIT_S = 10.0
WAIT_ENV = "DLS_LOCK_WAIT_S"


def lock_path(path: str | os.PathLike) -> Path:
    """Where the lock of `path` lives: inside it for a folder, beside it for a file."""
    target = Path(path)
    return target / ".lock" if target.is_dir() else target.with_name(f".{target.name}.lock")


@contextlib.contextmanager
def exclusive(path: str | os.PathLike, what: str, wait_s: float | None = None) -> Iterator[Path]:
    """Holds the lock of `path` for the block; a second writer waits `wait_s` seconds, then is refused.

    Args:
        path: the file (database) or folder (output folder) that one run at a time may write.
        what: words for the message ("the face database", "the output folder").
        wait_s: how long to wait for another run to finish (default 10 s, or `$DLS_LOCK_WAIT_S`).

    Raises:
        UserError: another run holds the lock after the wait, or the lock cannot be created.
    """
    if wait_s is None:
        wait_s = float(os.environ.get(WAIT_ENV, DEFAULT_WAIT_S))
    target = Path(path)
    if not target.exists() and not target.suffix:
        target.mkdir(parents=True, exist_ok=True)  # an output folder about to be written
    lock_file = lock_path(target)
    try:
        lock_file.parent.mkdir(parents=True, exist_ok=True)
        lock = filelock.FileLock(lock_file, timeout=wait_s)
        lock.acquire()
    except filelock.Timeout:
        raise UserError(
            f"Another run is writing {what} '{path}' (it holds {lock_file}): wait for it to finish, or choose another path."
        ) from None
    except OSError as error:
        raise UserError(f"Cannot lock {what} '{path}' ({error.strerror}): check that its folder can be written.") from None
    try:
        yield lock_file
    finally:
        lock.release()
