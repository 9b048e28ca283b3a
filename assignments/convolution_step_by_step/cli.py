"""The week's settings, declared once: each flag with its default and help. Light: numpy is not imported."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import bounded_int, flag, non_negative_int, output_flag, positive_int, seed_flag, settings_parser
from assignments.convolution_step_by_step.week import WEEK

FILTER_NAMES = ("edge", "blur", "sharpen", "emboss", "random")
ENGINES = ("loops", "fast")
# The longest side the image is resized to: the course's loops take about 5 microseconds a window and filter,
# so 1024 x 1024 with four 3x3 filters is about 20 s; more is a typo or a wait of minutes.
MAX_SIZE = 1024
MAX_FILTER_SIZE = 31


@dataclasses.dataclass(frozen=True)
class Settings:
    input: Path | None = flag(
        None,
        type=Path,
        help="an image file (any size; JPEG, PNG, gray, RGBA, 16-bit) (default: images/chelsea.jpg of the project, else a generated picture)",
    )
    filters: tuple[str, ...] = flag(
        ("edge", "blur", "sharpen", "emboss"),
        nargs="+",
        choices=FILTER_NAMES,
        metavar="NAME",
        help="the convolution layer's filters, in order: " + ", ".join(FILTER_NAMES) + " (each 'random' a new seeded "
        "draw, as the course initialises weights) (default: edge blur sharpen emboss)",
    )
    filter_size: int = flag(
        3,
        type=bounded_int(1, MAX_FILTER_SIZE, "a filter size"),
        help=f"the filters' side f (default 3, at most {MAX_FILTER_SIZE})",
    )
    stride: int = flag(1, type=positive_int, help="the convolution's stride (default 1)")
    pad: int | None = flag(
        None,
        type=non_negative_int,
        help="zeros added on each side before the convolution (default (f - 1) / 2: the output keeps the input's size)",
    )
    pool_size: int = flag(2, type=positive_int, help="the pooling window's side (default 2)")
    pool_stride: int | None = flag(None, type=positive_int, help="the pooling's stride (default: the window's side)")
    size: int = flag(
        128,
        type=bounded_int(4, MAX_SIZE, "an image size"),
        help=f"resize the image so that its longer side is this many pixels (default 128, at most {MAX_SIZE})",
    )
    engine: str = flag(
        "loops",
        choices=ENGINES,
        help="loops: the course's graded functions, window by window (default); fast: the vectorised paths (same values)",
    )
    seed: int = seed_flag(1, help="seed of the random filters and of the gradient check's inputs (default 1)")
    output: Path = output_flag(WEEK)


def build_parser():
    return settings_parser(
        Settings,
        prog=f"python -m {WEEK.package}",
        description="Runs the course's numpy convolution layer (your filters), then max and average pooling, on an "
        "image, writes every feature map and pooled map into one PNG sheet, and checks the backward passes "
        "against numeric gradients.",
    )
