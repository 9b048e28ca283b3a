"""Benchmark: seconds per style-transfer iteration, the compiled step against a straightforward eager step,
its achieved GFLOP/s against the same process' matmul rate, and how the cost grows with the image.

The baseline is the step a learner writes from the notebook, run eagerly op by op (`eager_train_step` below:
VGG19 forward, the five layer style costs with the style image's Gram matrices recomputed, the content cost,
gradient, Adam, clip). Ours is `optimize.make_train_step`: one `tf.function` (XLA optional) starting from
targets computed once. Both run in this process from the same seeded start image; their costs over the first
3 steps and the image after them must agree. Peak memory: the process' resident-set high-water mark on a CPU
(reset before each variant), TensorFlow's peak allocation on a GPU.

Achieved rate: FLOPs are counted from the layer shapes of the model the step runs (VGG19 from the
input to block5_conv4, the course's content layer; the style layers end at block5_conv1):
- each Conv2D forward: 2 * H_out * W_out * C_out * (3 * 3 * C_in), a multiply and an add per weight per output;
- each Conv2D backward: the same again, for the gradient with respect to its input (a transposed convolution
  of the same size); the weights are frozen, so no weight gradients are computed;
- each style layer's Gram matrix: 2 * C^2 * H * W forward, twice that backward;
- ReLU, pooling, the cost sums and Adam's update on the image are memory-bound and not counted (under 1 %).
The rate is those FLOPs over the step's median time, compared with a 4096x4096 float32 `tf.matmul` timed in
the same process just before and just after the step (the mean of the two).

    python benchmarks/bench_style_transfer.py                       # eager vs compiled at 224 and 400, then the rate and scaling
    python benchmarks/bench_style_transfer.py --sizes 400 --steps 10 --weights imagenet --xla on
    python benchmarks/bench_style_transfer.py --sizes --scaling 400 --steps 6      # only the rate at 400
    TF_ENABLE_ONEDNN_OPTS=0 python benchmarks/bench_style_transfer.py --sizes --scaling 400   # without oneDNN
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402
from limits import forward_flops  # noqa: E402  (FLOPs from layer shapes, shared by the benchmarks)

from assignments.style_transfer import CONTENT_LAYER, STYLE_LAYERS, get_layer_outputs  # noqa: E402
from assignments.style_transfer.costs import compute_content_cost, compute_layer_style_cost  # noqa: E402
from assignments.style_transfer.network import build_vgg19  # noqa: E402
from assignments.style_transfer.optimize import clip_0_1, compute_targets, initial_generated_image, make_train_step  # noqa: E402
from assignments.style_transfer.pictures import default_content, default_style, fit_picture  # noqa: E402
from assignments.style_transfer.vgg_weights import resolve_vgg19_weights  # noqa: E402

COMPARED_STEPS = 3


def eager_train_step(generated_image, vgg_model_outputs, a_S, a_C, optimizer, alpha=10.0, beta=40.0, style_layers=STYLE_LAYERS):
    """The straightforward step, run eagerly op by op: the baseline.

    Same maths as the graded `train_step`, no `tf.function`: the style image's Gram matrices are recomputed
    every step.

    Returns:
        (J, J_content, J_style) at the image before the update.
    """
    with tf.GradientTape() as tape:
        a_G = vgg_model_outputs(generated_image)
        J_style = 0.0
        for a_S_layer, a_G_layer, (_, weight) in zip(a_S[:-1], a_G[:-1], style_layers):
            J_style += weight * compute_layer_style_cost(a_S_layer, a_G_layer)
        J_content = compute_content_cost(a_C, a_G)
        J = alpha * J_content + beta * J_style
    grad = tape.gradient(J, generated_image)
    optimizer.apply_gradients([(grad, generated_image)])
    generated_image.assign(clip_0_1(generated_image))
    return J, J_content, J_style


def gpu_present() -> bool:
    return bool(tf.config.list_logical_devices("GPU"))


def reset_peak_memory() -> None:
    if gpu_present():
        tf.config.experimental.reset_memory_stats("GPU:0")
        return
    try:
        # Linux: writing 5 resets this process' peak resident set size (VmHWM).
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def peak_memory_mib() -> float:
    if gpu_present():
        return tf.config.experimental.get_memory_info("GPU:0")["peak"] / 2**20
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_variant(step, image, steps: int):
    """Runs `step` `steps` times.

    Returns:
        (costs, first-step seconds, mean seconds of the later steps, peak MiB, the image after 3 steps).
    """
    reset_peak_memory()
    costs, times, snapshot = [], [], None
    for index in range(steps):
        started = time.perf_counter()
        J = step()[0]
        costs.append(float(J))  # float() waits for the step to finish.
        times.append(time.perf_counter() - started)
        if index + 1 == COMPARED_STEPS:
            snapshot = image.numpy()
    return costs, times[0], float(np.mean(times[1:])), peak_memory_mib(), snapshot


def bench_size(size: int, steps: int, weights, with_xla: bool, seed: int) -> None:
    content_picture, _ = default_content()
    style_picture, _ = default_style()
    content = fit_picture(content_picture, (size, size), square=True)
    style = fit_picture(style_picture, (size, size), square=True)
    vgg = build_vgg19((size, size), weights, seed=seed)
    model = get_layer_outputs(vgg, STYLE_LAYERS + CONTENT_LAYER)
    a_C, a_S = model(content), model(style)

    results = {}
    eager_image = initial_generated_image(content, seed=seed)
    eager_optimizer = keras.optimizers.Adam(learning_rate=0.01)
    results["eager step (baseline)"] = run_variant(
        lambda: eager_train_step(eager_image, model, a_S, a_C, eager_optimizer), eager_image, steps
    )
    variants = [("tf.function step (ours)", False)] + ([("tf.function + XLA step (ours)", True)] if with_xla else [])
    for name, jit in variants:
        image = initial_generated_image(content, seed=seed)
        step = make_train_step(
            model, compute_targets(model, content, [style]), keras.optimizers.Adam(learning_rate=0.01), image, jit_compile=jit
        )
        results[name] = run_variant(step, image, steps)

    baseline_costs, _, baseline_seconds, _, baseline_image = results["eager step (baseline)"]
    print(f"\n{size}x{size}, {steps} steps per variant (first step = tracing/compiling, not in the mean)")
    for name, (costs, first, seconds, peak, image) in results.items():
        relative = np.max(np.abs(np.array(costs[:COMPARED_STEPS]) / np.array(baseline_costs[:COMPARED_STEPS]) - 1))
        moved = float(np.max(np.abs(image - baseline_image)))
        same = (
            ""
            if name.startswith("eager")
            else f"  steps 1-3 vs baseline: costs max rel. diff {relative:.1e}, image max abs diff {moved:.1e}"
        )
        print(
            f"  {name:<31} {seconds:7.3f} s/it  x{baseline_seconds / seconds:5.2f}  first step {first:6.2f} s  peak {peak:7.0f} MiB{same}"
        )
    print("  J after steps 1..3: " + ", ".join(f"{cost:.6g}" for cost in baseline_costs[:COMPARED_STEPS]) + " (baseline)")


def step_flops(model) -> tuple[float, float]:
    """(forward FLOPs, forward + backward FLOPs) of one step through `model`, counted from its layer shapes."""
    forward = float(forward_flops(model))  # VGG19's convolutions (the feature model has no Dense layer)
    grams = 0.0
    for output in model.outputs[:-1]:  # the style layers; the last output is the content layer
        _, height, width, channels = output.shape
        grams += 2.0 * channels * channels * height * width
    return forward + grams, 2 * forward + 3 * grams


def matmul_seconds(size: int = 4096, repeats: int = 5) -> float:
    """Median seconds of one size x size float32 matmul (after a warm-up)."""
    a = tf.random.normal((size, size), seed=1)
    b = tf.random.normal((size, size), seed=2)
    tf.matmul(a, b).numpy()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        tf.matmul(a, b).numpy()
        times.append(time.perf_counter() - started)
    return float(np.median(times))


def noop_call_seconds(repeats: int = 200) -> float:
    """Median seconds of calling an empty `tf.function`: what the Python loop around the step costs per step."""
    variable = tf.Variable(0.0)

    @tf.function
    def noop():
        variable.assign_add(1.0)
        return variable

    noop().numpy()
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        noop().numpy()
        times.append(time.perf_counter() - started)
    return float(np.median(times))


def bench_rate_and_scaling(sizes, steps: int, weights, seed: int, jit: bool) -> None:
    """Per size: s/iteration of the compiled step (median after warm-up), its GFLOP/s and % of the matmul rate."""
    matmul_size = 4096
    matmul_flops = 2.0 * matmul_size**3
    print(
        f"\nAchieved rate and scaling: the compiled step (ours{', XLA' if jit else ''}), square images, median of {steps - 1} steps "
        f"after one warm-up; matmul {matmul_size}x{matmul_size} float32 timed before and after each size"
    )
    print(
        f"  TF_ENABLE_ONEDNN_OPTS={os.environ.get('TF_ENABLE_ONEDNN_OPTS', '(unset: on)')}; "
        f"an empty tf.function call costs {noop_call_seconds() * 1e3:.3f} ms (the Python loop's share of a step)"
    )
    print("  size   s/iteration   GFLOP/step   GFLOP/s   matmul GFLOP/s   % of matmul   peak RSS MiB")
    content_picture, _ = default_content()
    style_picture, _ = default_style()
    for size in sizes:
        content = fit_picture(content_picture, (size, size), square=True)
        style = fit_picture(style_picture, (size, size), square=True)
        model = get_layer_outputs(build_vgg19((size, size), weights, seed=seed), STYLE_LAYERS + CONTENT_LAYER)
        image = initial_generated_image(content, seed=seed)
        step = make_train_step(
            model, compute_targets(model, content, [style]), keras.optimizers.Adam(learning_rate=0.01), image, jit_compile=jit
        )
        before = matmul_seconds(matmul_size)
        reset_peak_memory()
        float(step()[0])  # warm-up: tracing (and compiling)
        times = []
        for _ in range(steps - 1):
            started = time.perf_counter()
            float(step()[0])
            times.append(time.perf_counter() - started)
        peak = peak_memory_mib()
        after = matmul_seconds(matmul_size)
        seconds = float(np.median(times))
        _, flops = step_flops(model)
        rate = flops / seconds / 1e9
        matmul_rate = matmul_flops / ((before + after) / 2) / 1e9
        print(
            f"  {size:4d}   {seconds:11.3f}   {flops / 1e9:10.1f}   {rate:7.1f}   {matmul_rate:14.1f}   {rate / matmul_rate:10.0%}   {peak:12.0f}"
        )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--sizes",
        type=int,
        nargs="*",
        default=[224, 400],
        help="square sides for eager vs compiled (default 224 400; none: skip)",
    )
    parser.add_argument(
        "--scaling",
        type=int,
        nargs="*",
        default=[256, 400, 800],
        help="square sides for the rate and scaling table (default 256 400 800)",
    )
    parser.add_argument("--steps", type=int, default=4, help=f"steps per variant, at least {COMPARED_STEPS + 1} (default 4)")
    parser.add_argument(
        "--weights", default="untrained", help="VGG19 weights as the main script takes them (default: untrained, seeded)"
    )
    parser.add_argument(
        "--xla",
        choices=("auto", "on", "off"),
        default="auto",
        help="also time an XLA-compiled step (auto: on a GPU only; slower on a CPU)",
    )
    parser.add_argument("--seed", type=int, default=272, help="start-image and random-weights seed (default 272)")
    arguments = parser.parse_args()
    if arguments.steps <= COMPARED_STEPS:
        parser.error(f"--steps must be at least {COMPARED_STEPS + 1}")

    weights = resolve_vgg19_weights(arguments.weights)
    device = tf.config.list_logical_devices("GPU")[0].name if gpu_present() else f"CPU ({os.cpu_count()} cores)"
    print(
        f"VGG19 {'pretrained' if weights.pretrained else 'UNTRAINED (seeded random weights)'}; device {device}; TF {tf.__version__}"
    )
    with_xla = arguments.xla == "on" or (arguments.xla == "auto" and gpu_present())
    for size in arguments.sizes:
        bench_size(size, arguments.steps, weights, with_xla, arguments.seed)
    if arguments.scaling:
        bench_rate_and_scaling(arguments.scaling, arguments.steps, weights, arguments.seed, jit=False)
        if with_xla:
            bench_rate_and_scaling(arguments.scaling, arguments.steps, weights, arguments.seed, jit=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
