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

from assignments.common.classification import cli
from assignments.common.cli import run_main
from assignments.resnet50.spec import SPEC


def main(argv: Sequence[str] | None = None) -> int:
    return cli.main(SPEC, argv)


if __name__ == "__main__":
    sys.exit(run_main(main))
