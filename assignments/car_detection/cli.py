"""The main script's settings, each flag declared once with its help; light (no TensorFlow), so `--help` is fast.

`python -m assignments.car_detection` parses them into one frozen `Settings`; `__main__` decides the one
value left open (the score threshold, which depends on the model) before any work, and `commands.run`
receives the whole value.
"""

from __future__ import annotations

import argparse
import dataclasses
from pathlib import Path

from assignments.car_detection.week import WEEK
from assignments.common.cli import (
    ArgumentParser,
    flag,
    output_flag,
    positive_int,
    probability,
    seed_flag,
    settings_parser,
)

# Largest --input-size side: a 128x128 grid. YOLOv2's activations take about 1.2 KB per input pixel and
# image (peak RSS of one forward pass, TF 2.21 on CPU): 608x608 about 0.4 GB, 2048x2048 about 5 GB,
# 4096x4096 about 20 GB. `commands.check_memory` also refuses a run whose estimate exceeds the available memory.
MAX_INPUT_SIDE = 4096


# The default score threshold of each model, from its authors: the course's `predict` keeps boxes scoring
# 0.3 and more; face-api's `TinyYolov2Options` defaults to 0.5 (src/tinyYolov2/TinyYolov2Options.ts). At
# 0.3 the face detector finds "faces" in textures (0.35 on a motorcycle's engine cover).
DEFAULT_SCORE_THRESHOLDS = {"yolov2": (0.3, "the course's predict"), "tiny-yolo-face": (0.5, "face-api's default")}


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


@dataclasses.dataclass(frozen=True)
class Settings:
    """One detection run: the model, its weights, the inputs and the post-processing."""

    model: str = flag(
        "yolov2",
        choices=("yolov2", "tiny-yolo-face"),
        help="yolov2: the course's network, 80 COCO classes (default); tiny-yolo-face: face-api's trained Tiny-YOLOv2 "
        "face detector (one class, 'face'), decoded by the same course functions; --weights face-api downloads it",
    )
    input: Path | None = flag(
        None,
        type=Path,
        help="an image file or a folder of images (default: the course's images/test.jpg under $DLS_DATA_DIR, "
        "else a road scene we generate)",
    )
    weights: str | None = flag(
        None,
        help="YOLOv2 weights: a Darknet yolov2.weights (converted once, cached as .weights.h5 in the Keras cache), the "
        "course's Keras 2 yolo.h5, a Keras 3 .weights.h5, or 'darknet' to download the official yolov2.weights; "
        "without it the network has seeded random weights and the detections are UNTRAINED",
    )
    reorg: str = flag(
        "auto",
        choices=("auto", "course", "darknet"),
        help="channel order of the passthrough's reorg: course (tf.nn.space_to_depth, as yolo.h5 was converted) or darknet "
        "(Darknet's own reorg); auto picks darknet for .weights files and course otherwise (default auto)",
    )
    cfg: Path | None = flag(
        None, type=Path, help="the Darknet .cfg that matches --weights (default: the built-in YOLOv2 = yolov2.cfg)"
    )
    classes: Path | None = flag(
        None, type=Path, help="class names, one a line (default: model_data/coco_classes.txt, 80 COCO classes)"
    )
    anchors: Path | None = flag(
        None, type=Path, help="anchors file: w1, h1, w2, h2, ... on one line (default: model_data/yolo_anchors.txt)"
    )
    score_threshold: float | None = flag(
        None,
        type=probability,
        help="keep boxes whose confidence x class probability is at least this (default: 0.3 for yolov2, the course's "
        "predict; 0.5 for tiny-yolo-face, face-api's own default)",
    )
    iou_threshold: float = flag(
        0.5, type=probability, help="NMS drops a box whose IoU with a better box exceeds this (default 0.5)"
    )
    max_boxes: int = flag(10, type=positive_int, help="most boxes per image (default 10)")
    batch_size: int = flag(
        1,
        type=positive_int,
        help="images per network call (default 1); the post-processing is the same for every batch size "
        "(the course's yolo_eval detections, computed by a fast numpy path)",
    )
    resize: str = flag(
        "stretch",
        choices=("stretch", "letterbox"),
        help="stretch: bicubic resize to the input size as the course does (default); letterbox: keep the aspect ratio, pad gray",
    )
    input_size: tuple[int, int] = flag(
        (608, 608),
        type=input_size,
        metavar="N|HxW",
        help=f"network input, multiples of 32 up to {MAX_INPUT_SIDE} (default 608, the course's; the grid is size/32; smaller is "
        "faster, less accurate; memory grows with the area: about 1.2 KB per pixel and image)",
    )
    seed: int = seed_flag(0)
    output: Path = output_flag(WEEK)
    class_aware: bool = flag(
        True,
        names=("--class-aware-nms",),
        action="store_true",
        help="suppress overlapping boxes only within a class, as the course's newest revision does (default)",
        opposite=("--class-agnostic-nms", "suppress overlapping boxes across classes (the course's first revision)"),
    )


def with_model_defaults(settings: Settings) -> Settings:
    """The settings with the model's own default score threshold filled in, when none was given."""
    if settings.score_threshold is not None:
        return settings
    return dataclasses.replace(settings, score_threshold=DEFAULT_SCORE_THRESHOLDS[settings.model][0])


def build_parser() -> ArgumentParser:
    parser = settings_parser(
        Settings,
        prog="python -m assignments.car_detection",
        description="YOLOv2 object detection (the course's car detection, 80 COCO classes) on your images. Each image is "
        "resized to the network's input as the course does (or letterboxed), detected, and saved with "
        "labelled boxes scaled back to its own size, plus one detections.csv.",
        epilog="--seed only seeds the random weights used without --weights (and the generated sample scene).",
    )
    return parser
