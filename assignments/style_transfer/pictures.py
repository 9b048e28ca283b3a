"""The content and style pictures: where they come from, and the size the network sees them at.

With `$DLS_DATA_DIR` set the defaults are the course's `images/louvre_small.jpg` (content) and
`images/monet.jpg` (style); without it, the project's own openly licensed photos in `images/`
(`chelsea.jpg`, a cat, and `starry_night.jpg`, Van Gogh's painting; see images/CREDITS.md); and where
neither is present (an installed package without its data files), `synthetic.py` paints two pictures with
seeded numpy code, so the main script always runs offline.
"""

from __future__ import annotations

import dataclasses

import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps

from assignments.common.errors import UserError
from assignments.common.images import draw_banner, load_rgb_image
from assignments.common.sample_images import project_image
from assignments.style_transfer.synthetic import generated_content, generated_style
from assignments.style_transfer.week import WEEK

# The project's photos (images/) used when the course's are absent.
PROJECT_CONTENT = "chelsea.jpg"
PROJECT_STYLE = "starry_night.jpg"
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


def default_content() -> tuple[Image.Image, str]:
    """The course's content picture when `$DLS_DATA_DIR` has it, else the project's photo, else a generated one."""
    path = WEEK.default_input("content")
    if path is not None:
        return load_rgb_image(path), f"the course's {path}"
    path = project_image(PROJECT_CONTENT)
    if path is not None:
        return load_rgb_image(path), f"the project's photo {path} (set DLS_DATA_DIR for the course's louvre_small.jpg)"
    return generated_content(), "a generated landscape (set DLS_DATA_DIR for the course's louvre_small.jpg)"


def default_style() -> tuple[Image.Image, str]:
    """The course's style picture when `$DLS_DATA_DIR` has it, else the project's painting, else a generated one."""
    path = WEEK.default_input("style")
    if path is not None:
        return load_rgb_image(path), f"the course's {path}"
    path = project_image(PROJECT_STYLE)
    if path is not None:
        return load_rgb_image(path), f"the project's painting {path} (set DLS_DATA_DIR for the course's monet.jpg)"
    return generated_style(), "a generated brush-stroke texture (set DLS_DATA_DIR for the course's monet.jpg)"


@dataclasses.dataclass(frozen=True)
class Pictures:
    """The run's pictures, decoded once while the settings are checked, and where each came from."""

    content: Image.Image
    content_source: str
    styles: tuple[Image.Image, ...]
    style_sources: tuple[str, ...]


def load_pictures(content_path, style_paths) -> Pictures:
    """The `--content` and `--style` pictures, or the defaults (see the module docstring).

    Raises:
        UserError: a missing or unreadable picture, naming it.
    """
    if content_path is not None:
        content, content_source = load_rgb_image(content_path), str(content_path)
    else:
        content, content_source = default_content()
    if style_paths:
        styles, style_sources = tuple(load_rgb_image(path) for path in style_paths), tuple(str(path) for path in style_paths)
    else:
        style, source = default_style()
        styles, style_sources = (style,), (source,)
    return Pictures(content, content_source, styles, style_sources)


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
