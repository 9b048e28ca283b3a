"""The shared main script of the classification weeks: `train`, `evaluate`, `predict`, `generate`.

Light on purpose: it builds the parser from a week's `CommandSpec` (plain data), parses and checks the
arguments, and only then imports `commands`, which loads TensorFlow. So `--help` and argument errors
answer at once.
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

from assignments.common.classification.specs import CommandSpec
from assignments.common.cli import (
    ArgumentParser,
    add_common_arguments,
    non_negative_int,
    positive_float,
    positive_int,
    probability,
)
from assignments.common.distribute_cli import add_distribute_arguments, check_distribute_arguments
from assignments.common.errors import UserError
from assignments.common.quiet import import_tensorflow_quietly
from assignments.common.sample_images import project_image


def add_subcommands(parser: argparse.ArgumentParser, spec: CommandSpec) -> None:
    """Adds `train`, `evaluate`, `predict` and `generate` to a week's parser."""
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    model_names = sorted(spec.models)
    default_model = model_names[0] if len(model_names) == 1 else None
    week = spec.week.name

    def add_model_choice(sub):
        sub.add_argument(
            "--model",
            choices=model_names,
            default=default_model,
            required=default_model is None,
            help="which course model: " + ", ".join(model_names) + (f" (default {default_model})" if default_model else ""),
        )

    def add_model_source(sub):
        sub.add_argument(
            "--model-file", type=Path, help="a model.keras written by 'train' (its .classes.json beside it names the classes)"
        )
        if spec.weights_available:
            add_common_arguments(sub, week, seed=None, output=False, weights=True)

    def add_test_data(sub):
        sub.add_argument(
            "--test-data",
            type=Path,
            help="test set: a course h5 file, a folder holding it, or a folder with one sub-folder per class "
            "(default: the test file in --data, else 15%% of --data held out, else $DLS_DATA_DIR's, else generated)",
        )

    has_substitute = any(model.dataset.substitute_role for model in spec.models.values())
    train = commands.add_parser(
        "train",
        help="train a model, evaluate it on the test set, save it with its curves and confusion matrix",
        description="Trains with a progress bar, evaluates on the test set and writes model.keras, "
        "model.classes.json, training_curves.png and confusion_matrix.png to --output. Training data: --data, "
        f"else the course's training file in $DLS_DATA_DIR/{week}/"
        + (", else the Sign Language Digits substitute" if has_substitute else "")
        + ", else the embedded generated data.",
    )
    add_model_choice(train)
    train.add_argument(
        "--data",
        type=Path,
        help="training data: a course h5 file (train_set_x / train_set_y / list_classes), a folder holding the course's "
        "files, or a folder with one sub-folder of images per class (resized to 64x64)",
    )
    add_test_data(train)
    train.add_argument(
        "--epochs",
        type=positive_int,
        default=spec.default_epochs,
        help=f"passes over the training set (default {spec.default_epochs})",
    )
    train.add_argument(
        "--batch-size",
        type=positive_int,
        default=spec.default_batch_size,
        help=f"images per step and replica (default {spec.default_batch_size})",
    )
    train.add_argument("--learning-rate", type=positive_float, default=None, help="Adam step size (default: the model's, 0.001)")
    train.add_argument("--max-images", type=positive_int, default=None, help="train on at most this many images (quick tries)")
    train.add_argument(
        "--refresh-batchnorm",
        type=non_negative_int,
        default=0,
        metavar="N",
        help="after training, re-estimate every BatchNormalization layer's moving mean and variance from N passes "
        "over the training data in training mode, weights unchanged, before the final evaluation and saving "
        "(default 0: off, as the course trains; helps models trained from scratch, see docs/resnet50.md)",
    )
    add_distribute_arguments(train)
    if spec.weights_available:
        add_common_arguments(train, week, seed=None, output=False, weights=True)
    add_common_arguments(train, week, seed=0)

    evaluate = commands.add_parser(
        "evaluate",
        help="loss, accuracy and confusion matrix of a saved model on a test set",
        description="Evaluates --model-file"
        + (" or --weights" if spec.weights_available else "")
        + " on the test set and writes confusion_matrix.png.",
    )
    add_model_choice(evaluate)
    add_model_source(evaluate)
    add_test_data(evaluate)
    evaluate.add_argument(
        "--batch-size",
        type=positive_int,
        default=spec.default_batch_size,
        help=f"images per step (default {spec.default_batch_size})",
    )
    add_common_arguments(evaluate, week, seed=0)

    predict = commands.add_parser(
        "predict",
        help="class and probability for each of your images",
        description="Classifies each image of --input (any size and common format; resized to 64x64 the way "
        "folder datasets are) and writes predictions.csv and predictions.png.",
    )
    add_model_choice(predict)
    add_model_source(predict)
    predict.add_argument(
        "--input",
        type=Path,
        default=None,
        help="an image file or a folder of images (default: the course's image from $DLS_DATA_DIR when the week has one, "
        "else the model's sample photos from the project's images/ folder)",
    )
    predict.add_argument(
        "--threshold", type=probability, default=0.0, help="mark predictions below this probability as unsure (default 0: never)"
    )
    add_common_arguments(predict, week, seed=0)

    generate = commands.add_parser(
        "generate",
        help="write the embedded generated data as course-schema h5 files",
        description="Writes the generated training and test sets in the course's h5 schema, so you can inspect them or pass them to --data.",
    )
    add_model_choice(generate)
    generate.add_argument("--train-size", type=positive_int, default=None, help="training images (default: the course's count)")
    generate.add_argument("--test-size", type=positive_int, default=None, help="test images (default: the course's count)")
    add_common_arguments(generate, week, seed=0)


def build_parser(spec: CommandSpec) -> ArgumentParser:
    """The week's parser: `python -m assignments.<week>` with the four sub-commands."""
    parser = ArgumentParser(prog=f"python -m {spec.week.package}", description=spec.description)
    add_subcommands(parser, spec)
    return parser


def check_arguments(arguments: argparse.Namespace, spec: CommandSpec) -> None:
    """Checks that need the model's spec, before anything heavy is imported or any data is read."""
    model = spec.models[arguments.model]
    if getattr(arguments, "refresh_batchnorm", 0) and not model.batchnorm:
        raise UserError(
            f"--refresh-batchnorm needs BatchNormalization layers, and the {model.name} model has none: leave it at 0 for this model."
        )
    if getattr(arguments, "weights", None) is not None and model.load_weights is None:
        raise UserError(
            f"--weights has no pretrained file to load for the {model.name} model: leave it out, or pass --model-file."
        )
    if arguments.command == "predict" and arguments.input is None:
        arguments.input = default_predict_inputs(spec, model)


def default_predict_inputs(spec: CommandSpec, model) -> list[Path]:
    """What `predict` classifies without `--input`: the week's course image, else the model's sample photos."""
    if "image" in spec.week.default_inputs and (course := spec.week.default_input("image")) is not None:
        return [course]
    photos = [path for name in model.sample_photos if (path := project_image(name)) is not None]
    if not photos:
        raise UserError("predict needs --input: pass an image file or a folder of images.")
    return photos


def main(spec: CommandSpec, argv: Sequence[str] | None = None) -> int:
    """Parses a command line, checks it, and runs its sub-command (the body of each week's `main`)."""
    parser = build_parser(spec)
    arguments = parser.parse_args(argv)
    if arguments.command is None:
        parser.print_help()
        return 0
    check_arguments(arguments, spec)
    check_distribute_arguments(arguments)
    # Deferred import: the commands load TensorFlow, which --help and argument errors never need.
    import_tensorflow_quietly(start_runtime=getattr(arguments, "distribute", "none") != "multi-worker")
    from assignments.common.classification import commands

    return commands.run(arguments, spec)
