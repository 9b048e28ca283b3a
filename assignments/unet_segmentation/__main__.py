"""Train the course's U-Net on CARLA-layout data, and segment your own images with it.

    python -m assignments.unet_segmentation train                       # generated road scenes (offline)
    python -m assignments.unet_segmentation train --data ~/carla/data --epochs 20 --batch-size 32
    python -m assignments.unet_segmentation train --output out/run1 --epochs 30 --resume   # continue run1
    python -m assignments.unet_segmentation predict --model-file out/unet_segmentation/best_model.keras --input photos/

train writes to --output: best_model.keras, training_curves.png, predictions.png, history.csv and
checkpoint/ (for --resume). predict writes <image>_mask.png, <image>_overlay.png and class_fractions.csv.
"""

from __future__ import annotations

import argparse
import csv
import io
import sys
from pathlib import Path
from typing import Sequence

import numpy as np

from assignments.common.cli import ArgumentParser, add_common_arguments, bounded_int, positive_float, positive_int, run_main
from assignments.common.distribute_cli import add_distribute_arguments, check_distribute_arguments
from assignments.common.errors import UserError
from assignments.common.files import ensure_output_dir, write_text_atomic
from assignments.common.images import list_images, load_rgb_image, save_image
from assignments.unet_segmentation.classes import class_name, colorize
from assignments.unet_segmentation.data import check_pairs, find_pairs, split_pairs
from assignments.unet_segmentation.sizes import DOWNSAMPLING_FACTOR, IMAGE_SIZE, check_training_size
from assignments.unet_segmentation.synthetic import LARGEST_CLASS_ID, write_synthetic_dataset
from assignments.unet_segmentation.week import WEEK


def validation_fraction(text: str) -> float:
    value = positive_float(text)
    if value >= 1:
        raise argparse.ArgumentTypeError(f"expected a fraction between 0 and 1, got {text}")
    return value


# Generated scenes: at least one to train on and one to validate on; at most 20,000 (about 2 GB of PNGs).
MAX_SCENES = 20_000


def build_parser() -> ArgumentParser:
    parser = ArgumentParser(
        prog="python -m assignments.unet_segmentation",
        description="Semantic segmentation with the course's U-Net (C4W3 A2): train it on CARLA frames "
        "(CameraRGB/ + CameraMask/ or CameraSeg/), or on generated road scenes when no data is given, "
        "then segment your own images.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    train = commands.add_parser(
        "train",
        help="train the U-Net; saves the best model, curves and example predictions",
        description="Train the U-Net with a seeded train/validation split. Data: --data, else "
        "$DLS_DATA_DIR/unet_segmentation/data/ (the course's CARLA set), else generated road scenes.",
    )
    train.add_argument(
        "--data",
        type=Path,
        metavar="DIR",
        help="folder holding CameraRGB/ and CameraMask/ (or CameraSeg/), or its parent with data/ "
        "(default $DLS_DATA_DIR/unet_segmentation/data, else generated scenes)",
    )
    train.add_argument("--epochs", type=positive_int, default=5, metavar="N", help="total epochs; with --resume, the total to reach (default 5)")
    train.add_argument(
        "--batch-size",
        type=positive_int,
        default=8,
        metavar="B",
        help="images per training step and replica (default 8: 20 steps per epoch on the 200 generated scenes; the course used 32 "
        "on its 1,060 frames)",
    )
    train.add_argument(
        "--validation-split", type=validation_fraction, default=0.2, help="fraction of the pairs held out for validation (default 0.2)"
    )
    train.add_argument(
        "--image-size",
        type=positive_int,
        nargs=2,
        default=list(IMAGE_SIZE),
        metavar=("HEIGHT", "WIDTH"),
        help=f"size the images are resized to; multiples of {DOWNSAMPLING_FACTOR} (default 96 128, as the course); a size "
        "whose estimated training memory exceeds 80%% of this machine's is refused (see docs/unet_segmentation.md)",
    )
    train.add_argument("--n-filters", type=positive_int, default=32, help="filters of the first block, doubled per level (default 32)")
    train.add_argument("--n-classes", type=positive_int, default=23, help="number of classes; mask ids must be below it (default 23)")
    train.add_argument("--learning-rate", type=positive_float, default=1e-3, help="Adam learning rate (default 0.001)")
    train.add_argument(
        "--scenes", type=bounded_int(2, MAX_SCENES, "a number of scenes"), default=200,
        help=f"how many road scenes to generate when there is no data, 2 to {MAX_SCENES:,} (default 200)",
    )
    train.add_argument("--examples", type=positive_int, default=3, help="validation images shown in predictions.png (default 3)")
    train.add_argument("--resume", action="store_true", help="continue the interrupted run in --output from its last checkpoint")
    add_distribute_arguments(train)
    add_common_arguments(train, WEEK.name, seed=0)

    predict = commands.add_parser(
        "predict",
        help="segment your own images with a trained model",
        description="For each image: a colour mask and an overlay at the image's own size, and the fraction of "
        "pixels per class (printed and written to class_fractions.csv).",
    )
    predict.add_argument("--model-file", type=Path, required=True, metavar="M.keras", help="a .keras model written by train (best_model.keras)")
    predict.add_argument("--input", type=Path, required=True, metavar="FILE|DIR", help="an image file or a folder of images")
    add_common_arguments(predict, WEEK.name, seed=None)
    return parser


def find_training_data(arguments):
    """(pairs, description, identity) from --data, else the course's set; (None, ...) for generated scenes.

    Writes nothing: generated scenes are written later, under --output, once every check has passed.
    `identity` is what --resume compares: the data folder, or for generated scenes their seed and count.
    """
    folder = arguments.data if arguments.data is not None else WEEK.default_input("data")
    if folder is not None:
        pairs = find_pairs(folder)
        whose = "your data" if arguments.data is not None else "the course's CARLA data"
        return pairs, f"{whose} in {folder}", str(Path(pairs.folder).resolve())
    if arguments.n_classes <= LARGEST_CLASS_ID:
        raise UserError(
            f"The generated road scenes use class ids up to {LARGEST_CLASS_ID} ('{class_name(LARGEST_CLASS_ID)}') but "
            f"--n-classes is {arguments.n_classes}: pass --n-classes {LARGEST_CLASS_ID + 1} or more, or train on --data."
        )
    samples = WEEK.default_input("samples")
    if samples is not None:
        print(f"Note: {samples} has 4 real CARLA frames; train on them with --data {samples} (too few to learn from).")
    return None, f"{arguments.scenes} generated road scenes (seed {arguments.seed})", f"{arguments.scenes} generated road scenes (seed {arguments.seed})"


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


def command_train(arguments) -> int:
    height, width = arguments.image_size
    output = Path(arguments.output).expanduser()
    if output.exists() and not output.is_dir():
        raise UserError(f"The output path '{output}' is a file, not a folder: pass --output with a folder path.")
    pairs, description, identity = find_training_data(arguments)
    images = len(pairs) if pairs is not None else arguments.scenes
    check_training_size(height, width, arguments.batch_size, arguments.n_filters, arguments.n_classes, images)
    if pairs is not None:  # Every pair is read once here, before anything is written.
        counts = check_pairs(pairs, arguments.n_classes)

    # Deferred import: TensorFlow and Keras load only once the arguments and the data have been checked.
    import keras

    from assignments.common.callbacks import StopOnNonFiniteLoss
    from assignments.common.distribute import start_distribution
    from assignments.unet_segmentation.figures import save_prediction_grid, save_training_curves
    from assignments.unet_segmentation.interrupt import StopOnInterrupt, interrupt_requests
    from assignments.unet_segmentation.pipeline import make_dataset
    from assignments.unet_segmentation.training import (
        BEST_MODEL,
        CHECKPOINT_DIR,
        TrainingCheckpoint,
        compile_model,
        load_resume_state,
        require_checkpoint,
    )
    from assignments.unet_segmentation.unet import unet_model

    if arguments.resume:
        require_checkpoint(output)
    # Started before any other TensorFlow work (multi-worker needs that); other workers write to a temporary folder.
    distribution = start_distribution(arguments.distribute, arguments.worker_timeout)
    print(distribution.describe(arguments.batch_size))
    output = ensure_output_dir(distribution.writable_folder(output, keep=(CHECKPOINT_DIR, BEST_MODEL) if arguments.resume else ()))
    if pairs is None:
        folder = write_synthetic_dataset(output / "synthetic_scenes", count=arguments.scenes, seed=arguments.seed)
        pairs, description = find_pairs(folder), f"{description} in {folder}"
        counts = check_pairs(pairs, arguments.n_classes)
    train_pairs, validation_pairs = split_pairs(pairs, arguments.validation_split, arguments.seed)
    for split, what in ((train_pairs, "the training split"), (validation_pairs, "the validation split")):
        distribution.check_split(len(split), what, arguments.batch_size)
    print(f"Training on {description}: {len(pairs)} pairs ({len(train_pairs)} training, {len(validation_pairs)} validation), "
          f"{int(np.count_nonzero(counts))} classes present.")

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
            model = compile_model(unet_model((height, width, 3), arguments.n_filters, arguments.n_classes), arguments.n_classes, arguments.learning_rate)
            epochs_done, history, best = 0, {}, float("inf")
            print(f"New U-Net: {model.count_params():,} parameters, seeded random initial weights (seed {arguments.seed}); no pretrained weights.")

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
            print(f"\nStopped by Ctrl-C after {whole} whole epoch(s)" + (
                f": their checkpoint is in {output / CHECKPOINT_DIR}; continue with the same flags and --resume." if whole else "; nothing to resume."
            ))
            raise
        whole = whole_epochs(history)
        non_finite.raise_if_stopped(
            f"the last finite epoch's checkpoint ({whole} epoch(s)) is in {output / CHECKPOINT_DIR}" if whole else "no epoch finished, nothing was saved"
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
    print(f"Weights: trained here for {max(epochs_done, arguments.epochs)} epoch(s) from random initialisation on {description} (not pretrained).")
    print("Wrote: " + ", ".join(str(path) for path in written) + f", {output / 'checkpoint'}/ (for --resume)")
    return 0


def output_names(files: list[Path]) -> list[str]:
    """A distinct output stem per input file: the file's stem, with its suffix added where stems collide."""
    stems = [file.stem for file in files]
    return [f"{file.stem}_{file.suffix.lstrip('.')}" if stems.count(file.stem) > 1 else file.stem for file in files]


def command_predict(arguments) -> int:
    from assignments.unet_segmentation.predict import class_fractions, load_segmentation_model, overlay, segment

    files = list_images(arguments.input)
    images = [load_rgb_image(file) for file in files]  # all checked before anything is written
    model, size, n_classes = load_segmentation_model(arguments.model_file)
    output = ensure_output_dir(arguments.output)
    print(f"Model {arguments.model_file}: {n_classes} classes at {size[0]}x{size[1]}; its weights are the ones train saved "
          "(trained by you, not pretrained by the course).")
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


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    arguments = parser.parse_args(argv)
    if arguments.command == "train":
        check_distribute_arguments(arguments)
        return command_train(arguments)
    if arguments.command == "predict":
        return command_predict(arguments)
    parser.print_help()
    return 0


if __name__ == "__main__":
    sys.exit(run_main(main))
