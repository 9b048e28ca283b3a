"""The triplet loss (graded exercise 1): pull an anchor towards a positive, push it from a negative.

L = Σ_i max(‖f(A_i) − f(P_i)‖² − ‖f(A_i) − f(N_i)‖² + α, 0)
"""

from __future__ import annotations

import tensorflow as tf


def triplet_loss(y_true, y_pred, alpha=0.2):
    """The triplet loss of FaceNet, summed over the batch.

    Args:
        y_true: unused; Keras losses take labels first, and triplets need none.
        y_pred: a sequence of three encodings batches (anchor, positive, negative), each of shape (m, 128)
            (or any (..., d): the squared distances are taken over the last axis).
        alpha: the margin by which a negative must be farther than the positive.

    Returns:
        A scalar float32 tensor, the loss.
    """
    # Plain lists of ints (the course's hand-made cases) become float32 tensors first.
    anchor, positive, negative = (tf.convert_to_tensor(y_pred[index], dtype=tf.float32) for index in range(3))

    # Squared L2 distances per triplet, over the encoding axis: shape (m,).
    positive_distance = tf.reduce_sum(tf.square(anchor - positive), axis=-1)
    negative_distance = tf.reduce_sum(tf.square(anchor - negative), axis=-1)

    # Hinge on the margin, then sum over the m triplets: shape ().
    basic_loss = positive_distance - negative_distance + alpha
    return tf.reduce_sum(tf.maximum(basic_loss, 0.0))
