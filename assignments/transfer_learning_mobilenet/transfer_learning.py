"""The course's transfer learning, in the notebook's order: augment, build on MobileNetV2, fine-tune.

    data_augmenter()                                  Sequential[RandomFlip("horizontal"), RandomRotation(0.2)]
    alpaca_model(IMG_SIZE, data_augmenter())          Input -> augmentation -> preprocess_input -> MobileNetV2
                                                      (frozen, training=False) -> GlobalAveragePooling2D ->
                                                      Dropout(0.2) -> Dense(1), one logit
    fine_tune(model)                                  the base's layers from 120 on trainable, the loss, Adam at a
                                                      tenth of the base learning rate, accuracy

The course builds the base with ImageNet weights (`weights="imagenet"`); here the weights are an argument,
and None (a randomly initialised base) unless a caller asks for them: nothing is downloaded behind a user's
back, and whoever passes None must say that the base is not pretrained (the main script does, everywhere).
"""

from __future__ import annotations

import keras

# The course's image size and batch size: MobileNetV2 has ImageNet weights for 96, 128, 160, 192 and 224.
IMG_SIZE = (160, 160)
BATCH_SIZE = 32
# The frozen-base phase's learning rate; fine-tuning uses a tenth of it.
base_learning_rate = 0.001
# Fine-tuning unfreezes the base's layers from this index on (the course's choice: the top blocks).
fine_tune_at = 120
preprocess_input = keras.applications.mobilenet_v2.preprocess_input
# The course imports these from tensorflow.keras.layers.experimental.preprocessing, which Keras 3 no longer
# has; a learner's notebook finds them here (the grader's module holds the week's public names).
RandomFlip = keras.layers.RandomFlip
RandomRotation = keras.layers.RandomRotation


def data_augmenter():
    """Random horizontal flips and rotations of up to 20 % of a full turn (72 degrees either way).

    Returns:
        a `keras.Sequential` of the two augmentation layers (active only while training).
    """
    data_augmentation = keras.Sequential()
    data_augmentation.add(RandomFlip("horizontal"))
    data_augmentation.add(RandomRotation(0.2))
    return data_augmentation


# The course's signature: its default augmentation is built once, when the module is imported.
def alpaca_model(
    image_shape=IMG_SIZE,
    data_augmentation=data_augmenter(),  # noqa: B008
    *,
    weights=None,
    classes: int = 2,
    alpha: float = 1.0,
):
    """MobileNetV2 without its ImageNet classifier, frozen, under a new classifier.

    Args:
        image_shape: (height, width) of the images.
        data_augmentation: the augmentation model, applied first.
        weights: the base's weights: None (random initialisation), "imagenet" (Keras downloads them), or the
            path of a no-top MobileNetV2 weights file. The course uses "imagenet".
        classes: 2 for the course's one-logit yes/no head; more gives one logit per class.
        alpha: MobileNetV2's width multiplier (the course's 1.0; ImageNet weights exist for 0.35 to 1.4).

    Returns:
        a `keras.Model` from (None, *image_shape, 3) images in [0, 255] to logits.
    """
    input_shape = image_shape + (3,)
    base_model = keras.applications.MobileNetV2(input_shape=input_shape, include_top=False, weights=weights, alpha=alpha)
    # Transfer learning: keep the base's features, learn only the new classifier.
    base_model.trainable = False

    inputs = keras.Input(shape=input_shape)
    x = data_augmentation(inputs)
    x = preprocess_input(x)  # [0, 255] -> [-1, 1], what MobileNetV2 was trained on
    # training=False: the base's BatchNormalization keeps its moving statistics, also when fine-tuning.
    x = base_model(x, training=False)
    x = keras.layers.GlobalAveragePooling2D()(x)  # (None, 5, 5, 1280) -> (None, 1280) at 160 x 160
    x = keras.layers.Dropout(0.2)(x)
    outputs = keras.layers.Dense(1 if classes == 2 else classes)(x)  # logits: the loss applies the sigmoid

    model = keras.Model(inputs, outputs)
    return model


def base_of(model):
    """The MobileNetV2 inside an `alpaca_model` (the course's `model.layers[4]` in Keras 2; Keras 3 has no
    layers for preprocess_input's operations, so it is found by type)."""
    bases = [layer for layer in model.layers if isinstance(layer, keras.Model)]
    if len(bases) != 2 or not isinstance(bases[0], keras.Sequential):
        raise ValueError(
            f"expected an alpaca_model: augmentation, then a base network. Received layers: {[layer.name for layer in model.layers]}"
        )
    return bases[1]


def fine_tune(model, learning_rate=base_learning_rate, fine_tune_at=fine_tune_at):
    """The notebook's fine-tuning cell: unfreeze the base from layer `fine_tune_at` on, choose the loss, the
    optimizer (a tenth of the first phase's learning rate) and the metrics.

    Args:
        model: an `alpaca_model`, after its first phase of training.
        learning_rate: the first phase's learning rate.
        fine_tune_at: the first trainable layer of the base.

    Returns:
        (loss_function, optimizer, metrics), to `model.compile` with.
    """
    base_model = base_of(model)
    base_model.trainable = True
    # Freeze every layer before fine_tune_at: the early, generic features stay as they are.
    for layer in base_model.layers[:fine_tune_at]:
        layer.trainable = False
    two_classes = model.outputs[0].shape[-1] == 1
    loss_function = (
        keras.losses.BinaryCrossentropy(from_logits=True)
        if two_classes
        else keras.losses.SparseCategoricalCrossentropy(from_logits=True)
    )
    optimizer = keras.optimizers.Adam(learning_rate=0.1 * learning_rate)
    metrics = ["accuracy"]
    return loss_function, optimizer, metrics
