"""Train, evaluate and use the week's two models: `happy` (happyModel) and `signs` (convolutional_model).

    python -m assignments.happy_house train --model happy --epochs 10 --batch-size 16
    python -m assignments.happy_house train --model signs --data path/to/Dataset --epochs 100 --batch-size 64
    python -m assignments.happy_house predict --model signs --model-file out/happy_house/model.keras --input photos/
    python -m assignments.happy_house evaluate --model happy --model-file out/happy_house/model.keras
    python -m assignments.happy_house generate --model signs --output my_data/

Writes to --output (default out/happy_house/): model.keras (+ model.classes.json), training_curves.png,
confusion_matrix.png; predictions.csv and predictions.png for `predict`.
"""

from __future__ import annotations

import sys
from typing import Sequence

from assignments.common.cli import run_main
from assignments.common.image_classification import IMAGE_SIZE, ModelSpec, WeekSpec, week_main
from assignments.happy_house.data import HAPPY_FILES, SIGNS_FILES, SUBSTITUTE_SIGNS, WEEK, generated_happy, generated_signs


def build_happy(classes: int, seed: int):
    from assignments.happy_house.models import happyModel

    return happyModel()


def build_signs(classes: int, seed: int):
    from assignments.happy_house.models import convolutional_model

    return convolutional_model((*IMAGE_SIZE, 3), classes=classes)


SPEC = WeekSpec(
    week=WEEK,
    models={
    "happy": ModelSpec(
            "happy", build_happy, HAPPY_FILES, generated_happy, display_names={"0": "not happy", "1": "happy"}
        ),
    "signs": ModelSpec("signs", build_signs, SIGNS_FILES, generated_signs, substitute=SUBSTITUTE_SIGNS),
    },
    default_epochs=10,
    default_batch_size=16,
)


DESCRIPTION = (
    "C4W1: train the Happy House smile detector (--model happy, happyModel) or the SIGNS hand-sign "
    "ConvNet (--model signs, convolutional_model) on the course's h5 files, your own folder of class "
    "sub-folders, or our generated data; then evaluate it and classify your photos."
)


def main(argv: Sequence[str] | None = None) -> int:
    return week_main(SPEC, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(run_main(main))
