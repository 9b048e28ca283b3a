"""`python -m assignments.gradient_checking`: parse, then check."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.common.errors import UserError
from assignments.gradient_checking.cli import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(build_parser(), argv)
    if settings.epsilon > 0.1:
        raise UserError(f"--epsilon {settings.epsilon} is too large for a derivative: use a small step such as 1e-7.")
    from assignments.gradient_checking.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
