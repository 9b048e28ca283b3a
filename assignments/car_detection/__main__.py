"""Detect objects with YOLOv2 in an image or a folder of images, and save them with labelled boxes.

    python -m assignments.car_detection                                   # images/test.jpg (course data) or a generated scene
    python -m assignments.car_detection --input photos/ --weights yolov2.weights --batch-size 8
    python -m assignments.car_detection --input test.jpg --weights yolo.h5 --score-threshold 0.3

Writes to --output: `<input name>.png` per input with the boxes drawn and a caption saying which weights
drew them, and detections.csv (file, class, score, x1, y1, x2, y2, weights, provenance) with pixel corners
in the original image; weights is "pretrained" or "UNTRAINED" (and untrained images carry a red UNTRAINED
banner).
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.car_detection.cli import Settings, build_parser, with_model_defaults
from assignments.common.cli import parse_settings, run_main
from assignments.common.errors import UserError
from assignments.common.quiet import import_tensorflow_quietly


def check(settings: Settings):
    """Refuses flag combinations that cannot work, and reads the face detector's weights, before TensorFlow loads.

    Returns:
        For `--model tiny-yolo-face`, `tiny_face.read_face_weights(...)`; else None.
    """
    if settings.model != "tiny-yolo-face":
        return None
    if settings.cfg or settings.classes or settings.anchors or settings.reorg != "auto":
        raise UserError(
            "--cfg, --classes, --anchors and --reorg belong to --model yolov2: the face detector has its own (one class, five anchors)."
        )
    # face-api's Tiny Face Detector (tiny_face.py, numpy only): its weights are read and checked before TensorFlow loads.
    from assignments.car_detection.tiny_face import read_face_weights

    return read_face_weights(settings.weights)


def main(argv: Sequence[str] | None = None) -> int:
    settings = with_model_defaults(parse_settings(build_parser(), argv))
    face_weights = check(settings)
    # The settings are checked: now load the modules that do the work (and TensorFlow).
    import_tensorflow_quietly()
    from assignments.car_detection.commands import run

    return run(settings, face_weights=face_weights)


if __name__ == "__main__":
    sys.exit(run_main(main))
