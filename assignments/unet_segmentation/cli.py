"""The command line of the U-Net week: a frozen settings dataclass per sub-command (no TensorFlow here).

    python -m assignments.unet_segmentation train                       # generated road scenes (offline)
    python -m assignments.unet_segmentation train --data ~/carla/data --epochs 20 --batch-size 32
    python -m assignments.unet_segmentation train --output out/run1 --epochs 30 --resume   # continue run1
    python -m assignments.unet_segmentation predict --model-file out/unet_segmentation/best_model.keras --input photos/

train writes to --output: best_model.keras, training_curves.png, predictions.png, history.csv and
checkpoint/ (for --resume). predict writes <image>_mask.png, <image>_overlay.png and class_fractions.csv.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from assignments.common.cli import (
    ArgumentParser,
    add_command,
    bounded_int,
    flag,
    output_flag,
    positive_float,
    positive_int,
    seed_flag,
)
from assignments.common.distribute_cli import ClusterConfig, distribute_flag, worker_timeout_flag
from assignments.unet_segmentation.sizes import DOWNSAMPLING_FACTOR, IMAGE_SIZE
from assignments.unet_segmentation.week import WEEK

# Generated scenes: at least one to train on and one to validate on; at most 20,000 (about 2 GB of PNGs).
MAX_SCENES = 20_000


def validation_fraction(text: str) -> float:
    value = positive_float(text)
    if value >= 1:
        raise argparse.ArgumentTypeError(f"expected a fraction between 0 and 1, got {text}")
    return value


@dataclasses.dataclass(frozen=True)
class TrainSettings:
    """`train`: what the user asked for, then (derived, never flags) what `__main__` found and checked."""

    data: Path | None = flag(
        None,
        type=Path,
        metavar="DIR",
        help="folder holding CameraRGB/ and CameraMask/ (or CameraSeg/), or its parent with data/ "
        "(default $DLS_DATA_DIR/unet_segmentation/data, else generated scenes)",
    )
    epochs: int = flag(5, type=positive_int, metavar="N", help="total epochs; with --resume, the total to reach (default 5)")
    batch_size: int = flag(
        8,
        type=positive_int,
        metavar="B",
        help="images per training step and replica (default 8: 20 steps per epoch on the 200 generated scenes; "
        "the course used 32 on its 1,060 frames)",
    )
    validation_split: float = flag(
        0.2, type=validation_fraction, help="fraction of the pairs held out for validation (default 0.2)"
    )
    image_size: tuple[int, int] = flag(
        tuple(IMAGE_SIZE),
        type=positive_int,
        nargs=2,
        metavar=("HEIGHT", "WIDTH"),
        help=f"size the images are resized to; multiples of {DOWNSAMPLING_FACTOR} (default 96 128, as the course); a size "
        "whose estimated training memory exceeds 80%% of this machine's is refused (see docs/unet_segmentation.md)",
    )
    n_filters: int = flag(32, type=positive_int, help="filters of the first block, doubled per level (default 32)")
    n_classes: int = flag(23, type=positive_int, help="number of classes; mask ids must be below it (default 23)")
    learning_rate: float = flag(1e-3, type=positive_float, help="Adam learning rate (default 0.001)")
    scenes: int = flag(
        200,
        type=bounded_int(2, MAX_SCENES, "a number of scenes"),
        help=f"how many road scenes to generate when there is no data, 2 to {MAX_SCENES:,} (default 200)",
    )
    examples: int = flag(3, type=positive_int, help="validation images shown in predictions.png (default 3)")
    resume: bool = flag(False, help="continue the interrupted run in --output from its last checkpoint")
    distribute: str = distribute_flag()
    worker_timeout: float = worker_timeout_flag()
    seed: int = seed_flag(0)
    output: Path = output_flag(WEEK)
    # Decided once by `__main__.check_training`, before TensorFlow loads (see there).
    pairs: object = dataclasses.field(default=None, repr=False)  # data.Pairs, or None for generated scenes
    description: str = ""  # what the data is, for the console
    data_kind: str = "generated"  # for the model's provenance: "user", "course" or "generated"
    identity: str = ""  # what --resume compares: the data folder, or the generated scenes' count and seed
    class_counts: object = dataclasses.field(default=None, repr=False)  # pixels per class over the masks
    cluster: ClusterConfig | None = None  # the TF_CONFIG cluster of --distribute multi-worker, read once


@dataclasses.dataclass(frozen=True)
class PredictSettings:
    """`predict`: a trained model and the images to segment with it."""

    model_file: Path = flag(
        None, type=Path, required=True, metavar="M.keras", help="a .keras model written by train (best_model.keras)"
    )
    input: Path = flag(None, type=Path, required=True, metavar="FILE|DIR", help="an image file or a folder of images")
    output: Path = output_flag(WEEK)


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments.unet_segmentation",
        description="Semantic segmentation with the course's U-Net (C4W3 A2): train it on CARLA frames "
        "(CameraRGB/ + CameraMask/ or CameraSeg/), or on generated road scenes when no data is given, "
        "then segment your own images.",
    )
    add_command(
        parser,
        "train",
        TrainSettings,
        help="train the U-Net; saves the best model, curves and example predictions",
        description="Train the U-Net with a seeded train/validation split. Data: --data, else "
        "$DLS_DATA_DIR/unet_segmentation/data/ (the course's CARLA set), else generated road scenes.",
    )
    add_command(
        parser,
        "predict",
        PredictSettings,
        help="segment your own images with a trained model",
        description="For each image: a colour mask and an overlay at the image's own size, and the fraction of "
        "pixels per class (printed and written to class_fractions.csv).",
    )
    return parser
