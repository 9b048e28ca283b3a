"""Train the numpy LSTM (the week's own backward pass) on a list of names and sample new ones.

    python -m assignments.rnn_step_by_step                    # dinos.txt or the embedded genera, 3000 steps
    python -m assignments.rnn_step_by_step --keras            # and the same model trained by Keras, side by side
    python -m assignments.rnn_step_by_step --names pokemon.txt --steps 20000

Writes model.npz, loss_curve.png and samples.txt to --output.
"""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.common.data import existing_file
from assignments.dinosaur_island.data import DEFAULT_NAMES_FILE, read_names
from assignments.rnn_step_by_step.cli import build_parser
from assignments.rnn_step_by_step.week import WEEK


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(build_parser(), argv)
    if settings.names is not None:
        path, description = existing_file(settings.names, what="names file"), "your names file"
    elif WEEK.default_input("names") is not None:
        path, description = WEEK.default_input("names"), "the course's dinos.txt"
    else:
        path, description = DEFAULT_NAMES_FILE, "the embedded list of real dinosaur genera"
    names = read_names(path)
    settings = dataclasses.replace(settings, names=path)
    if settings.keras:
        from assignments.common.quiet import import_tensorflow_quietly

        import_tensorflow_quietly()
    from assignments.rnn_step_by_step.commands import run

    return run(settings, names, description)


if __name__ == "__main__":
    sys.exit(run_main(main))
