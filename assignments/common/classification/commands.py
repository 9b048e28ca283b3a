"""The four sub-commands of the classification weeks, for any model a week's spec describes.

    train     data → build + compile (`training.build_model`) → fit → [BatchNorm refresh] → evaluate → save
    evaluate  a saved, pretrained or untrained model on a test set → loss, accuracy, confusion matrix
    predict   a model on the user's images → predictions.csv, predictions.png
    generate  our generated pictures → course-schema h5 files

Each takes the frozen settings value of its sub-command (`cli.py`) and the week's `CommandSpec`. A week's
`__main__` imports this module only after the settings check out: it loads TensorFlow.
"""

from __future__ import annotations

import time
from pathlib import Path

import keras
import numpy as np

from assignments.common.classification.batchnorm import refresh_batchnorm_statistics
from assignments.common.classification.cli import EvaluateSettings, GenerateSettings, PredictSettings, TrainSettings
from assignments.common.classification.h5files import write_h5_split
from assignments.common.classification.imageset import IMAGE_SIZE, ImageSet, limit
from assignments.common.classification.outputs import (
    confusion_matrix,
    load_inputs,
    predicted_classes,
    read_metadata,
    save_prediction_sheet,
    write_metadata,
)
from assignments.common.classification.pipeline import make_dataset
from assignments.common.classification.sources import load_train_test, read_source
from assignments.common.classification.specs import CommandSpec, ModelSpec
from assignments.common.classification.training import build_model, check_model_fits, compile_model, fit_model, output_units
from assignments.common.distribute import start_distribution
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, write_text_atomic
from assignments.common.models import load_keras_model_file, save_keras_model
from assignments.common.plots import save_confusion_matrix, save_curves
from assignments.common.weights import UNTRAINED_NOTICE, resolve_weights


def load_model_for(settings: object, model_spec: ModelSpec, classes: int | None = None):
    """The model a command runs: --model-file, else --weights (pretrained), else seeded random weights.

    Args:
        classes: the number of classes of the data at hand; None: the course dataset's.

    Returns:
        (model, class_names or None, description, pretrained: bool)
    """
    classes = classes or len(model_spec.dataset.class_names)
    if getattr(settings, "model_file", None) is not None:
        file = settings.model_file.expanduser()
        model = load_keras_model_file(file, "pass the model.keras that 'train' wrote")
        metadata = read_metadata(file)
        if metadata and metadata.get("model", model_spec.name) != model_spec.name:
            raise UserError(
                f"The model file '{file}' was trained as the '{metadata['model']}' model, not '{model_spec.name}': "
                f"pass it to the command that trained it, or a model that 'train --model {model_spec.name}' wrote."
            )
        check_model_fits(model, model_spec, str(file))
        return model, metadata["class_names"] if metadata else None, f"the trained model {file}", True
    if getattr(settings, "weights", None) is not None:
        path = resolve_weights(settings.weights, *model_spec.weights_files)
        model = model_spec.load_weights(path, classes)
        check_model_fits(model, model_spec, str(path))
        return model, None, f"the pretrained weights {path}", True
    keras.utils.set_random_seed(settings.seed)
    return model_spec.build(classes), None, "seeded random weights", False


def evaluate_and_plot(
    model, test: ImageSet, batch_size: int, output: Path, model_spec: ModelSpec, title: str
) -> tuple[float, float, list[Path]]:
    """Test loss (NaN for an uncompiled model) and accuracy, and the confusion matrix as a PNG."""
    dataset = make_dataset(test, batch_size, shuffle=False, seed=0)
    probabilities = model.predict(dataset, verbose=0)
    predictions, _ = predicted_classes(probabilities)
    accuracy = float(np.mean(predictions == test.labels))
    loss = float(model.evaluate(dataset, verbose=0, return_dict=True)["loss"]) if model.compiled else float("nan")
    matrix = confusion_matrix(test.labels, predictions, len(test.class_names))
    written = [
        save_confusion_matrix(
            output / "confusion_matrix.png",
            matrix,
            model_spec.display(test.class_names),
            title=f"{title}: test accuracy {accuracy:.3f} ({len(test)} images)",
        )
    ]
    return loss, accuracy, written


def load_training_data(settings: TrainSettings, spec: CommandSpec, model_spec: ModelSpec) -> tuple[ImageSet, ImageSet]:
    """The training set (at most --max-images) and the test set, with their sources printed."""
    train, test = load_train_test(spec.week, model_spec.dataset, settings.data, settings.test_data, settings.seed)
    train = limit(train, settings.max_images, settings.seed)
    classes = len(train.class_names)
    if model_spec.binary and classes != 2:
        raise UserError(
            f"{model_spec.title} answers yes/no, but {train.source} has {classes} classes: {model_spec.more_classes_hint}."
        )
    print(f"Training data: {train.source}: {len(train)} images, classes {model_spec.display(train.class_names)}.")
    print(f"Test data:     {test.source}: {len(test)} images.")
    return train, test


def refresh_batchnorm(settings: TrainSettings, model, train_dataset, train: ImageSet, history) -> str | None:
    """`--refresh-batchnorm N`: re-estimates BatchNorm's statistics; returns the line that reports it, or None."""
    if not settings.refresh_batchnorm:
        return None
    passes, started = settings.refresh_batchnorm, time.perf_counter()
    refreshed = refresh_batchnorm_statistics(model, train_dataset, passes)
    return (
        f"BatchNorm statistics re-estimated from {passes} pass{'es' if passes != 1 else ''} over "
        f"{len(train)} training images ({refreshed} layer{'s' if refreshed != 1 else ''}, {time.perf_counter() - started:.1f} s); "
        f"test accuracy before the refresh (last epoch's validation): {history.history['val_accuracy'][-1]:.4f}."
    )


def save_trained_model(model, output: Path, model_spec: ModelSpec, train: ImageSet) -> list[Path]:
    """model.keras and, beside it, model.classes.json (class names, display names, input size, model name)."""
    model_file = save_keras_model(model, output / "model.keras")
    metadata = {
        "class_names": train.class_names,
        "display_names": model_spec.display(train.class_names),
        "image_size": list(IMAGE_SIZE),
        "model": model_spec.name,
    }
    return [model_file, write_metadata(model_file, metadata)]


def save_training_curves(history, output: Path, model_spec: ModelSpec, train: ImageSet, epochs: int) -> Path:
    """training_curves.png: accuracy and loss per epoch, on the training and the test set."""
    series = {name: history.history.get(name, []) for name in ("accuracy", "val_accuracy", "loss", "val_loss")}
    return save_curves(
        output / "training_curves.png",
        {
            "train accuracy": series["accuracy"],
            "test accuracy": series["val_accuracy"],
            "train loss": series["loss"],
            "test loss": series["val_loss"],
        },
        title=f"{model_spec.name}: {len(train)} training images, {epochs} epochs",
        ylabel="accuracy / loss",
    )


def run_train(settings: TrainSettings, spec: CommandSpec) -> int:
    # Started before any other TensorFlow work (multi-worker needs that); other workers write to a temporary folder.
    distribution = start_distribution(settings.distribute, settings.worker_timeout, settings.cluster)
    print(distribution.describe(settings.batch_size))
    model_spec = spec.models[settings.model]
    train, test = load_training_data(settings, spec, model_spec)
    weights = resolve_weights(settings.weights, *model_spec.weights_files) if getattr(settings, "weights", None) else None
    for split, what in ((train, "the training set"), (test, "the test set")):
        distribution.check_split(len(split), what, settings.batch_size)
    with distribution.scope():  # the model's variables and the optimizer's get a copy on every replica
        model = build_model(
            model_spec, len(train.class_names), seed=settings.seed, learning_rate=settings.learning_rate, weights=weights
        )
    if weights is not None:
        print(f"Starting from the pretrained weights {weights} (pretrained).")
    output = ensure_output_dir(distribution.writable_folder(settings.output))

    # batch_size per replica; DATA sharding, as the images are in memory (see common/distribute.py).
    global_batch = distribution.global_batch_size(settings.batch_size)
    train_dataset = distribution.shard(make_dataset(train, global_batch, shuffle=True, seed=settings.seed), "data")
    test_dataset = distribution.shard(make_dataset(test, global_batch, shuffle=False, seed=0), "data")
    started = time.perf_counter()
    with distribution.report_lost_workers("restart every worker with the same command (training starts again)."):
        history = fit_model(model, train_dataset, test_dataset, settings.epochs)
    seconds = time.perf_counter() - started
    refresh_note = refresh_batchnorm(settings, model, train_dataset, train, history)
    loss, accuracy, written = evaluate_and_plot(
        model, test, global_batch, output, model_spec, f"{model_spec.name} after {settings.epochs} epochs"
    )
    written = save_trained_model(model, output, model_spec, train) + written
    written.append(save_training_curves(history, output, model_spec, train, settings.epochs))

    print(f"\nTrained {settings.epochs} epochs in {seconds:.1f} s ({settings.epochs * len(train) / seconds:.0f} images/s).")
    if refresh_note:
        print(refresh_note)
    print(f"Test loss {loss:.4f}, test accuracy {accuracy:.4f} on {len(test)} images of {test.source}.")
    print(
        "Weights: trained in this run, starting from "
        + ("the pretrained weights." if weights is not None else "seeded random weights.")
    )
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0


def run_evaluate(settings: EvaluateSettings, spec: CommandSpec) -> int:
    model_spec = spec.models[settings.model]
    if settings.test_data is not None:
        test = read_source(settings.test_data, "test", model_spec.dataset.files[1])
    else:
        _, test = load_train_test(spec.week, model_spec.dataset, None, None, settings.seed)
    model, names, description, pretrained = load_model_for(settings, model_spec, len(test.class_names))
    if names is not None and names != test.class_names:
        raise UserError(
            f"The model was trained on classes {names} but the test data has {test.class_names}: pass matching --test-data."
        )
    compile_model(model, len(test.class_names), model_spec.learning_rate)
    print(f"Model: {description}." + ("" if pretrained else f"\n{UNTRAINED_NOTICE}"))
    print(f"Test data: {test.source}: {len(test)} images.")
    output = ensure_output_dir(settings.output)
    title = model_spec.name if pretrained else f"UNTRAINED {model_spec.name} (seeded random weights)"
    loss, accuracy, written = evaluate_and_plot(model, test, settings.batch_size, output, model_spec, title)
    print(f"Loss = {loss:.7f}\nTest Accuracy = {accuracy:.4f}")
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0


def run_predict(settings: PredictSettings, spec: CommandSpec) -> int:
    model_spec = spec.models[settings.model]
    files, images = load_inputs(settings.inputs)  # (m, 64, 64, 3) uint8
    model, names, description, pretrained = load_model_for(settings, model_spec)
    outputs = output_units(model)
    names = names or [str(index) for index in range(max(outputs, 2))]
    print(f"Model: {description}." + ("" if pretrained else f"\n{UNTRAINED_NOTICE}"))
    probabilities = model.predict(images.astype(np.float32) / 255.0, verbose=0)
    classes, confidence = predicted_classes(probabilities)
    display = model_spec.display(names)
    # An untrained run says so in every file: a `weights` column in the CSV, a banner on the sheet.
    untrained = "" if pretrained else ",UNTRAINED"
    lines, captions = ["file,class,name,probability" + (",weights" if untrained else "")], []
    width = max(len(file.name) for file in files)
    for file, label, class_probability in zip(files, classes, confidence):
        unsure = " (unsure)" if class_probability < settings.threshold else ""
        print(f"{file.name:<{width}}  class {names[label]} ({display[label]}), probability {class_probability:.3f}{unsure}")
        lines.append(f'"{file}",{names[label]},{display[label]},{class_probability:.6f}{untrained}')
        captions.append(f"{display[label]} {class_probability:.2f}")
    output = ensure_output_dir(settings.output)
    written = [
        write_text_atomic(output / "predictions.csv", "\n".join(lines) + "\n"),
        save_prediction_sheet(output / "predictions.png", images, captions, banner=None if pretrained else UNTRAINED_NOTICE),
    ]
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0


def run_generate(settings: GenerateSettings, spec: CommandSpec) -> int:
    dataset = spec.models[settings.model].dataset
    train = dataset.generate("train", settings.seed, settings.train_size)
    test = dataset.generate("test", settings.seed + 1, settings.test_size)
    output = ensure_output_dir(settings.output)
    train_file, test_file = dataset.files
    written = [write_h5_split(output / train_file, "train", train), write_h5_split(output / test_file, "test", test)]
    print(f"Generated {len(train)} training and {len(test)} test images ({train.source}).")
    print("Wrote: " + ", ".join(str(path) for path in written) + f"  (train on them with --data {output})")
    return 0


COMMANDS = {
    TrainSettings: run_train,
    EvaluateSettings: run_evaluate,
    PredictSettings: run_predict,
    GenerateSettings: run_generate,
}


def run(settings, spec: CommandSpec) -> int:
    """Runs the sub-command whose settings class `settings` is an instance of."""
    for settings_class, command in COMMANDS.items():
        if isinstance(settings, settings_class):
            return command(settings, spec)
    raise TypeError(f"settings must be one of {[cls.__name__ for cls in COMMANDS]}. Received: {type(settings).__name__}")
