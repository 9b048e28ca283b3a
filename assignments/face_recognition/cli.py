"""The week's settings, one frozen dataclass per sub-command, and the parser built from them.

Light on purpose: `--help` and bad flags never load TensorFlow. Each knob is declared once, here, with
its help beside it; `__main__` decides what the flags leave open (the encoder, alignment and threshold of
an existing database, the database path) once, with `dataclasses.replace`, before any work starts.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from pathlib import Path

from assignments.common.cli import (
    ArgumentParser,
    add_command,
    flag,
    output_flag,
    parse_settings,
    positive_float,
    positive_int,
    seed_flag,
)
from assignments.face_recognition.week import WEEK

PROG = "python -m assignments.face_recognition"
ENCODERS = ("facenet", "dlib", "stand-in")
ALIGNMENTS = ("mtcnn", "none")
SEARCH_ENGINES = ("numpy", "faiss")
# The defaults the flags leave to the encoder (a test checks them against recognition.THRESHOLD, the course's
# 0.7, and dlib_resnet.THRESHOLD, dlib's 0.6): dlib needs aligned chips; FaceNet and the stand-in keep the
# course's whole-photo input.
THRESHOLDS = {"facenet": 0.7, "dlib": 0.6, "stand-in": 0.7}
DEFAULT_ALIGNMENTS = {"facenet": "none", "dlib": "mtcnn", "stand-in": "none"}


@dataclasses.dataclass(frozen=True)
class ModelSettings:
    """The flags every sub-command shares: which encoder, its weights, and where results go."""

    weights: str | None = flag(
        None,
        help="facenet: the course's keras-facenet-h5/model.h5 (default: $DLS_DATA_DIR's copy, else seeded random "
        "weights, labelled UNTRAINED); dlib: its face_recognition_model-weights_manifest.json or the folder holding "
        "it with its .bin (default: $DLS_DATA_DIR's copy, else 'dlib': downloaded once, hash-checked)",
    )
    encoder: str | None = flag(
        None,
        choices=ENCODERS,
        help="facenet: the course's Inception-ResNet-v1 (the default for a new database; untrained without "
        "--weights model.h5); dlib: dlib's pretrained 128-d ResNet (real recognition, threshold 0.6; from "
        "$DLS_DATA_DIR or downloaded once); stand-in: a tiny test encoder, no face model. With an existing "
        "--db the default is the encoder that made it",
    )
    align: str | None = flag(
        None,
        choices=ALIGNMENTS,
        help="mtcnn: find every face (MTCNN) and align it to the encoder's template; none: the whole photo is "
        "the face, the course's behaviour (default: mtcnn for dlib, none for facenet and stand-in, or the --db's)",
    )
    batch_size: int = flag(32, type=positive_int, help="photos per face-detection batch and faces per forward pass (default 32)")
    seed: int = seed_flag(0)
    output: Path = output_flag(WEEK)
    # Decided once by `__main__` before the work starts, never by the user: the database the run reads or
    # writes (--db, else faces.npz in --output) and the distance threshold (--threshold, else the encoder's).
    db: Path | None = None
    threshold: float | None = None


@dataclasses.dataclass(frozen=True)
class DemoSettings(ModelSettings):
    """`demo`: the notebook's run, enroll + verify + identify on the course's (or generated) people."""


@dataclasses.dataclass(frozen=True)
class EnrollSettings(ModelSettings):
    """`enroll`: encode people's photos into a face database."""

    people: Path | None = flag(
        None,
        type=Path,
        help="folder with one sub-folder of photos per person, or <person>.jpg files (default: the course's 12 "
        "people from $DLS_DATA_DIR, else generated cartoon faces)",
    )
    db: Path | None = flag(
        None, type=Path, help="the face database (.npz) to create, or to add people to (default: faces.npz in --output)"
    )


@dataclasses.dataclass(frozen=True)
class VerifySettings(ModelSettings):
    """`verify`: is the person in --image the one they claim (--identity)?"""

    image: Path | None = flag(None, type=Path, required=True, help="the photo to check")
    identity: str | None = flag(None, required=True, help="the name the person claims (as enrolled)")
    db: Path | None = flag(None, type=Path, help="the face database (.npz) to read (default: faces.npz in --output)")
    threshold: float | None = flag(
        None,
        type=positive_float,
        help="accept when the distance is below this (default: 0.7 for facenet, the course's; 0.6 for dlib, dlib's)",
    )


@dataclasses.dataclass(frozen=True)
class IdentifySettings(ModelSettings):
    """`identify`: who, in the database, is each face in --image (a photo or a folder)?"""

    image: Path | None = flag(None, type=Path, required=True, help="a photo, or a folder of photos")
    db: Path | None = flag(None, type=Path, help="the face database (.npz) to read (default: faces.npz in --output)")
    top_k: int = flag(1, type=positive_int, help="how many nearest people to list (default 1)")
    search: str = flag(
        "numpy",
        choices=SEARCH_ENGINES,
        help="exact search engine: numpy (default; one matrix product per batch of faces) or faiss (the optional "
        "faiss-cpu package's IndexFlatL2; same answers, for databases of millions)",
    )
    threshold: float | None = flag(
        None,
        type=positive_float,
        help="unknown when the nearest distance is above this (default: 0.7 for facenet, 0.6 for dlib)",
    )


def build_parser() -> ArgumentParser:
    """The week's parser: one sub-command per settings class."""
    parser = ArgumentParser(
        prog=PROG,
        description="Face verification (is this person who they claim?) and recognition (who is this?) over a "
        "database of encodings, with the course's FaceNet or dlib's pretrained encoder, on ordinary photos (MTCNN "
        "finds and aligns the faces). Without a command it runs the notebook's example: the course's 12-person "
        "database from $DLS_DATA_DIR, or generated cartoon faces offline.",
    )
    add_command(parser, "demo", DemoSettings, help="the notebook's run: enroll, verify, identify (the default)")
    add_command(
        parser,
        "enroll",
        EnrollSettings,
        help="encode people's photos into a face database",
        description="Encodes every photo of every person (in batches) into a .npz database: the largest face of "
        "each photo (photos without a face are skipped and named). Re-enrolling into an existing database replaces "
        "the people you pass and keeps everyone else without recomputing them.",
    )
    add_command(parser, "verify", VerifySettings, help="is the person in --image the one they claim (--identity)?")
    add_command(
        parser,
        "identify",
        IdentifySettings,
        help="who, in the database, is each face in --image (a photo or a folder)?",
        description="Finds every face in every photo and names its nearest people. Writes identify.csv (one row per "
        "face, with its box) and identified/<photo>.png (each face boxed and labelled) to --output.",
    )
    return parser


def parse_arguments(argv: Sequence[str]) -> ModelSettings:
    """The frozen settings of the chosen sub-command; no sub-command (or only flags) means the notebook's run, `demo`."""
    argv = list(argv)
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["demo", *argv]
    return parse_settings(build_parser(), argv)
