"""Train, evaluate and use the course's ResNet50 on SIGNS-like hand signs (or your own classes).

    python -m assignments.resnet50 train --epochs 10 --batch-size 32
    python -m assignments.resnet50 train --data $DLS_DATA_DIR/happy_house/sign_language_digits/Dataset \\
        --test-data $DLS_DATA_DIR/resnet50/test_signs.h5 --epochs 20
    python -m assignments.resnet50 evaluate --weights resnet50.h5          # the course's pretrained model
    python -m assignments.resnet50 predict --weights resnet50.h5 --input my_image.jpg
    python -m assignments.resnet50 predict --model-file out/resnet50/model.keras --input photos/

Writes to --output (default out/resnet50/): model.keras (+ model.classes.json), training_curves.png,
confusion_matrix.png; predictions.csv and predictions.png for `predict`. The sub-commands are the shared
ones of `assignments/common/classification/`; this week supplies its model in `spec.py`.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.classification.cli import decide, starts_runtime_early
from assignments.common.cli import parse_settings, run_main
from assignments.common.quiet import import_tensorflow_quietly
from assignments.resnet50.cli import build_parser
from assignments.resnet50.spec import SPEC


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    settings = parse_settings(parser, argv)
    if settings is None:  # no sub-command
        parser.print_help()
        return 0
    settings = decide(settings, SPEC)  # checks that need the spec (UserError), and the values decided once
    import_tensorflow_quietly(start_runtime=starts_runtime_early(settings))
    from assignments.resnet50.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
