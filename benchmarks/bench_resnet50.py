"""Training throughput of the course's ResNet50 (ours) against `keras.applications.ResNet50`, same process.

    python benchmarks/bench_resnet50.py [--steps 8] [--batch-size 32] [--rounds 2]

Both models get 64x64x3 inputs, 6 classes, Adam, sparse categorical cross-entropy, `jit_compile=False`
(the setting our main script uses) and the same random batch. Each model's train step is traced and
warmed up first; then the two are timed in alternation for --rounds rounds, so that a burst of load on a
shared machine hits both. Prints images/s for each and the ratio ours / keras.applications (>= 1: ours
is no slower). The architectures differ slightly: keras.applications pads before its max-pool (16x16 after
the stem vs the course's 15x15) and has biases in every convolution like ours.
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere


def build_models():
    import keras

    from assignments.resnet50 import ResNet50

    keras.utils.set_random_seed(0)
    ours = ResNet50(input_shape=(64, 64, 3), classes=6)
    reference = keras.applications.ResNet50(weights=None, input_shape=(64, 64, 3), classes=6)
    for model in (ours, reference):
        model.compile(optimizer=keras.optimizers.Adam(0.001), loss="sparse_categorical_crossentropy", jit_compile=False)
    return {"ours (course ResNet50)": ours, "keras.applications.ResNet50": reference}


def time_steps(model, images, labels, steps: int) -> float:
    started = time.perf_counter()
    for _ in range(steps):
        model.train_on_batch(images, labels)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=8, help="timed training steps per model per round (default 8)")
    parser.add_argument("--batch-size", type=int, default=32, help="images per step (default 32, the course's)")
    parser.add_argument("--rounds", type=int, default=2, help="alternating timing rounds (default 2)")
    arguments = parser.parse_args()

    import numpy as np
    import tensorflow as tf

    random = np.random.default_rng(0)
    images = random.random((arguments.batch_size, 64, 64, 3), dtype=np.float32)
    labels = random.integers(0, 6, arguments.batch_size)
    models = build_models()
    for name, model in models.items():
        started = time.perf_counter()
        model.train_on_batch(images, labels)  # traces the train step
        model.train_on_batch(images, labels)
        print(f"{name}: {model.count_params():,} parameters, trace + 2 warm-up steps {time.perf_counter() - started:.1f} s")

    seconds = {name: 0.0 for name in models}
    for _ in range(arguments.rounds):
        for name, model in models.items():
            seconds[name] += time_steps(model, images, labels, arguments.steps)
    images_seen = arguments.rounds * arguments.steps * arguments.batch_size
    rates = {name: images_seen / value for name, value in seconds.items()}
    print(f"\nmachine: {platform.machine()}, {os.cpu_count()} CPU cores, TensorFlow {tf.__version__}; batch {arguments.batch_size}, "
          f"{arguments.rounds} x {arguments.steps} timed steps per model")
    for name, rate in rates.items():
        print(f"{name:<30} {rate:8.1f} training images/s")
    ours, reference = rates.values()
    print(f"ratio ours / keras.applications: {ours / reference:.2f} (>= 1.00: ours is no slower)")


if __name__ == "__main__":
    main()
