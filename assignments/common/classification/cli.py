"""The shared command line of the classification weeks: `train`, `evaluate`, `predict`, `generate`.

Each knob is declared once, as a field of one of the four frozen settings classes below; a week subclasses
them to add its own `--model` choice (`model_flag(SPEC)`) and, where it has pretrained files, `--weights`
(`weights_flag()`), and builds its parser with `build_parser(SPEC, ...)`. What differs per week (default
epochs and batch size, the output folder) comes from its `CommandSpec` as the builders' `defaults=`.

After parsing, `decide(settings, spec)` runs the checks that need the spec and decides, once, what a later
step would otherwise work out again: the cluster of `--distribute multi-worker` (TF_CONFIG read here, and
only here) and the images `predict` classifies without `--input`. Both are passed on with
`dataclasses.replace`; nothing downstream edits the settings.

Light on purpose (no TensorFlow, Keras, matplotlib or h5py): `--help` and argument errors answer at once.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from assignments.common.classification.specs import CommandSpec, ModelSpec
from assignments.common.cli import (
    ArgumentParser,
    add_command,
    default_output_dir,
    flag,
    non_negative_int,
    output_folder,
    positive_float,
    positive_int,
    probability,
    seed_flag,
)
from assignments.common.distribute_cli import (
    ClusterConfig,
    distribute_flag,
    read_cluster,
    runtime_may_start_early,
    worker_timeout_flag,
)
from assignments.common.errors import UserError
from assignments.common.sample_images import project_image

TEST_DATA_HELP = (
    "test set: a course h5 file, a folder holding it, or a folder with one sub-folder per class "
    "(default: the test file in --data, else 15%% of --data held out, else $DLS_DATA_DIR's, else generated)"
)
MODEL_FILE_HELP = "a model.keras written by 'train' (it carries its class names and what it was trained on)"


def model_flag(spec: CommandSpec):
    """`--model`: one of the week's models; required unless the week has only one."""
    names = sorted(spec.models)
    default = names[0] if len(names) == 1 else None
    return flag(
        default,
        choices=names,
        required=default is None,
        help="which course model: " + ", ".join(names) + (f" (default {default})" if default else ""),
    )


def weights_flag():
    """`--weights PATH`, for a week whose models have pretrained files (`ModelSpec.load_weights`)."""
    return flag(
        None,
        help="pretrained weights: a file you already have (see the README for where to get it); "
        "without it the model has untrained, seeded random weights",
    )


def _output_flag():
    # The default folder (out/<week>/) comes from the week's spec, through the parser's `defaults=`.
    return flag(None, type=output_folder, help="folder for the results; created if missing (default %(default)s/)")


@dataclasses.dataclass(frozen=True)
class TrainSettings:
    """`train`: fit a model, evaluate it on the test set, save it with its curves and confusion matrix."""

    model: str = flag(None, help="which course model")
    data: Path | None = flag(
        None,
        type=Path,
        help="training data: a course h5 file (train_set_x / train_set_y / list_classes), a folder holding the course's "
        "files, or a folder with one sub-folder of images per class (resized to 64x64)",
    )
    test_data: Path | None = flag(None, type=Path, help=TEST_DATA_HELP)
    epochs: int = flag(10, type=positive_int, help="passes over the training set (default %(default)s)")
    batch_size: int = flag(32, type=positive_int, help="images per step and replica (default %(default)s)")
    learning_rate: float | None = flag(None, type=positive_float, help="Adam step size (default: the model's, 0.001)")
    max_images: int | None = flag(None, type=positive_int, help="train on at most this many images (quick tries)")
    refresh_batchnorm: int = flag(
        0,
        type=non_negative_int,
        metavar="N",
        help="after training, re-estimate every BatchNormalization layer's moving mean and variance from N passes "
        "over the training data in training mode, weights unchanged, before the final evaluation and saving "
        "(default 0: off, as the course trains; helps models trained from scratch, see docs/resnet50.md)",
    )
    distribute: str = distribute_flag()
    worker_timeout: float = worker_timeout_flag()
    seed: int = seed_flag(0)
    output: Path = _output_flag()
    # Decided once by `decide`: the TF_CONFIG cluster of --distribute multi-worker, else None.
    cluster: ClusterConfig | None = None


@dataclasses.dataclass(frozen=True)
class EvaluateSettings:
    """`evaluate`: loss, accuracy and confusion matrix of a saved model on a test set."""

    model: str = flag(None, help="which course model")
    model_file: Path | None = flag(None, type=Path, help=MODEL_FILE_HELP)
    test_data: Path | None = flag(None, type=Path, help=TEST_DATA_HELP)
    batch_size: int = flag(32, type=positive_int, help="images per step (default %(default)s)")
    seed: int = seed_flag(0)
    output: Path = _output_flag()


@dataclasses.dataclass(frozen=True)
class PredictSettings:
    """`predict`: class and probability for each of the user's images."""

    model: str = flag(None, help="which course model")
    model_file: Path | None = flag(None, type=Path, help=MODEL_FILE_HELP)
    input: Path | None = flag(
        None,
        type=Path,
        help="an image file or a folder of images (default: the course's image from $DLS_DATA_DIR when the week has one, "
        "else the model's sample photos from the project's images/ folder)",
    )
    threshold: float = flag(0.0, type=probability, help="mark predictions below this probability as unsure (default 0: never)")
    seed: int = seed_flag(0)
    output: Path = _output_flag()
    # Decided once by `decide`: --input, else the week's default images.
    inputs: tuple[Path, ...] = ()


@dataclasses.dataclass(frozen=True)
class GenerateSettings:
    """`generate`: the embedded generated data as course-schema h5 files."""

    model: str = flag(None, help="which course model")
    train_size: int | None = flag(None, type=positive_int, help="training images (default: the course's count)")
    test_size: int | None = flag(None, type=positive_int, help="test images (default: the course's count)")
    seed: int = seed_flag(0)
    output: Path = _output_flag()


def build_parser(spec: CommandSpec, train: type, evaluate: type, predict: type, generate: type) -> ArgumentParser:
    """The week's parser: `python -m assignments.<week>` with the four sub-commands, one settings class each.

    Args:
        spec: the week's models and `fit` defaults.
        train, evaluate, predict, generate: the week's subclasses of the four settings classes above.
    """
    parser = ArgumentParser(prog=f"python -m {spec.week.package}", description=spec.description)
    week = spec.week.name
    output = {"output": str(default_output_dir(week))}
    batch = {"batch_size": spec.default_batch_size}
    substitute = any(model.dataset.substitute_role for model in spec.models.values())
    add_command(
        parser,
        "train",
        train,
        help="train a model, evaluate it on the test set, save it with its curves and confusion matrix",
        description="Trains with a progress bar, evaluates on the test set and writes model.keras, "
        "model.classes.json, training_curves.png and confusion_matrix.png to --output. Training data: --data, "
        f"else the course's training file in $DLS_DATA_DIR/{week}/"
        + (", else the Sign Language Digits substitute" if substitute else "")
        + ", else the embedded generated data.",
        defaults={**output, **batch, "epochs": spec.default_epochs},
    )
    add_command(
        parser,
        "evaluate",
        evaluate,
        help="loss, accuracy and confusion matrix of a saved model on a test set",
        description="Evaluates --model-file"
        + (" or --weights" if spec.weights_available else "")
        + " on the test set and writes confusion_matrix.png.",
        defaults={**output, **batch},
    )
    add_command(
        parser,
        "predict",
        predict,
        help="class and probability for each of your images",
        description="Classifies each image of --input (any size and common format; resized to 64x64 the way "
        "folder datasets are) and writes predictions.csv and predictions.png.",
        defaults=output,
    )
    add_command(
        parser,
        "generate",
        generate,
        help="write the embedded generated data as course-schema h5 files",
        description="Writes the generated training and test sets in the course's h5 schema, so you can inspect them or pass them to --data.",
        defaults=output,
    )
    return parser


def decide(settings, spec: CommandSpec):
    """Checks that need the model's spec, before anything heavy is imported or any data is read, and the
    values decided once (see the module docstring).

    Returns:
        `settings`, or a copy with `cluster` / `inputs` filled in.
    """
    model = spec.models[settings.model]
    if getattr(settings, "refresh_batchnorm", 0) and not model.batchnorm:
        raise UserError(
            f"--refresh-batchnorm needs BatchNormalization layers, and the {model.name} model has none: leave it at 0 for this model."
        )
    if getattr(settings, "weights", None) is not None and model.load_weights is None:
        raise UserError(
            f"--weights has no pretrained file to load for the {model.name} model: leave it out, or pass --model-file."
        )
    if isinstance(settings, TrainSettings):
        return dataclasses.replace(settings, cluster=read_cluster(settings.distribute))
    if isinstance(settings, PredictSettings):
        inputs = (settings.input,) if settings.input is not None else default_predict_inputs(spec, model)
        return dataclasses.replace(settings, inputs=inputs)
    return settings


def default_predict_inputs(spec: CommandSpec, model: ModelSpec) -> tuple[Path, ...]:
    """What `predict` classifies without `--input`: the week's course image, else the model's sample photos."""
    if "image" in spec.week.default_inputs and (course := spec.week.default_input("image")) is not None:
        return (course,)
    photos = tuple(path for name in model.sample_photos if (path := project_image(name)) is not None)
    if not photos:
        raise UserError("predict needs --input: pass an image file or a folder of images.")
    return photos


def starts_runtime_early(settings) -> bool:
    """Whether importing TensorFlow may start its runtime for this command (not before a multi-worker strategy)."""
    return runtime_may_start_early(settings.distribute) if isinstance(settings, TrainSettings) else True
