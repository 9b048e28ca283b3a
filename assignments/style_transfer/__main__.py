"""Paint a content image in the style of one or more style images (VGG19 neural style transfer).

    python -m assignments.style_transfer                                  # course images (DLS_DATA_DIR) or the project's photos
    python -m assignments.style_transfer --content me.jpg --style starry.jpg --iterations 500
    python -m assignments.style_transfer --style a.jpg b.jpg --style-weights 0.7 0.3 --tv-weight 1
    python -m assignments.style_transfer --weights imagenet --square --iterations 2501 --save-every 250   # the course's run

Writes to --output: image_<i>.png every --save-every iterations, result.png, comparison.png
(content | style | result), cost_curve.png and costs.csv.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from assignments.common.cli import parse_settings, run_main
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir
from assignments.common.quiet import import_tensorflow_quietly
from assignments.style_transfer.cli import Settings, build_parser
from assignments.style_transfer.pictures import Pictures, check_size, load_pictures, working_size


def check(settings: Settings):
    """Everything that can be wrong with the input, checked before TensorFlow loads and before anything is written.

    Returns:
        (pictures, weights): the decoded pictures and the `WeightsChoice` the run will use.
    """
    check_size(settings.size)
    if settings.style_weights is not None:
        count = len(settings.style) if settings.style else 1
        if len(settings.style_weights) != count:
            raise UserError(
                f"--style-weights has {len(settings.style_weights)} numbers for {count} style image(s): give one weight per --style image."
            )
    pictures: Pictures = load_pictures(settings.content, settings.style)
    working_size(pictures.content, settings.size, settings.square)
    # h5py loads only now, to look inside a --weights file (the flags alone never load it).
    from assignments.style_transfer.vgg_weights import check_vgg19_notop_file, resolve_vgg19_weights

    weights = resolve_vgg19_weights(settings.weights)
    if weights.path is not None:
        check_vgg19_notop_file(weights.path)
    return pictures, weights


def main(argv: Sequence[str] | None = None) -> int:
    settings = parse_settings(build_parser(), argv)
    pictures, weights = check(settings)
    ensure_output_dir(settings.output)
    # TensorFlow loads only now, once the input is known to be good.
    import_tensorflow_quietly()
    from assignments.style_transfer.commands import run

    run(settings, pictures, weights)
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
