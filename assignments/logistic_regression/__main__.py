"""`python -m assignments.logistic_regression`: parse, check the inputs, then train and classify."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.logistic_regression.cli import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(build_parser(), argv)
    from assignments.logistic_regression.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
