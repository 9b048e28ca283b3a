"""Benchmark: training iterations/s of the Course 1 deep network at the course's sizes, and its distance to
the machine's matmul rate.

In one process, on the cat training set (209 images of 12288 features; generated pictures without
`$DLS_DATA_DIR`): iterations of L_layer_model's loop (layers 12288 20 7 5 1, float64) built from the
shared plumbing (`deep_nn_application`), and of the same loop built from C1W4A1's step-by-step graded
functions; both must give the same cost. Each runs with BLAS's default threads and with one BLAS thread.
The FLOPs of an iteration are counted from the layer shapes (forward 2·n_l·n_{l-1}·m per layer, backward
twice that); the reference rate is a 2048 x 2048 float64 numpy matmul in the same process.

    python benchmarks/bench_deep_nn.py                  # 20 timed iterations per variant
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assignments import deep_nn_application as app  # noqa: E402
from assignments import deep_nn_step_by_step as steps  # noqa: E402
from assignments.common import cat_classifier, cat_data  # noqa: E402
from assignments.deep_nn_application.week import WEEK  # noqa: E402

LAYERS = (12288, 20, 7, 5, 1)


def iteration(module, X, Y, parameters):
    AL, caches = module.L_model_forward(X, parameters)
    cost = module.compute_cost(AL, Y)
    grads = module.L_model_backward(AL, Y, caches)
    return module.update_parameters(parameters, grads, 0.0075), float(cost)


def iterations_per_second(module, X, Y, count: int) -> tuple[float, float]:
    parameters = app.initialize_parameters_deep(LAYERS)
    parameters, _ = iteration(module, X, Y, parameters)  # warm-up
    start = time.perf_counter()
    for _ in range(count):
        parameters, cost = iteration(module, X, Y, parameters)
    return count / (time.perf_counter() - start), cost


def matmul_gflops(size: int = 2048, repeats: int = 3) -> float:
    a, b = np.random.rand(size, size), np.random.rand(size, size)
    a @ b
    best = min(_timed(lambda: a @ b) for _ in range(repeats))
    return 2 * size**3 / best / 1e9


def _timed(function) -> float:
    start = time.perf_counter()
    function()
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=20, help="timed iterations per variant (default 20)")
    arguments = parser.parse_args()
    from threadpoolctl import threadpool_limits

    train, _, kind = cat_classifier.load_cat_data(None, WEEK, seed=0)
    X, Y = cat_data.flatten(train.images), train.labels
    m = X.shape[1]
    flops = 3 * sum(2 * LAYERS[i] * LAYERS[i - 1] * m for i in range(1, len(LAYERS)))
    print(
        f"{kind} data, m = {m}, {flops / 1e6:.0f} MFLOP per iteration; {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}"
    )
    print("| BLAS threads | variant | iterations/s | GFLOP/s | matmul GFLOP/s | share |")
    print("|---|---|---|---|---|---|")
    for label, limit in (("default", None), ("1", 1)):
        with threadpool_limits(limits=limit, user_api="blas"):
            reference = matmul_gflops()
            results = {
                name: iterations_per_second(module, X, Y, arguments.iterations)
                for name, module in (("shared plumbing", app), ("step-by-step graded", steps))
            }
        costs = {round(cost, 12) for _, cost in results.values()}
        if len(costs) != 1:
            raise SystemExit(f"the two variants disagree on the cost: {costs}")
        for name, (speed, _) in results.items():
            achieved = speed * flops / 1e9
            print(f"| {label} | {name} | {speed:.1f} | {achieved:.1f} | {reference:.1f} | {achieved / reference:.0%} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
