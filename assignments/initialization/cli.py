"""The settings of `python -m assignments.initialization`, declared once (light: no numpy, no matplotlib).

    python -m assignments.initialization                          # zeros, random * 10 and He, 15000 iterations each
    python -m assignments.initialization --methods he --iterations 5000

Writes to --output: boundaries.png and costs.png (the methods side by side), results.csv and results.md.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import bounded_int, flag, output_flag, positive_float, settings_parser
from assignments.initialization.week import WEEK

METHODS = ("zeros", "random", "he")
LARGEST_ITERATIONS = 1_000_000


@dataclasses.dataclass(frozen=True)
class Settings:
    methods: tuple[str, ...] = flag(
        METHODS, choices=METHODS, nargs="+", help="initialisations to compare (default: all three, the notebook's)"
    )
    iterations: int = flag(
        15000,
        type=bounded_int(1, LARGEST_ITERATIONS, "a number of iterations"),
        help="gradient-descent steps per method (default 15000, the course's)",
    )
    learning_rate: float = flag(0.01, type=positive_float, help="gradient-descent step size (default 0.01, the course's)")
    output: Path = output_flag(WEEK)


def build_parser():
    return settings_parser(
        Settings,
        prog="python -m assignments.initialization",
        description="Train the course's 3-layer network on two noisy circles from zeros, from large random weights "
        "and from He initialisation, and draw their decision boundaries and cost curves side by side.",
    )
