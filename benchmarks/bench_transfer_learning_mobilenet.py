"""Benchmark: training images/s of both phases of the course's transfer learning, the share of the same-process
matmul rate, and the input pipeline with `cache` + `prefetch` against the course's (decoding every epoch).

- Training: alpaca_model at the course's 160 x 160, batch 32, random base (the speed does not depend on the
  weights), on one fixed batch, so only the model's work is timed. Phase 1 (frozen base) does a forward
  pass through the base; phase 2 (fine-tuning from layer 120) also back-propagates through the top layers.
  FLOPs are counted from layer shapes (convolutions, depthwise convolutions and the Dense layer): phase 1 as
  1x the forward pass, phase 2 as the forward pass plus 2x the trainable part's (input and weight gradients).
  The matmul rate is `benchmarks/limits.py`'s 4096 x 4096 float32 matmul, timed in this process.
- Input: one pass over the course's folder (else a generated one) as `image_dataset_from_directory` gives it,
  against the same after a first, caching pass (what `train` builds): images/s of the pipeline alone.

    python benchmarks/bench_transfer_learning_mobilenet.py [--steps 4]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

import keras
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from limits import matmul_flops, matmul_step  # noqa: E402

from assignments.transfer_learning_mobilenet import alpaca_model, base_of, data_augmenter, fine_tune  # noqa: E402
from assignments.transfer_learning_mobilenet.data import check_image_folder, make_datasets  # noqa: E402
from assignments.transfer_learning_mobilenet.synthetic import write_picture_folder  # noqa: E402
from assignments.transfer_learning_mobilenet.week import WEEK  # noqa: E402


def layer_flops(layer) -> int:
    """2 x multiply-adds of one image through a convolution, depthwise convolution or Dense layer."""
    if isinstance(layer, keras.layers.DepthwiseConv2D):
        _, height, width, channels = layer.output.shape
        return 2 * height * width * channels * layer.kernel_size[0] * layer.kernel_size[1]
    if isinstance(layer, keras.layers.Conv2D):
        _, height, width, channels_out = layer.output.shape
        kernel_height, kernel_width, channels_in, _ = layer.kernel.shape
        return 2 * height * width * kernel_height * kernel_width * channels_in * channels_out
    if isinstance(layer, keras.layers.Dense):
        return 2 * int(np.prod(layer.kernel.shape))
    return 0


def seconds_per_step(model, images, labels, steps: int) -> float:
    model.train_on_batch(images, labels)  # traces the step
    model.train_on_batch(images, labels)
    started = time.perf_counter()
    for _ in range(steps):
        model.train_on_batch(images, labels)
    return (time.perf_counter() - started) / steps


def matmul_rate() -> float:
    step = matmul_step()
    started = time.perf_counter()
    for _ in range(3):
        step()
    return matmul_flops() * 3 / (time.perf_counter() - started)


def training(steps: int, batch: int = 32) -> None:
    keras.utils.set_random_seed(0)
    model = alpaca_model((160, 160), data_augmenter())
    base = base_of(model)
    forward = sum(layer_flops(layer) for layer in base.layers) + sum(layer_flops(layer) for layer in model.layers)
    rng = np.random.default_rng(0)
    images = rng.uniform(0, 255, (batch, 160, 160, 3)).astype("float32")
    labels = rng.integers(0, 2, (batch, 1)).astype("float32")
    model.compile(
        optimizer=keras.optimizers.Adam(0.001), loss=keras.losses.BinaryCrossentropy(from_logits=True), jit_compile=False
    )
    phases = [("frozen base", seconds_per_step(model, images, labels, steps), forward)]
    loss, optimizer, _ = fine_tune(model)
    model.compile(optimizer=optimizer, loss=loss, jit_compile=False)
    trainable_part = sum(layer_flops(layer) for layer in base.layers[120:])
    phases.append(("fine-tuning from 120", seconds_per_step(model, images, labels, steps), forward + 2 * trainable_part))
    rate = matmul_rate()
    print(f"same-process matmul: {rate / 1e9:.1f} GFLOP/s (float32 4096 x 4096)")
    print(
        f"forward pass: {forward / 1e9:.3f} GFLOP per 160 x 160 image; the fine-tuned layers' share {trainable_part / forward:.0%}"
    )
    for name, seconds, flops in phases:
        achieved = flops * batch / seconds
        print(
            f"{name:<22} {batch / seconds:7.1f} images/s   {achieved / 1e9:6.1f} GFLOP/s   {achieved / rate:6.1%} of the matmul rate"
        )


def pipeline() -> None:
    course = WEEK.default_input("data")
    with tempfile.TemporaryDirectory() as scratch:
        root = course if course is not None else write_picture_folder(Path(scratch) / "pictures", per_class=150)
        folder = check_image_folder(root, "the benchmark's folder", verify=False)
        import tensorflow as tf

        plain = tf.keras.utils.image_dataset_from_directory(root, batch_size=32, image_size=(160, 160), seed=42, verbose=False)
        cached, _, _ = make_datasets(folder, (160, 160), 32, 0.2, 42)

        def images_per_second(dataset) -> float:
            started, count = time.perf_counter(), 0
            for images, _ in dataset:
                count += int(images.shape[0])
            return count / (time.perf_counter() - started)

        decoding = images_per_second(plain)
        images_per_second(cached)  # the first pass fills the cache
        print(f"input pipeline ({folder.total} images in {root}): decoding every epoch {decoding:.0f} images/s; ")
        print(f"  cached + prefetched, from the second epoch on {images_per_second(cached):.0f} images/s")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=4, help="timed training steps per phase (default 4)")
    arguments = parser.parse_args()
    training(arguments.steps)
    pipeline()
    return 0


if __name__ == "__main__":
    sys.exit(main())
