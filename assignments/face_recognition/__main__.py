"""Face verification and recognition (FaceNet, or dlib's pretrained encoder) over a face database built from your photos.

    python -m assignments.face_recognition                         # the notebook's run (or a generated one)
    python -m assignments.face_recognition enroll --people DIR --db faces.npz [--encoder dlib] [--align mtcnn]
    python -m assignments.face_recognition verify --image FILE --identity NAME --db faces.npz
    python -m assignments.face_recognition identify --image FILE|DIR --db faces.npz [--top-k K] [--threshold T]

Writes to --output: the database (faces.npz by default), identify.csv (a row per face, with its box),
identified/<photo>.png and verify.png (each face boxed and labelled).

Every input is checked, and the database read, before TensorFlow is imported: a bad path or a damaged
database is one sentence in a second, not after the encoder has loaded. What the flags leave open (the
encoder, alignment and threshold an existing database was made with) is decided here, once.
"""

from __future__ import annotations

import dataclasses
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from assignments.common.cli import run_main
from assignments.common.errors import UserError
from assignments.common.files import check_writable_folder
from assignments.common.quiet import import_tensorflow_quietly
from assignments.face_recognition.cli import (
    DEFAULT_ALIGNMENTS,
    THRESHOLDS,
    DemoSettings,
    EnrollSettings,
    IdentifySettings,
    ModelSettings,
    VerifySettings,
    parse_arguments,
)
from assignments.face_recognition.data import check_images_open, people_in_folder, query_images
from assignments.face_recognition.database import FaceDatabase
from assignments.face_recognition.week import WEEK

BYTES_PER_PHOTO = 4 * 1024  # an upper bound of one row on disk: 128 float32s, a name and a source path


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_arguments(sys.argv[1:] if argv is None else argv)
    settings, database = checked(settings)
    # Everything is valid: only now load the modules that do the work (TensorFlow takes seconds).
    import_tensorflow_quietly()
    from assignments.face_recognition.commands import run

    return run(settings, database)


def checked(settings: ModelSettings) -> tuple[ModelSettings, FaceDatabase | None]:
    """Checks every path the command reads or writes, reads the database, and decides the open settings.

    Returns:
        (the settings with `db`, `encoder`, `align` and `threshold` decided, the database read or None).

    Raises:
        UserError: a missing or unreadable input, an unwritable --db, a damaged database, an unknown identity.
    """
    settings = dataclasses.replace(settings, db=settings.db or Path(settings.output) / "faces.npz")
    if settings.encoder == "stand-in" and settings.weights is not None:
        raise UserError("--weights needs --encoder facenet or dlib: the stand-in encoder has no weights file.")
    database = None
    if isinstance(settings, DemoSettings):
        settings = dataclasses.replace(settings, encoder=demo_encoder(settings))  # a fresh database every run
    elif isinstance(settings, EnrollSettings):
        database = check_enroll(settings)
    elif isinstance(settings, VerifySettings):
        database = check_verify(settings)
    elif isinstance(settings, IdentifySettings):
        check_images_open(query_images(settings.image))
        database = FaceDatabase.load(settings.db)
    return decided(settings, database), database


def decided(settings: ModelSettings, database: FaceDatabase | None) -> ModelSettings:
    """The encoder, alignment and threshold: the flag's, else the database's record, else the default.

    Raises:
        UserError: the flags name another encoder or alignment than the database's.
    """
    encoder = settings.encoder or (database.encoder if database is not None else "facenet")
    align = settings.align or (database.alignment if database is not None else DEFAULT_ALIGNMENTS[encoder])
    if database is not None:
        database.check_encoder(encoder, align, settings.db)
    threshold = settings.threshold if settings.threshold is not None else THRESHOLDS[encoder]
    return dataclasses.replace(settings, encoder=encoder, align=align, threshold=threshold)


def check_enroll(settings: EnrollSettings) -> FaceDatabase | None:
    """The people's photos open, the database (when it exists) is ours, and its folder takes the new file."""
    if settings.db.is_dir():
        raise UserError(f"--db '{settings.db}' is a folder: pass a file path such as '{settings.db / 'faces.npz'}'.")
    files = []
    if settings.people is not None:
        files = [file for files in people_in_folder(settings.people).values() for file in files]
    database = FaceDatabase.load(settings.db) if settings.db.exists() else None  # a damaged file stops us now
    check_images_open(files)
    check_database_writable(settings.db, len(files))
    return database


def check_database_writable(path: Path, photos: int) -> None:
    """--db is checked like --output: a folder in the way, an unwritable folder or a full disk is refused now.

    Raises:
        UserError: naming the path and the fix.
    """
    try:
        folder = check_writable_folder(path.parent)
    except UserError:
        raise UserError(
            f"The face database '{path}' cannot be written in '{path.parent}' (read-only, or under a file): "
            "pass --db in a folder you can write to."
        ) from None
    existing = folder
    while not existing.exists():
        existing = existing.parent
    needed = (path.stat().st_size if path.exists() else 0) + (photos + 64) * BYTES_PER_PHOTO
    free = shutil.disk_usage(existing).free
    if free < needed:
        raise UserError(
            f"The disk holding '{path}' has {free:,} bytes free, the database needs about {needed:,}: "
            "free some space or pass --db on another disk."
        )


def check_verify(settings: VerifySettings) -> FaceDatabase:
    """The photo is one readable file and the claimed person is in the database."""
    query_images(settings.image)  # A missing path fails here, before the database is read.
    database = FaceDatabase.load(settings.db)
    if settings.identity not in database:
        names = list(database)
        more = ", ..." if len(names) > 8 else ""
        raise UserError(
            f"'{settings.identity}' is not in {settings.db} (it holds {', '.join(names[:8])}{more}): "
            "check the spelling or enroll them first."
        )
    if not settings.image.is_file():
        raise UserError(f"--image '{settings.image}' is a folder: verify checks one photo (use identify for folders).")
    check_images_open([settings.image])
    return database


def demo_encoder(settings: DemoSettings) -> str | None:
    """The notebook's run: the encoder asked for; without --encoder, FaceNet when its weights are here, else
    dlib's real encoder when its weights are (said so), else the untrained FaceNet (and how to do better)."""
    if settings.encoder is not None or settings.weights is not None or WEEK.default_input("weights") is not None:
        return settings.encoder
    if WEEK.default_input("dlib_weights") is not None:
        print(
            "The course's FaceNet weights (keras-facenet-h5/model.h5) are absent: running dlib's pretrained encoder "
            "instead (pass --encoder facenet for the course's untrained FaceNet)."
        )
        return "dlib"
    print(
        "The course's FaceNet weights are absent: FaceNet runs untrained. For real recognition pass --encoder dlib "
        "(dlib's pretrained encoder, downloaded once, hash-checked)."
    )
    return None


if __name__ == "__main__":
    sys.exit(run_main(main))
