"""Car detection benchmark: post-processing latency, end-to-end images/s, and the network's GFLOP/s.

    python benchmarks/bench_car_detection.py                 # defaults: ~1-2 minutes on a 2-core CPU
    python benchmarks/bench_car_detection.py --images 16 --repeats 50

1. Post-processing (score filter + per-class NMS) of one 19x19x5x85 head, as `yolo_eval` does it, against
   a plain per-box Python/numpy loop; both must keep the same detections.
2. End-to-end images/s (resize, network, decode, NMS) on generated 608x608 images at batch 1 (the course's
   per-image path) and batch 8 (combined NMS), with untrained weights (speed does not depend on them).
3. The network's achieved GFLOP/s (its conv FLOPs / forward time) against a large float32 matmul's.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tensorflow as tf  # noqa: E402

from assignments.car_detection.detection import yolo_eval  # noqa: E402
from assignments.car_detection.model import count_flops, yolo_v2  # noqa: E402
from assignments.car_detection.pipeline import Settings, detect  # noqa: E402
from assignments.car_detection.sample import generate_sample_image  # noqa: E402


def loop_postprocess(box_xy, box_wh, box_confidence, box_class_probs, image_shape, max_boxes, score_threshold, iou_threshold):
    """The baseline: every box in a Python loop, then greedy NMS per class with one IoU at a time."""
    height, width = image_shape
    candidates = []
    grid_h, grid_w, anchors, _ = box_class_probs.shape
    for row in range(grid_h):
        for column in range(grid_w):
            for anchor in range(anchors):
                scores = box_confidence[row, column, anchor, 0] * box_class_probs[row, column, anchor]
                best = int(np.argmax(scores))
                if scores[best] < score_threshold:
                    continue
                x, y = box_xy[row, column, anchor]
                w, h = box_wh[row, column, anchor]
                box = ((y - h / 2) * height, (x - w / 2) * width, (y + h / 2) * height, (x + w / 2) * width)
                candidates.append((float(scores[best]), box, best))
    kept = []
    for class_index in sorted({candidate[2] for candidate in candidates}):
        survivors = []
        for score, box, _ in sorted((c for c in candidates if c[2] == class_index), key=lambda c: -c[0]):
            if len(survivors) < max_boxes and all(box_iou(box, other) <= iou_threshold for _, other, _ in survivors):
                survivors.append((score, box, class_index))
        kept += survivors
    return sorted(kept, key=lambda c: -c[0])[:max_boxes]


def box_iou(a, b) -> float:
    """IoU of [y1, x1, y2, x2] boxes (corners in any order, as tf.image.non_max_suppression allows)."""
    a_y1, a_y2 = sorted((a[0], a[2]))
    a_x1, a_x2 = sorted((a[1], a[3]))
    b_y1, b_y2 = sorted((b[0], b[2]))
    b_x1, b_x2 = sorted((b[1], b[3]))
    inter = max(0.0, min(a_y2, b_y2) - max(a_y1, b_y1)) * max(0.0, min(a_x2, b_x2) - max(a_x1, b_x1))
    union = (a_y2 - a_y1) * (a_x2 - a_x1) + (b_y2 - b_y1) * (b_x2 - b_x1) - inter
    return inter / union if union > 0 else 0.0


def best_of(function, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def bench_postprocessing(repeats: int) -> None:
    # A head like the trained network's: few confident boxes (logits centred low), 80 classes.
    rng = np.random.default_rng(0)
    box_xy = rng.uniform(0, 1, (19, 19, 5, 2)).astype(np.float32)
    box_wh = rng.uniform(0.02, 0.4, (19, 19, 5, 2)).astype(np.float32)
    box_confidence = (1 / (1 + np.exp(-rng.normal(-3, 2, (19, 19, 5, 1))))).astype(np.float32)
    logits = rng.normal(0, 3, (19, 19, 5, 80))
    box_class_probs = (np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)).astype(np.float32)
    arguments = ((720, 1280), 10, 0.3, 0.5)
    outputs = tuple(tf.constant(array) for array in (box_xy, box_wh, box_confidence, box_class_probs))

    scores, boxes, classes = yolo_eval(outputs, *arguments)
    baseline = loop_postprocess(box_xy, box_wh, box_confidence, box_class_probs, *arguments)
    same = len(baseline) == int(tf.size(scores)) and all(
        int(c) == b[2] and abs(float(s) - b[0]) < 1e-5 and np.allclose(box, b[1], atol=1e-2)
        for s, box, c, b in zip(scores.numpy(), boxes.numpy(), classes.numpy(), baseline)
    )
    ours = best_of(lambda: yolo_eval(outputs, *arguments), repeats)
    loop = best_of(lambda: loop_postprocess(box_xy, box_wh, box_confidence, box_class_probs, *arguments), max(3, repeats // 10))
    candidates = int(np.sum((box_confidence * box_class_probs).max(-1) >= arguments[2]))
    print(f"post-processing 19x19x5x85 ({candidates} boxes pass 0.3, {len(baseline)} kept, same detections: {same}):")
    print(f"  yolo_eval (TF ops, per-class NMS): {ours * 1e3:8.2f} ms/image")
    print(f"  per-box Python/numpy loop:         {loop * 1e3:8.2f} ms/image   ratio {loop / ours:.1f}x")


def bench_end_to_end(image_count: int) -> None:
    model = yolo_v2()
    anchors = np.array([0.57273, 0.677385, 1.87446, 2.06253, 3.33843, 5.47434, 7.88282, 3.52778, 9.77052, 9.16828], np.float32).reshape(5, 2)
    images = [generate_sample_image(seed, size=(608, 608)) for seed in range(image_count)]
    detect(model, images[:1], anchors, 80, Settings())  # warm-up: traces and allocates
    detect(model, images[:8], anchors, 80, Settings(combined=True))
    results = {}
    for batch_size in (1, 8):
        settings = Settings(combined=batch_size > 1)
        start = time.perf_counter()
        for first in range(0, image_count, batch_size):
            detect(model, images[first : first + batch_size], anchors, 80, settings)
        results[batch_size] = image_count / (time.perf_counter() - start)
    print(f"end to end, {image_count} images 608x608 (resize + YOLOv2 + decode + NMS):")
    print(f"  batch 1 (course path):   {results[1]:6.2f} images/s")
    print(f"  batch 8 (combined NMS):  {results[8]:6.2f} images/s   ratio {results[8] / results[1]:.2f}x")

    flops = count_flops(model)
    batch = np.stack([np.asarray(image, np.float32) / 255 for image in images[:8]])
    model(batch, training=False)
    forward = best_of(lambda: model(batch, training=False), 1) / len(batch)
    size = 4096
    a, b = tf.random.normal([size, size]), tf.random.normal([size, size])
    tf.matmul(a, b).numpy()
    matmul = best_of(lambda: tf.matmul(a, b).numpy(), 3)
    network_rate, matmul_rate = flops / forward / 1e9, 2 * size**3 / matmul / 1e9
    print(f"network: {flops / 1e9:.1f} GFLOP per 608x608 image, {forward * 1e3:.0f} ms/image in a batch of 8 → {network_rate:.1f} GFLOP/s")
    print(f"matmul {size}x{size} float32: {matmul_rate:.1f} GFLOP/s; the network reaches {network_rate / matmul_rate:.0%} of it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--images", type=int, default=8, help="608x608 images for the end-to-end figure (default 8)")
    parser.add_argument("--repeats", type=int, default=30, help="timed repeats of the post-processing (default 30)")
    arguments = parser.parse_args()
    print(f"TensorFlow {tf.__version__}, {len(tf.config.list_physical_devices('GPU'))} GPU(s), CPU threads: {tf.config.threading.get_inter_op_parallelism_threads() or 'default'}")
    bench_postprocessing(arguments.repeats)
    bench_end_to_end(max(8, arguments.images))


if __name__ == "__main__":
    main()
