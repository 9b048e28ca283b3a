"""The week's two graded models: `happyModel` (Sequential, smiling or not) and `convolutional_model`
(Functional, SIGNS hand signs 0-5). Both take 64x64x3 images scaled to [0, 1].
"""

from __future__ import annotations

import keras
from keras import layers


def happyModel():
    """The Happy House binary classifier, built with the Sequential API.

    ZEROPAD2D → CONV2D (32 filters 7x7, stride 1) → BATCHNORM (axis 3) → RELU → MAXPOOL (2x2) → FLATTEN →
    DENSE (1 unit, sigmoid).

    Returns:
        A `keras.Sequential` whose summary is the course's: 37,633 parameters (37,569 trainable).
    """
    model = keras.Sequential(
        [
            keras.Input(shape=(64, 64, 3)),
            # (m, 64, 64, 3) → (m, 70, 70, 3): three pixels on each side so the 7x7 conv keeps 64x64.
            layers.ZeroPadding2D(padding=(3, 3)),
            layers.Conv2D(32, (7, 7), strides=(1, 1), name="conv0"),  # → (m, 64, 64, 32)
            layers.BatchNormalization(axis=3, name="bn0"),
            layers.ReLU(),
            layers.MaxPooling2D((2, 2), name="max_pool0"),  # → (m, 32, 32, 32)
            layers.Flatten(),  # → (m, 32768)
            layers.Dense(1, activation="sigmoid", name="fc"),  # → (m, 1): probability of "happy"
        ],
        name="happy_model",
    )
    return model


def convolutional_model(input_shape, classes=6):
    """The SIGNS classifier, built with the Functional API.

    CONV2D (8 filters 4x4, same) → RELU → MAXPOOL (8x8, stride 8, same) → CONV2D (16 filters 2x2, same) →
    RELU → MAXPOOL (4x4, stride 4, same) → FLATTEN → DENSE (softmax).

    Args:
        input_shape: shape of one image, e.g. (64, 64, 3).
        classes: softmax units; the course's model has 6 (signs 0-5). Other values let the main script
            train on a user's own classes.

    Returns:
        A `keras.Model`; for (64, 64, 3) and 6 classes its summary is the course's (1,310 parameters).
    """
    input_img = keras.Input(shape=input_shape)
    Z1 = layers.Conv2D(filters=8, kernel_size=(4, 4), strides=1, padding="same")(input_img)  # (m, 64, 64, 8)
    A1 = layers.ReLU()(Z1)
    P1 = layers.MaxPool2D(pool_size=(8, 8), strides=(8, 8), padding="same")(A1)  # (m, 8, 8, 8)
    Z2 = layers.Conv2D(filters=16, kernel_size=(2, 2), strides=1, padding="same")(P1)  # (m, 8, 8, 16)
    A2 = layers.ReLU()(Z2)
    P2 = layers.MaxPool2D(pool_size=(4, 4), strides=(4, 4), padding="same")(A2)  # (m, 2, 2, 16)
    F = layers.Flatten()(P2)  # (m, 64)
    outputs = layers.Dense(units=classes, activation="softmax")(F)
    return keras.Model(inputs=input_img, outputs=outputs)
