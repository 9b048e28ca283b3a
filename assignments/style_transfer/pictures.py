"""The content and style pictures: where they come from, and the size the network sees them at.

With `$DLS_DATA_DIR` set the defaults are the course's `images/louvre_small.jpg` (content) and
`images/monet.jpg` (style); without it, the project's own openly licensed photos in `images/`
(`chelsea.jpg`, a cat, and `starry_night.jpg`, Van Gogh's painting; see images/CREDITS.md); and where
neither is present (an installed package without its data files), `embedded_content` and
`embedded_style` paint two pictures with seeded numpy code, so the main script always runs offline.
"""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps

from assignments.common.errors import UserError
from assignments.common.images import draw_banner, load_rgb_image
from assignments.common.sample_images import project_image
from assignments.style_transfer.week import WEEK

# The project's photos (images/) used when the course's are absent.
PROJECT_CONTENT = "chelsea.jpg"
PROJECT_STYLE = "starry_night.jpg"
EMBEDDED_SIZE = (400, 300)  # (width, height), the course's louvre_small.jpg shape.
# VGG19 halves the image in 4 poolings before block5 and Keras accepts no input side under 32.
MIN_SIDE = 32
# The largest --size accepted. One step keeps VGG19's activations for the backward pass: about
# BYTES_PER_PIXEL bytes per working pixel (measured: peak resident memory grows by 2.0 KB per pixel from
# 400 x 400 to 800 x 800, see docs/style_transfer.md), so 2048 x 2048 needs about 8 GB on top of
# TensorFlow's own 1.5 GB, and one step takes over a minute on a 2-core CPU.
MAX_SIDE = 2048
BYTES_PER_PIXEL = 2000
# What VGG19 is fed: "none" = [0, 1] pixels as the course does; "vgg" = Keras' vgg19.preprocess_input.
PREPROCESS_MODES = ("none", "vgg")
UNTRAINED_LABEL = "UNTRAINED VGG19 (random weights)"


def embedded_content(seed: int = 0) -> Image.Image:
    """A 400x300 landscape: sky gradient, sun, two hills and a house; our own drawing, seeded."""
    width, height = EMBEDDED_SIZE
    rows, columns = np.mgrid[0:height, 0:width].astype(np.float32)
    sky = np.stack([0.45 + 0.3 * rows / height, 0.65 + 0.2 * rows / height, np.full_like(rows, 0.95)], axis=-1)
    image = sky
    sun = (columns - 310) ** 2 + (rows - 70) ** 2 < 35**2
    image[sun] = (1.0, 0.85, 0.3)
    far_hill = rows > 190 - 40 * np.sin(columns / 70.0)
    image[far_hill] = (0.35, 0.55, 0.3)
    near_hill = rows > 230 - 25 * np.cos(columns / 45.0 + 1.0)
    image[near_hill] = (0.25, 0.45, 0.2)
    wall = (columns > 90) & (columns < 170) & (rows > 150) & (rows < 220)
    image[wall] = (0.85, 0.75, 0.6)
    roof = (rows > 110) & (rows <= 150) & (np.abs(columns - 130) < (rows - 110) * 1.2)
    image[roof] = (0.6, 0.2, 0.15)
    door = (columns > 120) & (columns < 140) & (rows > 185) & (rows < 220)
    image[door] = (0.35, 0.2, 0.1)
    # A little grain, so the picture is not flat colour (VGG's filters see texture).
    grain = np.random.default_rng(seed).normal(0.0, 0.02, image.shape)
    return Image.fromarray((np.clip(image + grain, 0, 1) * 255 + 0.5).astype(np.uint8))


def embedded_style(seed: int = 0) -> Image.Image:
    """A 400x300 impressionist texture: short strokes in a blue / orange palette; our own drawing, seeded."""
    width, height = EMBEDDED_SIZE
    rng = np.random.default_rng(seed + 1)
    palette = np.array([(0.15, 0.3, 0.6), (0.3, 0.5, 0.8), (0.95, 0.6, 0.2), (0.9, 0.85, 0.5), (0.2, 0.55, 0.5)])
    image = np.full((height, width, 3), (0.4, 0.5, 0.7), dtype=np.float32)
    for _ in range(700):
        center_row, center_column = rng.uniform(0, height), rng.uniform(0, width)
        angle = rng.uniform(0, np.pi) + 0.6 * np.sin(center_column / 60.0)
        length, thickness = rng.uniform(8, 22), rng.uniform(2, 4)
        # Only the stroke's bounding box is visited: rows/columns within length + thickness of its centre.
        reach = int(length + thickness) + 1
        top, left = max(0, int(center_row) - reach), max(0, int(center_column) - reach)
        rows, columns = np.mgrid[top : min(height, int(center_row) + reach), left : min(width, int(center_column) + reach)]
        # Distances along and across the stroke's direction (a rotated rectangle).
        along = (columns - center_column) * np.cos(angle) + (rows - center_row) * np.sin(angle)
        across = -(columns - center_column) * np.sin(angle) + (rows - center_row) * np.cos(angle)
        stroke = (np.abs(along) < length) & (np.abs(across) < thickness)
        image[rows[stroke], columns[stroke]] = palette[rng.integers(len(palette))] + rng.normal(0, 0.04, 3)
    return Image.fromarray((np.clip(image, 0, 1) * 255 + 0.5).astype(np.uint8))


def default_content() -> tuple[Image.Image, str]:
    """The course's content picture when `$DLS_DATA_DIR` has it, else the project's photo, else our embedded one."""
    path = WEEK.default_input("content")
    if path is not None:
        return load_rgb_image(path), f"the course's {path}"
    path = project_image(PROJECT_CONTENT)
    if path is not None:
        return load_rgb_image(path), f"the project's photo {path} (set DLS_DATA_DIR for the course's louvre_small.jpg)"
    return embedded_content(), "the embedded generated landscape (set DLS_DATA_DIR for the course's louvre_small.jpg)"


def default_style() -> tuple[Image.Image, str]:
    """The course's style picture when `$DLS_DATA_DIR` has it, else the project's painting, else our embedded one."""
    path = WEEK.default_input("style")
    if path is not None:
        return load_rgb_image(path), f"the course's {path}"
    path = project_image(PROJECT_STYLE)
    if path is not None:
        return load_rgb_image(path), f"the project's painting {path} (set DLS_DATA_DIR for the course's monet.jpg)"
    return embedded_style(), "the embedded generated brush-stroke texture (set DLS_DATA_DIR for the course's monet.jpg)"


def check_size(size: int) -> None:
    """Refuses a --size over MAX_SIDE before anything runs, with the memory one step would need.

    Raises:
        UserError: `size` is over MAX_SIDE.
    """
    if size > MAX_SIDE:
        gigabytes = size * size * BYTES_PER_PIXEL / 1e9
        raise UserError(
            f"--size {size} is over the limit of {MAX_SIDE} pixels: a square image that size needs about {gigabytes:,.0f} GB "
            f"of memory for VGG19's activations and gradients; use --size {MAX_SIDE} or less (400 is the course's)."
        )


def working_size(content: Image.Image, size: int, square: bool) -> tuple[int, int]:
    """(height, width) the network works at: `size` on the longer side, the content's aspect kept.

    Args:
        content: the content picture.
        size: the longer side in pixels.
        square: the course's way instead: size x size, whatever the aspect.

    Raises:
        UserError: the shorter side would be under VGG19's 32 pixels.
    """
    if square:
        height = width = size
    elif content.width >= content.height:
        width, height = size, max(1, round(size * content.height / content.width))
    else:
        height, width = size, max(1, round(size * content.width / content.height))
    if min(height, width) < MIN_SIDE:
        raise UserError(
            f"--size {size} makes the image {width}x{height}, under VGG19's minimum of {MIN_SIDE} pixels a side "
            f"(it halves the image 4 times before block5): use a larger --size."
        )
    return height, width


def fit_picture(picture: Image.Image, shape: tuple[int, int], square: bool) -> np.ndarray:
    """A picture at (height, width) as a float32 batch of one, (1, height, width, 3), pixels in [0, 1].

    With `square` (the course's way) it is stretched with PIL's default `resize`; otherwise it is scaled and
    centre-cropped to fill the shape, so a style picture's brush strokes keep their proportions.
    """
    height, width = shape
    if square:
        resized = picture.resize((width, height))
    else:
        resized = ImageOps.fit(picture, (width, height), Image.Resampling.BICUBIC)
    # uint8 → float in [0, 1], as the course's tf.image.convert_image_dtype does.
    return (np.asarray(resized, dtype=np.float32) / 255.0)[np.newaxis]


def stamp_untrained(picture: Image.Image) -> Image.Image:
    """A copy of `picture` with UNTRAINED_LABEL drawn in a red band across its top: what an untrained run saves."""
    stamped = picture.convert("RGB")
    draw = ImageDraw.Draw(stamped)
    font = ImageFont.load_default(size=max(8, min(16, stamped.width // 12)))
    # A small picture gets the short label; "UNTRAINED" itself is always there.
    label = UNTRAINED_LABEL if draw.textlength(UNTRAINED_LABEL, font=font) <= stamped.width - 6 else "UNTRAINED"
    draw_banner(stamped, label, font)
    return stamped
