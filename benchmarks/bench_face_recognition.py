"""Face recognition benchmark: searching big face databases, encoders against the matmul limit, photos/s.

    python benchmarks/bench_face_recognition.py                         # all sections, a few minutes on 2 cores
    python benchmarks/bench_face_recognition.py --sections search --sizes 1000 10000 100000 --million

1. search: `who_is_it`'s search over 1,000 / 10,000 / 100,000 random unit embeddings. The course's loop
   (`np.linalg.norm` per entry, strictly smaller kept) against ours (`search.Gallery`: squared norms once,
   one matrix-vector product, argpartition, exact re-ranking of the candidates) and the optional faiss
   `IndexFlatL2`. All must name the same person at the same distance (checked before a ratio is printed).
   `--million` adds 1,000,000 identities: one query, a batch of 64 queries, and the memory held.
2. encoders: FaceNet (160x160) and dlib (150x150) forward passes at batch 1 and 32, in GFLOP/s and as a
   percentage of the same process's float32 4096x4096 matmul rate (timed in alternating rounds). FLOPs are counted from the layer
   shapes: 2 x multiply-adds of every Conv2D and Dense layer (pooling, BatchNorm, activations and adds
   are left out: a few operations per activation, against hundreds per output of a convolution).
3. photos: detect (MTCNN) + align + encode (dlib) photos/s on the course's photos ($DLS_DATA_DIR), one
   photo at a time against batches of 32 photos (MTCNN over the batch, then the encoder over its faces).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from limits import forward_flops  # noqa: E402  (FLOPs from layer shapes, shared by the benchmarks)

from assignments.face_recognition.database import FaceDatabase  # noqa: E402
from assignments.face_recognition.recognition import loop_nearest_identity, nearest_identity  # noqa: E402
from assignments.face_recognition.search import Gallery  # noqa: E402


def median_time(function, repeats: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    return float(np.median(times)), result


def unit_rows(count: int, rng) -> np.ndarray:
    rows = rng.standard_normal(size=(count, 128), dtype=np.float32)
    rows /= np.linalg.norm(rows, axis=1, keepdims=True)
    return rows


def faiss_available() -> bool:
    try:
        import faiss  # noqa: F401
    except ImportError:
        return False
    return True


# --- 1. search ------------------------------------------------------------------------------------------


def bench_search(sizes, queries: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    with_faiss = faiss_available()
    print("1. who_is_it search, median ms per query (ratio = course loop / ours); answers checked equal first")
    for size in sizes:
        rows = unit_rows(size, rng)
        names = [f"person_{index}" for index in range(size)]
        database = FaceDatabase(names, rows, names, "bench")
        course_dict = {name: rows[index : index + 1] for index, name in enumerate(names)}
        probes = rows[rng.choice(size, queries)] + 0.05 * rng.standard_normal((queries, 128), dtype=np.float32)
        probes /= np.linalg.norm(probes, axis=1, keepdims=True)
        database.gallery("numpy")  # built once, as identify keeps it: squared norms of every row
        faiss_database = FaceDatabase(names, rows, names, "bench")
        if with_faiss:
            faiss_database.gallery("faiss")
        loop_repeats = max(1, min(queries, 300_000 // size))
        loop_times, ours_times, faiss_times = [], [], []
        for index, probe in enumerate(probes):
            encoding = probe[None]  # (1, 128), as img_to_encoding returns
            ours, (distance, name) = median_time(lambda: nearest_identity(encoding, database), 3)
            ours_times.append(ours)
            if with_faiss:
                seconds, (faiss_distance, faiss_name) = median_time(
                    lambda: nearest_identity(encoding, faiss_database, "faiss"), 3
                )
                faiss_times.append(seconds)
                if (faiss_name, faiss_distance) != (name, distance):
                    raise SystemExit(f"faiss differs at N={size}: {faiss_name} {faiss_distance} vs {name} {distance}")
            if index < loop_repeats:
                seconds, (loop_distance, loop_name) = median_time(lambda: loop_nearest_identity(encoding, course_dict), 1)
                loop_times.append(seconds)
                if loop_name != name or abs(float(loop_distance) - float(distance)) > 1e-6:
                    raise SystemExit(f"different answers at N={size}: loop {loop_name} {loop_distance}, ours {name} {distance}")
        loop, ours = float(np.median(loop_times)), float(np.median(ours_times))
        line = f"   N={size:>9,}: course loop {loop * 1e3:9.2f} ms | ours {ours * 1e3:7.3f} ms -> {loop / ours:7.1f}x"
        if with_faiss:
            seconds = float(np.median(faiss_times))
            line += f" | faiss IndexFlatL2 {seconds * 1e3:7.3f} ms -> {loop / seconds:7.1f}x"
        print(line + " | same answers")


def bench_million(size: int = 1_000_000, batch: int = 64, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    rows = unit_rows(size, rng)
    queries = unit_rows(batch, rng)
    gallery = Gallery(rows)  # keeps `rows` as they are (no copy) and adds the squared norms
    print(
        f"   N={size:>9,}: rows {rows.nbytes / 2**20:.0f} MiB float32 + squared norms {gallery.squared_norms.nbytes / 2**20:.0f} MiB "
        "(faiss' IndexFlatL2 keeps its own copy of the rows: as much again)"
    )
    engines = [("numpy", gallery)] + ([("faiss", Gallery(rows, backend="faiss"))] if faiss_available() else [])
    reference = None
    for label, engine in engines:
        engine.nearest(queries[:1], 1)  # warm-up
        one, _ = median_time(lambda: engine.nearest(queries[:1], 1), 5)
        tracemalloc.start()  # numpy reports its allocations to tracemalloc (faiss' C++ ones are not seen)
        many, (found, distances) = median_time(lambda: engine.nearest(queries, 1), 3)
        working = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        if reference is None:
            reference = (found, distances)
        elif not (np.array_equal(found, reference[0]) and np.array_equal(distances, reference[1])):
            raise SystemExit("faiss and numpy differ at one million identities")
        print(
            f"      {label:>5}: 1 query {one * 1e3:7.2f} ms | batch of {batch}: {many * 1e3:7.1f} ms = {many / batch * 1e3:6.2f} ms/query "
            f"| working memory of a batch {working / 2**20:5.1f} MiB"
        )
    print("      same answers")


# --- 2. encoders against the matmul limit ------------------------------------------------------------------


def paired_rates(forward, flops: float, rounds: int = 7, size: int = 4096) -> tuple[float, float, float]:
    """(achieved GFLOP/s, matmul GFLOP/s, median of the per-round ratios) of `forward` against a float32 matmul.

    The two are timed in alternation, one of each per round, so that both see the same load from other
    processes; the ratio of each round is taken, then the median.
    """
    import tensorflow as tf

    a, b = tf.random.normal((size, size)), tf.random.normal((size, size))
    tf.matmul(a, b).numpy()  # warm-up
    achieved, limits = [], []
    for _ in range(rounds):
        seconds, _ = median_time(lambda: tf.matmul(a, b).numpy(), 1)
        limits.append(2 * size**3 / seconds / 1e9)
        seconds, _ = median_time(forward, 1)
        achieved.append(flops / seconds / 1e9)
    ratios = np.array(achieved) / np.array(limits)
    return float(np.median(achieved)), float(np.median(limits)), float(np.median(ratios))


def bench_encoders(batch_sizes, seed: int = 0) -> None:
    from assignments.face_recognition.dlib_resnet import dlib_face_encoder
    from assignments.face_recognition.facenet import load_facenet_model

    rng = np.random.default_rng(seed)
    print(
        "2. encoders: GFLOP/s of the forward pass vs the same process's float32 4096x4096 matmul (7 alternating rounds, medians)"
    )
    for label, model in (("FaceNet", load_facenet_model(seed=seed)), ("dlib ResNet", dlib_face_encoder())):
        size = int(model.input.shape[1])
        flops = forward_flops(model)
        print(f"   {label} ({size}x{size}, {flops / 1e9:.2f} GFLOP per image, counted from Conv2D/Dense shapes):")
        for batch_size in batch_sizes:
            images = rng.uniform(0, 1, size=(batch_size, size, size, 3)).astype(np.float32)
            model.predict_on_batch(images)  # warm-up: tracing
            achieved, limit, ratio = paired_rates(lambda: model.predict_on_batch(images), flops * batch_size)
            print(
                f"      batch {batch_size:>3}: {achieved / flops * 1e9:7.1f} images/s, {achieved:6.1f} GFLOP/s = {100 * ratio:4.0f} % of matmul ({limit:.0f} GFLOP/s)"
            )


# --- 3. photos/s: detect + align + encode ---------------------------------------------------------------------


def bench_photos(batch_size: int = 32) -> None:
    from assignments.face_recognition.detection import FaceFinder, find_faces
    from assignments.face_recognition.encoders import build_encoder, encode_faces
    from assignments.face_recognition.week import WEEK

    images = WEEK.default_input("images")
    if images is None or WEEK.default_input("dlib_weights") is None:
        print("3. photos/s: skipped (needs $DLS_DATA_DIR with the course's photos and face-api-1.7.15/)")
        return
    paths = sorted(images.glob("*.jpg")) * 2  # 34 photos of 96x96, one face each
    encoder = build_encoder("dlib", "mtcnn", None, seed=0)
    finder = FaceFinder()
    encode_faces(find_faces(paths[:2], encoder, finder), encoder)  # warm-up: tracing

    def one_at_a_time():
        for path in paths:
            encode_faces(find_faces([path], encoder, finder, batch_size=1), encoder, batch_size=1)

    def batched():
        encode_faces(find_faces(paths, encoder, finder, batch_size=batch_size), encoder, batch_size=batch_size)

    single, _ = median_time(one_at_a_time, 3)
    together, _ = median_time(batched, 3)
    detect, _ = median_time(lambda: find_faces(paths, encoder, finder, batch_size=batch_size), 3)  # reading + MTCNN only
    print(f"3. detect (MTCNN) + align + encode (dlib), {len(paths)} course photos, median of 3:")
    print(
        f"   one photo at a time: {len(paths) / single:6.1f} photos/s | batched ({batch_size}): {len(paths) / together:6.1f} photos/s "
        f"-> {single / together:.2f}x | of which reading + detection {detect / together * 100:.0f} % of the batched time"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sections", nargs="+", default=["search", "encoders", "photos"], choices=["search", "encoders", "photos"]
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000], help="database sizes")
    parser.add_argument("--queries", type=int, default=10, help="queries per database size")
    parser.add_argument("--million", action="store_true", help="add the 1,000,000-identity row (needs about 1.5 GiB)")
    parser.add_argument("--batch-sizes", type=int, nargs="+", default=[1, 32], help="encoder batch sizes")
    arguments = parser.parse_args()
    if "search" in arguments.sections:
        bench_search(arguments.sizes, arguments.queries)
        if arguments.million:
            bench_million()
    if "encoders" in arguments.sections:
        bench_encoders(arguments.batch_sizes)
    if "photos" in arguments.sections:
        bench_photos()
    return 0


if __name__ == "__main__":
    sys.exit(main())
