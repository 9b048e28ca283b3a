"""The work of `python -m assignments.unet_segmentation`: training and predicting (TensorFlow loads here).

`__main__.py` parses and checks the settings and the data first, then imports this module, so that
`--help` and every argument error answer without loading TensorFlow. Each command is a short sequence of
named steps; the files a run writes come from `outputs.py`.
"""

from __future__ import annotations

import contextlib
import dataclasses
import shutil
import tempfile
from pathlib import Path

import keras
import numpy as np

from assignments.common.callbacks import StopOnNonFiniteLoss, TimeEstimate
from assignments.common.distribute import start_distribution
from assignments.common.files import ensure_output_dir, remove_stale_temporaries_in, staged_outputs
from assignments.common.images import list_images, load_rgb_image
from assignments.common.interrupt import StopOnInterrupt, interrupt_requests
from assignments.common.locking import exclusive
from assignments.common.models import check_finite_weights, save_keras_model
from assignments.common.progress import keras_verbose
from assignments.common.provenance import Provenance, read_keras_file
from assignments.unet_segmentation.classes import class_name
from assignments.unet_segmentation.cli import PredictSettings, TrainSettings
from assignments.unet_segmentation.data import check_pairs, find_pairs, split_pairs
from assignments.unet_segmentation.outputs import output_names, write_class_fractions, write_prediction, write_run_outputs
from assignments.unet_segmentation.pipeline import make_dataset
from assignments.unet_segmentation.predict import load_segmentation_model, segment
from assignments.unet_segmentation.synthetic import write_synthetic_dataset
from assignments.unet_segmentation.training import (
    BEST_MODEL,
    CHECKPOINT_DIR,
    TrainingCheckpoint,
    compile_model,
    load_resume_state,
    remove_stale_temporaries,
    require_checkpoint,
)
from assignments.unet_segmentation.unet import unet_model

VALIDATION_ACCURACY = "validation pixel accuracy"
VALIDATION_IOU = "validation mean IoU"


def baseline_figures(dataset, n_classes: int) -> dict:
    """What always guessing the most frequent class of `dataset`'s masks scores: its pixel accuracy and mean IoU.

    Keras' MeanIoU averages over the classes present in the truth or the prediction; the majority guess has
    IoU = its pixel share for its class and 0 for every other class present.
    """
    counts = np.zeros(n_classes, dtype=np.int64)
    for _, masks in dataset:
        counts += np.bincount(masks.numpy().ravel(), minlength=n_classes)[:n_classes]
    majority = int(np.argmax(counts))
    accuracy = float(counts[majority] / counts.sum())
    return {"accuracy": accuracy, "mean_iou": accuracy / int(np.count_nonzero(counts)), "majority": majority}


def whole_epochs(history: dict[str, list[float]]) -> int:
    """How many epochs the checkpoint holds: the length of the history TrainingCheckpoint keeps."""
    return len(next(iter(history.values()), []))


def resume_settings(settings: TrainSettings) -> dict:
    """What a checkpoint records of its run, and what --resume must find unchanged."""
    return {
        "data": settings.identity,
        "image_size": list(settings.image_size),
        "n_filters": settings.n_filters,
        "n_classes": settings.n_classes,
        "seed": settings.seed,
        "validation_split": settings.validation_split,
    }


def run_provenance(settings: TrainSettings, epochs: int, accuracy: float, mean_iou: float, baselines: dict) -> Provenance:
    """The record saved inside the models: the data, the epochs, the validation figures vs the majority class."""
    training_images = len(settings.pairs) - len(split_pairs(settings.pairs, settings.validation_split, settings.seed)[1])
    return Provenance(
        trained_on=f"{training_images:,} training images of {settings.description}",
        data=settings.data_kind,
        examples=training_images,
        steps=f"{epochs} epoch(s)",
        figures={VALIDATION_ACCURACY: accuracy, VALIDATION_IOU: mean_iou},
        baselines={VALIDATION_ACCURACY: baselines["accuracy"], VALIDATION_IOU: baselines["mean_iou"]},
        baseline_name="majority class",
    )


def train(settings: TrainSettings) -> int:
    """Trains the U-Net on the data `__main__.check_training` found and checked; writes the run's outputs."""
    if settings.resume:
        require_checkpoint(settings.output)
    # Started before any other TensorFlow work (multi-worker needs that); other workers write to a temporary folder.
    distribution = start_distribution(settings.distribute, settings.worker_timeout, settings.cluster)
    print(distribution.describe(settings.batch_size))
    keep = (CHECKPOINT_DIR, BEST_MODEL) if settings.resume else ()
    output = ensure_output_dir(distribution.writable_folder(settings.output, keep=keep))
    # One training at a time per folder; generated scenes live in a temporary folder of their own.
    with exclusive(output, "the output folder"), generated_scenes(settings) as settings:
        remove_stale_temporaries(output)  # what a killed run left half-written
        return train_into(settings, output, distribution)


def train_into(settings: TrainSettings, output: Path, distribution) -> int:
    """The training run proper: data, baseline, model, fit, and the outputs, into `output`."""
    train_dataset, validation_dataset, steps_per_epoch = make_datasets(settings, distribution)
    baselines = baseline_figures(validation_dataset, settings.n_classes)
    print(
        f"Majority-class baseline on validation: {baselines['accuracy']:.4f} pixel accuracy "
        f"(always '{class_name(baselines['majority'])}'), mean IoU {baselines['mean_iou']:.4f}."
    )
    with distribution.scope():  # the model's variables get a copy on every replica
        model, epochs_done, history, best = new_or_resumed_model(settings, output)
    if epochs_done < settings.epochs:

        def describe(epoch: int, logs: dict) -> Provenance:
            return run_provenance(settings, epoch, logs["val_accuracy"], logs["val_mean_iou"], baselines)

        datasets = (train_dataset, validation_dataset, steps_per_epoch)
        fit(settings, model, datasets, output, distribution, (epochs_done, history, best), describe)
    else:
        print(f"Nothing to train: the checkpoint already has {epochs_done} epoch(s); pass a larger --epochs to continue.")
    # The best epoch's weights into the model in memory: its evaluation graph is already traced.
    model.load_weights(output / BEST_MODEL)
    scores = model.evaluate(validation_dataset, verbose=0, return_dict=True)
    provenance = read_keras_file(output / BEST_MODEL) or run_provenance(
        settings, whole_epochs(history), scores["accuracy"], scores["mean_iou"], baselines
    )
    written = write_run_outputs(output, model, validation_dataset, history, settings, provenance)
    report_the_run(settings, scores, baselines, provenance, max(epochs_done, settings.epochs))
    print("Wrote: " + ", ".join(str(path) for path in written) + f", {output / CHECKPOINT_DIR}/ (for --resume)")
    return 0


def report_the_run(settings: TrainSettings, scores: dict, baselines: dict, provenance: Provenance, epochs: int) -> None:
    """The closing lines: the best model's figures against the baseline, and what its weights are."""
    print(
        f"Best model (validation loss {scores['loss']:.4f}): pixel accuracy {scores['accuracy']:.4f} "
        f"(majority-class baseline {baselines['accuracy']:.4f}), mean IoU {scores['mean_iou']:.4f} "
        f"(majority-class baseline {baselines['mean_iou']:.4f})."
    )
    verdict = ", and it is NO BETTER THAN THE MAJORITY-CLASS BASELINE" if provenance.at_baseline() else ""
    print(
        f"Weights: trained here for {epochs} epoch(s) from random initialisation on {settings.description} "
        f"(not pretrained){verdict}."
    )
    print(f"Model: {provenance.summary()}")


@contextlib.contextmanager
def generated_scenes(settings: TrainSettings):
    """Without data, the generated scenes, in a temporary folder of their own (removed at the end): yields the
    settings with their pairs and class counts. With data, the settings as they are."""
    if settings.pairs is not None:
        yield settings
        return
    folder = Path(tempfile.mkdtemp(prefix="dls-unet-scenes-"))
    try:
        print(f"Generating {settings.scenes} road scenes in {folder} (removed at the end of the run).")
        scenes = write_synthetic_dataset(folder / "scenes", count=settings.scenes, seed=settings.seed)
        pairs = find_pairs(scenes)
        yield dataclasses.replace(settings, pairs=pairs, class_counts=check_pairs(pairs, settings.n_classes))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def make_datasets(settings: TrainSettings, distribution):
    """(training, validation) `tf.data` pipelines of the seeded split, batched for every replica."""
    train_pairs, validation_pairs = split_pairs(settings.pairs, settings.validation_split, settings.seed)
    for split, what in ((train_pairs, "the training split"), (validation_pairs, "the validation split")):
        distribution.check_split(len(split), what, settings.batch_size)
    print(
        f"Training on {settings.description}: {len(settings.pairs)} pairs ({len(train_pairs)} training, "
        f"{len(validation_pairs)} validation), {int(np.count_nonzero(settings.class_counts))} classes present."
    )
    keras.utils.set_random_seed(settings.seed)
    # Batches of batch_size per replica; DATA sharding, as the file names reach tf.data as tensors (see distribute.py).
    size, global_batch = tuple(settings.image_size), distribution.global_batch_size(settings.batch_size)
    train_dataset = distribution.shard(make_dataset(train_pairs, size, global_batch, shuffle_seed=settings.seed), "data")
    validation_dataset = distribution.shard(make_dataset(validation_pairs, size, global_batch), "data")
    return train_dataset, validation_dataset, -(-len(train_pairs) // global_batch)


def new_or_resumed_model(settings: TrainSettings, output: Path):
    """(model, epochs done, history, best validation loss): the checkpoint's with --resume, else a new U-Net."""
    if settings.resume:
        model, epochs_done, history, best = load_resume_state(output, resume_settings(settings))
        print(f"Resuming from {output / CHECKPOINT_DIR}: {epochs_done} epoch(s) done, continuing to {settings.epochs}.")
        return model, epochs_done, history, best
    height, width = settings.image_size
    model = compile_model(
        unet_model((height, width, 3), settings.n_filters, settings.n_classes), settings.n_classes, settings.learning_rate
    )
    print(
        f"New U-Net: {model.count_params():,} parameters, seeded random initial weights (seed {settings.seed}); no pretrained weights."
    )
    return model, 0, {}, float("inf")


def fit(settings: TrainSettings, model, datasets, output: Path, distribution, start, describe) -> None:
    """`model.fit` up to --epochs with the checkpoint, NaN-stop, time-estimate and Ctrl-C callbacks.

    Args:
        datasets: (training, validation, training steps per epoch).
        start: (epochs done, history, best validation loss), from `new_or_resumed_model`.
        describe: (epoch, logs) -> the provenance the checkpoint saves inside the models.
    """
    (train_dataset, validation_dataset, steps_per_epoch), (epochs_done, history, best) = datasets, start
    non_finite = StopOnNonFiniteLoss()
    checkpoint = TrainingCheckpoint(output, history, best, resume_settings(settings), describe)
    remaining = settings.epochs - epochs_done
    estimate = TimeEstimate(
        steps_per_epoch * remaining, f"{remaining} epoch(s)", "--epochs, --scenes or --image-size", print_fn=print_between_bars
    )
    try:
        # A lost worker (multi-worker runs) ends the run with one sentence; the chief's checkpoint stays usable.
        resume = (
            f"restart every worker with the same flags and --resume to continue from {Path(settings.output) / CHECKPOINT_DIR}."
        )
        # Ctrl-C only sets a flag that StopOnInterrupt acts on between batches (see interrupt.py for why).
        with interrupt_requests() as requests, distribution.report_lost_workers(resume):
            model.fit(
                train_dataset,
                validation_data=validation_dataset,
                epochs=settings.epochs,
                initial_epoch=epochs_done,
                callbacks=[checkpoint, non_finite, estimate, StopOnInterrupt(requests)],
                verbose=keras_verbose(),  # a bar on a terminal, one line per epoch in a log
                shuffle=False,  # the training dataset shuffles itself, seeded, each epoch
            )
    except KeyboardInterrupt:
        stopped_by_ctrl_c(model, output, history, checkpoint)
        raise
    whole = whole_epochs(history)
    non_finite.raise_if_stopped(
        f"the last finite epoch's checkpoint ({whole} epoch(s)) is in {output / CHECKPOINT_DIR}"
        if whole
        else "no epoch finished, nothing was saved"
    )


def print_between_bars(text: str) -> None:
    """A line printed during `fit`: on a new line of its own when Keras is drawing its bar."""
    print(("\n" if keras_verbose() == 1 else "") + text, flush=True)


def stopped_by_ctrl_c(model, output: Path, history: dict, checkpoint: TrainingCheckpoint) -> None:
    """Says what Ctrl-C kept, and labels the best model saved so far as coming from an interrupted run."""
    whole = whole_epochs(history)
    if checkpoint.best_provenance is not None:
        model.load_weights(output / BEST_MODEL)
        save_keras_model(model, output / BEST_MODEL, dataclasses.replace(checkpoint.best_provenance, interrupted=True))
    where = f": their checkpoint is in {output / CHECKPOINT_DIR}; continue with the same flags and --resume."
    print(f"\nStopped by Ctrl-C after {whole} whole epoch(s)" + (where if whole else "; nothing to resume."))


def predict(settings: PredictSettings) -> int:
    """Segments every image of --input with a trained model; writes masks, overlays and class_fractions.csv.

    Everything is read and checked first; the outputs are written into a staging folder and appear together.
    """
    files = list_images(settings.input)
    images = [load_rgb_image(file) for file in files]  # all checked before anything is written
    model, size, n_classes = load_segmentation_model(settings.model_file)
    check_finite_weights(model, str(settings.model_file), "pass the best_model.keras of a run whose loss stayed finite")
    provenance = model_provenance(settings.model_file)
    print(f"Model {settings.model_file}: {n_classes} classes at {size[0]}x{size[1]}; {provenance.summary()}")
    rows = []
    with exclusive(settings.output, "the output folder"):
        remove_stale_temporaries_in(settings.output)  # what a killed run left half-written
        with staged_outputs(settings.output) as staging:
            for file, name, image in zip(files, output_names(files), images):
                ids = segment(model, image, size)
                fractions = write_prediction(staging, name, image, ids, n_classes, provenance)
                rows.append([str(file), *(f"{value:.6f}" for value in fractions)])
                top = [f"{class_name(i)} {fractions[i]:.1%}" for i in np.argsort(-fractions) if fractions[i] >= 0.01]
                print(f"{file.name}: " + ", ".join(top))
            write_class_fractions(staging / "class_fractions.csv", rows, n_classes, provenance)
    count = 2 * len(rows) + 1
    print(f"Wrote {count} files to {settings.output}: <image>_mask.png, <image>_overlay.png, class_fractions.csv")
    return 0


def model_provenance(path: Path) -> Provenance:
    """The record inside a `.keras` model, or one that says the model has none (trained elsewhere)."""
    return read_keras_file(path) or Provenance(
        trained_on="unknown data (the model file carries no provenance record: it was not saved by this project's train)",
        data="user",
    )
