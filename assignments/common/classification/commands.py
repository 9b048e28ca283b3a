"""The four sub-commands of the classification weeks, for any model a week's spec describes.

    train     data → build + compile (`training.build_model`) → fit → [BatchNorm refresh] → evaluate → save
    evaluate  a saved, pretrained or untrained model on a test set → loss, accuracy, confusion matrix
    predict   a model on the user's images → predictions.csv, predictions.png
    generate  our generated pictures → course-schema h5 files

Each takes the frozen settings value of its sub-command (`cli.py`) and the week's `CommandSpec`. A week's
`__main__` imports this module only after the arguments check out: it loads TensorFlow.

Every command that writes holds the output folder's lock while it works (a second run into the same
folder waits briefly, then is refused), first removes the debris a killed run left there, and writes into
a staging folder whose files appear together at the end: the folder never mixes two runs' results. Every
model a command uses shows its provenance (what it was trained on, the figures it reached against the
majority-class baseline) on the console, in the CSV and on the PNGs.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from assignments.common.classification.batchnorm import refresh_batchnorm_statistics
from assignments.common.classification.cli import EvaluateSettings, GenerateSettings, PredictSettings, TrainSettings
from assignments.common.classification.h5files import write_h5_split
from assignments.common.classification.imageset import IMAGE_SIZE, ImageSet, limit
from assignments.common.classification.loading import LoadedModel, load_model_for
from assignments.common.classification.outputs import (
    BASELINE_NOTICE,
    caption_png,
    confusion_matrix,
    final_paths,
    load_inputs,
    predicted_classes,
    save_classifier,
    save_prediction_sheet,
    write_predictions_csv,
    writing_into,
)
from assignments.common.classification.pipeline import make_dataset
from assignments.common.classification.sources import load_train_test, read_source
from assignments.common.classification.specs import CommandSpec, ModelSpec
from assignments.common.classification.training import build_model, compile_model, fit_model, output_units
from assignments.common.distribute import start_distribution
from assignments.common.errors import UserError
from assignments.common.plots import save_confusion_matrix, save_curves
from assignments.common.provenance import Provenance
from assignments.common.weights import UNTRAINED_NOTICE, resolve_weights

BASELINE_MARGIN = 0.02  # an accuracy within this of the majority class's is no better than it (Provenance's margin)


def print_model(loaded: LoadedModel) -> None:
    """Where the model came from, and its provenance in one line (the line every output of it carries)."""
    print(f"Model: {loaded.description}." + ("" if loaded.trained else f"\n{UNTRAINED_NOTICE}"))
    print(f"About the model: {loaded.provenance.summary()}")


def warning_banner(provenance: Provenance) -> str | None:
    """The red notice across a prediction sheet: untrained, or no better than its baseline; None otherwise."""
    if provenance.is_untrained:
        return UNTRAINED_NOTICE
    return BASELINE_NOTICE if provenance.at_baseline(BASELINE_MARGIN) else None


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


def trained_provenance(settings: TrainSettings, train: ImageSet, test: ImageSet, history, accuracy: float, weights) -> Provenance:
    """What the model just trained learned from, how long, and what it reached against the majority class."""
    tested = f"accuracy on {len(test):,} {test.what}"
    figures = {tested: accuracy}
    if history.history.get("accuracy"):
        figures["training accuracy"] = history.history["accuracy"][-1]
    steps = f"{settings.epochs} epoch{'s' if settings.epochs != 1 else ''}"
    if settings.refresh_batchnorm:
        steps += ", BatchNorm statistics re-estimated"
    return Provenance(
        trained_on=f"{len(train):,} {train.what}",
        data=train.kind,
        examples=len(train),
        steps=steps,
        weights=Path(weights).name if weights is not None else None,
    ).with_figures(figures, {tested: test.majority_share()})


def save_trained_model(model, folder: Path, model_spec: ModelSpec, train: ImageSet, provenance: Provenance) -> list[Path]:
    """model.keras with its provenance and class names inside, and model.classes.json beside it."""
    metadata = {
        "class_names": train.class_names,
        "display_names": model_spec.display(train.class_names),
        "image_size": list(IMAGE_SIZE),
        "model": model_spec.name,
    }
    return save_classifier(model, folder / "model.keras", provenance, metadata)


def report_training(settings: TrainSettings, train: ImageSet, test: ImageSet, results: dict, weights) -> None:
    """The closing lines of `train`: time, figures against the baseline, and what the weights are worth."""
    provenance, accuracy, seconds = results["provenance"], results["accuracy"], results["seconds"]
    print(f"\nTrained {settings.epochs} epochs in {seconds:.1f} s ({settings.epochs * len(train) / seconds:.0f} images/s).")
    if results["refresh_note"]:
        print(results["refresh_note"])
    print(f"Test loss {results['loss']:.4f}, test accuracy {accuracy:.4f} on {len(test)} images of {test.source}.")
    baseline = test.majority_share()
    print(f"Majority-class baseline on the same test set: {baseline:.4f} (always answering the most frequent class).")
    verdict = "."
    if provenance.at_baseline(BASELINE_MARGIN):
        verdict = (
            f", but it is NO BETTER THAN THE BASELINE (test accuracy {accuracy:.4f}, majority class {baseline:.4f}): "
            "do not trust its answers; train longer or on more data (--epochs, --max-images, --data)."
        )
    start = "the pretrained weights" if weights is not None else "seeded random weights"
    print(f"Weights: trained in this run, starting from {start}{verdict}")
    print(f"About the model: {provenance.summary()}")


def train_and_save(settings: TrainSettings, model, datasets: tuple, sets: tuple, staging: Path, model_spec: ModelSpec, weights):
    """Fits, refreshes BatchNorm if asked, evaluates and writes every result into `staging`; returns the
    figures and the written files for the report."""
    (train_dataset, test_dataset, global_batch, distribution), (train, test) = datasets, sets
    steps_per_epoch = -(-len(train) // global_batch)
    started = time.perf_counter()
    with distribution.report_lost_workers("restart every worker with the same command (training starts again)."):
        history = fit_model(model, train_dataset, test_dataset, settings.epochs, steps_per_epoch)
    seconds = time.perf_counter() - started
    refresh_note = refresh_batchnorm(settings, model, train_dataset, train, history)
    loss, accuracy, plots = evaluate_and_plot(
        model, test, global_batch, staging, model_spec, f"{model_spec.name} after {settings.epochs} epochs"
    )
    provenance = trained_provenance(settings, train, test, history, accuracy, weights)
    caption_png(plots[0], provenance)
    written = save_trained_model(model, staging, model_spec, train, provenance) + plots
    written.append(save_training_curves(history, staging, model_spec, train, settings.epochs))
    results = {"provenance": provenance, "accuracy": accuracy, "loss": loss, "seconds": seconds, "refresh_note": refresh_note}
    return results, written


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
    output = distribution.writable_folder(settings.output)

    # batch_size per replica; DATA sharding, as the images are in memory (see common/distribute.py).
    global_batch = distribution.global_batch_size(settings.batch_size)
    train_dataset = distribution.shard(make_dataset(train, global_batch, shuffle=True, seed=settings.seed), "data")
    test_dataset = distribution.shard(make_dataset(test, global_batch, shuffle=False, seed=0), "data")
    datasets = (train_dataset, test_dataset, global_batch, distribution)
    # The lock is held for the whole training: a second run into this folder is refused before it trains.
    with writing_into(output) as staging:
        results, written = train_and_save(settings, model, datasets, (train, test), staging, model_spec, weights)
    report_training(settings, train, test, results, weights)
    print("Wrote: " + final_paths(output, written))
    return 0


def run_evaluate(settings: EvaluateSettings, spec: CommandSpec) -> int:
    model_spec = spec.models[settings.model]
    if settings.test_data is not None:
        test = read_source(settings.test_data, "test", model_spec.dataset.files[1])
    else:
        _, test = load_train_test(spec.week, model_spec.dataset, None, None, settings.seed)
    loaded = load_model_for(settings, model_spec, len(test.class_names))
    if loaded.class_names is not None and loaded.class_names != test.class_names:
        raise UserError(
            f"The model was trained on classes {loaded.class_names} but the test data has {test.class_names}: pass matching --test-data."
        )
    compile_model(loaded.model, len(test.class_names), model_spec.learning_rate)
    print_model(loaded)
    print(f"Test data: {test.source}: {len(test)} images.")
    title = model_spec.name if loaded.trained else f"UNTRAINED {model_spec.name} (seeded random weights)"
    with writing_into(settings.output) as staging:
        loss, accuracy, written = evaluate_and_plot(loaded.model, test, settings.batch_size, staging, model_spec, title)
        caption_png(written[0], loaded.provenance)
    print(f"Loss = {loss:.7f}\nTest Accuracy = {accuracy:.4f}")
    baseline = test.majority_share()
    at_baseline = accuracy <= baseline + BASELINE_MARGIN
    print(
        f"Majority-class baseline on this test set: {baseline:.4f}"
        + (": the model is NO BETTER THAN THE BASELINE here, do not trust its answers." if at_baseline else ".")
    )
    print("Wrote: " + final_paths(settings.output, written))
    return 0


def prediction_rows(files, classes, confidence, names, display, notes, threshold) -> tuple[list[tuple], list[str]]:
    """Prints one line per image and returns the CSV rows and the sheet's captions."""
    rows, captions = [], []
    width = max(len(file.name) for file in files)
    for file, label, probability, note in zip(files, classes, confidence, notes):
        unsure = " (unsure)" if probability < threshold else ""
        beside = f"  [{note}]" if note else ""
        print(f"{file.name:<{width}}  class {names[label]} ({display[label]}), probability {probability:.3f}{unsure}{beside}")
        rows.append((str(file), names[label], display[label], f"{probability:.6f}", note))
        # The tile's caption has room for a word or two of the note ("no face").
        captions.append(f"{display[label]} {probability:.2f}" + (f" {' '.join(note.split()[:2])}" if note else ""))
    return rows, captions


def run_predict(settings: PredictSettings, spec: CommandSpec) -> int:
    model_spec = spec.models[settings.model]
    files, images = load_inputs(settings.inputs)  # (m, 64, 64, 3) uint8
    loaded = load_model_for(settings, model_spec)
    names = loaded.class_names or [str(index) for index in range(max(output_units(loaded.model), 2))]
    print_model(loaded)
    probabilities = loaded.model.predict(images.astype(np.float32) / 255.0, verbose=0)
    classes, confidence = predicted_classes(probabilities)
    # Photos the model was not made for (no face for the smile model), said beside their answer.
    notes = list(model_spec.out_of_domain(files)) if model_spec.out_of_domain else [""] * len(files)
    rows, captions = prediction_rows(files, classes, confidence, names, model_spec.display(names), notes, settings.threshold)
    provenance = loaded.provenance
    with writing_into(settings.output) as staging:
        written = [
            write_predictions_csv(staging / "predictions.csv", rows, provenance),
            save_prediction_sheet(staging / "predictions.png", images, captions, provenance, banner=warning_banner(provenance)),
        ]
    print("Wrote: " + final_paths(settings.output, written))
    return 0


def run_generate(settings: GenerateSettings, spec: CommandSpec) -> int:
    dataset = spec.models[settings.model].dataset
    train = dataset.generate("train", settings.seed, settings.train_size)
    test = dataset.generate("test", settings.seed + 1, settings.test_size)
    train_file, test_file = dataset.files
    with writing_into(settings.output) as staging:
        written = [write_h5_split(staging / train_file, "train", train), write_h5_split(staging / test_file, "test", test)]
    print(f"Generated {len(train)} training and {len(test)} test images ({train.source}).")
    print("Wrote: " + final_paths(settings.output, written) + f"  (train on them with --data {settings.output})")
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
