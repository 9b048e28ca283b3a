"""The graded functions of the TensorFlow introduction, in notebook order, and the notebook's `model`.

A 3-layer network LINEAR -> RELU -> LINEAR -> RELU -> LINEAR on flattened 64x64x3 images (12288 inputs,
25 and 12 hidden units, 6 classes), trained with `tf.GradientTape` and Adam. Examples are columns as in
the numpy weeks: X (12288, batch), logits (6, batch).
"""

from __future__ import annotations

import numpy as np
import tensorflow as tf

LAYERS = (("W1", (25, 12288)), ("b1", (25, 1)), ("W2", (12, 25)), ("b2", (12, 1)), ("W3", (6, 12)), ("b3", (6, 1)))


def linear_function():
    """Y = WX + b with the course's seed-1 draws (X (3, 1), then W (4, 3), then b (4, 1)), as TF constants."""
    np.random.seed(1)
    X = tf.constant(np.random.randn(3, 1), name="X")
    W = tf.constant(np.random.randn(4, 3), name="W")
    b = tf.constant(np.random.randn(4, 1), name="b")
    Y = tf.add(tf.matmul(W, X), b)
    return Y


def sigmoid(z):
    """The sigmoid of z, computed in float32."""
    z = tf.cast(z, tf.float32)
    a = tf.keras.activations.sigmoid(z)
    return a


def one_hot_matrix(label, depth=6):
    """The one-hot vector (depth,) of a single label (a scalar or a one-element tensor)."""
    one_hot = tf.reshape(tf.one_hot(label, depth, axis=0), shape=[depth])
    return one_hot


def initialize_parameters():
    """W1, b1, W2, b2, W3, b3 as tf.Variables drawn by one GlorotNormal(seed=1), in that order."""
    initializer = tf.keras.initializers.GlorotNormal(seed=1)
    return {name: tf.Variable(initializer(shape=shape)) for name, shape in LAYERS}


def forward_propagation(X, parameters):
    """LINEAR -> RELU -> LINEAR -> RELU -> LINEAR: the logits (6, batch), no softmax (the cost applies it)."""
    W1, b1 = parameters["W1"], parameters["b1"]
    W2, b2 = parameters["W2"], parameters["b2"]
    W3, b3 = parameters["W3"], parameters["b3"]
    Z1 = tf.math.add(tf.linalg.matmul(W1, X), b1)
    A1 = tf.keras.activations.relu(Z1)
    Z2 = tf.math.add(tf.linalg.matmul(W2, A1), b2)
    A2 = tf.keras.activations.relu(Z2)
    Z3 = tf.math.add(tf.linalg.matmul(W3, A2), b3)
    return Z3


def compute_cost(logits, labels):
    """The categorical cross-entropy from logits, averaged over the batch (inputs (6, batch), transposed here)."""
    cost = tf.reduce_mean(tf.keras.losses.categorical_crossentropy(tf.transpose(labels), tf.transpose(logits), from_logits=True))
    return cost


def model(
    X_train, Y_train, X_test, Y_test, learning_rate=0.0001, num_epochs=1500, minibatch_size=32, print_cost=True, history=None
):
    """Adam on mini-batches of the zipped datasets; returns (parameters, costs, train_acc, test_acc).

    Args:
        X_train, Y_train, X_test, Y_test: tf.data datasets of flattened images (12288,) and one-hot labels (6,).
        history: ours, optional: a list that receives (epoch, cost, train accuracy, test accuracy) every epoch.
    """
    costs, train_acc, test_acc = [], [], []
    parameters = initialize_parameters()
    variables = [parameters[name] for name, _ in LAYERS]
    optimizer = tf.keras.optimizers.Adam(learning_rate)
    train_accuracy, test_accuracy = tf.keras.metrics.CategoricalAccuracy(), tf.keras.metrics.CategoricalAccuracy()
    dataset = tf.data.Dataset.zip((X_train, Y_train))
    test_dataset = tf.data.Dataset.zip((X_test, Y_test))
    m = dataset.cardinality().numpy()
    minibatches = dataset.batch(minibatch_size).prefetch(8)
    test_minibatches = test_dataset.batch(minibatch_size).prefetch(8)
    for epoch in range(num_epochs):
        epoch_cost = 0.0
        train_accuracy.reset_state()
        for minibatch_X, minibatch_Y in minibatches:
            with tf.GradientTape() as tape:
                Z3 = forward_propagation(tf.transpose(minibatch_X), parameters)
                minibatch_cost = compute_cost(Z3, tf.transpose(minibatch_Y))
            train_accuracy.update_state(minibatch_Y, tf.transpose(Z3))
            grads = tape.gradient(minibatch_cost, variables)
            optimizer.apply_gradients(zip(grads, variables))
            epoch_cost += minibatch_cost
        epoch_cost /= m  # the course's scale: the sum of the batch means over the number of examples
        test_accuracy.reset_state()
        for minibatch_X, minibatch_Y in test_minibatches:
            test_accuracy.update_state(minibatch_Y, tf.transpose(forward_propagation(tf.transpose(minibatch_X), parameters)))
        if history is not None:
            history.append((epoch, float(epoch_cost), float(train_accuracy.result()), float(test_accuracy.result())))
        if print_cost and epoch % 10 == 0:
            print("Cost after epoch %i: %f" % (epoch, epoch_cost))  # noqa: UP031 - the course's exact format
            print("Train accuracy:", train_accuracy.result())
            print("Test_accuracy:", test_accuracy.result())
            costs.append(epoch_cost)
            train_acc.append(train_accuracy.result())
            test_acc.append(test_accuracy.result())
    return parameters, costs, train_acc, test_acc
