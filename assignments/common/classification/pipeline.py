"""The input pipeline: uint8 images → float32 in [0, 1], cached, shuffled each epoch, batched, prefetched."""

from __future__ import annotations

import tensorflow as tf

from assignments.common.classification.imageset import ImageSet


def make_dataset(data: ImageSet, batch_size: int, *, shuffle: bool, seed: int, one_hot: bool = False) -> tf.data.Dataset:
    """The `tf.data` pipeline that `fit`, `evaluate` and `predict` read.

    Args:
        data: the images (m, 64, 64, 3) uint8 and labels (m,).
        batch_size: images per step.
        shuffle: reshuffle every epoch (training) or keep the order (evaluation).
        seed: the shuffle seed.
        one_hot: labels as one-hot (m, classes) float32, else integers (float32 0 / 1 for two classes,
            which a one-unit sigmoid model's binary cross-entropy wants; int64 otherwise).
    """
    classes = len(data.class_names)
    dataset = tf.data.Dataset.from_tensor_slices((data.images, data.labels))

    def scale(image, label):
        # (64, 64, 3) uint8 → float32 / 255, as the course's X_train / 255.
        label = tf.one_hot(label, classes) if one_hot else tf.cast(label, tf.float32 if classes == 2 else tf.int64)
        return tf.cast(image, tf.float32) / 255.0, label

    dataset = dataset.map(scale, num_parallel_calls=tf.data.AUTOTUNE).cache()
    if shuffle:
        dataset = dataset.shuffle(len(data), seed=seed, reshuffle_each_iteration=True)
    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)
