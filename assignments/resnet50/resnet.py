"""C4W2's graded functions, in notebook order: `identity_block`, `convolutional_block`, `ResNet50`.

This is the course's 2021 revision: blocks take `training`, which goes to each BatchNormalization call.
Called on arrays, `training=True` normalises with the batch's statistics and `training=False` with the
moving averages. `ResNet50` builds its blocks with `training=None`, because in a Keras 3 functional
model a `training=True` given while building is baked into the graph (model(x) would then always run
BatchNorm in training mode); with None, fit / evaluate / predict choose the mode, as they should.
"""

from __future__ import annotations

import keras
from keras import layers
from keras.initializers import glorot_uniform, random_uniform


def identity_block(X, f, filters, training=True, initializer=random_uniform):
    """The identity block: three convolutions whose output is added to the unchanged input.

    X → CONV 1x1 (F1) → BN → ReLU → CONV fxf same (F2) → BN → ReLU → CONV 1x1 (F3) → BN → (+ X) → ReLU

    Args:
        X: input of shape (m, n_H_prev, n_W_prev, n_C_prev); F3 must equal n_C_prev.
        f: the middle convolution's window size.
        filters: [F1, F2, F3], the number of filters of the three convolutions.
        training: True: BatchNorm uses the batch's statistics; False: its moving averages; None: the
            caller (Keras fit / predict) decides.
        initializer: a factory called as `initializer(seed=0)` for every convolution's kernel.

    Returns:
        Output of shape (m, n_H_prev, n_W_prev, F3).
    """
    F1, F2, F3 = filters
    X_shortcut = X

    # Main path, first component: 1x1 convolution, (m, n_H, n_W, n_C) → (m, n_H, n_W, F1).
    X = layers.Conv2D(filters=F1, kernel_size=1, strides=(1, 1), padding="valid", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)

    # Second component: f x f "same" convolution keeps the height and width, → (m, n_H, n_W, F2).
    X = layers.Conv2D(filters=F2, kernel_size=f, strides=(1, 1), padding="same", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)

    # Third component: back to the input's depth, → (m, n_H, n_W, F3); no ReLU before the addition.
    X = layers.Conv2D(filters=F3, kernel_size=1, strides=(1, 1), padding="valid", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)

    # The skip connection: add the untouched input, then the last ReLU.
    X = layers.Add()([X_shortcut, X])
    X = layers.Activation("relu")(X)
    return X


def convolutional_block(X, f, filters, s=2, training=True, initializer=glorot_uniform):
    """The convolutional block: like the identity block, with a 1x1 convolution on the shortcut so that
    the input and output may differ in size (stride s) and depth (F3).

    Main path: CONV 1x1 stride s (F1) → BN → ReLU → CONV fxf same (F2) → BN → ReLU → CONV 1x1 (F3) → BN.
    Shortcut: CONV 1x1 stride s (F3) → BN. Output: ReLU(main + shortcut).

    Args:
        X: input of shape (m, n_H_prev, n_W_prev, n_C_prev).
        f: the middle convolution's window size.
        filters: [F1, F2, F3].
        s: the stride of the first main-path convolution and of the shortcut convolution.
        training: as in `identity_block`.
        initializer: a factory called as `initializer(seed=0)` for every convolution's kernel.

    Returns:
        Output of shape (m, ceil(n_H_prev / s), ceil(n_W_prev / s), F3).
    """
    F1, F2, F3 = filters
    X_shortcut = X

    # Main path. The first 1x1 convolution does the downsampling: → (m, n_H / s, n_W / s, F1).
    X = layers.Conv2D(filters=F1, kernel_size=1, strides=(s, s), padding="valid", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)

    X = layers.Conv2D(filters=F2, kernel_size=f, strides=(1, 1), padding="same", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)
    X = layers.Activation("relu")(X)

    X = layers.Conv2D(filters=F3, kernel_size=1, strides=(1, 1), padding="valid", kernel_initializer=initializer(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X, training=training)

    # Shortcut path: a strided 1x1 convolution brings the input to (m, n_H / s, n_W / s, F3).
    X_shortcut = layers.Conv2D(
        filters=F3, kernel_size=1, strides=(s, s), padding="valid", kernel_initializer=initializer(seed=0)
    )(X_shortcut)
    X_shortcut = layers.BatchNormalization(axis=3)(X_shortcut, training=training)

    X = layers.Add()([X, X_shortcut])
    X = layers.Activation("relu")(X)
    return X


def ResNet50(input_shape=(64, 64, 3), classes=6):
    """The 50-layer residual network of the course (Keras Functional API).

    ZEROPAD → CONV 7x7/2 → BN → ReLU → MAXPOOL 3x3/2 → stage 2 (conv block + 2 identity blocks) →
    stage 3 (conv block + 3 id) → stage 4 (conv block + 5 id) → stage 5 (conv block + 2 id) →
    AVGPOOL 2x2 → FLATTEN → DENSE softmax.

    Args:
        input_shape: shape of one image, (64, 64, 3) for SIGNS.
        classes: number of classes (6 for SIGNS).

    Returns:
        A `keras.Model`; for the defaults its summary is the course's 177 layers and 23,600,006 parameters.
    """
    X_input = keras.Input(shape=input_shape)

    # Stage 1: (m, 64, 64, 3) → pad → (m, 70, 70, 3) → conv /2 → (m, 32, 32, 64) → max-pool /2 → (m, 15, 15, 64).
    X = layers.ZeroPadding2D((3, 3))(X_input)
    X = layers.Conv2D(64, (7, 7), strides=(2, 2), kernel_initializer=glorot_uniform(seed=0))(X)
    X = layers.BatchNormalization(axis=3)(X)
    X = layers.Activation("relu")(X)
    X = layers.MaxPooling2D((3, 3), strides=(2, 2))(X)

    # training=None: BatchNorm's mode is chosen when the model runs, not frozen into the graph.
    # Stage 2: stride 1, → (m, 15, 15, 256).
    X = convolutional_block(X, f=3, filters=[64, 64, 256], s=1, training=None)
    X = identity_block(X, 3, [64, 64, 256], training=None)
    X = identity_block(X, 3, [64, 64, 256], training=None)

    # Stage 3: → (m, 8, 8, 512).
    X = convolutional_block(X, f=3, filters=[128, 128, 512], s=2, training=None)
    for _ in range(3):
        X = identity_block(X, 3, [128, 128, 512], training=None)

    # Stage 4: → (m, 4, 4, 1024).
    X = convolutional_block(X, f=3, filters=[256, 256, 1024], s=2, training=None)
    for _ in range(5):
        X = identity_block(X, 3, [256, 256, 1024], training=None)

    # Stage 5: → (m, 2, 2, 2048).
    X = convolutional_block(X, f=3, filters=[512, 512, 2048], s=2, training=None)
    for _ in range(2):
        X = identity_block(X, 3, [512, 512, 2048], training=None)

    # Head: (m, 2, 2, 2048) → average-pool → (m, 1, 1, 2048) → (m, 2048) → (m, classes).
    X = layers.AveragePooling2D((2, 2))(X)
    X = layers.Flatten()(X)
    X = layers.Dense(classes, activation="softmax", kernel_initializer=glorot_uniform(seed=0))(X)

    return keras.Model(inputs=X_input, outputs=X)
