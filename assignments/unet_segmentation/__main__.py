"""Train the course's U-Net on CARLA-layout data, and segment your own images with it.

    python -m assignments.unet_segmentation train                       # generated road scenes (offline)
    python -m assignments.unet_segmentation train --data ~/carla/data --epochs 20 --batch-size 32
    python -m assignments.unet_segmentation train --output out/run1 --epochs 30 --resume   # continue run1
    python -m assignments.unet_segmentation predict --model-file out/unet_segmentation/best_model.keras --input photos/

train writes to --output: best_model.keras, training_curves.png, predictions.png, history.csv and
checkpoint/ (for --resume). predict writes <image>_mask.png, <image>_overlay.png and class_fractions.csv.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from assignments.common.cli import ArgumentParser, add_common_arguments, bounded_int, positive_float, positive_int, run_main
from assignments.common.distribute_cli import add_distribute_arguments, check_distribute_arguments
from assignments.common.errors import UserError
from assignments.common.quiet import import_tensorflow_quietly
from assignments.unet_segmentation.classes import class_name
from assignments.unet_segmentation.data import check_pairs, find_pairs
from assignments.unet_segmentation.sizes import DOWNSAMPLING_FACTOR, IMAGE_SIZE, check_training_size
from assignments.unet_segmentation.synthetic import LARGEST_CLASS_ID
from assignments.unet_segmentation.week import WEEK


def validation_fraction(text: str) -> float:
    value = positive_float(text)
    if value >= 1:
        raise argparse.ArgumentTypeError(f"expected a fraction between 0 and 1, got {text}")
    return value


# Generated scenes: at least one to train on and one to validate on; at most 20,000 (about 2 GB of PNGs).
MAX_SCENES = 20_000


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments.unet_segmentation",
        description="Semantic segmentation with the course's U-Net (C4W3 A2): train it on CARLA frames "
        "(CameraRGB/ + CameraMask/ or CameraSeg/), or on generated road scenes when no data is given, "
        "then segment your own images.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    train = commands.add_parser(
        "train",
        help="train the U-Net; saves the best model, curves and example predictions",
        description="Train the U-Net with a seeded train/validation split. Data: --data, else "
        "$DLS_DATA_DIR/unet_segmentation/data/ (the course's CARLA set), else generated road scenes.",
    )
    train.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="folder holding CameraRGB/ and CameraMask/ (or CameraSeg/), or its parent with data/ "
        "(default $DLS_DATA_DIR/unet_segmentation/data, else generated scenes)",
    )
    train.add_argument(
        "--epochs", type=positive_int, default=5, metavar="N", help="total epochs; with --resume, the total to reach (default 5)"
    )
    train.add_argument(
        "--batch-size",
        type=positive_int,
        default=8,
        metavar="B",
        help="images per training step and replica (default 8: 20 steps per epoch on the 200 generated scenes; the course used 32 "
        "on its 1,060 frames)",
    )
    train.add_argument(
        "--validation-split",
        type=validation_fraction,
        default=0.2,
        help="fraction of the pairs held out for validation (default 0.2)",
    )
    train.add_argument(
        "--image-size",
        type=positive_int,
        nargs=2,
        default=list(IMAGE_SIZE),
        metavar=("HEIGHT", "WIDTH"),
        help=f"size the images are resized to; multiples of {DOWNSAMPLING_FACTOR} (default 96 128, as the course); a size "
        "whose estimated training memory exceeds 80%% of this machine's is refused (see docs/unet_segmentation.md)",
    )
    train.add_argument(
        "--n-filters", type=positive_int, default=32, help="filters of the first block, doubled per level (default 32)"
    )
    train.add_argument(
        "--n-classes", type=positive_int, default=23, help="number of classes; mask ids must be below it (default 23)"
    )
    train.add_argument("--learning-rate", type=positive_float, default=1e-3, help="Adam learning rate (default 0.001)")
    train.add_argument(
        "--scenes",
        type=bounded_int(2, MAX_SCENES, "a number of scenes"),
        default=200,
        help=f"how many road scenes to generate when there is no data, 2 to {MAX_SCENES:,} (default 200)",
    )
    train.add_argument("--examples", type=positive_int, default=3, help="validation images shown in predictions.png (default 3)")
    train.add_argument("--resume", action="store_true", help="continue the interrupted run in --output from its last checkpoint")
    add_distribute_arguments(train)
    add_common_arguments(train, WEEK.name, seed=0)

    predict = commands.add_parser(
        "predict",
        help="segment your own images with a trained model",
        description="For each image: a colour mask and an overlay at the image's own size, and the fraction of "
        "pixels per class (printed and written to class_fractions.csv).",
    )
    predict.add_argument(
        "--model-file", type=Path, required=True, metavar="M.keras", help="a .keras model written by train (best_model.keras)"
    )
    predict.add_argument("--input", type=Path, required=True, metavar="FILE|DIR", help="an image file or a folder of images")
    add_common_arguments(predict, WEEK.name, seed=None)
    return parser


def find_training_data(arguments):
    """(pairs, description, identity) from --data, else the course's set; (None, ...) for generated scenes.

    Writes nothing: generated scenes are written later, under --output, once every check has passed.
    `identity` is what --resume compares: the data folder, or for generated scenes their seed and count.
    """
    folder = arguments.data if arguments.data is not None else WEEK.default_input("data")
    if folder is not None:
        pairs = find_pairs(folder)
        whose = "your data" if arguments.data is not None else "the course's CARLA data"
        return pairs, f"{whose} in {folder}", str(Path(pairs.folder).resolve())
    if arguments.n_classes <= LARGEST_CLASS_ID:
        raise UserError(
            f"The generated road scenes use class ids up to {LARGEST_CLASS_ID} ('{class_name(LARGEST_CLASS_ID)}') but "
            f"--n-classes is {arguments.n_classes}: pass --n-classes {LARGEST_CLASS_ID + 1} or more, or train on --data."
        )
    samples = WEEK.default_input("samples")
    if samples is not None:
        print(f"Note: {samples} has 4 real CARLA frames; train on them with --data {samples} (too few to learn from).")
    return (
        None,
        f"{arguments.scenes} generated road scenes (seed {arguments.seed})",
        f"{arguments.scenes} generated road scenes (seed {arguments.seed})",
    )


def check_training(arguments) -> argparse.Namespace:
    """Every check of `train` that needs no TensorFlow: the output path, the data, the memory, the masks."""
    height, width = arguments.image_size
    output = Path(arguments.output).expanduser()  # checked writable by the --output type while parsing
    pairs, description, identity = find_training_data(arguments)
    images = len(pairs) if pairs is not None else arguments.scenes
    check_training_size(height, width, arguments.batch_size, arguments.n_filters, arguments.n_classes, images)
    # Every pair is read once here, before anything is written (generated scenes are checked once written).
    counts = check_pairs(pairs, arguments.n_classes) if pairs is not None else None
    return argparse.Namespace(output=output, pairs=pairs, description=description, identity=identity, counts=counts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command not in ("train", "predict"):
        parser.print_help()
        return 0
    checked = None
    if arguments.command == "train":
        check_distribute_arguments(arguments)
        checked = check_training(arguments)
    # Deferred import: TensorFlow and Keras load only once the arguments and the data have been checked.
    import_tensorflow_quietly(start_runtime=getattr(arguments, "distribute", "none") != "multi-worker")
    from assignments.unet_segmentation import commands

    return commands.train(arguments, checked) if checked is not None else commands.predict(arguments)


if __name__ == "__main__":
    sys.exit(run_main(main))
