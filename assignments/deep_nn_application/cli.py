"""The settings of `python -m assignments.deep_nn_application`, declared once (light: no numpy, no h5py).

    python -m assignments.deep_nn_application                            # L-layer 12288 20 7 5 1, 2500 iterations
    python -m assignments.deep_nn_application --model two-layer --input my_photos/
    python -m assignments.deep_nn_application --model-file out/deep_nn_application/model.npz --input cat.jpg

Writes to --output: model.npz (the weights and the line that says how far to trust them), costs.png,
metrics.txt, predictions.csv and predictions.png.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.blas_threads import blas_threads_flag
from assignments.common.cli import bounded_int, flag, output_flag, positive_float, seed_flag, settings_parser
from assignments.deep_nn_application.week import WEEK

COURSE_LAYERS = {"L-layer": (12288, 20, 7, 5, 1), "two-layer": (12288, 7, 1)}
LARGEST_LAYER = 4096
LARGEST_ITERATIONS = 1_000_000


@dataclasses.dataclass(frozen=True)
class Settings:
    model: str = flag("L-layer", choices=tuple(COURSE_LAYERS), help="the course's L_layer_model (default) or two_layer_model")
    layers: tuple[int, ...] | None = flag(
        None,
        type=bounded_int(1, 12288, "a layer size"),
        nargs="+",
        help="layer sizes from the 12288 inputs to the 1 output (default: the course's 12288 20 7 5 1, or 12288 7 1 "
        "for two-layer, which takes exactly three)",
    )
    iterations: int = flag(
        2500,
        type=bounded_int(1, LARGEST_ITERATIONS, "a number of iterations"),
        help="gradient-descent steps (default 2500, the course's run; each takes the whole training set)",
    )
    learning_rate: float = flag(0.0075, type=positive_float, help="gradient-descent step size (default 0.0075, the course's)")
    data: Path | None = flag(
        None,
        type=Path,
        help="folder holding datasets/train_catvnoncat.h5 and test_catvnoncat.h5 (default: $DLS_DATA_DIR/course1_2, "
        "else generated pictures, said so in every output)",
    )
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
        prog="python -m assignments.deep_nn_application",
        description="Train the course's 2-layer or L-layer cat classifier on the cat / non-cat images, report its "
        "test accuracy against the constant answers, then call your photos cat or non-cat.",
    )
