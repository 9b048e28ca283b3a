"""Detect objects with YOLOv2 in an image or a folder of images, and save them with labelled boxes.

    python -m assignments.car_detection                                   # images/test.jpg (course data) or a generated scene
    python -m assignments.car_detection --input photos/ --weights yolov2.weights --batch-size 8
    python -m assignments.car_detection --input test.jpg --weights yolo.h5 --score-threshold 0.3

Writes to --output: one image per input with the boxes drawn, and detections.csv
(file, class, score, x1, y1, x2, y2, weights) with pixel corners in the original image.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from typing import Callable, Sequence

from assignments.common.cli import ArgumentParser, add_common_arguments, positive_int, probability, run_main
from assignments.common.data import find_course_file
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, write_text_atomic
from assignments.common.images import list_images, load_rgb_image, save_image
from assignments.common.weights import UNTRAINED_NOTICE

WEEK = "car_detection"
COURSE_IMAGE = "images/test.jpg"


def input_size(text: str) -> tuple[int, int]:
    """`608` or `416x608` (height x width): positive multiples of 32."""
    try:
        values = [int(part) for part in text.lower().split("x")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected N or HxW with multiples of 32, got '{text}'") from None
    if len(values) == 1:
        values = values * 2
    if len(values) != 2 or any(value <= 0 or value % 32 for value in values):
        raise argparse.ArgumentTypeError(f"expected N or HxW with positive multiples of 32 (608, 416, 128), got '{text}'")
    return values[0], values[1]


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments.car_detection",
        description="YOLOv2 object detection (the course's car detection, 80 COCO classes) on your images. Each image is "
        "resized to the network's input as the course does (or letterboxed), detected, and saved with labelled boxes "
        "scaled back to its own size, plus one detections.csv.",
    )
    parser.add_argument(
        "--model", choices=("yolov2", "tiny-yolo-face"), default="yolov2",
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
    parser.add_argument("--cfg", type=Path, help="the Darknet .cfg that matches --weights (default: the built-in YOLOv2 = yolov2.cfg)")
    parser.add_argument("--classes", type=Path, help="class names, one a line (default: model_data/coco_classes.txt, 80 COCO classes)")
    parser.add_argument("--anchors", type=Path, help="anchors file: w1, h1, w2, h2, ... on one line (default: model_data/yolo_anchors.txt)")
    parser.add_argument(
        "--score-threshold", type=probability, default=0.3,
        help="keep boxes whose confidence x class probability is at least this (default 0.3, the course's predict)",
    )
    parser.add_argument(
        "--iou-threshold", type=probability, default=0.5,
        help="NMS drops a box whose IoU with a better box exceeds this (default 0.5)",
    )
    parser.add_argument("--max-boxes", type=positive_int, default=10, help="most boxes per image (default 10)")
    nms = parser.add_mutually_exclusive_group()
    nms.add_argument(
        "--class-aware-nms", dest="class_aware", action="store_true", default=True,
        help="suppress overlapping boxes only within a class, as the course's newest revision does (default)",
    )
    nms.add_argument(
        "--class-agnostic-nms", dest="class_aware", action="store_false",
        help="suppress overlapping boxes across classes (the course's first revision); needs --batch-size 1",
    )
    parser.add_argument(
        "--batch-size", type=positive_int, default=1,
        help="images per network call (default 1: the course's per-image post-processing); above 1 the batch is "
        "post-processed with tf.image.combined_non_max_suppression (class-aware, faster, may differ slightly)",
    )
    parser.add_argument(
        "--resize", choices=("stretch", "letterbox"), default="stretch",
        help="stretch: bicubic resize to the input size as the course does (default); letterbox: keep the aspect ratio, pad gray",
    )
    parser.add_argument(
        "--input-size", type=input_size, default=(608, 608), metavar="N|HxW",
        help="network input, multiples of 32 (default 608, the course's; the grid is size/32; smaller is faster, less accurate)",
    )
    parser.add_argument(
        "--format", choices=("auto", "png", "jpg"), default="auto",
        help="format of the annotated images: auto keeps JPEG for JPEG inputs and uses PNG otherwise (default auto)",
    )
    add_common_arguments(parser, WEEK, seed=0)
    parser.epilog = "--seed only seeds the random weights used without --weights (and the generated sample scene)."
    return parser


def collect_inputs(arguments) -> list[tuple[str, Callable]]:
    """(name, loader) per image; every file is decoded once here so that a bad one fails before any output."""
    from assignments.car_detection.sample import SAMPLE_NAME, generate_sample_image

    if arguments.input is None:
        course_image = find_course_file(WEEK, COURSE_IMAGE)
        if course_image is None:
            print("No --input and no $DLS_DATA_DIR: using a road scene generated by our own code.")
            return [(SAMPLE_NAME, lambda: generate_sample_image(arguments.seed))]
        files = [course_image]
    else:
        files = list_images(arguments.input)
    for file in files:
        load_rgb_image(file).close()  # UserError naming the file if it is unreadable
    root = arguments.input if arguments.input is not None and arguments.input.is_dir() else None
    return [(str(file.relative_to(root)) if root else file.name, lambda file=file: load_rgb_image(file)) for file in files]


def output_name(name: str, taken: set[str], image_format: str) -> str:
    """`photo.jpg` → `photo.jpg` (or .png); sub-folders flattened with '__'; clashes get the old suffix."""
    path = Path(name)
    suffix = path.suffix.lower()
    extension = (".jpg" if suffix in (".jpg", ".jpeg") else ".png") if image_format == "auto" else f".{image_format}"
    stem = "__".join(path.with_suffix("").parts)
    candidate = f"{stem}{extension}"
    if candidate in taken:
        candidate = f"{stem}_{suffix.lstrip('.') or 'image'}{extension}"
    counter = 1
    while candidate in taken:
        counter += 1
        candidate = f"{stem}_{counter}{extension}"
    taken.add(candidate)
    return candidate


def stamp_untrained(image) -> None:
    """Writes 'UNTRAINED WEIGHTS' across the top of an annotated image."""
    from PIL import ImageDraw

    from assignments.car_detection.yolo_utils import label_font

    draw = ImageDraw.Draw(image)
    font = label_font(image.height)
    text = "UNTRAINED WEIGHTS: these boxes are not meaningful"
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.rectangle([0, 0, right - left + 8, bottom - top + 8], fill=(200, 0, 0))
    draw.text((4 - left, 4 - top), text, fill=(255, 255, 255), font=font)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    if not arguments.class_aware and arguments.batch_size > 1:
        raise UserError("--class-agnostic-nms works with --batch-size 1 only (the batched path's combined NMS is class-aware): drop one of them.")
    face = arguments.model == "tiny-yolo-face"
    if face and (arguments.cfg or arguments.classes or arguments.anchors):
        raise UserError("--cfg, --classes and --anchors belong to --model yolov2: the face detector has its own (one class, five anchors).")
    from assignments.car_detection.yolo_utils import DEFAULT_ANCHORS_FILE, DEFAULT_CLASSES_FILE, read_anchors, read_classes

    if face:
        # face-api's Tiny Face Detector (see tiny_face.py): its weights are read and checked before TensorFlow loads.
        from assignments.car_detection.tiny_face import FACE_ANCHORS, FACE_CLASSES, read_face_weights

        class_names, anchors, face_weights = FACE_CLASSES, FACE_ANCHORS, read_face_weights(arguments.weights)
    else:
        class_names = read_classes(arguments.classes or DEFAULT_CLASSES_FILE)
        anchors = read_anchors(arguments.anchors or DEFAULT_ANCHORS_FILE)
    inputs = collect_inputs(arguments)

    from tqdm import tqdm

    from assignments.car_detection.loading import build_detector
    from assignments.car_detection.pipeline import Settings, detect
    from assignments.car_detection.yolo_utils import draw_boxes, pixel_box

    if face:
        from assignments.car_detection.tiny_face_model import build_face_detector  # deferred: TensorFlow

        detector = build_face_detector(input_size=arguments.input_size, checked=face_weights)
    else:
        detector = build_detector(
            arguments.weights, cfg=arguments.cfg, num_classes=len(class_names), num_anchors=len(anchors),
            input_size=arguments.input_size, seed=arguments.seed,
        )
    title = "Face detector (Tiny-YOLOv2)" if face else "YOLOv2"
    print(f"{title} {arguments.input_size[0]}x{arguments.input_size[1]}, {len(class_names)} classes, {len(anchors)} anchors: {detector.source}.")
    if not detector.pretrained:
        print(UNTRAINED_NOTICE + " Pass --weights (see docs/car_detection.md) for real detections.")
    settings = Settings(
        score_threshold=arguments.score_threshold, iou_threshold=arguments.iou_threshold, max_boxes=arguments.max_boxes,
        class_aware=arguments.class_aware, combined=arguments.batch_size > 1, resize=arguments.resize,
    )
    weights_label = "pretrained" if detector.pretrained else "untrained"
    output = ensure_output_dir(arguments.output)
    rows, written, taken = [], [], set()
    single = len(inputs) == 1
    with tqdm(total=len(inputs), desc="detecting", unit="image", disable=single, dynamic_ncols=True) as bar:
        for start in range(0, len(inputs), arguments.batch_size):
            chunk = inputs[start : start + arguments.batch_size]
            images = [load() for _, load in chunk]
            for (name, _), image, found in zip(chunk, images, detect(detector.model, images, anchors, len(class_names), settings)):
                if single:
                    print(f"Found {len(found.scores)} boxes for {name}")
                else:
                    tqdm.write(f"Found {len(found.scores)} boxes for {name}")
                draw_boxes(image, found.boxes, found.classes, class_names, found.scores, verbose=single)
                if not detector.pretrained:
                    stamp_untrained(image)
                target = output / output_name(name, taken, arguments.format)
                written.append(save_image(image, target))
                for score, box, class_index in zip(found.scores, found.boxes, found.classes):
                    top, left, bottom, right = pixel_box(box, image.size)
                    rows.append([name, class_names[int(class_index)], f"{float(score):.4f}", left, top, right, bottom, weights_label])
                bar.update(1)
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\n")
    writer.writerow(["file", "class", "score", "x1", "y1", "x2", "y2", "weights"])
    writer.writerows(rows)
    csv_path = write_text_atomic(output / "detections.csv", table.getvalue())
    shown = ", ".join(str(path) for path in written[:3]) + (f" and {len(written) - 3} more" if len(written) > 3 else "")
    print(f"Wrote {len(rows)} detections to {csv_path} and {len(written)} annotated image(s): {shown}")
    print("Weights: pretrained (" + detector.source + ")." if detector.pretrained else "Weights: " + UNTRAINED_NOTICE)
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
