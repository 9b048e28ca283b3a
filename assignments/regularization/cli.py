"""The settings of `python -m assignments.regularization`, declared once (light: no numpy, no scipy).

    python -m assignments.regularization                          # none, L2 (0.7), dropout (0.86): 30000 iterations each
    python -m assignments.regularization --lambd 0.3 --keep-prob 0.7 --iterations 10000

Writes to --output: boundaries.png and costs.png (the three side by side), results.csv and results.md.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import bounded_int, flag, output_flag, positive_float, settings_parser
from assignments.regularization.week import WEEK

LARGEST_ITERATIONS = 1_000_000


def keep_probability(text: str) -> float:
    import argparse

    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got '{text}'") from None
    if not 0 < value <= 1:
        raise argparse.ArgumentTypeError(f"expected a number in (0, 1], got {text}")
    return value


@dataclasses.dataclass(frozen=True)
class Settings:
    data: Path | None = flag(
        None, type=Path, help="the course's datasets/data.mat (default: from $DLS_DATA_DIR/course1_2, else generated points)"
    )
    iterations: int = flag(
        30000,
        type=bounded_int(1, LARGEST_ITERATIONS, "a number of iterations"),
        help="gradient-descent steps per model (default 30000, the course's)",
    )
    learning_rate: float = flag(0.3, type=positive_float, help="gradient-descent step size (default 0.3, the course's)")
    lambd: float = flag(0.7, type=positive_float, help="the L2 model's lambda (default 0.7, the course's)")
    keep_prob: float = flag(
        0.86, type=keep_probability, help="the dropout model's keep probability, in (0, 1] (default 0.86, the course's)"
    )
    output: Path = output_flag(WEEK)


def build_parser():
    return settings_parser(
        Settings,
        prog="python -m assignments.regularization",
        description="Train the course's 3-layer network without regularisation, with L2 and with dropout, and draw "
        "their decision boundaries and cost curves side by side with their train and test accuracies.",
    )
