"""`python -m assignments.deep_nn_step_by_step`: parse, check the layer sizes, then train."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.common.errors import UserError
from assignments.deep_nn_step_by_step.cli import build_parser


def check_layers(layers: Sequence[int]) -> None:
    if len(layers) < 2 or layers[0] != 2 or layers[-1] != 1:
        raise UserError(
            f"--layers {' '.join(map(str, layers))} does not chain with the data: the first size must be 2 "
            "(each point's two coordinates) and the last 1 (one sigmoid output), e.g. --layers 2 20 7 5 1."
        )


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(build_parser(), argv)
    check_layers(settings.layers)
    from assignments.deep_nn_step_by_step.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
