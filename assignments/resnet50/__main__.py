"""Train, evaluate and use the course's ResNet50 on SIGNS-like hand signs (or your own classes).

    python -m assignments.resnet50 train --epochs 10 --batch-size 32
    python -m assignments.resnet50 train --data $DLS_DATA_DIR/happy_house/sign_language_digits/Dataset \\
        --test-data $DLS_DATA_DIR/resnet50/test_signs.h5 --epochs 20
    python -m assignments.resnet50 evaluate --weights resnet50.h5          # the course's pretrained model
    python -m assignments.resnet50 predict --weights resnet50.h5 --input my_image.jpg
    python -m assignments.resnet50 predict --model-file out/resnet50/model.keras --input photos/

Writes to --output (default out/resnet50/): model.keras (+ model.classes.json), training_curves.png,
confusion_matrix.png; predictions.csv and predictions.png for `predict`.
"""

from __future__ import annotations

import sys
from typing import Sequence

from assignments.common.cli import run_main
from assignments.common.image_classification import IMAGE_SIZE, ModelSpec, WeekSpec, week_main
from assignments.resnet50.pretrained import COURSE_RESNET50_ZIP
from assignments.resnet50.data import SIGNS_FILES, SUBSTITUTE_SIGNS, WEEK, generated_signs


def build_resnet50(classes: int, seed: int):
    from assignments.resnet50.resnet import ResNet50

    return ResNet50(input_shape=(*IMAGE_SIZE, 3), classes=classes)


def load_weights(path, classes: int):
    from assignments.resnet50.pretrained import extract_course_zip, load_pretrained_resnet50

    if str(path).endswith(".zip"):
        path = extract_course_zip(path)  # `--weights course` downloads the zipped resnet50.h5
    return load_pretrained_resnet50(path, input_shape=(*IMAGE_SIZE, 3))


SPEC = WeekSpec(
    week=WEEK,
    models={"resnet50": ModelSpec("resnet50", build_resnet50, SIGNS_FILES, generated_signs, substitute=SUBSTITUTE_SIGNS)},
    default_epochs=10,
    default_batch_size=32,
    load_weights=load_weights,
    weights_files=(COURSE_RESNET50_ZIP,),
)


DESCRIPTION = (
    "C4W2: train the course's ResNet50 on SIGNS (the course's h5 files, the Sign Language Digits "
    "substitute, your own folder of class sub-folders, or our generated hands), evaluate it, load the course's "
    "pretrained resnet50.h5 with --weights, and classify your photos."
)


def main(argv: Sequence[str] | None = None) -> int:
    return week_main(SPEC, DESCRIPTION, argv)


if __name__ == "__main__":
    sys.exit(run_main(main))
