"""Face recognition benchmark: searching big face databases, and encoding images/s.

    python benchmarks/bench_face_recognition.py                       # defaults: about a minute on a 2-core CPU
    python benchmarks/bench_face_recognition.py --sizes 1000 10000 100000 1000000 --queries 20

1. `who_is_it`'s search over databases of 1,000 / 10,000 / 100,000 random unit embeddings: ours (one
   vectorised pass over a `FaceDatabase` matrix; and over the course's plain dict, which adds stacking)
   against the course's per-entry loop (`np.linalg.norm` per entry, keep the strictly smaller). Both must
   name the same person at the same distance (to 1e-5).
2. Encoding images/s through the full FaceNet (426 layers, untrained weights: speed does not depend on
   them) at batch 1 (the course's `img_to_encoding`) and batch 32 (`enroll`), on generated 96x96 photos.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from assignments.face_recognition.database import FaceDatabase  # noqa: E402
from assignments.face_recognition.recognition import loop_nearest_identity, nearest_identity  # noqa: E402


def best_time(function, repeats):
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return min(times), result


def bench_search(sizes, queries, seed=0):
    rng = np.random.default_rng(seed)
    print("1. who_is_it search (median time per query; ratio = course loop / ours)")
    for size in sizes:
        rows = rng.normal(size=(size, 128)).astype(np.float32)
        rows /= np.linalg.norm(rows, axis=1, keepdims=True)
        names = [f"person_{index}" for index in range(size)]
        matrix_database = FaceDatabase(names, rows, names, "bench")
        dict_database = {name: rows[index : index + 1] for index, name in enumerate(names)}
        probes = rows[rng.choice(size, queries)] + rng.normal(scale=0.05, size=(queries, 128)).astype(np.float32)
        probes /= np.linalg.norm(probes, axis=1, keepdims=True)
        loop_repeats = max(1, min(queries, 200_000 // size))
        ours_times, dict_times, loop_times = [], [], []
        for index, probe in enumerate(probes):
            encoding = probe[None]  # (1, 128), as img_to_encoding returns
            ours, (distance, name) = best_time(lambda: nearest_identity(encoding, matrix_database), 1)
            via_dict, _ = best_time(lambda: nearest_identity(encoding, dict_database), 1)
            ours_times.append(ours)
            dict_times.append(via_dict)
            if index < loop_repeats:
                loop, (loop_distance, loop_name) = best_time(lambda: loop_nearest_identity(encoding, dict_database), 1)
                loop_times.append(loop)
                if loop_name != name or abs(float(loop_distance) - float(distance)) > 1e-5:
                    raise SystemExit(f"different answers at N={size}: loop {loop_name} {loop_distance}, ours {name} {distance}")
        ours, via_dict, loop = np.median(ours_times), np.median(dict_times), np.median(loop_times)
        print(
            f"   N={size:>7,}: course loop {loop * 1e3:9.2f} ms | ours (FaceDatabase) {ours * 1e3:7.2f} ms "
            f"-> {loop / ours:6.1f}x | ours (course dict) {via_dict * 1e3:7.2f} ms -> {loop / via_dict:5.1f}x | same answers"
        )


def bench_encoding(batch_sizes, images, seed=0):
    from assignments.face_recognition.encoding import encode_images
    from assignments.face_recognition.model import load_facenet_model
    from assignments.face_recognition.sample_faces import write_sample_people

    with tempfile.TemporaryDirectory() as folder:
        people, camera = write_sample_people(folder, seed=seed, photos_per_person=max(1, images // 6))
        files = sorted(people.glob("*/*.png"))[:images]
        model = load_facenet_model(seed=seed)
        print(f"2. encoding images/s (FaceNet, 160x160 input, {len(files)} generated photos, median of 3 runs after a warm-up)")
        baseline = None
        for batch_size in batch_sizes:
            encode_images(files[:batch_size], model, batch_size=batch_size, progress=False)  # warm-up: tracing
            runs = []
            for _ in range(3):
                start = time.perf_counter()
                encode_images(files, model, batch_size=batch_size, progress=False)
                runs.append(time.perf_counter() - start)
            rate = len(files) / float(np.median(runs))
            baseline = baseline or rate
            print(f"   batch {batch_size:>3}: {rate:7.1f} images/s ({rate / baseline:.2f}x batch {batch_sizes[0]})")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="database sizes")
    parser.add_argument("--queries", type=int, default=10, help="queries per database size")
    parser.add_argument("--images", type=int, default=64, help="photos to encode per run")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 32], help="encoding batch sizes")
    arguments = parser.parse_args()
    bench_search(arguments.sizes, arguments.queries)
    bench_encoding(arguments.batch_sizes, arguments.images)
    return 0


if __name__ == "__main__":
    sys.exit(main())
