"""ResNet50 training at 64x64: images/s against `keras.applications.ResNet50`, and GFLOP/s against the machine's matmul rate.

    python benchmarks/bench_resnet50.py [--steps 8] [--batch-size 32] [--rounds 3] [--sweep]

1. Throughput, ours vs `keras.applications.ResNet50(weights=None)`: both get 64x64x3 inputs, 6 classes,
   Adam, sparse categorical cross-entropy, `jit_compile=False` (the setting our main script uses) and the
   same random batch. Each model's train step is traced and warmed up first; then the two are timed in
   alternation, so that a burst of load on a shared machine hits both. keras.applications pads before its
   max-pool (16x16 after the stem vs the course's 15x15); both have biases in every convolution.
2. Distance to the machine's limit: the course ResNet50's achieved GFLOP/s in training, as a share of a
   4096x4096 float32 `tf.matmul` timed in the same process, interleaved with the training steps (medians).
   FLOPs are counted from the layer shapes: every Conv2D and Dense does 2 x (output positions x kernel
   height x kernel width x input channels x output channels) FLOPs forward (multiply + add); training does
   three times that (forward, gradient with respect to the inputs, gradient with respect to the weights).
   BatchNorm, ReLU, additions and pooling are not counted (under 1% of the convolutions' FLOPs here), nor
   is the optimizer's update. The matmul does 2 x 4096^3 FLOPs.
3. `--sweep`: the same GFLOP/s for batch 32, 64 and 128, with and without `jit_compile`, and through a
   `tf.data` pipeline with `model.fit` instead of `train_on_batch` on a tensor (is the input a stall?).
4. `--profile`: where the training step's time goes, each part a compiled `tf.function` timed interleaved
   with the matmul: the forward pass in inference mode (BatchNorm with moving statistics), in training
   mode (batch statistics), forward + backward (gradients, no update), and the whole step with Adam;
   then the forward pass stage by stage (stem + stage 2 on 15x15 maps ... stage 5 on 2x2 maps).
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

import keras  # noqa: E402  (after the path and log-level setup above)
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402
from limits import forward_flops  # noqa: E402  (FLOPs from layer shapes, shared by the benchmarks)

from assignments.resnet50 import ResNet50  # noqa: E402

IMAGE_SHAPE = (64, 64, 3)
CLASSES = 6
MATMUL_SIZE = 4096


def compiled(model, jit_compile: bool = False):
    model.compile(optimizer=keras.optimizers.Adam(0.001), loss="sparse_categorical_crossentropy", jit_compile=jit_compile)
    return model


def random_batch(batch_size: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    random = np.random.default_rng(seed)
    return random.random((batch_size, *IMAGE_SHAPE), dtype=np.float32), random.integers(0, CLASSES, batch_size)


def warm_up(model, images, labels) -> float:
    started = time.perf_counter()
    model.train_on_batch(images, labels)  # traces the train step
    model.train_on_batch(images, labels)
    return time.perf_counter() - started


def time_steps(model, images, labels, steps: int) -> float:
    """Seconds per training step, over `steps` steps on one in-memory batch."""
    started = time.perf_counter()
    for _ in range(steps):
        model.train_on_batch(images, labels)
    return (time.perf_counter() - started) / steps


def time_fit(model, images, labels, steps: int) -> float:
    """Seconds per step of `model.fit` over a cached, prefetched tf.data pipeline of the same batch."""
    dataset = tf.data.Dataset.from_tensors((images, labels)).repeat(steps).cache().prefetch(tf.data.AUTOTUNE)
    model.fit(dataset.take(1), epochs=1, verbose=0, shuffle=False)  # traces fit's own step function
    started = time.perf_counter()
    model.fit(dataset, epochs=1, verbose=0, shuffle=False)
    return (time.perf_counter() - started) / steps


def matmul_seconds(a, b) -> float:
    started = time.perf_counter()
    tf.matmul(a, b).numpy()
    return time.perf_counter() - started


def compare_with_keras_applications(batch_size: int, steps: int, rounds: int) -> None:
    keras.utils.set_random_seed(0)
    models = {
        "ours (course ResNet50)": compiled(ResNet50(input_shape=IMAGE_SHAPE, classes=CLASSES)),
        "keras.applications.ResNet50": compiled(
            keras.applications.ResNet50(weights=None, input_shape=IMAGE_SHAPE, classes=CLASSES)
        ),
    }
    images, labels = random_batch(batch_size)
    for name, model in models.items():
        print(f"{name}: {model.count_params():,} parameters, trace + 2 warm-up steps {warm_up(model, images, labels):.1f} s")
    seconds = {name: [] for name in models}
    for _ in range(rounds):
        for name, model in models.items():
            seconds[name].append(time_steps(model, images, labels, steps))
    rates = {name: batch_size / statistics.median(values) for name, values in seconds.items()}
    print(f"\nthroughput, batch {batch_size}, median of {rounds} rounds x {steps} steps per model:")
    for name, rate in rates.items():
        print(f"  {name:<30} {rate:8.1f} training images/s")
    ours, reference = rates.values()
    print(f"  ratio ours / keras.applications: {ours / reference:.2f} (>= 1.00: ours is no slower)")


def share_of_matmul(
    batch_size: int, steps: int, rounds: int, *, jit_compile: bool = False, pipeline: bool = False
) -> tuple[float, float, float, float]:
    """(training GFLOP/s, matmul GFLOP/s, share, best-of share) over `rounds` rounds of `steps` training
    steps followed by one matmul. The rates are medians; the share is the median of the per-round shares
    (a round's steps and matmul run seconds apart, under similar load); the best-of share divides the best
    training rate by the best matmul rate, each side's least-disturbed run, which is what an idle machine
    would show (on a shared machine the medians swing by +-20% from run to run)."""
    keras.utils.set_random_seed(0)
    model = compiled(ResNet50(input_shape=IMAGE_SHAPE, classes=CLASSES), jit_compile=jit_compile)
    images, labels = random_batch(batch_size)
    warm_up(model, images, labels)
    a = tf.random.normal([MATMUL_SIZE, MATMUL_SIZE], seed=1)
    b = tf.random.normal([MATMUL_SIZE, MATMUL_SIZE], seed=2)
    matmul_seconds(a, b)  # warm-up: allocates, loads the kernels
    flops_per_step = 3 * forward_flops(model) * batch_size
    achieved, matmul = [], []
    for _ in range(rounds):
        step = time_fit(model, images, labels, steps) if pipeline else time_steps(model, images, labels, steps)
        achieved.append(flops_per_step / step / 1e9)
        matmul.append(2 * MATMUL_SIZE**3 / matmul_seconds(a, b) / 1e9)
    shares = [ours / reference for ours, reference in zip(achieved, matmul)]
    return statistics.median(achieved), statistics.median(matmul), statistics.median(shares), max(achieved) / max(matmul)


def profile_step(batch_size: int, steps: int, rounds: int) -> None:
    """Times the parts of a training step as compiled functions, each against the interleaved matmul."""
    keras.utils.set_random_seed(0)
    model = compiled(ResNet50(input_shape=IMAGE_SHAPE, classes=CLASSES))
    images, labels = (tf.constant(array) for array in random_batch(batch_size))
    loss_function = keras.losses.SparseCategoricalCrossentropy()

    @tf.function
    def forward_inference():
        return model(images, training=False)

    @tf.function
    def forward_training():
        return model(images, training=True)

    @tf.function
    def forward_backward():
        with tf.GradientTape() as tape:
            loss = loss_function(labels, model(images, training=True))
        return tape.gradient(loss, model.trainable_variables)

    def train_step():
        return model.train_on_batch(images, labels)

    forward = forward_flops(model) * batch_size
    parts = {  # name → (function, FLOPs it does)
        "forward, inference mode": (forward_inference, forward),
        "forward, training mode": (forward_training, forward),
        "forward + backward": (forward_backward, 3 * forward),
        "whole step (+ Adam)": (train_step, 3 * forward),
    }
    for function, _ in parts.values():
        function()  # trace and warm up
    a = tf.random.normal([MATMUL_SIZE, MATMUL_SIZE], seed=1)
    b = tf.random.normal([MATMUL_SIZE, MATMUL_SIZE], seed=2)
    matmul_seconds(a, b)
    seconds = {name: [] for name in parts}
    shares = {name: [] for name in parts}
    matmul_rates = []
    for _ in range(rounds):
        for name, (function, flops) in parts.items():
            started = time.perf_counter()
            for _ in range(steps):
                tf.nest.map_structure(lambda value: value.numpy() if hasattr(value, "numpy") else value, function())
            seconds[name].append((time.perf_counter() - started) / steps)
            # One matmul right after each part: the pair runs under the same load.
            matmul_rates.append(2 * MATMUL_SIZE**3 / matmul_seconds(a, b) / 1e9)
            shares[name].append(flops / seconds[name][-1] / 1e9 / matmul_rates[-1])
    print(f"\nprofile, batch {batch_size}, median of {rounds} rounds x {steps} calls, each part followed by one matmul:")
    print(f"  {'part':<26} {'ms':>8} {'GFLOP/s':>9} {'share':>6} {'best-of share':>14}")
    for name, (_, flops) in parts.items():
        median, best = statistics.median(seconds[name]), min(seconds[name])
        best_share = flops / best / 1e9 / max(matmul_rates)
        print(
            f"  {name:<26} {median * 1e3:8.1f} {flops / median / 1e9:9.1f} {statistics.median(shares[name]):6.0%} {best_share:14.0%}"
        )


def profile_stages(batch_size: int, rounds: int) -> None:
    """Forward pass (inference mode) stage by stage: each stage's GFLOP/s against the best matmul.

    A stage's time is the difference between sub-models that end after it and after the stage before.
    """
    model = ResNet50(input_shape=IMAGE_SHAPE, classes=CLASSES)
    adds = [index for index, layer in enumerate(model.layers) if isinstance(layer, keras.layers.Add)]
    # Stages 2-5 end with the ReLU after their 3rd, 7th, 13th and 16th residual addition; then the head.
    ends = [adds[count - 1] + 1 for count in (3, 7, 13, 16)] + [len(model.layers) - 1]
    names = ["stem + stage 2", "stage 3", "stage 4", "stage 5", "head (pool + dense)"]
    images = tf.constant(random_batch(batch_size)[0])
    parts = []
    for end in ends:
        sub_model = keras.Model(model.inputs, model.layers[end].output)
        function = tf.function(lambda x, sub_model=sub_model: sub_model(x, training=False))
        function(images)  # trace
        parts.append((sub_model, function))
    a = tf.random.normal([MATMUL_SIZE, MATMUL_SIZE], seed=1)
    b = tf.random.normal([MATMUL_SIZE, MATMUL_SIZE], seed=2)
    matmul_seconds(a, b)
    best = [float("inf")] * len(parts)
    matmul = 0.0
    for _ in range(rounds):
        for index, (_, function) in enumerate(parts):
            started = time.perf_counter()
            function(images).numpy()
            best[index] = min(best[index], time.perf_counter() - started)
        matmul = max(matmul, 2 * MATMUL_SIZE**3 / matmul_seconds(a, b) / 1e9)
    print(f"\nforward by stage, inference mode, batch {batch_size}, best of {rounds}; best matmul {matmul:.1f} GFLOP/s:")
    previous_seconds, previous_flops = 0.0, 0
    for name, (sub_model, _), seconds in zip(names, parts, best):
        flops = forward_flops(sub_model) * batch_size
        stage_seconds, stage_flops = seconds - previous_seconds, flops - previous_flops
        rate = stage_flops / stage_seconds / 1e9 if stage_seconds > 0 else float("nan")
        print(
            f"  {name:<20} output {str(tuple(sub_model.outputs[0].shape[1:])):<16} {stage_seconds * 1e3:7.1f} ms "
            f"{stage_flops / 1e9:6.2f} GFLOP {rate:7.1f} GFLOP/s {rate / matmul:5.0%}"
        )
        previous_seconds, previous_flops = seconds, flops


def check_flop_count() -> int:
    """The layer-shape count, checked against the closed form of the stem convolution (a sanity check)."""
    model = ResNet50(input_shape=IMAGE_SHAPE, classes=CLASSES)
    stem = next(layer for layer in model.layers if isinstance(layer, keras.layers.Conv2D))
    expected_stem = 2 * 32 * 32 * 7 * 7 * 3 * 64  # 64x64 padded to 70x70, 7x7 stride 2 → 32x32x64
    counted_stem = forward_flops(keras.Model(model.inputs, stem.output))
    if counted_stem != expected_stem:
        raise SystemExit(f"FLOP count of the stem convolution is {counted_stem}, expected {expected_stem}")
    return forward_flops(model)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=3, help="timed training steps per model per round (default 3)")
    parser.add_argument("--batch-size", type=int, default=32, help="images per step (default 32, the course's)")
    parser.add_argument("--rounds", type=int, default=7, help="interleaved timing rounds; medians are reported (default 7)")
    parser.add_argument("--sweep", action="store_true", help="also: batch 64 and 128, jit_compile, and a tf.data pipeline")
    parser.add_argument("--profile", action="store_true", help="also: time the parts of the training step")
    parser.add_argument("--skip-comparison", action="store_true", help="skip the keras.applications comparison")
    arguments = parser.parse_args()

    print(
        f"machine: {platform.machine()}, {os.cpu_count()} CPU cores, {len(tf.config.list_physical_devices('GPU'))} GPU(s), TensorFlow {tf.__version__}"
    )
    if not arguments.skip_comparison:
        compare_with_keras_applications(arguments.batch_size, arguments.steps, arguments.rounds)

    forward = check_flop_count()
    print(
        f"\nFLOPs (Conv2D + Dense, from layer shapes): {forward / 1e9:.3f} GFLOP forward per 64x64 image, "
        f"x3 for training = {3 * forward / 1e9:.3f} GFLOP per image"
    )
    settings = [(arguments.batch_size, False, False)]
    if arguments.sweep:
        settings += [
            (64, False, False),
            (128, False, False),
            (arguments.batch_size, True, False),
            (arguments.batch_size, False, True),
        ]
    print(
        f"{'batch':>5}  {'jit':>5}  {'input':>16}  {'training GFLOP/s':>16}  {'matmul GFLOP/s':>14}  {'share':>6}  {'best-of share':>13}"
    )
    for batch_size, jit_compile, pipeline in settings:
        steps = max(2, arguments.steps * arguments.batch_size // batch_size)
        achieved, matmul, share, best = share_of_matmul(
            batch_size, steps, arguments.rounds, jit_compile=jit_compile, pipeline=pipeline
        )
        source = "tf.data + fit" if pipeline else "train_on_batch"
        print(
            f"{batch_size:>5}  {str(jit_compile):>5}  {source:>16}  {achieved:16.1f}  {matmul:14.1f}  {share:6.0%}  {best:13.0%}"
        )
    if arguments.profile:
        profile_step(arguments.batch_size, arguments.steps, arguments.rounds)
        profile_stages(arguments.batch_size, arguments.rounds)


if __name__ == "__main__":
    main()
