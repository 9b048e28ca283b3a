"""`python -m assignments.unet_segmentation train|predict`: parse, check, then dispatch (see `cli.py`)."""

from __future__ import annotations

import dataclasses
import sys
from collections.abc import Sequence
from pathlib import Path

from assignments.common.cli import parse_settings, run_main
from assignments.common.distribute_cli import read_cluster, runtime_may_start_early
from assignments.common.errors import UserError
from assignments.common.quiet import import_tensorflow_quietly
from assignments.unet_segmentation.classes import class_name
from assignments.unet_segmentation.cli import TrainSettings, build_parser
from assignments.unet_segmentation.data import check_pairs, find_pairs
from assignments.unet_segmentation.sizes import check_training_size
from assignments.unet_segmentation.synthetic import LARGEST_CLASS_ID
from assignments.unet_segmentation.week import WEEK


def find_training_data(settings: TrainSettings):
    """(pairs, description, identity, kind) from --data, else the course's set; (None, ...) for generated scenes.

    Writes nothing: generated scenes are written later, once every check has passed.
    `identity` is what --resume compares: the data folder, or for generated scenes their seed and count.
    """
    folder = settings.data if settings.data is not None else WEEK.default_input("data")
    if folder is not None:
        pairs = find_pairs(folder)
        whose, kind = ("your data", "user") if settings.data is not None else ("the course's CARLA data", "course")
        return pairs, f"{whose} in {folder}", str(Path(pairs.folder).resolve()), kind
    if settings.n_classes <= LARGEST_CLASS_ID:
        raise UserError(
            f"The generated road scenes use class ids up to {LARGEST_CLASS_ID} ('{class_name(LARGEST_CLASS_ID)}') but "
            f"--n-classes is {settings.n_classes}: pass --n-classes {LARGEST_CLASS_ID + 1} or more, or train on --data."
        )
    samples = WEEK.default_input("samples")
    if samples is not None:
        print(f"Note: {samples} has 4 real CARLA frames; train on them with --data {samples} (too few to learn from).")
    generated = f"{settings.scenes} generated road scenes (seed {settings.seed})"
    return None, generated, generated, "generated"


def check_training(settings: TrainSettings) -> TrainSettings:
    """Every check of `train` that needs no TensorFlow: the data, the memory, the masks.

    Returns:
        The settings with what was found decided once: the pairs, their description and identity, the class counts.
    """
    height, width = settings.image_size
    pairs, description, identity, kind = find_training_data(settings)
    images = len(pairs) if pairs is not None else settings.scenes
    check_training_size(height, width, settings.batch_size, settings.n_filters, settings.n_classes, images)
    # Every pair is read once here, before anything is written (generated scenes are checked once written).
    counts = check_pairs(pairs, settings.n_classes) if pairs is not None else None
    return dataclasses.replace(
        settings,
        output=Path(settings.output).expanduser(),  # checked writable by the --output type while parsing
        pairs=pairs,
        description=description,
        identity=identity,
        data_kind=kind,
        class_counts=counts,
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    settings = parse_settings(parser, argv)
    if settings is None:
        parser.print_help()
        return 0
    training = isinstance(settings, TrainSettings)
    if training:
        # A missing or malformed TF_CONFIG is one sentence before TensorFlow loads; the cluster read here is
        # the one the strategy starts from.
        settings = check_training(dataclasses.replace(settings, cluster=read_cluster(settings.distribute)))
    # Deferred import: TensorFlow and Keras load only once the arguments and the data have been checked.
    import_tensorflow_quietly(start_runtime=not training or runtime_may_start_early(settings.distribute))
    from assignments.unet_segmentation import commands

    return commands.train(settings) if training else commands.predict(settings)


if __name__ == "__main__":
    sys.exit(run_main(main))
