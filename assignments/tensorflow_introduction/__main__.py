"""`python -m assignments.tensorflow_introduction`: parse, check the files, load TensorFlow quietly, train."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.common.data import existing_file
from assignments.tensorflow_introduction.cli import build_parser


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(build_parser(), argv)
    for path, what in ((settings.train, "training file"), (settings.test, "test file")):
        if path is not None:
            existing_file(path, what)
    from assignments.common.quiet import import_tensorflow_quietly

    import_tensorflow_quietly()
    from assignments.tensorflow_introduction.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
