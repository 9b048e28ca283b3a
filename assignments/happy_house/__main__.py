"""Train, evaluate and use the week's two models: `happy` (happyModel) and `signs` (convolutional_model).

    python -m assignments.happy_house train --model happy --epochs 10 --batch-size 16
    python -m assignments.happy_house train --model signs --data path/to/Dataset --epochs 100 --batch-size 64
    python -m assignments.happy_house predict --model signs --model-file out/happy_house/model.keras --input photos/
    python -m assignments.happy_house evaluate --model happy --model-file out/happy_house/model.keras
    python -m assignments.happy_house generate --model signs --output my_data/

Writes to --output (default out/happy_house/): model.keras (+ model.classes.json), training_curves.png,
confusion_matrix.png; predictions.csv and predictions.png for `predict`. The sub-commands are the shared
ones of `assignments/common/classification/`; this week supplies its models in `spec.py`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.classification.cli import decide, starts_runtime_early
from assignments.common.cli import parse_settings, run_main
from assignments.common.quiet import import_tensorflow_quietly
from assignments.happy_house.cli import build_parser
from assignments.happy_house.spec import SPEC


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    settings = parse_settings(parser, argv)
    if settings is None:  # no sub-command
        parser.print_help()
        return 0
    settings = decide(settings, SPEC)  # checks that need the spec (UserError), and the values decided once
    import_tensorflow_quietly(start_runtime=starts_runtime_early(settings))
    from assignments.happy_house.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
