"""The settings of `python -m assignments.python_basics`, declared once (light: numpy is not imported here).

    python -m assignments.python_basics                      # the course's examples, then loops vs numpy
    python -m assignments.python_basics --size 1000000 --repeats 5

Writes to --output: vectorisation.csv (seconds per operation, loop and numpy, and their ratio) and
vectorisation.png (the ratios).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import bounded_int, flag, output_flag, seed_flag, settings_parser
from assignments.python_basics.week import WEEK

LARGEST_SIZE = 10_000_000


@dataclasses.dataclass(frozen=True)
class Settings:
    size: int = flag(
        100_000,
        type=bounded_int(15, LARGEST_SIZE, "a vector length"),
        help=f"length of the demo's vectors (default 100000, at most {LARGEST_SIZE:,}; the outer product takes the first 300)",
    )
    repeats: int = flag(
        3, type=bounded_int(1, 100, "a number of repeats"), help="timed runs per operation; the fastest counts (default 3)"
    )
    seed: int = seed_flag(0, help="seed of the general-dot matrix W (default 0)")
    output: Path = output_flag(WEEK)


def build_parser():
    return settings_parser(
        Settings,
        prog="python -m assignments.python_basics",
        description="Run the graded numpy functions on the course's examples, then time each of the notebook's "
        "vectorised operations against the same computation written with Python loops.",
    )
