"""Training a classifier from its spec: one function builds and compiles, one fits.

The two are apart on purpose: a caller that trains on several devices opens a `tf.distribute` strategy's
scope around `build_model` only (variables and the optimizer must be created inside it), and calls
`fit_model` outside it, as Keras' distributed-training guide does.
"""

from __future__ import annotations

import keras

from assignments.common.callbacks import StopOnNonFiniteLoss, TimeEstimate
from assignments.common.classification.imageset import IMAGE_SIZE
from assignments.common.classification.specs import ModelSpec
from assignments.common.errors import UserError
from assignments.common.interrupt import StopOnInterrupt, interrupt_requests
from assignments.common.progress import keras_verbose


def output_units(model) -> int:
    """Units of the model's output layer (1: a sigmoid yes/no model)."""
    return int(model.outputs[0].shape[-1])


def check_model_fits(model, spec: ModelSpec, source: str) -> None:
    """Refuses a model whose input or output does not fit `spec` (another week's or another model's file).

    Args:
        source: the file the model came from, for the message.

    Raises:
        UserError: the input is not (64, 64, 3) images, or the output is one sigmoid unit where the spec
            wants one softmax unit per class (or the reverse).
    """
    inputs = tuple(model.inputs[0].shape[1:])
    if inputs != (*IMAGE_SIZE, 3):
        raise UserError(
            f"The model in '{source}' takes inputs of shape {inputs}, but the {spec.name} model takes {(*IMAGE_SIZE, 3)} images: "
            f"pass a model that 'train --model {spec.name}' wrote."
        )
    units = output_units(model)
    if (units == 1) != spec.binary:
        found = "one yes/no (sigmoid) output" if units == 1 else f"{units} class outputs"
        wanted = "one yes/no (sigmoid) output" if spec.binary else "one output per class"
        raise UserError(
            f"The model in '{source}' has {found}, but the {spec.name} model ({spec.title}) has {wanted}: "
            f"it is another model's file; pass a model that 'train --model {spec.name}' wrote."
        )


def compile_model(model, classes: int, learning_rate: float):
    """Compiles `model` for `classes` classes: binary cross-entropy for one sigmoid unit, else sparse
    categorical cross-entropy; Adam; accuracy.

    Raises:
        UserError: the model's output does not fit the number of classes.
    """
    units = output_units(model)
    if units != (1 if classes == 2 and units == 1 else classes):
        raise UserError(
            f"The model has {units} outputs but the data has {classes} classes: use data with the classes the model was built for."
        )
    loss = "binary_crossentropy" if units == 1 else "sparse_categorical_crossentropy"
    # jit_compile=False: on CPU, XLA took longer to compile ResNet50 than to train an epoch, and ran slower.
    model.compile(
        optimizer=keras.optimizers.Adam(learning_rate=learning_rate), loss=loss, metrics=["accuracy"], jit_compile=False
    )
    return model


def build_model(spec: ModelSpec, classes: int, *, seed: int, learning_rate: float | None = None, weights=None):
    """The compiled model `train` fits: the spec's builder with seeded weights, or the pretrained file.

    Call it inside a distribution strategy's scope to train on several devices.

    Args:
        spec: the model to build.
        classes: the number of classes of the training data.
        seed: seeds Python, numpy and TensorFlow before the weights are drawn (repeatable runs).
        learning_rate: Adam's step; None: the spec's default.
        weights: a pretrained file for `spec.load_weights`, or None for seeded random weights.
    """
    keras.utils.set_random_seed(seed)
    model = spec.load_weights(weights, classes) if weights is not None else spec.build(classes)
    return compile_model(model, classes, learning_rate or spec.learning_rate)


def fit_model(model, train_dataset, test_dataset, epochs: int, steps_per_epoch: int | None = None):
    """`model.fit` over the pipelines with a progress bar on a terminal (one line per epoch in a log).

    Training stops with one sentence (`UserError`) when the loss stops being a number, before anything is
    saved, and Ctrl-C stops it reliably at the next batch (see `common/interrupt.py`). With
    `steps_per_epoch`, the time the whole run will take is printed once, measured from its first batches.

    Returns:
        the Keras `History`.
    """
    non_finite = StopOnNonFiniteLoss()
    callbacks = [non_finite]
    if steps_per_epoch:
        callbacks.append(TimeEstimate(epochs * steps_per_epoch, f"{epochs} epochs", "--epochs or --max-images"))
    with interrupt_requests() as requests:
        # shuffle=False: the tf.data pipeline already reshuffles every epoch.
        history = model.fit(
            train_dataset,
            epochs=epochs,
            validation_data=test_dataset,
            shuffle=False,
            verbose=keras_verbose(),  # Keras' bar on a terminal, one line per epoch when stderr is a log
            callbacks=[*callbacks, StopOnInterrupt(requests)],
        )
    non_finite.raise_if_stopped("no model was saved")
    return history
