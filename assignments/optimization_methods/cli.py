"""The settings of `python -m assignments.optimization_methods`, declared once (light: no numpy).

    python -m assignments.optimization_methods                        # the notebook's six runs, 5000 epochs each
    python -m assignments.optimization_methods --runs adam adam-decay --epochs 2000

Writes to --output: boundaries.png and costs.png (the runs side by side), results.csv and results.md.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import bounded_int, flag, output_flag, settings_parser
from assignments.optimization_methods.week import WEEK

# name -> (optimizer, learning rate, decayed with schedule_lr_decay): the notebook's six runs.
RUNS = {
    "gd": ("gd", 0.0007, False),
    "momentum": ("momentum", 0.0007, False),
    "adam": ("adam", 0.0007, False),
    "gd-decay": ("gd", 0.1, True),
    "momentum-decay": ("momentum", 0.1, True),
    "adam-decay": ("adam", 0.01, True),
}
LARGEST_EPOCHS = 1_000_000


@dataclasses.dataclass(frozen=True)
class Settings:
    runs: tuple[str, ...] = flag(
        tuple(RUNS),
        choices=tuple(RUNS),
        nargs="+",
        help="which of the notebook's runs (default all six: gd, momentum and adam at lr 0.0007, then with "
        "schedule_lr_decay: gd and momentum at 0.1, adam at 0.01)",
    )
    epochs: int = flag(
        5000, type=bounded_int(1, LARGEST_EPOCHS, "a number of epochs"), help="epochs per run (default 5000, the course's)"
    )
    mini_batch_size: int = flag(
        64, type=bounded_int(1, 300, "a mini-batch size"), help="examples per mini-batch (default 64; the data has 300)"
    )
    output: Path = output_flag(WEEK)


def build_parser():
    return settings_parser(
        Settings,
        prog="python -m assignments.optimization_methods",
        description="Train the course's 3-layer network on generated moons with mini-batch gradient descent, "
        "momentum and Adam, with and without learning-rate decay, and draw the runs side by side.",
    )
