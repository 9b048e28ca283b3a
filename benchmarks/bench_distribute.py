"""Training throughput on one device vs MirroredStrategy over two logical CPU devices, in one process.

    python benchmarks/bench_distribute.py [--epochs 4] [--images 256] [--global-batch 32]

The CPU is split into two logical devices before TensorFlow starts (as the tests do). Each model trains
with the same global batch under `--distribute none` (one device) and `mirrored` (two replicas, half the
batch each), one after the other in this process; the first epoch (tracing) is dropped and the median of
the rest is reported. Two logical devices share the same cores, so this shows the cost of the mirrored path
(splitting batches, adding gradients), not a speed-up: on GPUs each replica has a chip of its own.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np
import tensorflow as tf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
if __name__ == "__main__":
    _cpu = tf.config.list_physical_devices("CPU")[0]
    tf.config.set_logical_device_configuration(_cpu, [tf.config.LogicalDeviceConfiguration()] * 2)

import keras  # noqa: E402

from assignments.common.classification.training import compile_model as compile_classifier  # noqa: E402
from assignments.common.distribute import start_distribution  # noqa: E402
from assignments.happy_house import convolutional_model  # noqa: E402
from assignments.unet_segmentation import unet_model  # noqa: E402
from assignments.unet_segmentation.training import compile_model as compile_unet  # noqa: E402


class EpochTimer(keras.callbacks.Callback):
    def on_epoch_begin(self, epoch, logs=None):
        self.started = time.perf_counter()

    def on_epoch_end(self, epoch, logs=None):
        self.seconds.append(time.perf_counter() - self.started)

    def on_train_begin(self, logs=None):
        self.seconds = []


def images_per_second(distribution, build, data, global_batch: int, epochs: int) -> float:
    keras.utils.set_random_seed(0)
    with distribution.scope():
        model = build()
    batches = distribution.shard(tf.data.Dataset.from_tensor_slices(data).cache().batch(global_batch).prefetch(2), "data")
    timer = EpochTimer()
    model.fit(batches, epochs=epochs, verbose=0, callbacks=[timer])
    return len(data[0]) / statistics.median(timer.seconds[1:])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--images", type=int, default=256)
    parser.add_argument("--global-batch", type=int, default=32)
    arguments = parser.parse_args()
    rng = np.random.default_rng(0)
    models = {
        "SIGNS ConvNet (64x64)": (
            lambda: compile_classifier(convolutional_model((64, 64, 3), 6), 6, 0.001),
            (rng.random((arguments.images, 64, 64, 3), dtype=np.float32), rng.integers(0, 6, arguments.images)),
        ),
        "U-Net, 8 filters (96x128)": (
            lambda: compile_unet(unet_model((96, 128, 3), 8, 23), 23, 0.001),
            (
                rng.random((arguments.images, 96, 128, 3), dtype=np.float32),
                rng.integers(0, 23, (arguments.images, 96, 128, 1)).astype(np.uint8),
            ),
        ),
    }
    # One strategy of each kind per process (a second MirroredStrategy would reuse the first one's collective keys).
    one, two = start_distribution("none"), start_distribution("mirrored")
    print(f"{one.describe(arguments.global_batch)}\n{two.describe(arguments.global_batch // 2)}")
    for name, (build, data) in models.items():
        single = images_per_second(one, build, data, arguments.global_batch, arguments.epochs)
        mirrored = images_per_second(two, build, data, arguments.global_batch, arguments.epochs)
        print(
            f"{name}: one device {single:.1f} images/s, mirrored on 2 logical devices {mirrored:.1f} images/s, ratio {mirrored / single:.2f}x"
        )


if __name__ == "__main__":
    main()
