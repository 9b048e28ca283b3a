"""Run the course's convolution layer and pooling on an image and see what they do.

    python -m assignments.convolution_step_by_step                                   # the project's cat photo
    python -m assignments.convolution_step_by_step --input me.jpg --filters edge emboss random --size 256
    python -m assignments.convolution_step_by_step --filter-size 5 --stride 2 --pool-size 3 --engine fast

Writes feature_maps.png to --output and prints the shapes and the gradient check.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.convolution_step_by_step.cli import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(build_parser(), argv)
    # numpy only: no TensorFlow to import quietly, and the image's size is checked once it is read.
    from assignments.convolution_step_by_step.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
