"""The machine's limit, shared by the benchmarks: FLOPs counted from layer shapes, and the matmul rate.

Every compute-bound benchmark reports its achieved GFLOP/s as a share of a large float32 matmul timed in
the same process, so both figures see the same machine, load and TensorFlow build.

- `forward_flops(model)`: 2 x multiply-adds of one image's forward pass through the model's Conv2D,
  Conv2DTranspose and Dense layers, from their shapes. BatchNorm, activations, pooling, additions and
  the optimizer are memory-bound and not counted; a training step is counted as 3x the forward (forward,
  input gradient, weight gradient), frozen weights as 2x.
- `matmul_step(size)`: a function that runs one size x size float32 `tf.matmul` and waits for it, and
  `matmul_flops(size)`, its FLOPs (2 x size^3), for the reference rate.
"""

from __future__ import annotations

import keras
import tensorflow as tf

MATMUL_SIZE = 4096


def forward_flops(model) -> int:
    """FLOPs (2 x multiply-adds) of one image's forward pass through Conv2D, Conv2DTranspose and Dense layers."""
    total = 0
    for layer in model.layers:
        if isinstance(layer, keras.layers.Conv2DTranspose):
            # Each input position scatters a kernel_height x kernel_width x filters patch.
            _, height, width, channels_in = layer.input.shape
            kernel_height, kernel_width = layer.kernel_size
            total += 2 * height * width * kernel_height * kernel_width * channels_in * layer.filters
        elif isinstance(layer, keras.layers.Conv2D):
            _, height, width, channels_out = layer.output.shape  # (None, H_out, W_out, C_out)
            kernel_height, kernel_width, channels_in, _ = layer.kernel.shape
            total += 2 * height * width * kernel_height * kernel_width * channels_in * channels_out
        elif isinstance(layer, keras.layers.Dense):
            units_in, units_out = layer.kernel.shape
            total += 2 * units_in * units_out
    return int(total)


def matmul_flops(size: int = MATMUL_SIZE) -> int:
    """FLOPs of one size x size by size x size matmul."""
    return 2 * size**3


def matmul_step(size: int = MATMUL_SIZE, seed: int = 1):
    """A function running one size x size float32 matmul to completion (warmed up once already)."""
    a = tf.random.normal((size, size), seed=seed)
    b = tf.random.normal((size, size), seed=seed + 1)

    def step():
        return tf.matmul(a, b).numpy()

    step()
    return step
