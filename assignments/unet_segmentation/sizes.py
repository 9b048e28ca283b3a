"""Image sizes the U-Net takes, and the memory a training run needs, checked before TensorFlow loads.

The U-Net pools four times, so height and width must be multiples of 16. How large they may be depends on
the machine: training keeps every layer's activations of a batch for the backward pass, so memory grows
with batch x height x width x filters. `training_memory_bytes` estimates it from the architecture (see its
docstring); `check_training_size` refuses a run whose estimate exceeds the memory this machine has, with
the estimate in the message, instead of a `MemoryError` traceback minutes later.
"""

from __future__ import annotations

from assignments.common.errors import UserError
from assignments.common.memory import physical_memory_bytes

IMAGE_SIZE = (96, 128)  # (height, width) the course trains at
DOWNSAMPLING_FACTOR = 16  # 2 ** 4: four 2x2 max-pools
LEVELS = 5  # encoder blocks (four pooled, the bottom one not)
MEMORY_SHARE = 0.8  # of the machine's physical memory that one run may plan to use
BYTES_PER_FLOAT = 4


def training_memory_bytes(height: int, width: int, batch_size: int, n_filters: int, n_classes: int, images: int) -> int:
    """A rough upper estimate of the memory one U-Net training run needs, in bytes.

    Counted per pixel of one image, in float32 values, at encoder/decoder level l (resolution 1/4**l of the
    pixels, 2**l * n_filters channels): about 3 tensors kept for the backward pass in an encoder block
    (two convolutions, the pool) and 5 in a decoder block (transposed convolution, concatenation counted
    twice, two convolutions), doubled for their gradients; plus logits, probabilities and their gradient
    (3 x n_classes). Added to that: the weights with their gradients and Adam's two moments (4 copies of
    about 8.6 M parameters x (n_filters / 32)**2), and the dataset cached in memory after resizing (3
    float32 + 1 uint8 per pixel per image).
    """
    per_pixel = 0.0
    for level in range(LEVELS):
        channels = n_filters * 2**level
        per_pixel += 2 * 8 * channels / 4**level
    per_pixel += 3 * n_classes
    activations = batch_size * height * width * per_pixel * BYTES_PER_FLOAT
    parameters = 8_640_471 * (n_filters / 32) ** 2
    weights = 4 * parameters * BYTES_PER_FLOAT
    cache = images * height * width * (3 * BYTES_PER_FLOAT + 1)
    return int(activations + weights + cache)


def check_training_size(height: int, width: int, batch_size: int, n_filters: int, n_classes: int, images: int) -> None:
    """Refuses an image size the U-Net cannot take, or a run that would not fit in this machine's memory.

    Raises:
        UserError: height or width is not a multiple of 16, or the estimate exceeds 80 % of the memory.
    """
    if height % DOWNSAMPLING_FACTOR or width % DOWNSAMPLING_FACTOR:
        raise UserError(
            f"--image-size {height} {width} is not divisible by {DOWNSAMPLING_FACTOR} (the U-Net pools 4 times): "
            f"use e.g. {max(16, round(height / 16) * 16)} {max(16, round(width / 16) * 16)}."
        )
    needed = training_memory_bytes(height, width, batch_size, n_filters, n_classes, images)
    available = physical_memory_bytes()
    if available is not None and needed > MEMORY_SHARE * available:
        raise UserError(
            f"Training {images:,} images at {height}x{width} with --batch-size {batch_size} and --n-filters {n_filters} needs "
            f"about {needed / 2**30:,.1f} GiB, more than {MEMORY_SHARE:.0%} of this machine's {available / 2**30:,.1f} GiB: "
            "use a smaller --image-size, --batch-size or --n-filters, or fewer images (--scenes)."
        )
