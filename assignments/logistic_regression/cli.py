"""The settings of `python -m assignments.logistic_regression`, declared once (light: no numpy, no h5py).

    python -m assignments.logistic_regression                          # the course's run: 2000 iterations, lr 0.005
    python -m assignments.logistic_regression --input my_photos/       # ... then cat / non-cat on your photos
    python -m assignments.logistic_regression --model-file out/logistic_regression/model.npz --input cat.jpg

Writes to --output: model.npz (the weights and the line that says how far to trust them), costs.png,
metrics.txt, predictions.csv and predictions.png.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.blas_threads import blas_threads_flag
from assignments.common.cli import bounded_int, flag, output_flag, positive_float, seed_flag, settings_parser
from assignments.logistic_regression.week import WEEK

LARGEST_ITERATIONS = 1_000_000


@dataclasses.dataclass(frozen=True)
class Settings:
    data: Path | None = flag(
        None,
        type=Path,
        help="folder holding datasets/train_catvnoncat.h5 and test_catvnoncat.h5 (default: $DLS_DATA_DIR/course1_2, "
        "else generated pictures, said so in every output)",
    )
    iterations: int = flag(
        2000,
        type=bounded_int(1, LARGEST_ITERATIONS, "a number of iterations"),
        help=f"gradient-descent steps (default 2000, the course's run; at most {LARGEST_ITERATIONS:,})",
    )
    learning_rate: float = flag(0.005, type=positive_float, help="gradient-descent step size (default 0.005, the course's)")
    input: Path | None = flag(
        None, type=Path, help="a photo or a folder of photos to call cat / non-cat (default: the project's sample photos)"
    )
    model_file: Path | None = flag(None, type=Path, help="a model.npz from an earlier run: skip training, only classify --input")
    blas_threads: int = blas_threads_flag()
    seed: int = seed_flag(0, help="seed of the generated pictures used when the course's data is absent (default 0)")
    output: Path = output_flag(WEEK)


def build_parser():
    return settings_parser(
        Settings,
        prog="python -m assignments.logistic_regression",
        description="Train the course's logistic-regression cat classifier on the cat / non-cat images, report its "
        "test accuracy against the constant answers, then call your photos cat or non-cat.",
    )
