"""The course's input pipeline: file names → decoded, resized (image, mask) tensors → batched `tf.data`."""

from __future__ import annotations

import tensorflow as tf

from assignments.unet_segmentation.data import Pairs
from assignments.unet_segmentation.sizes import IMAGE_SIZE


def process_path(image_path, mask_path):
    """The course's `process_path`: file names -> (image float32 in [0, 1] (h, w, 3), mask uint8 (h, w, 1)).

    The mask's class id is its maximum over channels (CARLA stores it in red).
    """
    image = tf.io.decode_image(tf.io.read_file(image_path), channels=3, expand_animations=False)
    image = tf.image.convert_image_dtype(image, tf.float32)
    mask = tf.io.decode_image(tf.io.read_file(mask_path), channels=3, expand_animations=False)
    mask = tf.math.reduce_max(mask, axis=-1, keepdims=True)
    return image, mask


def preprocess(image, mask, size=IMAGE_SIZE):
    """The course's `preprocess`: both to `size` (height, width); the mask by nearest neighbour.

    Class ids must not be blended, so masks use nearest; images use bilinear with antialiasing, which
    averages the 5x-larger frame instead of picking single pixels.
    """
    input_image = tf.image.resize(image, size, method="bilinear", antialias=True)
    input_mask = tf.image.resize(mask, size, method="nearest")
    return input_image, input_mask


def make_dataset(pairs: Pairs, size=IMAGE_SIZE, batch_size: int = 32, shuffle_seed: int | None = None, cache: bool = True):
    """A `tf.data.Dataset` of (images (b, h, w, 3) float32, masks (b, h, w, 1) uint8) batches.

    Files are decoded and resized in parallel, cached in memory after resizing (96x128 is small), shuffled
    each epoch when `shuffle_seed` is given (training), batched and prefetched.
    """
    dataset = tf.data.Dataset.from_tensor_slices((list(pairs.image_paths), list(pairs.mask_paths)))
    dataset = dataset.map(process_path, num_parallel_calls=tf.data.AUTOTUNE)
    dataset = dataset.map(lambda image, mask: preprocess(image, mask, size), num_parallel_calls=tf.data.AUTOTUNE)
    if cache:
        dataset = dataset.cache()
    if shuffle_seed is not None:
        dataset = dataset.shuffle(len(pairs), seed=shuffle_seed, reshuffle_each_iteration=True)
    return dataset.batch(batch_size).prefetch(tf.data.AUTOTUNE)
