"""The four sub-commands of the classification weeks, for any model a week's spec describes.

    train     data → build + compile (`training.build_model`) → fit → [BatchNorm refresh] → evaluate → save
    evaluate  a saved, pretrained or untrained model on a test set → loss, accuracy, confusion matrix
    predict   a model on the user's images → predictions.csv, predictions.png
    generate  our generated pictures → course-schema h5 files

`cli.main` imports this module only after the arguments check out: it loads TensorFlow.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import keras
import numpy as np

from assignments.common.classification.batchnorm import refresh_batchnorm_statistics
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


def load_model_for(arguments: argparse.Namespace, model_spec: ModelSpec, classes: int | None = None):
    """The model a command runs: --model-file, else --weights (pretrained), else seeded random weights.

    Args:
        classes: the number of classes of the data at hand; None: the course dataset's.

    Returns:
        (model, class_names or None, description, pretrained: bool)
    """
    classes = classes or len(model_spec.dataset.class_names)
    if getattr(arguments, "model_file", None) is not None:
        file = arguments.model_file.expanduser()
        model = load_keras_model_file(file, "pass the model.keras that 'train' wrote")
        metadata = read_metadata(file)
        if metadata and metadata.get("model", model_spec.name) != model_spec.name:
            raise UserError(
                f"The model file '{file}' was trained as the '{metadata['model']}' model, not '{model_spec.name}': "
                f"pass it to the command that trained it, or a model that 'train --model {model_spec.name}' wrote."
            )
        check_model_fits(model, model_spec, str(file))
        return model, metadata["class_names"] if metadata else None, f"the trained model {file}", True
    if getattr(arguments, "weights", None) is not None:
        path = resolve_weights(arguments.weights, *model_spec.weights_files)
        model = model_spec.load_weights(path, classes)
        check_model_fits(model, model_spec, str(path))
        return model, None, f"the pretrained weights {path}", True
    keras.utils.set_random_seed(arguments.seed)
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


def run_train(arguments: argparse.Namespace, spec: CommandSpec) -> int:
    # Started before any other TensorFlow work (multi-worker needs that); other workers write to a temporary folder.
    distribution = start_distribution(arguments.distribute, arguments.worker_timeout)
    print(distribution.describe(arguments.batch_size))
    model_spec = spec.models[arguments.model]
    train, test = load_train_test(spec.week, model_spec.dataset, arguments.data, arguments.test_data, arguments.seed)
    train = limit(train, arguments.max_images, arguments.seed)
    classes = len(train.class_names)
    if model_spec.binary and classes != 2:
        raise UserError(
            f"{model_spec.title} answers yes/no, but {train.source} has {classes} classes: {model_spec.more_classes_hint}."
        )
    print(f"Training data: {train.source}: {len(train)} images, classes {model_spec.display(train.class_names)}.")
    print(f"Test data:     {test.source}: {len(test)} images.")

    weights = resolve_weights(arguments.weights, *model_spec.weights_files) if getattr(arguments, "weights", None) else None
    for split, what in ((train, "the training set"), (test, "the test set")):
        distribution.check_split(len(split), what, arguments.batch_size)
    with distribution.scope():  # the model's variables and the optimizer's get a copy on every replica
        model = build_model(model_spec, classes, seed=arguments.seed, learning_rate=arguments.learning_rate, weights=weights)
    if weights is not None:
        print(f"Starting from the pretrained weights {weights} (pretrained).")
    output = ensure_output_dir(distribution.writable_folder(arguments.output))

    # batch_size per replica; DATA sharding, as the images are in memory (see common/distribute.py).
    global_batch = distribution.global_batch_size(arguments.batch_size)
    train_dataset = distribution.shard(make_dataset(train, global_batch, shuffle=True, seed=arguments.seed), "data")
    test_dataset = distribution.shard(make_dataset(test, global_batch, shuffle=False, seed=0), "data")
    started = time.perf_counter()
    with distribution.report_lost_workers("restart every worker with the same command (training starts again)."):
        history = fit_model(model, train_dataset, test_dataset, arguments.epochs)
    seconds = time.perf_counter() - started
    refresh_note = None
    if arguments.refresh_batchnorm:
        passes, refresh_started = arguments.refresh_batchnorm, time.perf_counter()
        refreshed = refresh_batchnorm_statistics(model, train_dataset, passes)
        refresh_note = (
            f"BatchNorm statistics re-estimated from {passes} pass{'es' if passes != 1 else ''} over "
            f"{len(train)} training images ({refreshed} layer{'s' if refreshed != 1 else ''}, {time.perf_counter() - refresh_started:.1f} s); "
            f"test accuracy before the refresh (last epoch's validation): {history.history['val_accuracy'][-1]:.4f}."
        )
    loss, accuracy, written = evaluate_and_plot(
        model, test, global_batch, output, model_spec, f"{model_spec.name} after {arguments.epochs} epochs"
    )

    model_file = save_keras_model(model, output / "model.keras")
    metadata = {
        "class_names": train.class_names,
        "display_names": model_spec.display(train.class_names),
        "image_size": list(IMAGE_SIZE),
        "model": model_spec.name,
    }
    written = [model_file, write_metadata(model_file, metadata)] + written
    series = {name: history.history.get(name, []) for name in ("accuracy", "val_accuracy", "loss", "val_loss")}
    written.append(
        save_curves(
            output / "training_curves.png",
            {
                "train accuracy": series["accuracy"],
                "test accuracy": series["val_accuracy"],
                "train loss": series["loss"],
                "test loss": series["val_loss"],
            },
            title=f"{model_spec.name}: {len(train)} training images, {arguments.epochs} epochs",
            ylabel="accuracy / loss",
        )
    )
    print(f"\nTrained {arguments.epochs} epochs in {seconds:.1f} s ({arguments.epochs * len(train) / seconds:.0f} images/s).")
    if refresh_note:
        print(refresh_note)
    print(f"Test loss {loss:.4f}, test accuracy {accuracy:.4f} on {len(test)} images of {test.source}.")
    print(
        "Weights: trained in this run, starting from "
        + ("the pretrained weights." if weights is not None else "seeded random weights.")
    )
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0


def run_evaluate(arguments: argparse.Namespace, spec: CommandSpec) -> int:
    model_spec = spec.models[arguments.model]
    if arguments.test_data is not None:
        test = read_source(arguments.test_data, "test", model_spec.dataset.files[1])
    else:
        _, test = load_train_test(spec.week, model_spec.dataset, None, None, arguments.seed)
    model, names, description, pretrained = load_model_for(arguments, model_spec, len(test.class_names))
    if names is not None and names != test.class_names:
        raise UserError(
            f"The model was trained on classes {names} but the test data has {test.class_names}: pass matching --test-data."
        )
    compile_model(model, len(test.class_names), model_spec.learning_rate)
    print(f"Model: {description}." + ("" if pretrained else f"\n{UNTRAINED_NOTICE}"))
    print(f"Test data: {test.source}: {len(test)} images.")
    output = ensure_output_dir(arguments.output)
    title = model_spec.name if pretrained else f"UNTRAINED {model_spec.name} (seeded random weights)"
    loss, accuracy, written = evaluate_and_plot(model, test, arguments.batch_size, output, model_spec, title)
    print(f"Loss = {loss:.7f}\nTest Accuracy = {accuracy:.4f}")
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0


def run_predict(arguments: argparse.Namespace, spec: CommandSpec) -> int:
    model_spec = spec.models[arguments.model]
    files, images = load_inputs(arguments.input)  # (m, 64, 64, 3) uint8
    model, names, description, pretrained = load_model_for(arguments, model_spec)
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
        unsure = " (unsure)" if class_probability < arguments.threshold else ""
        print(f"{file.name:<{width}}  class {names[label]} ({display[label]}), probability {class_probability:.3f}{unsure}")
        lines.append(f'"{file}",{names[label]},{display[label]},{class_probability:.6f}{untrained}')
        captions.append(f"{display[label]} {class_probability:.2f}")
    output = ensure_output_dir(arguments.output)
    written = [
        write_text_atomic(output / "predictions.csv", "\n".join(lines) + "\n"),
        save_prediction_sheet(output / "predictions.png", images, captions, banner=None if pretrained else UNTRAINED_NOTICE),
    ]
    print("Wrote: " + ", ".join(str(path) for path in written))
    return 0


def run_generate(arguments: argparse.Namespace, spec: CommandSpec) -> int:
    dataset = spec.models[arguments.model].dataset
    train = dataset.generate("train", arguments.seed, arguments.train_size)
    test = dataset.generate("test", arguments.seed + 1, arguments.test_size)
    output = ensure_output_dir(arguments.output)
    train_file, test_file = dataset.files
    written = [write_h5_split(output / train_file, "train", train), write_h5_split(output / test_file, "test", test)]
    print(f"Generated {len(train)} training and {len(test)} test images ({train.source}).")
    print("Wrote: " + ", ".join(str(path) for path in written) + f"  (train on them with --data {output})")
    return 0


COMMANDS = {"train": run_train, "evaluate": run_evaluate, "predict": run_predict, "generate": run_generate}


def run(arguments: argparse.Namespace, spec: CommandSpec) -> int:
    """Runs the sub-command `arguments.command` names."""
    return COMMANDS[arguments.command](arguments, spec)
