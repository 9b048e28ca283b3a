"""The command line of the week, built from light modules only: `--help` and bad flags never load TensorFlow."""

from __future__ import annotations

from pathlib import Path

from assignments.common.cli import ArgumentParser, add_common_arguments, positive_float, positive_int
from assignments.face_recognition.week import WEEK

ENCODERS = ("facenet", "dlib", "stand-in")
ALIGNMENTS = ("mtcnn", "none")


def add_model_arguments(parser) -> None:
    add_common_arguments(parser, WEEK.name, seed=0, output=True)
    parser.add_argument(
        "--weights",
        default=None,
        help="facenet: the course's keras-facenet-h5/model.h5 (default: $DLS_DATA_DIR's copy, else seeded random "
        "weights, labelled UNTRAINED); dlib: its face_recognition_model-weights_manifest.json or the folder holding "
        "it with its .bin (default: $DLS_DATA_DIR's copy, else 'dlib': downloaded once, hash-checked)",
    )
    parser.add_argument(
        "--encoder",
        choices=ENCODERS,
        default=None,
        help="facenet: the course's Inception-ResNet-v1 (the default for a new database; untrained without "
        "--weights model.h5); dlib: dlib's pretrained 128-d ResNet (real recognition, threshold 0.6; from "
        "$DLS_DATA_DIR or downloaded once); stand-in: a tiny test encoder, no face model. With an existing "
        "--db the default is the encoder that made it",
    )
    parser.add_argument(
        "--align",
        choices=ALIGNMENTS,
        default=None,
        help="mtcnn: find every face (MTCNN) and align it to the encoder's template; none: the whole photo is "
        "the face, the course's behaviour (default: mtcnn for dlib, none for facenet and stand-in, or the --db's)",
    )
    parser.add_argument(
        "--batch-size",
        type=positive_int,
        default=32,
        help="photos per face-detection batch and faces per forward pass (default 32)",
    )


def add_database_argument(parser, must_exist: bool) -> None:
    parser.add_argument(
        "--db",
        type=Path,
        default=None,
        help="the face database (.npz) "
        + ("to read" if must_exist else "to create, or to add people to")
        + " (default: faces.npz in --output)",
    )


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments.face_recognition",
        description="Face verification (is this person who they claim?) and recognition (who is this?) over a "
        "database of encodings, with the course's FaceNet or dlib's pretrained encoder, on ordinary photos (MTCNN "
        "finds and aligns the faces). Without a command it runs the notebook's example: the course's 12-person "
        "database from $DLS_DATA_DIR, or generated cartoon faces offline.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=ArgumentParser)

    demo = commands.add_parser("demo", help="the notebook's run: enroll, verify, identify (the default)")
    add_model_arguments(demo)

    enroll = commands.add_parser(
        "enroll",
        help="encode people's photos into a face database",
        description="Encodes every photo of every person (in batches) into a .npz database: the largest face of "
        "each photo (photos without a face are skipped and named). Re-enrolling into an existing database replaces "
        "the people you pass and keeps everyone else without recomputing them.",
    )
    enroll.add_argument(
        "--people",
        type=Path,
        default=None,
        help="folder with one sub-folder of photos per person, or <person>.jpg files (default: the course's 12 "
        "people from $DLS_DATA_DIR, else generated cartoon faces)",
    )
    add_database_argument(enroll, must_exist=False)
    add_model_arguments(enroll)

    verify = commands.add_parser("verify", help="is the person in --image the one they claim (--identity)?")
    verify.add_argument("--image", type=Path, required=True, help="the photo to check")
    verify.add_argument("--identity", required=True, help="the name the person claims (as enrolled)")
    add_database_argument(verify, must_exist=True)
    verify.add_argument(
        "--threshold",
        type=positive_float,
        default=None,
        help="accept when the distance is below this (default: 0.7 for facenet, the course's; 0.6 for dlib, dlib's)",
    )
    add_model_arguments(verify)

    identify = commands.add_parser(
        "identify",
        help="who, in the database, is each face in --image (a photo or a folder)?",
        description="Finds every face in every photo and names its nearest people. Writes identify.csv (one row per "
        "face, with its box) and identified/<photo>.png (each face boxed and labelled) to --output.",
    )
    identify.add_argument("--image", type=Path, required=True, help="a photo, or a folder of photos")
    add_database_argument(identify, must_exist=True)
    identify.add_argument("--top-k", type=positive_int, default=1, help="how many nearest people to list (default 1)")
    identify.add_argument(
        "--search",
        choices=("numpy", "faiss"),
        default="numpy",
        help="exact search engine: numpy (default; one matrix product per batch of faces) or faiss (the optional "
        "faiss-cpu package's IndexFlatL2; same answers, for databases of millions)",
    )
    identify.add_argument(
        "--threshold",
        type=positive_float,
        default=None,
        help="unknown when the nearest distance is above this (default: 0.7 for facenet, 0.6 for dlib)",
    )
    add_model_arguments(identify)
    return parser


def parse_arguments(argv: list[str]):
    """The parsed arguments; no sub-command (or only flags) means the notebook's run, `demo`."""
    if not argv or argv[0].startswith("-") and argv[0] not in ("-h", "--help"):
        argv = ["demo", *argv]
    return build_parser().parse_args(argv)
