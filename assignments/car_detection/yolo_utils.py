"""Reading class names and anchors, preparing an image for the network, and drawing labelled boxes.

These are the course's given helpers (`read_classes`, `read_anchors`, `preprocess_image`, `draw_boxes`),
written for files a user brings: every bad file is a `UserError` with one sentence.
"""

from __future__ import annotations

import colorsys
import importlib.resources
import math
import os
import random
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from assignments.car_detection.week import WEEK
from assignments.common.errors import UserError
from assignments.common.images import image_to_array, load_rgb_image

# Our own class and anchor lists ship inside the package, so an installed copy finds them too. The
# repository's top-level model_data/ holds the same two files (a test checks that they agree).
PACKAGE_DATA = importlib.resources.files(__package__)
DEFAULT_CLASSES_FILE = Path(str(PACKAGE_DATA / "coco_classes.txt"))
DEFAULT_ANCHORS_FILE = Path(str(PACKAGE_DATA / "yolo_anchors.txt"))


def _read_text(path: str | os.PathLike, what: str) -> str:
    file = Path(path).expanduser()
    if not file.is_file():
        raise UserError(f"The {what} '{path}' does not exist or is not a file: check the path.")
    try:
        return file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UserError(f"The {what} '{path}' is not UTF-8 text: pass a plain text file.") from None


def read_classes(classes_path):
    """Class names, one a line (blank lines dropped), e.g. the 80 COCO names of `model_data/coco_classes.txt`."""
    names = [line.strip() for line in _read_text(classes_path, "classes file").splitlines()]
    names = [name for name in names if name]
    if not names:
        raise UserError(f"The classes file '{classes_path}' has no class names: put one name per line.")
    return names


def read_anchors(anchors_path):
    """Anchor sizes (width, height in grid cells) from the first line, comma-separated: an (n, 2) float array."""
    lines = _read_text(anchors_path, "anchors file").strip().splitlines()
    try:
        values = [float(value) for value in lines[0].split(",")] if lines else []
    except ValueError:
        raise UserError(
            f"The anchors file '{anchors_path}' must hold comma-separated numbers on its first line "
            "(w1, h1, w2, h2, ...): fix the file."
        ) from None
    if not values or len(values) % 2 or any(not math.isfinite(value) or value <= 0 for value in values):
        raise UserError(
            f"The anchors file '{anchors_path}' needs an even count of positive numbers (w, h pairs), got {len(values)} "
            "values: fix the file."
        )
    return np.array(values, dtype=np.float32).reshape(-1, 2)


def preprocess_image(img_path, model_image_size):
    """Loads an image and resizes it (bicubic, no letterbox) as the course feeds it to the network.

    Args:
        img_path: an image file (any format Pillow reads; EXIF rotation applied).
        model_image_size: (height, width) of the network input, e.g. (608, 608).

    Returns:
        (image, image_data): the original RGB `PIL.Image`, and a float32 (1, height, width, 3) array in [0, 1].
    """
    image = load_rgb_image(img_path)
    image_data = image_to_array(image, tuple(model_image_size), resample="bicubic")[np.newaxis]  # (1, H, W, 3)
    return image, image_data


def letterbox_image(image: Image.Image, model_image_size) -> tuple[np.ndarray, float, tuple[float, float]]:
    """Resizes keeping the aspect ratio and pads with gray (Darknet's letterbox).

    Returns:
        (image_data (1, H, W, 3) float32, scale, (pad_top, pad_left)) where image pixel p maps to
        network pixel p * scale + pad.
    """
    height, width = (int(value) for value in model_image_size)
    scale = min(width / image.width, height / image.height)
    new_width, new_height = max(1, round(image.width * scale)), max(1, round(image.height * scale))
    resized = image.resize((new_width, new_height), Image.Resampling.BICUBIC)
    canvas = Image.new("RGB", (width, height), (128, 128, 128))
    pad_left, pad_top = (width - new_width) // 2, (height - new_height) // 2
    canvas.paste(resized, (pad_left, pad_top))
    return np.asarray(canvas, dtype=np.float32)[np.newaxis] / 255.0, scale, (float(pad_top), float(pad_left))


def generate_colors(class_names, seed: int = 10101):
    """One distinct, repeatable RGB color per class: hues spread around the wheel, then shuffled."""
    count = len(class_names)
    colors = [colorsys.hsv_to_rgb(index / count, 1.0, 1.0) for index in range(count)]
    colors = [tuple(int(channel * 255) for channel in color) for color in colors]
    random.Random(seed).shuffle(colors)  # neighbouring classes should not get neighbouring hues
    return colors


def label_font(image_height: int) -> ImageFont.ImageFont:
    """The course's FiraMono when `$DLS_DATA_DIR` has it, else Pillow's built-in font, about 3% of the height."""
    size = max(8, math.floor(3e-2 * image_height + 0.5))
    course_font = WEEK.default_input("font")
    if course_font is not None:
        try:
            return ImageFont.truetype(str(course_font), size)
        except OSError:
            pass  # unreadable font file: the built-in font is good enough for labels
    return ImageFont.load_default(size=size)


def pixel_box(box, image_size) -> tuple[int, int, int, int]:
    """[top, left, bottom, right] floats → ints rounded half up (as the course) and clipped into the image.

    The course clips only top/left at 0 and bottom/right at the image size; a box wholly outside the
    image is clipped onto its border here too, so that every box can be drawn and listed.
    """
    width, height = image_size
    # A garbage head (untrained weights) can give inf or NaN corners: bound them before rounding.
    bounded = (0.0 if math.isnan(float(value)) else min(max(float(value), -1e9), 1e9) for value in box)
    top, left, bottom, right = (math.floor(value + 0.5) for value in bounded)
    top, bottom = (min(max(0, value), height) for value in (top, bottom))
    left, right = (min(max(0, value), width) for value in (left, right))
    return top, left, max(top, bottom), max(left, right)


def draw_boxes(image, boxes, box_classes, class_names, scores=None, *, verbose: bool = True):
    """Draws labelled boxes onto a PIL image (in place) and prints `label score (left, top) (right, bottom)`.

    Args:
        image: RGB `PIL.Image` of the original size.
        boxes: (n, 4) pixel corners [top, left, bottom, right].
        box_classes: (n,) class indices into `class_names`.
        class_names: list of names.
        scores: optional (n,) scores, printed with 2 decimals.
        verbose: print one line per box, as the course does.

    Returns:
        The same image, for chaining.
    """
    boxes = np.asarray(boxes, dtype=np.float64).reshape(-1, 4)
    box_classes = np.asarray(box_classes).reshape(-1)
    font = label_font(image.height)
    thickness = max(1, (image.width + image.height) // 300)
    colors = generate_colors(class_names)
    draw = ImageDraw.Draw(image)
    labels = [
        class_names[int(class_index)] if scores is None else f"{class_names[int(class_index)]} {float(scores[index]):.2f}"
        for index, class_index in enumerate(box_classes)
    ]
    if verbose:  # in the given order (best score first after NMS), as the course prints them
        for label, box in zip(labels, boxes):
            top, left, bottom, right = pixel_box(box, image.size)
            print(label, (left, top), (right, bottom))
    # Draw the weakest first so that the strongest labels end up on top.
    for index in reversed(range(len(boxes))):
        class_index, label = int(box_classes[index]), labels[index]
        top, left, bottom, right = pixel_box(boxes[index], image.size)
        color = colors[class_index % len(colors)]
        for offset in range(min(thickness, (right - left) // 2 + 1, (bottom - top) // 2 + 1)):
            draw.rectangle([left + offset, top + offset, right - offset, bottom - offset], outline=color)
        text_left, text_top, text_right, text_bottom = draw.textbbox((0, 0), label, font=font)
        text_width, text_height = text_right - text_left, text_bottom - text_top
        # The label sits above the box when there is room, else just inside its top edge.
        label_top = top - text_height - 2 if top - text_height - 2 >= 0 else top + 1
        draw.rectangle([left, label_top, left + text_width + 2, label_top + text_height + 2], fill=color)
        draw.text((left + 1 - text_left, label_top + 1 - text_top), label, fill=(0, 0, 0), font=font)
    return image
