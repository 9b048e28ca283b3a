"""`python -m assignments.deep_nn_application`: parse, check the layer sizes, then train and classify."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.common.errors import UserError
from assignments.deep_nn_application.cli import COURSE_LAYERS, Settings, build_parser


def decide_layers(settings: Settings) -> Settings:
    """The layer sizes, decided once: the course's for the model, or the user's if they chain."""
    if settings.layers is None:
        return dataclasses.replace(settings, layers=COURSE_LAYERS[settings.model])
    layers = settings.layers
    shown = " ".join(map(str, layers))
    if len(layers) < 2 or layers[0] != 12288 or layers[-1] != 1:
        raise UserError(
            f"--layers {shown} does not chain with the data: the first size must be 12288 (64 x 64 x 3 pixels) "
            "and the last 1 (one sigmoid output), e.g. --layers 12288 20 7 5 1."
        )
    if settings.model == "two-layer" and len(layers) != 3:
        raise UserError(f"--model two-layer takes three sizes (12288, hidden, 1), not {len(layers)}: e.g. --layers 12288 7 1.")
    return settings


def main(argv: Sequence[str] | None = None) -> int:
    settings = decide_layers(parse_settings(build_parser(), argv))
    from assignments.deep_nn_application.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
