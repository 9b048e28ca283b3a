"""happyModel training: our tf.data input pipeline against the course's way of feeding `fit`, and the share of
the machine's matmul rate it reaches.

    python benchmarks/bench_happy_house.py [--images 600] [--rounds 2] [--batch-size 16]

1. Throughput: the same happyModel (same seed, Adam, binary cross-entropy, `jit_compile=False` as the main
   script compiles it) trains one epoch over the same generated faces, fed two ways, timed in alternation
   so that a burst of load on a shared machine hits both:
   - ours: `make_dataset` (uint8 in memory, scaled to float32 in the graph, cached, shuffled, prefetched);
   - the course's: `model.fit(X_train / 255., Y_train, batch_size=16)` on float64 numpy arrays.
   Each way is traced with one epoch first. The figure is images/s, and the ratio ours / the course's.
2. Distance to the limit: ours in GFLOP/s (3 x the forward Conv2D/Dense FLOPs from the layer shapes, see
   benchmarks/limits.py) as a share of a float32 matmul timed in the same process.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script from anywhere

import keras  # noqa: E402  (after the path and log-level setup above)
from limits import forward_flops, matmul_flops, matmul_step  # noqa: E402

from assignments.common.classification.pipeline import make_dataset  # noqa: E402
from assignments.common.classification.training import compile_model  # noqa: E402
from assignments.happy_house import happyModel  # noqa: E402
from assignments.happy_house.synthetic import draw_happy_faces  # noqa: E402

MATMUL_SIZE = 2048


def fresh_model():
    keras.utils.set_random_seed(0)
    return compile_model(happyModel(), 2, 0.001)


def epoch_seconds(model, feed) -> float:
    started = time.perf_counter()
    feed(model)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--images", type=int, default=600, help="generated faces per epoch (default 600, the course's count)")
    parser.add_argument("--rounds", type=int, default=2, help="timed epochs per way (default 2)")
    parser.add_argument("--batch-size", type=int, default=16, help="images per step (default 16, the course's)")
    arguments = parser.parse_args()

    faces = draw_happy_faces(arguments.images, seed=0)
    dataset = make_dataset(faces, arguments.batch_size, shuffle=True, seed=0)
    x_course, y_course = faces.images / 255.0, faces.labels.reshape(-1, 1)  # the notebook's X_train, Y_train
    ways = {
        "ours (tf.data pipeline)": lambda model: model.fit(dataset, epochs=1, verbose=0, shuffle=False),
        "course (numpy arrays / 255)": lambda model: model.fit(
            x_course, y_course, epochs=1, batch_size=arguments.batch_size, verbose=0
        ),
    }
    models = {name: fresh_model() for name in ways}
    for name, feed in ways.items():
        epoch_seconds(models[name], feed)  # traces the train step
    times = {name: [] for name in ways}
    for _ in range(arguments.rounds):
        for name, feed in ways.items():
            times[name].append(epoch_seconds(models[name], feed))
    rates = {name: arguments.images / statistics.median(seconds) for name, seconds in times.items()}
    for name, rate in rates.items():
        print(f"{name:<30} {rate:8.1f} training images/s")
    ours, course = rates.values()
    print(f"ratio ours / course: {ours / course:.2f} (>= 1.00: ours is no slower)")

    step = matmul_step(MATMUL_SIZE)
    matmul_seconds = statistics.median(epoch_seconds(None, lambda _: step()) for _ in range(5))
    matmul_rate = matmul_flops(MATMUL_SIZE) / matmul_seconds
    achieved = 3 * forward_flops(models["ours (tf.data pipeline)"]) * ours
    print(
        f"happyModel training: {achieved / 1e9:.1f} GFLOP/s, {100 * achieved / matmul_rate:.0f}% of a "
        f"{MATMUL_SIZE}x{MATMUL_SIZE} float32 matmul ({matmul_rate / 1e9:.1f} GFLOP/s) in the same process"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
