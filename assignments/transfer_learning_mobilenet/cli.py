"""The week's settings, declared once: `train`, `evaluate`, `predict`. Light: no TensorFlow is imported here."""

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
from assignments.common.distribute_cli import DEFAULT_WORKER_TIMEOUT, DOCS, STRATEGIES, worker_timeout
from assignments.transfer_learning_mobilenet.week import WEEK

# MobileNetV2's width multipliers with ImageNet weights (other values build, untrained, too).
ALPHAS = (0.35, 0.5, 0.75, 1.0, 1.3, 1.4)
DEFAULT_MODEL = f"out/{WEEK.name}/model.keras"


def validation_share(text: str) -> float:
    """`--validation-split`: a share strictly between 0 and 1."""
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not 0 < value < 1:  # NaN fails too
        raise argparse.ArgumentTypeError(f"expected a number between 0 and 1 (exclusive), got {text}")
    return value


@dataclasses.dataclass(frozen=True)
class TrainSettings:
    data: Path | None = flag(
        None,
        type=Path,
        help=f"a folder with one sub-folder of images per class, two or more (default $DLS_DATA_DIR/{WEEK.name}/dataset_160x160, the course's alpaca images)",
    )
    weights: str | None = flag(
        None,
        help="the base network's weights: 'imagenet' (Keras' files, downloaded once into the Keras cache) or the path of a "
        "no-top MobileNetV2 weights file; without it the base is randomly initialised, and every output says so",
    )
    epochs: int = flag(5, type=positive_int, help="epochs with the base frozen (default 5, the course's)")
    fine_tune_epochs: int = flag(
        5,
        type=bounded_int(0, 10_000, "a number of epochs"),
        help="fine-tuning continues to epochs + this total, from the last epoch of the first phase, as the course does "
        "(default 5: 6 more epochs; 0 skips fine-tuning)",
    )
    fine_tune_at: int = flag(
        120, type=bounded_int(0, 10_000, "a layer index"), help="the base's first trainable layer while fine-tuning (default 120)"
    )
    learning_rate: float = flag(
        0.001, type=positive_float, help="Adam's step with the base frozen; fine-tuning uses a tenth (default 0.001)"
    )
    batch_size: int = flag(32, type=positive_int, help="images per step and replica (default 32)")
    image_size: int = flag(
        160,
        type=bounded_int(32, 1024, "an image size"),
        help="images are resized to this square size (default 160; ImageNet weights exist for 96, 128, 160, 192, 224)",
    )
    alpha: float = flag(
        1.0,
        type=positive_float,
        help="MobileNetV2's width multiplier (default 1.0; ImageNet weights for " + ", ".join(map(str, ALPHAS)) + ")",
    )
    validation_split: float = flag(0.2, type=validation_share, help="share of the images held out for validation (default 0.2)")
    seed: int = seed_flag(
        42, help="seed of the split, the shuffle, the augmentation and the initial weights (default 42, the course's split)"
    )
    distribute: str = flag(
        "none",
        choices=STRATEGIES,
        help="none: one device (default); mirrored: every GPU of this machine (else its CPU); multi-worker: the machines "
        f"in $TF_CONFIG. --batch-size is per replica (see {DOCS})",
    )
    worker_timeout: float = flag(
        DEFAULT_WORKER_TIMEOUT,
        type=worker_timeout,
        metavar="SECONDS",
        help=f"multi-worker only: how long to wait for every worker to join, and for any one exchange (default {DEFAULT_WORKER_TIMEOUT:.0f})",
    )
    output: Path = output_flag(WEEK)


@dataclasses.dataclass(frozen=True)
class EvaluateSettings:
    model_file: Path = flag(Path(DEFAULT_MODEL), type=Path, help=f"a model.keras written by 'train' (default {DEFAULT_MODEL})")
    data: Path | None = flag(
        None, type=Path, help="the folder to evaluate on (default: the folder the model was trained on, else the course's)"
    )
    validation_split: float | None = flag(
        None,
        type=validation_share,
        help="evaluate on this held-out share, split as 'train' splits it (default: the model's own split)",
    )
    batch_size: int = flag(32, type=positive_int, help="images per step (default 32)")
    output: Path = output_flag(WEEK)


@dataclasses.dataclass(frozen=True)
class PredictSettings:
    model_file: Path = flag(Path(DEFAULT_MODEL), type=Path, help=f"a model.keras written by 'train' (default {DEFAULT_MODEL})")
    input: Path | None = flag(
        None, type=Path, help="an image or a folder of images (default: the project's sample photos in images/)"
    )
    output: Path = output_flag(WEEK)


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog=f"python -m {WEEK.package}",
        description="Transfer learning with MobileNetV2, as the course does it: train a new classifier on a frozen base, "
        "fine-tune the base's top layers, evaluate, and classify your own photos. Without --weights imagenet the base is "
        "randomly initialised, and every output says so.",
    )
    add_command(
        parser,
        "train",
        TrainSettings,
        help="both phases: frozen base, then fine-tuning; writes model.keras, curves and an augmentation preview",
    )
    add_command(parser, "evaluate", EvaluateSettings, help="accuracy of a saved model against the majority-class baseline")
    add_command(
        parser, "predict", PredictSettings, help="the class of each of your photos, as predictions.csv and predictions.png"
    )
    return parser
