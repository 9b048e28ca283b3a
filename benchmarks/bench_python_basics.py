"""Benchmark: the notebook's vectorised operations against the same work written with Python loops.

In one process, on the same vectors: each operation's loop version (the baseline) and its numpy version,
after checking that both give the same answer; the ratio is loop time / numpy time (the fastest of
--repeats batches each). numpy's BLAS calls (`dot`, `L2`) run once with BLAS's default threads and once
limited to one thread, because on a busy machine the threads' wake-up can cost more than a level-1 call.

    python benchmarks/bench_python_basics.py                     # vectors of 100,000 (outer product: 300)
    python benchmarks/bench_python_basics.py --size 1000000
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from assignments.python_basics import synthetic, vectorization  # noqa: E402


def table(size: int, repeats: int) -> list[tuple[str, float, float]]:
    x1, x2, W = synthetic.demo_vectors(size)
    rows = []
    for name, loop, vectorised in vectorization.demo_pairs(x1, x2, W, x1.tolist(), x2.tolist()):
        if not np.allclose(loop(), vectorised()):
            raise SystemExit(f"{name}: the loop and numpy versions disagree; no ratio printed")
        rows.append((name, vectorization.best_time(loop, repeats), vectorization.best_time(vectorised, repeats)))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=100_000, help="vector length (default 100000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed batches per operation (default 3)")
    arguments = parser.parse_args()
    from threadpoolctl import threadpool_limits

    print(f"vectors of {arguments.size:,}, {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    default = table(arguments.size, arguments.repeats)
    with threadpool_limits(limits=1, user_api="blas"):
        single = table(arguments.size, arguments.repeats)
    print("| operation | loop | numpy (BLAS default threads) | ratio | numpy (1 BLAS thread) | ratio |")
    print("|---|---|---|---|---|---|")
    for (name, loop, fast), (_, _, fast_single) in zip(default, single, strict=True):
        print(
            f"| {name} | {loop * 1e3:.3f} ms | {fast * 1e3:.4f} ms | {loop / fast:,.0f}x | {fast_single * 1e3:.4f} ms | {loop / fast_single:,.0f}x |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
