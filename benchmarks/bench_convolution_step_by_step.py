"""Benchmark: the vectorised convolution and pooling against the course's loops, in one process.

For each case the course's graded function (the loops) and its fast path (`@fast_path`, strided windows and
im2col / col2im) run on the same seeded input; their results must agree to 1e-10 before a ratio is printed.
The convolutions' achieved rate is also given as a share of the same process's matmul rate: TensorFlow's
float32 matmul (`benchmarks/limits.py`, the figure every benchmark here uses) and numpy's float64 matmul
(the same library and precision as the fast path).

    python benchmarks/bench_convolution_step_by_step.py
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from limits import matmul_flops, matmul_step  # noqa: E402

from assignments.convolution_step_by_step import (  # noqa: E402
    conv_backward,
    conv_backward_fast,
    conv_forward,
    conv_forward_fast,
    pool_backward,
    pool_backward_fast,
    pool_forward,
    pool_forward_fast,
)

# (name, input shape, filter side, filters, pad, stride)
CONVOLUTIONS = [
    ("notebook conv_forward", (2, 5, 7, 4), 3, 8, 1, 2),
    ("notebook conv_backward", (10, 4, 4, 3), 2, 8, 2, 2),
    ("64x64x3, 8 filters 3x3", (1, 64, 64, 3), 3, 8, 1, 1),
]
# (name, input shape, window, stride)
POOLS = [("notebook pool_forward", (2, 5, 5, 3), 3, 1), ("64x64x8, 2x2 stride 2", (1, 64, 64, 8), 2, 2)]


def seconds_per_call(function, minimum_seconds: float = 0.3) -> float:
    """The best of three timings of `function()`, each repeated until it runs `minimum_seconds`."""
    function()
    calls, best = 1, float("inf")
    for _ in range(3):
        while True:
            started = time.perf_counter()
            for _ in range(calls):
                function()
            elapsed = time.perf_counter() - started
            if elapsed >= minimum_seconds:
                break
            calls *= 2
        best = min(best, elapsed / calls)
    return best


def agree(what: str, got: tuple, expected: tuple) -> None:
    for got_part, expected_part in zip(got, expected):
        if not np.allclose(got_part, expected_part, rtol=1e-10, atol=1e-10):
            raise SystemExit(f"{what}: the fast path disagrees with the loops; no ratio printed.")


def compare(name: str, label: str, loops, fast, work: int | None, rates: tuple[float, float]) -> None:
    """Times two functions that return tuples of arrays, checks they agree, prints one row."""
    agree(f"{name} {label}", fast(), loops())
    slow, quick = seconds_per_call(loops), seconds_per_call(fast)
    row = f"{name:<26} {label:<16} {slow * 1e3:>8.2f}ms {quick * 1e6:>8.1f}us {slow / quick:>7.0f}x"
    if work is not None:
        rate = work / quick / 1e9
        row += f" {rate:>8.2f} {100 * rate / rates[0]:>6.1f}% {100 * rate / rates[1]:>6.1f}%"
    print(row)


def matmul_rates() -> tuple[float, float]:
    """(TensorFlow float32, numpy float64) matmul GFLOP/s in this process."""
    tf_step = matmul_step()
    tf_rate = matmul_flops() / seconds_per_call(tf_step, 1.0) / 1e9
    a, b = np.random.default_rng(0).normal(size=(2, 2048, 2048))
    numpy_rate = 2 * 2048**3 / seconds_per_call(lambda: a @ b, 1.0) / 1e9
    return tf_rate, numpy_rate


def main() -> int:
    rates = matmul_rates()
    print(f"same-process matmul: TensorFlow float32 {rates[0]:.1f} GFLOP/s, numpy float64 {rates[1]:.1f} GFLOP/s\n")
    print(f"{'case':<26} {'pass':<16} {'loops':>10} {'fast':>10} {'ratio':>8} {'GFLOP/s':>8} {'tf32 %':>7} {'np64 %':>7}")
    rng = np.random.default_rng(0)
    for name, shape, f, filters, pad, stride in CONVOLUTIONS:
        A_prev, W, b = rng.normal(size=shape), rng.normal(size=(f, f, shape[3], filters)), rng.normal(size=(1, 1, 1, filters))
        hparameters = {"pad": pad, "stride": stride}
        Z, cache = conv_forward(A_prev, W, b, hparameters)
        dZ = rng.normal(size=Z.shape)
        flops = 2 * Z.size * f * f * shape[3]  # the forward's multiply-adds; the backward does two products as large
        compare(
            name,
            "forward",
            lambda: conv_forward(A_prev, W, b, hparameters)[:1],
            lambda: conv_forward_fast(A_prev, W, b, hparameters)[:1],
            flops,
            rates,
        )
        compare(name, "backward", lambda: conv_backward(dZ, cache), lambda: conv_backward_fast(dZ, cache), 2 * flops, rates)
    for name, shape, f, stride in POOLS:
        A_prev = rng.normal(size=shape)
        hparameters = {"f": f, "stride": stride}
        for mode in ("max", "average"):
            A, cache = pool_forward(A_prev, hparameters, mode)
            dA = rng.normal(size=A.shape)
            compare(
                name,
                f"{mode} forward",
                lambda: pool_forward(A_prev, hparameters, mode)[:1],
                lambda: pool_forward_fast(A_prev, hparameters, mode)[:1],
                None,
                rates,
            )
            compare(
                name,
                f"{mode} backward",
                lambda: (pool_backward(dA, cache, mode),),
                lambda: (pool_backward_fast(dA, cache, mode),),
                None,
                rates,
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
