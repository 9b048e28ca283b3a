"""`python -m assignments.optimization_methods`: parse, then train and draw."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.optimization_methods.cli import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(build_parser(), argv)
    from assignments.optimization_methods.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
