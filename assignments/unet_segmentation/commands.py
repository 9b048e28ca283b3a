"""The work of `python -m assignments.unet_segmentation`: training and predicting (TensorFlow loads here).

`__main__.py` parses and checks the settings and the data first, then imports this module, so that
`--help` and every argument error answer without loading TensorFlow. Each command is a short sequence of
named steps; the files a run writes come from `outputs.py`.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import keras
import numpy as np

from assignments.common.callbacks import StopOnNonFiniteLoss
from assignments.common.distribute import start_distribution
from assignments.common.files import ensure_output_dir
from assignments.common.images import list_images, load_rgb_image
from assignments.common.interrupt import StopOnInterrupt, interrupt_requests
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
    require_checkpoint,
)
from assignments.unet_segmentation.unet import unet_model


def majority_baseline(dataset, n_classes: int) -> tuple[float, int]:
    """(fraction, class id) of the most frequent class in a dataset's masks: the accuracy of always guessing it."""
    counts = np.zeros(n_classes, dtype=np.int64)
    for _, masks in dataset:
        counts += np.bincount(masks.numpy().ravel(), minlength=n_classes)[:n_classes]
    majority = int(np.argmax(counts))
    return float(counts[majority] / counts.sum()), majority


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


def train(settings: TrainSettings) -> int:
    """Trains the U-Net on the data `__main__.check_training` found and checked; writes the run's outputs."""
    if settings.resume:
        require_checkpoint(settings.output)
    # Started before any other TensorFlow work (multi-worker needs that); other workers write to a temporary folder.
    distribution = start_distribution(settings.distribute, settings.worker_timeout)
    print(distribution.describe(settings.batch_size))
    keep = (CHECKPOINT_DIR, BEST_MODEL) if settings.resume else ()
    output = ensure_output_dir(distribution.writable_folder(settings.output, keep=keep))
    settings = generate_scenes_if_needed(settings, output)
    train_dataset, validation_dataset = make_datasets(settings, distribution)
    baseline, majority = majority_baseline(validation_dataset, settings.n_classes)
    print(f"Majority-class baseline on validation: {baseline:.4f} pixel accuracy (always '{class_name(majority)}').")
    with distribution.scope():  # the model's variables get a copy on every replica
        model, epochs_done, history, best = new_or_resumed_model(settings, output)
    if epochs_done < settings.epochs:
        fit(settings, model, train_dataset, validation_dataset, output, distribution, (epochs_done, history, best))
    else:
        print(f"Nothing to train: the checkpoint already has {epochs_done} epoch(s); pass a larger --epochs to continue.")
    # The best epoch's weights into the model in memory: its evaluation graph is already traced.
    model.load_weights(output / BEST_MODEL)
    scores = model.evaluate(validation_dataset, verbose=0, return_dict=True)
    written = write_run_outputs(output, model, validation_dataset, history, settings)
    print(
        f"Best model (validation loss {scores['loss']:.4f}): pixel accuracy {scores['accuracy']:.4f} "
        f"(majority-class baseline {baseline:.4f}), mean IoU {scores['mean_iou']:.4f}."
    )
    print(
        f"Weights: trained here for {max(epochs_done, settings.epochs)} epoch(s) from random initialisation "
        f"on {settings.description} (not pretrained)."
    )
    print("Wrote: " + ", ".join(str(path) for path in written) + f", {output / CHECKPOINT_DIR}/ (for --resume)")
    return 0


def generate_scenes_if_needed(settings: TrainSettings, output: Path) -> TrainSettings:
    """Without data, writes the generated scenes (reused when already there) and reads them like data."""
    if settings.pairs is not None:
        return settings
    folder = write_synthetic_dataset(output / "synthetic_scenes", count=settings.scenes, seed=settings.seed)
    pairs = find_pairs(folder)
    counts = check_pairs(pairs, settings.n_classes)
    return dataclasses.replace(settings, pairs=pairs, description=f"{settings.description} in {folder}", class_counts=counts)


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
    return train_dataset, validation_dataset


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


def fit(settings: TrainSettings, model, train_dataset, validation_dataset, output: Path, distribution, start) -> None:
    """`model.fit` up to --epochs with the checkpoint, NaN-stop and Ctrl-C callbacks; one sentence when stopped."""
    epochs_done, history, best = start
    non_finite = StopOnNonFiniteLoss()
    checkpoint = TrainingCheckpoint(output, history, best, resume_settings(settings))
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
                callbacks=[checkpoint, non_finite, StopOnInterrupt(requests)],
                verbose=1,
                shuffle=False,  # the training dataset shuffles itself, seeded, each epoch
            )
    except KeyboardInterrupt:
        whole = whole_epochs(history)
        where = f": their checkpoint is in {output / CHECKPOINT_DIR}; continue with the same flags and --resume."
        print(f"\nStopped by Ctrl-C after {whole} whole epoch(s)" + (where if whole else "; nothing to resume."))
        raise
    whole = whole_epochs(history)
    non_finite.raise_if_stopped(
        f"the last finite epoch's checkpoint ({whole} epoch(s)) is in {output / CHECKPOINT_DIR}"
        if whole
        else "no epoch finished, nothing was saved"
    )


def predict(settings: PredictSettings) -> int:
    """Segments every image of --input with a trained model; writes masks, overlays and class_fractions.csv."""
    files = list_images(settings.input)
    images = [load_rgb_image(file) for file in files]  # all checked before anything is written
    model, size, n_classes = load_segmentation_model(settings.model_file)
    output = ensure_output_dir(settings.output)
    print(
        f"Model {settings.model_file}: {n_classes} classes at {size[0]}x{size[1]}; its weights are the ones train saved "
        "(trained by you, not pretrained by the course)."
    )
    rows, written = [], []
    for file, name, image in zip(files, output_names(files), images):
        ids = segment(model, image, size)
        fractions, files_written = write_prediction(output, name, image, ids, n_classes)
        written += files_written
        rows.append([str(file), *(f"{value:.6f}" for value in fractions)])
        top = [f"{class_name(index)} {fractions[index]:.1%}" for index in np.argsort(-fractions) if fractions[index] >= 0.01]
        print(f"{file.name}: " + ", ".join(top))
    written.append(write_class_fractions(output / "class_fractions.csv", rows, n_classes))
    print(f"Wrote {len(written)} files to {output}: <image>_mask.png, <image>_overlay.png, class_fractions.csv")
    return 0
