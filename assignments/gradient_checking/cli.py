"""The settings of `python -m assignments.gradient_checking`, declared once (light: no numpy).

    python -m assignments.gradient_checking                  # the course's checks, the planted bugs found
    python -m assignments.gradient_checking --epsilon 1e-5

Writes to --output: results.csv and results.md (each check's relative difference, and per parameter).
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import flag, output_flag, positive_float, seed_flag, settings_parser
from assignments.gradient_checking.week import WEEK


@dataclasses.dataclass(frozen=True)
class Settings:
    epsilon: float = flag(1e-7, type=positive_float, help="the step of the centred differences (default 1e-7, the course's)")
    seed: int = seed_flag(1, help="seed of the network and examples checked (default 1, the course's test case)")
    output: Path = output_flag(WEEK)


def build_parser():
    return settings_parser(
        Settings,
        prog="python -m assignments.gradient_checking",
        description="Check backpropagation against numeric gradients: the 1-D example, then the course's 3-layer "
        "network with its two planted bugs (found, and named by parameter), then with them fixed.",
    )
