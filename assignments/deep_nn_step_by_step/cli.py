"""The settings of `python -m assignments.deep_nn_step_by_step`, declared once (light: no numpy).

    python -m assignments.deep_nn_step_by_step                       # layers 2 20 7 5 1 on two moons
    python -m assignments.deep_nn_step_by_step --layers 2 10 1 --iterations 5000 --learning-rate 0.5

Writes to --output: costs.png, boundary.png, results.md and results.csv.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import bounded_int, flag, output_flag, positive_float, seed_flag, settings_parser
from assignments.deep_nn_step_by_step.week import WEEK

LARGEST_LAYER = 4096
LARGEST_ITERATIONS = 1_000_000


@dataclasses.dataclass(frozen=True)
class Settings:
    layers: tuple[int, ...] = flag(
        (2, 20, 7, 5, 1),
        type=bounded_int(1, LARGEST_LAYER, "a layer size"),
        nargs="+",
        help="layer sizes from the input to the output; the input must be 2 (the points' coordinates) "
        f"and the output 1 (default 2 20 7 5 1, the course's hidden layers; each at most {LARGEST_LAYER})",
    )
    iterations: int = flag(
        3000, type=bounded_int(1, LARGEST_ITERATIONS, "a number of iterations"), help="gradient-descent steps (default 3000)"
    )
    learning_rate: float = flag(0.3, type=positive_float, help="gradient-descent step size (default 0.3)")
    init: str = flag(
        "xavier",
        choices=("course", "xavier", "he"),
        help="initial weights: the graded initialize_parameters_deep (randn * 0.01, which stalls a deep ReLU "
        "network: the next week's point), randn / sqrt(n_prev) (default), or randn * sqrt(2 / n_prev)",
    )
    seed: int = seed_flag(0, help="seed of the data and of the initial weights (default 0)")
    output: Path = output_flag(WEEK)


def build_parser():
    return settings_parser(
        Settings,
        prog="python -m assignments.deep_nn_step_by_step",
        description="Check the step-by-step backward pass against a numeric gradient, then train the deep network "
        "built from the graded steps on two generated moons and draw its decision boundary.",
    )
