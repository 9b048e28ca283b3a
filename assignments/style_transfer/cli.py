"""The main script's settings, each flag declared once with its help; light (no TensorFlow), so `--help` is fast.

`python -m assignments.style_transfer` parses them into one frozen `Settings`, which `commands.run` receives
whole: there is no second copy of the knobs.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.cli import (
    ArgumentParser,
    flag,
    non_negative_float,
    non_negative_int,
    output_flag,
    positive_float,
    positive_int,
    seed_flag,
    settings_parser,
)
from assignments.style_transfer.pictures import MAX_SIDE, MIN_SIDE, PREPROCESS_MODES
from assignments.style_transfer.week import WEEK

XLA_CHOICES = {"auto": None, "on": True, "off": False}


@dataclasses.dataclass(frozen=True)
class Settings:
    """One style-transfer run: the pictures, the network's weights, the costs and the optimisation."""

    content: Path | None = flag(
        None,
        type=Path,
        help="the content image (default: the course's louvre_small.jpg under $DLS_DATA_DIR, else the project's "
        "images/chelsea.jpg)",
    )
    style: tuple[Path, ...] | None = flag(
        None,
        type=Path,
        nargs="+",
        help="one or more style images, blended (default: the course's monet.jpg under $DLS_DATA_DIR, else the "
        "project's images/starry_night.jpg)",
    )
    style_weights: tuple[float, ...] | None = flag(
        None,
        type=positive_float,
        nargs="+",
        metavar="W",
        help="one weight per --style image, normalised to sum to 1 (default: equal)",
    )
    size: int = flag(
        400,
        type=positive_int,
        help=f"longer side of the working image in pixels; the content's aspect is kept (default 400; the shorter side at "
        f"least {MIN_SIDE}, the longer at most {MAX_SIDE})",
    )
    square: bool = flag(False, help="resize every image to size x size as the course does (stretches other aspects)")
    iterations: int = flag(250, type=positive_int, help="optimisation steps (default 250; the course runs 2501)")
    alpha: float = flag(10.0, type=non_negative_float, help="weight of the content cost (default 10, the course's)")
    beta: float = flag(40.0, type=non_negative_float, help="weight of the style cost (default 40, the course's)")
    learning_rate: float = flag(0.01, type=positive_float, help="Adam's learning rate (default 0.01, the course's)")
    tv_weight: float = flag(
        0.0,
        type=non_negative_float,
        help="weight of a total-variation term that smooths speckles (default 0: the course's cost)",
    )
    save_every: int = flag(
        50, type=non_negative_int, help="save image_<i>.png every K iterations (default 50; 0: only the result)"
    )
    init: str = flag(
        "content",
        choices=("content", "noise"),
        help="start from the content image plus noise (default, the course's) or from pure noise",
    )
    preprocess: str = flag(
        "none",
        choices=PREPROCESS_MODES,
        help="none: [0, 1] pixels into VGG19 as the course does (default); vgg: Keras' vgg19.preprocess_input, as VGG19 was "
        "trained (looks better with ImageNet weights; tune --alpha/--beta, the costs' scale changes)",
    )
    xla: str = flag("auto", choices=tuple(XLA_CHOICES), help="compile the step with XLA (auto: on a GPU only)")
    weights: str | None = flag(
        None,
        help="VGG19 weights: 'imagenet' (Keras downloads the notop file, md5-checked), the path of a notop .h5 you have "
        "(the course's vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5), or 'untrained'. Default: that file from "
        "$DLS_DATA_DIR/style_transfer/pretrained-model/ or the Keras cache, else seeded random (UNTRAINED) weights",
    )
    seed: int = seed_flag(272)
    output: Path = output_flag(WEEK)

    @property
    def jit_compile(self) -> bool | None:
        """`--xla` as `tf.function`'s jit_compile: None lets the step decide (on a GPU only)."""
        return XLA_CHOICES[self.xla]


def build_parser() -> ArgumentParser:
    return settings_parser(
        Settings,
        prog="python -m assignments.style_transfer",
        description="Neural style transfer (C4W4): optimise an image so that VGG19 sees the content of --content and "
        "the textures of --style. Defaults: the course's louvre_small.jpg and monet.jpg from $DLS_DATA_DIR, "
        "else the project's photos images/chelsea.jpg and images/starry_night.jpg.",
        epilog="--seed seeds the start image's noise (272 is the course's) and the random weights of an untrained VGG19.",
    )
