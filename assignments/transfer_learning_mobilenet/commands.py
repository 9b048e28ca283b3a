"""The week's work: `train` (both phases), `evaluate`, `predict`.

train     folder -> image_dataset_from_directory (80/20, seed 42) -> alpaca_model, base frozen -> fit
          -> fine_tune: the base from layer 120 on, a tenth of the learning rate -> fit on
          -> validation accuracy vs the majority class -> model.keras (with its provenance), curves, preview
evaluate  model.keras on its validation split (or another folder) -> accuracy vs majority, confusion matrix
predict   model.keras on your photos -> predictions.csv, predictions.png, each with the model's provenance
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import tensorflow as tf

from assignments.common.distribute import start_distribution
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, staged_outputs, write_text_atomic
from assignments.common.images import list_images, load_rgb_image
from assignments.common.locking import exclusive
from assignments.common.plots import save_confusion_matrix
from assignments.common.provenance import Provenance
from assignments.common.sample_images import project_image
from assignments.transfer_learning_mobilenet import synthetic
from assignments.transfer_learning_mobilenet.cli import EvaluateSettings, PredictSettings, TrainSettings
from assignments.transfer_learning_mobilenet.data import ImageFolder, check_image_folder, make_datasets
from assignments.transfer_learning_mobilenet.model_file import load_model, save_model
from assignments.transfer_learning_mobilenet.outputs import save_augmentation_preview, save_training_curves, write_predictions
from assignments.transfer_learning_mobilenet.training import (
    build_model,
    epochs_text,
    majority_share,
    predict_labels,
    report_speed,
    train_both_phases,
)
from assignments.transfer_learning_mobilenet.week import WEEK
from assignments.transfer_learning_mobilenet.weights import BaseWeights, base_weights

RANDOM_BASE = "a randomly initialised base (no ImageNet weights)"
SAMPLE_PHOTOS = ("astronaut.jpg", "chelsea.jpg", "coffee.jpg", "grace_hopper.jpg")


@dataclasses.dataclass(frozen=True)
class TrainingData:
    folder: ImageFolder
    kind: str  # a Provenance data kind: "course", "user" or "generated"


def training_data(settings: TrainSettings, output: Path) -> TrainingData:
    """--data, else the course's alpaca folder, else generated pictures (written once into --output)."""
    if settings.data is not None:
        return TrainingData(check_image_folder(settings.data, f"your folder {settings.data}"), "user")
    course = WEEK.default_input("data")
    if course is not None:
        return TrainingData(check_image_folder(course, "the course's alpaca / not-alpaca images"), "course")
    folder = ensure_output_dir(output) / "generated_pictures"
    if not (folder / ".complete").exists():
        # Written beside, then renamed: a killed run never leaves half a dataset that a later one would read.
        staging = Path(tempfile.mkdtemp(prefix=".generated-", dir=output))
        synthetic.write_picture_folder(staging, size=settings.image_size, seed=settings.seed)
        (staging / ".complete").touch()
        if folder.exists():
            shutil.rmtree(folder)
        os.replace(staging, folder)
    return TrainingData(check_image_folder(folder, "generated circle / square pictures (no course data found)"), "generated")


def trained_on(data: TrainingData, count: int, weights: BaseWeights) -> str:
    """The data in words; without pretrained weights it says so (with them, Provenance.weights names them)."""
    classes = " / ".join(data.folder.class_names)
    return f"{count} images of {data.folder.source} ({classes})" + ("" if weights.pretrained else f", from {RANDOM_BASE}")


def describe_inputs(settings: TrainSettings, data: TrainingData, weights: BaseWeights) -> None:
    counts = ", ".join(f"{name} ({count})" for name, count in zip(data.folder.class_names, data.folder.counts))
    print(f"Data: {data.folder.source} at {data.folder.root}: {data.folder.total} images, classes {counts}.")
    base = (
        f"from {weights.description}."
        if weights.pretrained
        else f"{RANDOM_BASE}: it has learned nothing from ImageNet, and results say so."
    )
    print(f"Base network: MobileNetV2, alpha {settings.alpha}, {base}")


def split_datasets(settings: TrainSettings, data: TrainingData, distribution):
    """The sharded training and validation datasets, and their sizes, after checking that both splits work."""
    size = (settings.image_size, settings.image_size)
    global_batch = distribution.global_batch_size(settings.batch_size)
    train, validation, counts = make_datasets(data.folder, size, global_batch, settings.validation_split, settings.seed)
    print(f"Split (seed {settings.seed}): {counts[0]} images for training, {counts[1]} for validation.")
    for count, what in zip(counts, ("the training split", "the validation split")):
        distribution.check_split(count, what, settings.batch_size)
    return distribution.shard(train, "data"), distribution.shard(validation, "data"), counts


def training_record(
    settings: TrainSettings, data: TrainingData, weights: BaseWeights, count: int, epochs: int, figures
) -> Provenance:
    steps = f"{epochs_text(settings.epochs)} with the base frozen"
    if settings.fine_tune_epochs:
        steps += f" + {epochs - settings.epochs} fine-tuning from layer {settings.fine_tune_at}"
    accuracy, baseline = figures
    return Provenance(
        trained_on=trained_on(data, count, weights),
        data=data.kind,
        examples=count,
        steps=steps,
        figures={"validation accuracy": accuracy},
        baselines={"validation accuracy": baseline},
        weights=weights.description,
        notes=() if weights.pretrained else (f"the base network was {RANDOM_BASE}",),
    )


def run_train(settings: TrainSettings) -> int:
    distribution = start_distribution(settings.distribute, settings.worker_timeout)
    print(distribution.describe(settings.batch_size))
    output = distribution.writable_folder(settings.output)
    data = training_data(settings, output)
    weights = base_weights(settings.weights, settings.alpha, settings.image_size)
    describe_inputs(settings, data, weights)
    train, validation, (train_count, validation_count) = split_datasets(settings, data, distribution)
    classes = len(data.folder.class_names)
    with distribution.scope():
        model = build_model(settings, classes, weights)
    with exclusive(output, "the output folder"):  # one training at a time writes this folder
        history, seconds = train_both_phases(settings, model, train, validation, train_count, classes, distribution)
        truths, predictions = predict_labels(model, validation)
        accuracy, baseline = float(np.mean(truths == predictions)), majority_share(truths)
        provenance = training_record(settings, data, weights, train_count, len(history["loss"]), (accuracy, baseline))
        metadata = {
            "class_names": list(data.folder.class_names),
            "image_size": [settings.image_size, settings.image_size],
            "data": str(data.folder.root),
            "validation_split": settings.validation_split,
            "seed": settings.seed,
        }
        # The run's files appear together, or (after an error) not at all.
        with staged_outputs(output) as staging:
            save_model(model, staging / "model.keras", provenance, metadata)
            fine_tune_from = settings.epochs if settings.fine_tune_epochs else None
            save_training_curves(staging / "training_curves.png", history, fine_tune_from, provenance.summary())
            write_preview(model, train, staging, data)
            written = sorted(path.name for path in staging.iterdir())
    report_speed(seconds, train_count, len(history["loss"]), settings)
    print(
        f"Validation accuracy {accuracy:.4f} on {validation_count} images; always answering the largest class gives {baseline:.4f}."
    )
    print(f"Model: {provenance.summary()}")
    print(f"Wrote {', '.join(written)} to {output}.")
    return 0


def write_preview(model, train, output: Path, data: TrainingData) -> Path:
    """augmentation_preview.png: the first training image and eight of its augmentations."""
    images, _ = next(iter(train.take(1)))
    image = images[:1]
    augmentation = model.layers[1]  # the data_augmenter Sequential
    augmented = [augmentation(image, training=True)[0].numpy() for _ in range(8)]
    return save_augmentation_preview(
        output / "augmentation_preview.png", image[0].numpy(), augmented, f"from {data.folder.source}"
    )


def evaluation_data(settings: EvaluateSettings, metadata: dict):
    """(folder, dataset, what): --data as a whole test set, else the model's own validation split."""
    if settings.data is not None:
        folder = check_image_folder(settings.data, f"your folder {settings.data}")
        split = settings.validation_split
    else:
        folder = check_image_folder(metadata["data"], f"the training folder {metadata['data']}")
        split = settings.validation_split or metadata["validation_split"]
    if list(folder.class_names) != metadata["class_names"]:
        raise UserError(
            f"{folder.root} has the classes {', '.join(folder.class_names)}, but the model was trained on "
            f"{', '.join(metadata['class_names'])}: pass a folder with the model's classes."
        )
    _, dataset, counts = make_datasets(folder, metadata["image_size"], settings.batch_size, split, metadata["seed"])
    what = f"the validation split ({split:g}, seed {metadata['seed']})" if split else "every image"
    return folder, dataset, f"{what} of {folder.root}: {counts[1]} images"


def run_evaluate(settings: EvaluateSettings) -> int:
    model, provenance, metadata = load_model(settings.model_file)
    print(f"Model: {provenance.summary()}")
    folder, dataset, what = evaluation_data(settings, metadata)
    truths, predictions = predict_labels(model, dataset)
    accuracy, baseline = float(np.mean(truths == predictions)), majority_share(truths)
    verdict = "no better than" if accuracy <= baseline + 0.02 else "better than"
    print(f"Accuracy {accuracy:.4f} on {what}; always answering the largest class gives {baseline:.4f}: {verdict} that baseline.")
    classes = len(metadata["class_names"])
    matrix = np.zeros((classes, classes), dtype=int)
    np.add.at(matrix, (truths, predictions), 1)
    output = ensure_output_dir(settings.output)
    title = f"accuracy {accuracy:.3f} (majority {baseline:.3f}), {provenance.label()}"
    if RANDOM_BASE in provenance.summary():
        title += "\nrandomly initialised base: no ImageNet weights"
    written = save_confusion_matrix(output / "confusion_matrix.png", matrix, metadata["class_names"], title=title)
    report = write_text_atomic(
        output / "evaluation.txt",
        f"{what}\naccuracy {accuracy:.4f}\nmajority class {baseline:.4f}\nmodel: {provenance.summary()}\n",
    )
    print(f"Wrote {written}, {report}.")
    return 0


def classify(model, file: Path, size, class_names) -> tuple[str, float, object]:
    """(class, its probability, the photo) for one image, resized as image_dataset_from_directory resizes."""
    picture = load_rgb_image(file)
    batch = tf.image.resize(np.asarray(picture, dtype=np.float32)[np.newaxis], size, method="bilinear")
    logits = model(batch, training=False).numpy()[0]
    if logits.shape[-1] == 1:
        probability = float(1 / (1 + np.exp(-logits[0])))  # of class 1 ("not alpaca" in the course's order)
        index = int(probability > 0.5)
        return class_names[index], probability if index else 1 - probability, picture
    probabilities = np.exp(logits - logits.max()) / np.exp(logits - logits.max()).sum()
    return class_names[int(probabilities.argmax())], float(probabilities.max()), picture


def run_predict(settings: PredictSettings) -> int:
    model, provenance, metadata = load_model(settings.model_file)
    if settings.input is not None:
        files = list_images(settings.input)
    else:
        files = [path for name in SAMPLE_PHOTOS if (path := project_image(name)) is not None]
        if not files:
            raise UserError("predict needs --input: pass an image file or a folder of images.")
    print(f"Model: {provenance.summary()}")
    rows = []
    for file in files:
        label, probability, picture = classify(model, file, metadata["image_size"], metadata["class_names"])
        print(f"{file}: {label} {probability:.2f} [{provenance.label()}]")
        rows.append((file, label, probability, picture))
    written = write_predictions(ensure_output_dir(settings.output), rows, provenance)
    print("Wrote " + ", ".join(str(path) for path in written) + ".")
    return 0


def run(settings) -> int:
    commands = {TrainSettings: run_train, EvaluateSettings: run_evaluate, PredictSettings: run_predict}
    return commands[type(settings)](settings)
