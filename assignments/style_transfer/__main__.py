"""Paint a content image in the style of one or more style images (VGG19 neural style transfer).

    python -m assignments.style_transfer                                  # course images (DLS_DATA_DIR) or embedded ones
    python -m assignments.style_transfer --content me.jpg --style starry.jpg --iterations 500
    python -m assignments.style_transfer --style a.jpg b.jpg --style-weights 0.7 0.3 --tv-weight 1
    python -m assignments.style_transfer --weights imagenet --square --iterations 2501 --save-every 250   # the course's run

Writes to --output: image_<i>.png every --save-every iterations, result.png, comparison.png
(content | style | result), cost_curve.png and costs.csv.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path

from assignments.common.cli import (
    ArgumentParser,
    add_common_arguments,
    non_negative_float,
    non_negative_int,
    positive_float,
    positive_int,
    run_main,
)
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir
from assignments.common.images import load_rgb_image
from assignments.common.quiet import import_tensorflow_quietly
from assignments.style_transfer.pictures import (
    MAX_SIDE,
    MIN_SIDE,
    PREPROCESS_MODES,
    check_size,
    default_content,
    default_style,
    working_size,
)
from assignments.style_transfer.week import WEEK


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments.style_transfer",
        description="Neural style transfer (C4W4): optimise an image so that VGG19 sees the content of --content and "
        "the textures of --style. Defaults: the course's louvre_small.jpg and monet.jpg from $DLS_DATA_DIR, "
        "else two pictures the program paints itself.",
    )
    parser.add_argument(
        "--content", type=Path, help="the content image (default: the course's louvre_small.jpg, else an embedded landscape)"
    )
    parser.add_argument(
        "--style",
        type=Path,
        nargs="+",
        help="one or more style images, blended (default: the course's monet.jpg, else an embedded texture)",
    )
    parser.add_argument(
        "--style-weights",
        type=positive_float,
        nargs="+",
        metavar="W",
        help="one weight per --style image, normalised to sum to 1 (default: equal)",
    )
    parser.add_argument(
        "--size",
        type=positive_int,
        default=400,
        help=f"longer side of the working image in pixels; the content's aspect is kept (default 400; the shorter side at least {MIN_SIDE}, "
        f"the longer at most {MAX_SIDE})",
    )
    parser.add_argument(
        "--square", action="store_true", help="resize every image to size x size as the course does (stretches other aspects)"
    )
    parser.add_argument(
        "--iterations", type=positive_int, default=250, help="optimisation steps (default 250; the course runs 2501)"
    )
    parser.add_argument(
        "--alpha", type=non_negative_float, default=10.0, help="weight of the content cost (default 10, the course's)"
    )
    parser.add_argument(
        "--beta", type=non_negative_float, default=40.0, help="weight of the style cost (default 40, the course's)"
    )
    parser.add_argument(
        "--learning-rate", type=positive_float, default=0.01, help="Adam's learning rate (default 0.01, the course's)"
    )
    parser.add_argument(
        "--tv-weight",
        type=non_negative_float,
        default=0.0,
        help="weight of a total-variation term that smooths speckles (default 0: the course's cost)",
    )
    parser.add_argument(
        "--save-every",
        type=non_negative_int,
        default=50,
        help="save image_<i>.png every K iterations (default 50; 0: only the result)",
    )
    parser.add_argument(
        "--init",
        choices=("content", "noise"),
        default="content",
        help="start from the content image plus noise (default, the course's) or from pure noise",
    )
    parser.add_argument(
        "--preprocess",
        choices=PREPROCESS_MODES,
        default="none",
        help="none: [0, 1] pixels into VGG19 as the course does (default); vgg: Keras' vgg19.preprocess_input, as VGG19 was trained "
        "(looks better with ImageNet weights; tune --alpha/--beta, the costs' scale changes)",
    )
    parser.add_argument(
        "--xla", choices=("auto", "on", "off"), default="auto", help="compile the step with XLA (auto: on a GPU only)"
    )
    parser.add_argument(
        "--weights",
        default=None,
        help="VGG19 weights: 'imagenet' (Keras downloads the notop file, md5-checked), the path of a notop .h5 you have "
        "(the course's vgg19_weights_tf_dim_ordering_tf_kernels_notop.h5), or 'untrained'. Default: that file from "
        "$DLS_DATA_DIR/style_transfer/pretrained-model/ or the Keras cache, else seeded random (UNTRAINED) weights",
    )
    add_common_arguments(parser, WEEK.name, seed=272)
    parser.epilog = "--seed seeds the start image's noise (272 is the course's) and the random weights of an untrained VGG19."
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    arguments = build_parser().parse_args(argv)
    # Everything that can be wrong with the input is checked before TensorFlow loads and before anything is written.
    check_size(arguments.size)
    if arguments.style_weights is not None:
        count = len(arguments.style) if arguments.style else 1
        if len(arguments.style_weights) != count:
            raise UserError(
                f"--style-weights has {len(arguments.style_weights)} numbers for {count} style image(s): give one weight per --style image."
            )
    if arguments.content is not None:
        content, content_source = load_rgb_image(arguments.content), str(arguments.content)
    else:
        content, content_source = default_content()
    if arguments.style:
        styles = [load_rgb_image(path) for path in arguments.style]
        style_sources = [str(path) for path in arguments.style]
    else:
        style, source = default_style()
        styles, style_sources = [style], [source]
    working_size(content, arguments.size, arguments.square)
    # h5py loads only now, to look inside a --weights file (the flags alone never load it).
    from assignments.style_transfer.vgg_weights import check_vgg19_notop_file, resolve_vgg19_weights, weights_notice

    weights = resolve_vgg19_weights(arguments.weights)
    if weights.path is not None:
        check_vgg19_notop_file(weights.path)
    ensure_output_dir(arguments.output)

    # TensorFlow loads only now, once the input is known to be good.
    import_tensorflow_quietly()
    from assignments.style_transfer.transfer import TransferSettings, run_transfer

    settings = TransferSettings(
        size=arguments.size,
        square=arguments.square,
        iterations=arguments.iterations,
        alpha=arguments.alpha,
        beta=arguments.beta,
        learning_rate=arguments.learning_rate,
        tv_weight=arguments.tv_weight,
        save_every=arguments.save_every,
        init=arguments.init,
        preprocess=arguments.preprocess,
        xla={"auto": None, "on": True, "off": False}[arguments.xla],
        seed=arguments.seed,
        style_weights=arguments.style_weights,
    )
    print(f"Content: {content_source}")
    for source in style_sources:
        print(f"Style:   {source}")
    print(weights_notice(weights))
    run_transfer(content, styles, weights, settings, arguments.output)
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
