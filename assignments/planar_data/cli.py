"""The settings of `python -m assignments.planar_data`, declared once (light: no numpy, no matplotlib).

    python -m assignments.planar_data                                   # the course's flower, 4 hidden units
    python -m assignments.planar_data --dataset noisy_moons --hidden-sizes 1 4 20

Writes to --output: boundaries.png (logistic regression and each hidden size, side by side), costs.png,
results.csv and results.md (the accuracies in one table).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import bounded_int, flag, output_flag, seed_flag, settings_parser
from assignments.planar_data.week import WEEK

DATASETS = ("flower", "noisy_circles", "noisy_moons", "blobs", "gaussian_quantiles", "no_structure")
LARGEST_HIDDEN = 1000
LARGEST_ITERATIONS = 1_000_000


@dataclasses.dataclass(frozen=True)
class Settings:
    dataset: str = flag("flower", choices=DATASETS, help="the course's flower (default) or one of its extra datasets")
    iterations: int = flag(
        10000,
        type=bounded_int(1, LARGEST_ITERATIONS, "a number of iterations"),
        help="iterations of the 4-hidden-unit run (default 10000, the course's)",
    )
    hidden_sizes: tuple[int, ...] = flag(
        (1, 2, 3, 4, 5, 20, 50),
        type=bounded_int(1, LARGEST_HIDDEN, "a hidden-layer size"),
        nargs="+",
        help=f"hidden-layer sizes of the sweep (default the course's 1 2 3 4 5 20 50; each at most {LARGEST_HIDDEN})",
    )
    sweep_iterations: int = flag(
        5000,
        type=bounded_int(1, LARGEST_ITERATIONS, "a number of iterations"),
        help="iterations of each sweep run (default 5000, the course's)",
    )
    seed: int = seed_flag(0, help="seed of the extra datasets (the flower is always the course's seed 1)")
    output: Path = output_flag(WEEK)


def build_parser():
    return settings_parser(
        Settings,
        prog="python -m assignments.planar_data",
        description="Classify 2-D points with logistic regression and with the course's one-hidden-layer network, "
        "sweep the hidden-layer size, and draw every decision boundary side by side.",
    )
