"""Loading any image a user brings as RGB, and saving results atomically.

Users' photos come as JPEG with EXIF rotation, PNG with alpha, grayscale, 16-bit PNG, palette GIF or CMYK
JPEG. `load_rgb_image` turns each of them into an 8-bit RGB `PIL.Image` (alpha dropped, as Keras'
`load_img` does), or raises `UserError` with one sentence.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw, ImageFont, ImageOps, UnidentifiedImageError

from assignments.common.errors import UserError
from assignments.common.files import atomic_path

MAX_PIXELS = 120_000_000
"""The largest image the project opens: 120 megapixels (a 100-megapixel camera's photo fits; 360 MB as RGB,
1.4 GB as float32). Pillow's own guard warns from 89 M pixels and fails from 179 M with an exception no
caller expects; the project checks the size itself, before decoding, and says so in one sentence."""
# The project's check replaces Pillow's: no DecompressionBombWarning on stderr below the limit, and no
# DecompressionBombError (which is not an OSError) escaping as a traceback above it.
Image.MAX_IMAGE_PIXELS = None

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".bmp", ".gif", ".tif", ".tiff", ".webp", ".ppm", ".pgm")

RESAMPLING = {
    "nearest": Image.Resampling.NEAREST,
    "bilinear": Image.Resampling.BILINEAR,
    "bicubic": Image.Resampling.BICUBIC,
    "lanczos": Image.Resampling.LANCZOS,
}


def _to_8bit_rgb(image: Image.Image) -> Image.Image:
    if image.mode in ("I;16", "I;16B", "I;16L", "I", "F"):
        # 16-bit or float grayscale: PIL's convert("RGB") would clip everything above 255 to white.
        values = np.asarray(image, dtype=np.float64)
        if image.mode == "F":
            full_scale = 1.0 if values.size == 0 or values.max() <= 1.0 else 255.0
        else:
            full_scale = 255.0 if values.size == 0 or values.max() <= 255 else 65535.0
        gray = np.clip(values * (255.0 / full_scale) + 0.5, 0, 255).astype(np.uint8)
        return Image.fromarray(gray, mode="L").convert("RGB")
    if image.mode == "RGB":
        return image
    # RGBA/LA/P/L/1/CMYK/YCbCr: PIL's own conversion (alpha is dropped, like keras.utils.load_img).
    return image.convert("RGB")


def check_pixel_count(size: tuple[int, int], path: str | os.PathLike) -> None:
    """Refuses an image over `MAX_PIXELS` from its header, before a single pixel is decoded."""
    width, height = size
    if width * height > MAX_PIXELS:
        raise UserError(
            f"The image '{path}' is {width}x{height} pixels ({width * height / 1e6:,.0f} megapixels); the limit is "
            f"{MAX_PIXELS / 1e6:,.0f} megapixels: resize it (for example to 4000 pixels on the longer side)."
        )


def load_rgb_image(path: str | os.PathLike, *, exif_transpose: bool = True) -> Image.Image:
    """Opens an image file as 8-bit RGB.

    Args:
        path: the image file.
        exif_transpose: rotate/flip as the camera's EXIF orientation says (what a person sees).

    Returns:
        A loaded `PIL.Image` in mode "RGB".

    Raises:
        UserError: the file is missing, is not an image, or is truncated.
    """
    file = Path(path).expanduser()
    if not file.exists():
        raise UserError(f"The image '{path}' does not exist: check the path.")
    if file.is_dir():
        raise UserError(f"'{path}' is a folder, not an image file: pass one image file.")
    try:
        with Image.open(file) as opened:
            check_pixel_count(opened.size, path)
            opened.load()
            image = ImageOps.exif_transpose(opened) if exif_transpose else opened.copy()
    except UnidentifiedImageError:
        raise UserError(f"'{path}' is not an image Pillow can read: use a JPEG, PNG, BMP, GIF, TIFF or WebP file.") from None
    except (OSError, SyntaxError, ValueError) as error:
        raise UserError(f"The image '{path}' is damaged or truncated ({error}): re-export or replace it.") from None
    return _to_8bit_rgb(image)


def image_to_array(
    image: Image.Image, size: tuple[int, int] | None = None, resample: str = "bilinear", scale: bool = True
) -> np.ndarray:
    """Converts an RGB image to an array of shape (height, width, 3).

    Args:
        image: an RGB image (from `load_rgb_image`).
        size: optional (height, width) to resize to first.
        resample: one of "nearest", "bilinear", "bicubic", "lanczos".
        scale: divide by 255 to float32 in [0, 1]; else keep uint8.
    """
    if size is not None:
        height, width = size
        image = image.resize((int(width), int(height)), RESAMPLING[resample])
    array = np.asarray(image, dtype=np.uint8)
    return array.astype(np.float32) / 255.0 if scale else array


def list_images(path: str | os.PathLike, recursive: bool = False) -> list[Path]:
    """The image files a `--input FILE|DIR` names, sorted; UserError when there are none.

    A single file is returned as is (even with an unusual suffix; loading will say if it is no image).
    """
    target = Path(path).expanduser()
    if not target.exists():
        raise UserError(f"The input '{path}' does not exist: pass an image file or a folder of images.")
    if target.is_file():
        return [target]
    pattern = "**/*" if recursive else "*"
    files = sorted(file for file in target.glob(pattern) if file.is_file() and file.suffix.lower() in IMAGE_SUFFIXES)
    if not files:
        raise UserError(
            f"The folder '{path}' has no images ({', '.join(IMAGE_SUFFIXES[:5])}, ...): add some or pass another folder."
        )
    return files


def to_uint8(array: np.ndarray) -> np.ndarray:
    """Float arrays in [0, 1] (or uint8 arrays) as uint8, clipped."""
    array = np.asarray(array)
    if array.dtype == np.uint8:
        return array
    return (np.clip(array, 0.0, 1.0) * 255.0 + 0.5).astype(np.uint8)


def save_image(image: Image.Image | np.ndarray, path: str | os.PathLike, **save_options) -> Path:
    """Saves a PIL image or an array (uint8, or float in [0, 1]) atomically; the suffix picks the format."""
    if not isinstance(image, Image.Image):
        image = Image.fromarray(to_uint8(image))
    target = Path(path)
    if target.suffix.lower() in (".jpg", ".jpeg") and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    with atomic_path(target) as temporary:
        image.save(temporary, format=Image.registered_extensions().get(target.suffix.lower()), **save_options)
    return target


def side_by_side(images: Iterable[Image.Image], height: int = 256, gap: int = 8) -> Image.Image:
    """Puts images next to each other at one height (for "content | style | result" style panels)."""
    resized = [image.resize((max(1, round(image.width * height / image.height)), height)) for image in images]
    canvas = Image.new("RGB", (sum(image.width for image in resized) + gap * (len(resized) - 1), height), "white")
    left = 0
    for image in resized:
        canvas.paste(image, (left, 0))
        left += image.width + gap
    return canvas


BANNER_RED = (200, 0, 0)


def draw_banner(image: Image.Image, text: str, font=None) -> int:
    """Writes `text` in white on a red band across the whole top of `image`, in place (the UNTRAINED label).

    Args:
        image: an RGB Pillow image.
        text: the line to write.
        font: a Pillow font; None: Pillow's default.

    Returns:
        the band's height in pixels.
    """
    draw = ImageDraw.Draw(image)
    font = font or ImageFont.load_default()
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    band = bottom - top + 8
    draw.rectangle([0, 0, image.width, band], fill=BANNER_RED)
    draw.text((4 - left, 4 - top), text, fill=(255, 255, 255), font=font)
    return band


def draw_caption(image: Image.Image, text: str, warn: bool = False, font=None) -> Image.Image:
    """A copy of `image` with `text` on a band of its own BELOW the picture, so it hides nothing.

    Use it for the model's provenance line (`Provenance.summary()`) on every annotated result; `warn`
    (untrained, baseline-level) draws the band red, else dark grey. Long text wraps to the image's width.
    """
    font = font or ImageFont.load_default()
    measure = ImageDraw.Draw(image)
    words, lines, line = text.split(), [], ""
    for word in words:
        candidate = f"{line} {word}".strip()
        if line and measure.textlength(candidate, font=font) > image.width - 8:
            lines.append(line)
            line = word
        else:
            line = candidate
    lines.append(line)
    left, top, right, bottom = measure.textbbox((0, 0), "Ag", font=font)
    line_height = bottom - top + 4
    band = line_height * len(lines) + 6
    captioned = Image.new("RGB", (image.width, image.height + band), BANNER_RED if warn else (40, 40, 40))
    captioned.paste(image.convert("RGB"), (0, 0))
    draw = ImageDraw.Draw(captioned)
    for index, line in enumerate(lines):
        draw.text((4 - left, image.height + 3 + index * line_height - top), line, fill=(255, 255, 255), font=font)
    return captioned
