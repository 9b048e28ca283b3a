"""Detect objects with YOLOv2 in an image or a folder of images, and save them with labelled boxes.

    python -m assignments.car_detection                                   # images/test.jpg (course data) or a generated scene
    python -m assignments.car_detection --input photos/ --weights yolov2.weights --batch-size 8
    python -m assignments.car_detection --input test.jpg --weights yolo.h5 --score-threshold 0.3

Writes to --output: one image per input with the boxes drawn, and detections.csv
(file, class, score, x1, y1, x2, y2, weights) with pixel corners in the original image; weights is
"pretrained" or "UNTRAINED" (and untrained images carry a red UNTRAINED banner).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from assignments.car_detection.week import WEEK
from assignments.common.cli import ArgumentParser, add_common_arguments, positive_int, probability, run_main
from assignments.common.errors import UserError
from assignments.common.quiet import import_tensorflow_quietly

# Largest --input-size side: a 128x128 grid. YOLOv2's activations take about 1.2 KB per input pixel and
# image (peak RSS of one forward pass, TF 2.21 on CPU): 608x608 about 0.4 GB, 2048x2048 about 5 GB,
# 4096x4096 about 20 GB. `predict.run` also refuses a run whose estimate exceeds the available memory.
MAX_INPUT_SIDE = 4096


def input_size(text: str) -> tuple[int, int]:
    """`608` or `416x608` (height x width): positive multiples of 32, at most MAX_INPUT_SIDE."""
    try:
        values = [int(part) for part in text.lower().split("x")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected N or HxW with multiples of 32, got '{text}'") from None
    if len(values) == 1:
        values = values * 2
    if len(values) != 2 or any(value <= 0 or value % 32 for value in values):
        raise argparse.ArgumentTypeError(f"expected N or HxW with positive multiples of 32 (608, 416, 128), got '{text}'")
    if any(value > MAX_INPUT_SIDE for value in values):
        raise argparse.ArgumentTypeError(
            f"expected sides of at most {MAX_INPUT_SIDE} (about 20 GB of activations per image there), got '{text}'"
        )
    return values[0], values[1]


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments.car_detection",
        description="YOLOv2 object detection (the course's car detection, 80 COCO classes) on your images. Each image is "
        "resized to the network's input as the course does (or letterboxed), detected, and saved with labelled boxes "
        "scaled back to its own size, plus one detections.csv.",
    )
    parser.add_argument(
        "--model",
        choices=("yolov2", "tiny-yolo-face"),
        default="yolov2",
        help="yolov2: the course's network, 80 COCO classes (default); tiny-yolo-face: face-api's trained Tiny-YOLOv2 "
        "face detector (one class, 'face'), decoded by the same course functions; --weights face-api downloads it",
    )
    parser.add_argument(
        "--input",
        type=Path,
        help="an image file or a folder of images (default: the course's images/test.jpg under $DLS_DATA_DIR, "
        "else a road scene we generate)",
    )
    parser.add_argument(
        "--weights",
        help="YOLOv2 weights: a Darknet yolov2.weights (converted once, cached as .weights.h5 in the Keras cache), the "
        "course's Keras 2 yolo.h5, a Keras 3 .weights.h5, or 'darknet' to download the official yolov2.weights; "
        "without it the network has seeded random weights and the detections are UNTRAINED",
    )
    parser.add_argument(
        "--reorg",
        choices=("auto", "course", "darknet"),
        default="auto",
        help="channel order of the passthrough's reorg: course (tf.nn.space_to_depth, as yolo.h5 was converted) or darknet "
        "(Darknet's own reorg); auto picks darknet for .weights files and course otherwise (default auto)",
    )
    parser.add_argument(
        "--cfg", type=Path, help="the Darknet .cfg that matches --weights (default: the built-in YOLOv2 = yolov2.cfg)"
    )
    parser.add_argument(
        "--classes", type=Path, help="class names, one a line (default: model_data/coco_classes.txt, 80 COCO classes)"
    )
    parser.add_argument(
        "--anchors", type=Path, help="anchors file: w1, h1, w2, h2, ... on one line (default: model_data/yolo_anchors.txt)"
    )
    parser.add_argument(
        "--score-threshold",
        type=probability,
        default=0.3,
        help="keep boxes whose confidence x class probability is at least this (default 0.3, the course's predict)",
    )
    parser.add_argument(
        "--iou-threshold",
        type=probability,
        default=0.5,
        help="NMS drops a box whose IoU with a better box exceeds this (default 0.5)",
    )
    parser.add_argument("--max-boxes", type=positive_int, default=10, help="most boxes per image (default 10)")
    nms = parser.add_mutually_exclusive_group()
    nms.add_argument(
        "--class-aware-nms",
        dest="class_aware",
        action="store_true",
        default=True,
        help="suppress overlapping boxes only within a class, as the course's newest revision does (default)",
    )
    nms.add_argument(
        "--class-agnostic-nms",
        dest="class_aware",
        action="store_false",
        help="suppress overlapping boxes across classes (the course's first revision)",
    )
    parser.add_argument(
        "--batch-size",
        type=positive_int,
        default=1,
        help="images per network call (default 1); the post-processing is the same for every batch size "
        "(the course's yolo_eval detections, computed by a fast numpy path)",
    )
    parser.add_argument(
        "--resize",
        choices=("stretch", "letterbox"),
        default="stretch",
        help="stretch: bicubic resize to the input size as the course does (default); letterbox: keep the aspect ratio, pad gray",
    )
    parser.add_argument(
        "--input-size",
        type=input_size,
        default=(608, 608),
        metavar="N|HxW",
        help=f"network input, multiples of 32 up to {MAX_INPUT_SIDE} (default 608, the course's; the grid is size/32; smaller is "
        "faster, less accurate; memory grows with the area: about 1.2 KB per pixel and image)",
    )
    parser.add_argument(
        "--format",
        choices=("auto", "png", "jpg"),
        default="auto",
        help="format of the annotated images: auto keeps JPEG for JPEG inputs and uses PNG otherwise (default auto)",
    )
    add_common_arguments(parser, WEEK.name, seed=0)
    parser.epilog = "--seed only seeds the random weights used without --weights (and the generated sample scene)."
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    face_weights = None
    if arguments.model == "tiny-yolo-face":
        if arguments.cfg or arguments.classes or arguments.anchors or arguments.reorg != "auto":
            raise UserError(
                "--cfg, --classes, --anchors and --reorg belong to --model yolov2: the face detector has its own (one class, five anchors)."
            )
        # face-api's Tiny Face Detector (tiny_face.py, numpy only): its weights are read and checked before TensorFlow loads.
        from assignments.car_detection.tiny_face import read_face_weights

        face_weights = read_face_weights(arguments.weights)
    # Deferred: the arguments are checked, so now load the modules that do the work (and TensorFlow).
    import_tensorflow_quietly()
    from assignments.car_detection import predict

    return predict.run(arguments, face_weights=face_weights)


if __name__ == "__main__":
    sys.exit(run_main(main))
