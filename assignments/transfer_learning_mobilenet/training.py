"""Training the course's model: build and compile it, fit one phase, both phases, and measure it.

    build_model        alpaca_model with seeded weights and the chosen base weights, compiled for phase 1
    train_both_phases  fit with the base frozen, then `fine_tune` and fit on from the last epoch, as the course
    predict_labels     labels and predictions over a dataset, for the accuracy against the majority class

`commands.run_train` calls these inside and outside a distribution strategy's scope as Keras' guide says:
models and optimizers are made inside it, `fit` runs outside.
"""

from __future__ import annotations

import contextlib
import time
import warnings

import keras
import numpy as np

from assignments.common.callbacks import StopOnNonFiniteLoss
from assignments.common.errors import UserError
from assignments.common.interrupt import StopOnInterrupt, interrupt_requests
from assignments.common.progress import keras_verbose, time_estimate
from assignments.transfer_learning_mobilenet.cli import TrainSettings
from assignments.transfer_learning_mobilenet.transfer_learning import alpaca_model, base_of, data_augmenter, fine_tune
from assignments.transfer_learning_mobilenet.weights import BaseWeights, wrong_file


class PartialLoad(Exception):
    """Keras loaded a weights file only in part (it warns, and keeps fresh weights for the rest)."""


@contextlib.contextmanager
def partial_loads_refused(what: str):
    """Turns Keras' "retain their freshly-initialized weights" warning into `PartialLoad`, and keeps Keras'
    loading warnings off the console: a file that fills only part of a network is another model's file."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        yield
    skipped = [warning for warning in caught if "freshly-initialized" in str(warning.message)]
    if skipped:
        raise PartialLoad(f"{what}: {len(skipped)} of its parts found nothing to load")


def accuracy_metric(classes: int):
    """Accuracy of logits. The course's 'accuracy' string thresholds a one-logit output at 0.5, a probability of
    0.62; BinaryAccuracy at logit 0 is the 0.5 probability the sigmoid means."""
    return keras.metrics.BinaryAccuracy(threshold=0.0, name="accuracy") if classes == 2 else "accuracy"


def epochs_text(count: int) -> str:
    return f"{count} epoch{'' if count == 1 else 's'}"


def build_model(settings: TrainSettings, classes: int, weights: BaseWeights):
    """alpaca_model with the seeded augmentation and base, compiled for the first phase (the course's settings)."""
    keras.utils.set_random_seed(settings.seed)
    size = (settings.image_size, settings.image_size)
    try:
        with partial_loads_refused(f"{weights.path} left parts of the network without weights"):
            model = alpaca_model(size, data_augmenter(), weights=weights.path, classes=classes, alpha=settings.alpha)
    except (ValueError, PartialLoad) as error:
        if weights.path is None:
            raise
        raise wrong_file(weights, settings.alpha, error) from None
    loss = (
        keras.losses.BinaryCrossentropy(from_logits=True)
        if classes == 2
        else keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=settings.learning_rate),
        loss=loss,
        metrics=[accuracy_metric(classes)],
        jit_compile=False,
    )
    return model


class EstimateAfterFirstSteps(keras.callbacks.Callback):
    """Prints how long the phase will take, from the speed of its steps 2 to 4 (step 1 includes tracing)."""

    def __init__(self, steps_per_epoch: int, epochs: int, what: str):
        super().__init__()
        self.steps_per_epoch, self.epochs, self.what = steps_per_epoch, epochs, what
        self.measure_at, self.started = min(3, steps_per_epoch - 1), None

    def on_train_batch_end(self, batch, logs=None):
        if batch == 0 and self.started is None:
            self.started = time.perf_counter()
        elif self.started is not None and batch == self.measure_at:
            seconds_per_step = (time.perf_counter() - self.started) / batch
            left = self.steps_per_epoch * self.epochs - batch - 1
            print(time_estimate(seconds_per_step, left, self.what, "--epochs / --fine-tune-epochs or a smaller --image-size"))
            self.started, self.measure_at = None, -1


def fit_phase(model, train, validation, *, epochs: int, initial_epoch: int, steps: int, what: str) -> tuple[dict, list]:
    """One phase of `fit`, Ctrl-C safe, stopping with one sentence when the loss stops being a number."""
    non_finite = StopOnNonFiniteLoss()
    with interrupt_requests() as requests:
        history = model.fit(
            train,
            validation_data=validation,
            epochs=epochs,
            initial_epoch=initial_epoch,
            shuffle=False,  # the pipeline reshuffles its batches every epoch
            verbose=keras_verbose(),
            callbacks=[non_finite, StopOnInterrupt(requests), EstimateAfterFirstSteps(steps, epochs - initial_epoch, what)],
        )
    non_finite.raise_if_stopped("no model was saved")
    return {name: [float(value) for value in values] for name, values in history.history.items()}, history.epoch


def train_both_phases(settings: TrainSettings, model, train, validation, train_count: int, classes: int, distribution):
    """The course's two phases; returns (the history of both, in one series per metric; seconds per phase)."""
    steps = -(-train_count // distribution.global_batch_size(settings.batch_size))
    base_layers = len(base_of(model).layers)
    if settings.fine_tune_epochs and settings.fine_tune_at >= base_layers:
        raise UserError(
            f"--fine-tune-at {settings.fine_tune_at} is past the base's last layer ({base_layers} layers): pass a smaller index."
        )
    seconds = []
    with distribution.report_lost_workers("restart every worker with the same command (training starts again)."):
        started = time.perf_counter()
        history, epochs_run = fit_phase(
            model,
            train,
            validation,
            epochs=settings.epochs,
            initial_epoch=0,
            steps=steps,
            what=f"{epochs_text(settings.epochs)} with the base frozen",
        )
        seconds.append(time.perf_counter() - started)
        if settings.fine_tune_epochs:
            with distribution.scope():
                loss_function, optimizer, _ = fine_tune(model, settings.learning_rate, settings.fine_tune_at)
                model.compile(loss=loss_function, optimizer=optimizer, metrics=[accuracy_metric(classes)], jit_compile=False)
            total = settings.epochs + settings.fine_tune_epochs
            print(
                f"Fine-tuning: the base's layers {settings.fine_tune_at} to {base_layers - 1} trainable, learning rate {0.1 * settings.learning_rate:g}."
            )
            started = time.perf_counter()
            # From the first phase's last epoch, as the course does (history.epoch[-1]): it runs fine_tune_epochs + 1.
            more, _ = fit_phase(
                model,
                train,
                validation,
                epochs=total,
                initial_epoch=epochs_run[-1],
                steps=steps,
                what=f"{total - epochs_run[-1]} fine-tuning epochs",
            )
            seconds.append(time.perf_counter() - started)
            history = {name: history[name] + more[name] for name in history}
    return history, seconds


def predict_labels(model, dataset) -> tuple[np.ndarray, np.ndarray]:
    """(true labels, predicted labels) over a dataset of (images, labels) batches."""
    truths, predictions = [], []
    for images, labels in dataset:
        logits = model(images, training=False).numpy()
        predictions.append((logits[:, 0] > 0).astype(int) if logits.shape[-1] == 1 else logits.argmax(axis=-1))
        truths.append(np.asarray(labels).reshape(-1).astype(int))
    return np.concatenate(truths), np.concatenate(predictions)


def majority_share(labels: np.ndarray) -> float:
    return float(np.bincount(labels).max() / len(labels))


def report_speed(seconds: list[float], train_count: int, epochs: int, settings: TrainSettings) -> None:
    phases = [("frozen base", settings.epochs)] + [("fine-tuning", epochs - settings.epochs)] * (len(seconds) > 1)
    for (name, phase_epochs), phase_seconds in zip(phases, seconds):
        rate = train_count * phase_epochs / phase_seconds
        print(
            f"Training speed, {name}: {rate:.1f} images/s ({epochs_text(phase_epochs)} in {phase_seconds:.0f} s, validation included)."
        )
