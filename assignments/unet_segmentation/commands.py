"""The work of `python -m assignments.unet_segmentation`: training and predicting (TensorFlow loads here).

`__main__.py` parses and checks the arguments and the data first, then imports this module, so that
`--help` and every argument error answer without loading TensorFlow.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import keras
import numpy as np

from assignments.common.callbacks import StopOnNonFiniteLoss
from assignments.common.distribute import start_distribution
from assignments.common.files import ensure_output_dir, write_text_atomic
from assignments.common.images import list_images, load_rgb_image, save_image
from assignments.common.interrupt import StopOnInterrupt, interrupt_requests
from assignments.unet_segmentation.classes import class_name, colorize
from assignments.unet_segmentation.data import check_pairs, find_pairs, split_pairs
from assignments.unet_segmentation.figures import save_prediction_grid, save_training_curves
from assignments.unet_segmentation.pipeline import make_dataset
from assignments.unet_segmentation.predict import class_fractions, load_segmentation_model, overlay, segment
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


def history_csv(history: dict[str, list[float]]) -> str:
    names = sorted(history)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["epoch", *names])
    for epoch in range(max((len(values) for values in history.values()), default=0)):
        writer.writerow([epoch + 1, *(f"{history[name][epoch]:.6f}" if epoch < len(history[name]) else "" for name in names)])
    return buffer.getvalue()


def train(arguments, checked) -> int:
    """Trains the U-Net on the data `__main__.check_training` found and checked; writes the run's outputs."""
    height, width = arguments.image_size
    output, pairs, description, identity, counts = (
        checked.output,
        checked.pairs,
        checked.description,
        checked.identity,
        checked.counts,
    )
    if arguments.resume:
        require_checkpoint(output)
    # Started before any other TensorFlow work (multi-worker needs that); other workers write to a temporary folder.
    distribution = start_distribution(arguments.distribute, arguments.worker_timeout)
    print(distribution.describe(arguments.batch_size))
    output = ensure_output_dir(
        distribution.writable_folder(output, keep=(CHECKPOINT_DIR, BEST_MODEL) if arguments.resume else ())
    )
    if pairs is None:
        folder = write_synthetic_dataset(output / "synthetic_scenes", count=arguments.scenes, seed=arguments.seed)
        pairs, description = find_pairs(folder), f"{description} in {folder}"
        counts = check_pairs(pairs, arguments.n_classes)
    train_pairs, validation_pairs = split_pairs(pairs, arguments.validation_split, arguments.seed)
    for split, what in ((train_pairs, "the training split"), (validation_pairs, "the validation split")):
        distribution.check_split(len(split), what, arguments.batch_size)
    print(
        f"Training on {description}: {len(pairs)} pairs ({len(train_pairs)} training, {len(validation_pairs)} validation), "
        f"{int(np.count_nonzero(counts))} classes present."
    )

    size = (height, width)
    settings = {
        "data": identity,
        "image_size": [height, width],
        "n_filters": arguments.n_filters,
        "n_classes": arguments.n_classes,
        "seed": arguments.seed,
        "validation_split": arguments.validation_split,
    }
    keras.utils.set_random_seed(arguments.seed)
    # Batches of batch_size per replica; DATA sharding, as the file names reach tf.data as tensors (see distribute.py).
    global_batch = distribution.global_batch_size(arguments.batch_size)
    train_dataset = distribution.shard(make_dataset(train_pairs, size, global_batch, shuffle_seed=arguments.seed), "data")
    validation_dataset = distribution.shard(make_dataset(validation_pairs, size, global_batch), "data")
    baseline, majority = majority_baseline(validation_dataset, arguments.n_classes)
    print(f"Majority-class baseline on validation: {baseline:.4f} pixel accuracy (always '{class_name(majority)}').")

    with distribution.scope():  # the model's variables get a copy on every replica
        if arguments.resume:
            model, epochs_done, history, best = load_resume_state(output, settings)
            print(f"Resuming from {output / 'checkpoint'}: {epochs_done} epoch(s) done, continuing to {arguments.epochs}.")
        else:
            model = compile_model(
                unet_model((height, width, 3), arguments.n_filters, arguments.n_classes),
                arguments.n_classes,
                arguments.learning_rate,
            )
            epochs_done, history, best = 0, {}, float("inf")
            print(
                f"New U-Net: {model.count_params():,} parameters, seeded random initial weights (seed {arguments.seed}); no pretrained weights."
            )

    if epochs_done < arguments.epochs:
        non_finite = StopOnNonFiniteLoss()
        try:
            # A lost worker (multi-worker runs) ends the run with one sentence; the chief's checkpoint stays usable.
            resume = f"restart every worker with the same flags and --resume to continue from {Path(arguments.output) / CHECKPOINT_DIR}."
            # Ctrl-C only sets a flag that StopOnInterrupt acts on between batches (see interrupt.py for why).
            with interrupt_requests() as requests, distribution.report_lost_workers(resume):
                model.fit(
                    train_dataset,
                    validation_data=validation_dataset,
                    epochs=arguments.epochs,
                    initial_epoch=epochs_done,
                    callbacks=[TrainingCheckpoint(output, history, best, settings), non_finite, StopOnInterrupt(requests)],
                    verbose=1,
                    shuffle=False,  # the training dataset shuffles itself, seeded, each epoch
                )
        except KeyboardInterrupt:
            whole = whole_epochs(history)
            print(
                f"\nStopped by Ctrl-C after {whole} whole epoch(s)"
                + (
                    f": their checkpoint is in {output / CHECKPOINT_DIR}; continue with the same flags and --resume."
                    if whole
                    else "; nothing to resume."
                )
            )
            raise
        whole = whole_epochs(history)
        non_finite.raise_if_stopped(
            f"the last finite epoch's checkpoint ({whole} epoch(s)) is in {output / CHECKPOINT_DIR}"
            if whole
            else "no epoch finished, nothing was saved"
        )
    else:
        print(f"Nothing to train: the checkpoint already has {epochs_done} epoch(s); pass a larger --epochs to continue.")

    best_path = output / BEST_MODEL
    # The best epoch's weights into the model in memory: its evaluation graph is already traced.
    model.load_weights(best_path)
    scores = model.evaluate(validation_dataset, verbose=0, return_dict=True)
    examples = validation_dataset.unbatch().take(arguments.examples).batch(arguments.examples)
    images, true_masks = next(iter(examples))
    # A plain call: under MirroredStrategy, predict_on_batch returns one copy of the batch per replica (Keras 3.15).
    predicted = np.argmax(model(images, training=False), axis=-1)
    written = [
        best_path,
        save_training_curves(output / "training_curves.png", history),
        save_prediction_grid(output / "predictions.png", images.numpy(), true_masks.numpy(), predicted, arguments.n_classes),
        write_text_atomic(output / "history.csv", history_csv(history)),
    ]
    print(
        f"Best model (validation loss {scores['loss']:.4f}): pixel accuracy {scores['accuracy']:.4f} "
        f"(majority-class baseline {baseline:.4f}), mean IoU {scores['mean_iou']:.4f}."
    )
    print(
        f"Weights: trained here for {max(epochs_done, arguments.epochs)} epoch(s) from random initialisation on {description} (not pretrained)."
    )
    print("Wrote: " + ", ".join(str(path) for path in written) + f", {output / 'checkpoint'}/ (for --resume)")
    return 0


def output_names(files: list[Path]) -> list[str]:
    """A distinct output stem per input file: the file's stem, with its suffix added where stems collide."""
    stems = [file.stem for file in files]
    return [f"{file.stem}_{file.suffix.lstrip('.')}" if stems.count(file.stem) > 1 else file.stem for file in files]


def predict(arguments) -> int:
    """Segments every image of --input with a trained model; writes masks, overlays and class_fractions.csv."""
    files = list_images(arguments.input)
    images = [load_rgb_image(file) for file in files]  # all checked before anything is written
    model, size, n_classes = load_segmentation_model(arguments.model_file)
    output = ensure_output_dir(arguments.output)
    print(
        f"Model {arguments.model_file}: {n_classes} classes at {size[0]}x{size[1]}; its weights are the ones train saved "
        "(trained by you, not pretrained by the course)."
    )
    rows, written = [], []
    for file, name, image in zip(files, output_names(files), images):
        ids = segment(model, image, size)
        colors = colorize(ids, n_classes)
        written.append(save_image(colors, output / f"{name}_mask.png"))
        written.append(save_image(overlay(image, colors), output / f"{name}_overlay.png"))
        fractions = class_fractions(ids, n_classes)
        rows.append([str(file), *(f"{value:.6f}" for value in fractions)])
        top = [f"{class_name(index)} {fractions[index]:.1%}" for index in np.argsort(-fractions) if fractions[index] >= 0.01]
        print(f"{file.name}: " + ", ".join(top))
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["image", *(class_name(index) for index in range(n_classes))])
    writer.writerows(rows)
    written.append(write_text_atomic(output / "class_fractions.csv", buffer.getvalue()))
    print(f"Wrote {len(written)} files to {output}: <image>_mask.png, <image>_overlay.png, class_fractions.csv")
    return 0
