"""Transfer learning with MobileNetV2: train the course's alpaca classifier, evaluate it, classify your photos.

    python -m assignments.transfer_learning_mobilenet train                      # the course's data, or generated pictures
    python -m assignments.transfer_learning_mobilenet train --weights imagenet   # the course's ImageNet start (downloads)
    python -m assignments.transfer_learning_mobilenet train --data my_classes/ --epochs 3 --fine-tune-epochs 2
    python -m assignments.transfer_learning_mobilenet evaluate
    python -m assignments.transfer_learning_mobilenet predict --input photos/

train writes model.keras, training_curves.png and augmentation_preview.png to --output.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.common.distribute_cli import check_distribute_arguments
from assignments.common.quiet import import_tensorflow_quietly
from assignments.transfer_learning_mobilenet.cli import TrainSettings, build_parser
from assignments.transfer_learning_mobilenet.data import check_image_folder


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    settings = parse_settings(parser, argv)
    if settings is None:
        parser.print_help()
        return 0
    check_distribute_arguments(settings)
    if isinstance(settings, TrainSettings) and settings.data is not None:
        check_image_folder(settings.data, "your folder", verify=False)  # one sentence before TensorFlow loads
    import_tensorflow_quietly(start_runtime=getattr(settings, "distribute", "none") != "multi-worker")
    from assignments.transfer_learning_mobilenet.commands import run

    return run(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
