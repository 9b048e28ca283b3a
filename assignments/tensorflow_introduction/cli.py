"""The settings of `python -m assignments.tensorflow_introduction`, declared once (light: no TensorFlow).

    python -m assignments.tensorflow_introduction                     # generated SIGNS, the course's test photos
    python -m assignments.tensorflow_introduction --train train_signs.h5 --epochs 1500

Writes to --output: curves.png (the cost and the train / test accuracies per epoch) and results.csv.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import bounded_int, flag, output_flag, positive_float, seed_flag, settings_parser
from assignments.tensorflow_introduction.week import WEEK


@dataclasses.dataclass(frozen=True)
class Settings:
    train: Path | None = flag(
        None,
        type=Path,
        help="the course's train_signs.h5, if you have it (default: generated SIGNS pictures, said so in every output)",
    )
    test: Path | None = flag(
        None,
        type=Path,
        help="the course's test_signs.h5 (default: $DLS_DATA_DIR/happy_house/test_signs.h5, else generated pictures)",
    )
    train_count: int = flag(
        1080,
        type=bounded_int(6, 100_000, "a number of pictures"),
        help="generated training pictures when there is no --train (default 1080, the course's size)",
    )
    epochs: int = flag(
        100,
        type=bounded_int(1, 100_000, "a number of epochs"),
        help="epochs (default 100, the notebook's shown run; the course's default is 1500)",
    )
    learning_rate: float = flag(0.0001, type=positive_float, help="Adam's learning rate (default 0.0001, the course's)")
    minibatch_size: int = flag(32, type=bounded_int(1, 4096, "a mini-batch size"), help="examples per mini-batch (default 32)")
    seed: int = seed_flag(0, help="seed of the generated pictures (the weights always use the course's GlorotNormal(seed=1))")
    output: Path = output_flag(WEEK)


def build_parser():
    return settings_parser(
        Settings,
        prog="python -m assignments.tensorflow_introduction",
        description="Train the course's 3-layer TensorFlow network on SIGNS (generated pictures, or the course's "
        "train_signs.h5), test it on the course's real test photos, and plot its curves.",
    )
