"""Re-estimating BatchNorm moving statistics after training (`train --refresh-batchnorm N`).

Why: a model trained from scratch ends with moving averages that still mix in statistics of earlier
weights, so its inference mode can disagree badly with its training mode (see docs/resnet50.md).
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf


def batchnorm_layers(model) -> list:
    """Every BatchNormalization layer of `model`, including those inside nested models, in layer order."""
    found, stack = [], list(reversed(getattr(model, "layers", [])))
    while stack:
        layer = stack.pop()
        if isinstance(layer, keras.layers.BatchNormalization):
            found.append(layer)
        stack.extend(reversed(getattr(layer, "layers", [])))
    return found


def refresh_batchnorm_statistics(model, dataset, passes: int) -> int:
    """Re-estimates every trainable BatchNormalization layer's moving_mean / moving_variance; nothing else changes.

    After training from scratch, the moving averages (momentum 0.99: they remember roughly the last 100
    steps) still mix in statistics of earlier, different weights, so inference mode can disagree badly
    with training mode. This replaces them with the plain average of the per-batch statistics the
    *final* weights produce, over `passes` passes of `dataset`:

    - each layer's momentum is set to 0 for the duration, so a training-mode forward pass makes
      `moving_mean` equal that batch's mean and `moving_variance` that batch's (biased) variance, exactly
      as Keras's BatchNormalization.call computes them (moving * 0 + batch * 1);
    - after each batch those values are read and summed in float64; in training mode every
      BatchNormalization normalises with its batch's own statistics, never the moving ones, so
      overwriting them mid-pass does not change what the next layers see;
    - at the end each layer gets sum / batches (every batch counts equally, the last smaller one too),
      i.e. the cumulative average, and the momenta are restored (also on error).

    Kernels, gamma, beta and the optimizer are not touched (no gradients, no optimizer step). Layers
    that are frozen (trainable=False) run in inference mode even when training=True, so they are left as
    they are.

    Args:
        model: a built Keras model.
        dataset: batches of (images, labels) or of images, as `fit` takes them.
        passes: how many times to iterate over `dataset`, >= 1.

    Returns:
        the number of BatchNormalization layers refreshed.

    Raises:
        ValueError: passes < 1, a layer uses batch renormalisation, or the dataset yields no batch.
    """
    if passes < 1:
        raise ValueError(f"passes must be at least 1, got {passes}")
    layers = [layer for layer in batchnorm_layers(model) if layer.trainable]
    for layer in layers:
        if layer.renorm:
            raise ValueError(
                f"BatchNormalization layer {layer.name!r} uses renorm, whose statistics this refresh does not handle"
            )
    if not layers:
        return 0
    momenta = [layer.momentum for layer in layers]
    try:
        for layer in layers:
            layer.momentum = 0.0  # read when the step below is traced, so set before the first call
        means, variances, batches = _summed_batch_statistics(model, layers, dataset, passes)
        for mean, variance, layer in zip(means, variances, layers):
            layer.moving_mean.assign((mean / batches).astype(layer.moving_mean.dtype))
            layer.moving_variance.assign((variance / batches).astype(layer.moving_variance.dtype))
    finally:
        for layer, momentum in zip(layers, momenta):
            layer.momentum = momentum
    return len(layers)


def _summed_batch_statistics(model, layers: list, dataset, passes: int):
    """The sums, in float64, of each layer's per-batch mean and variance over `passes` passes, and the batch count.

    With momentum 0 a training-mode forward pass leaves each layer's batch statistics in its moving ones.
    """
    means = [np.zeros(layer.moving_mean.shape, dtype=np.float64) for layer in layers]
    variances = [np.zeros(layer.moving_variance.shape, dtype=np.float64) for layer in layers]
    batches = 0

    @tf.function(reduce_retracing=True)
    def forward(images):
        model(images, training=True)  # (batch, 64, 64, 3); only the BN moving statistics change

    for _ in range(passes):
        for batch in dataset:
            forward(batch[0] if isinstance(batch, (tuple, list)) else batch)
            batches += 1
            for index, layer in enumerate(layers):
                means[index] += np.asarray(layer.moving_mean.numpy(), dtype=np.float64)
                variances[index] += np.asarray(layer.moving_variance.numpy(), dtype=np.float64)
    if batches == 0:
        raise ValueError("the dataset yielded no batch, so there are no statistics to estimate")
    return means, variances, batches
