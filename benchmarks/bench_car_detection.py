"""Car detection benchmark: post-processing latency, end-to-end images/s, and the network's GFLOP/s.

    python benchmarks/bench_car_detection.py                 # defaults: a few minutes on a busy 2-core CPU
    python benchmarks/bench_car_detection.py --skip-network  # post-processing only, seconds

1. Post-processing (corners, score filter, pixels, per-class NMS) of a trained-like 19x19x5x85 head
   (608x608 input) and a 38x38x5x85 head (1216x1216 input, 7220 boxes): the baseline per-box Python/numpy
   loop, the main script's vectorised numpy `postprocess`, and the graded eager `yolo_eval`, in one process,
   medians after a warm-up. Before timing it checks that `postprocess` equals `yolo_eval` bit for bit and
   that the loop keeps the same detections.
2. End-to-end images/s (resize, network, decode, post-processing) on generated 608x608 images at batch 1,
   8 and 32, with untrained weights (speed does not depend on them).
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
from limits import forward_flops  # noqa: E402  (FLOPs from layer shapes, shared by the benchmarks)

from assignments.car_detection.cli import Settings  # noqa: E402
from assignments.car_detection.detection import yolo_eval  # noqa: E402
from assignments.car_detection.inference import detect  # noqa: E402
from assignments.car_detection.model import yolo_v2  # noqa: E402
from assignments.car_detection.postprocess import postprocess  # noqa: E402
from assignments.car_detection.synthetic import generate_sample_image  # noqa: E402


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


def median_time(function, repeats: int) -> float:
    """Median wall time of `function()` over `repeats` calls, after one warm-up call."""
    function()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return float(np.median(times))


def trained_like_head(grid: int, seed: int = 0):
    """A head like the trained network's: few confident boxes (objectness logits centred low), 80 classes."""
    rng = np.random.default_rng(seed)
    box_xy = rng.uniform(0, 1, (grid, grid, 5, 2)).astype(np.float32)
    box_wh = rng.uniform(0.02, 0.4, (grid, grid, 5, 2)).astype(np.float32)
    box_confidence = (1 / (1 + np.exp(-rng.normal(-3, 2, (grid, grid, 5, 1))))).astype(np.float32)
    logits = rng.normal(0, 3, (grid, grid, 5, 80))
    box_class_probs = (np.exp(logits) / np.exp(logits).sum(-1, keepdims=True)).astype(np.float32)
    return box_xy, box_wh, box_confidence, box_class_probs


def same_detections(expected, got, baseline) -> bool:
    """The fast path equals yolo_eval bit for bit, and the loop's detections agree to float noise."""
    exact = all(np.array_equal(np.asarray(a), np.asarray(b)) for a, b in zip(expected, got))
    scores, boxes, classes = (np.asarray(value) for value in expected)
    loop = len(baseline) == len(scores) and all(
        int(c) == b[2] and abs(float(s) - b[0]) < 1e-5 and np.allclose(box, b[1], atol=1e-2)
        for s, box, c, b in zip(scores, boxes, classes, baseline)
    )
    return exact and loop


def bench_postprocessing(repeats: int) -> None:
    for grid, input_size in ((19, 608), (38, 1216)):
        head = trained_like_head(grid)
        image_shape = (720, 1280) if grid == 19 else (1216, 1216)
        arguments = (image_shape, 10, 0.3, 0.5)
        tensors = tuple(tf.constant(array) for array in head)
        graded = yolo_eval(tensors, *arguments)
        fast = postprocess(head, *arguments)
        baseline = loop_postprocess(*head, *arguments)
        same = same_detections(graded, fast, baseline)
        loop = median_time(lambda: loop_postprocess(*head, *arguments), max(5, repeats // 5))
        ours = median_time(lambda: postprocess(head, *arguments), repeats * 10)
        course = median_time(lambda: yolo_eval(tensors, *arguments), max(5, repeats // 2))
        boxes = grid * grid * 5
        candidates = int(np.sum((head[2] * head[3]).max(-1) >= arguments[2]))
        print(
            f"post-processing {grid}x{grid}x5x85 head ({input_size}x{input_size} input, {boxes} boxes, {candidates} pass 0.3, "
            f"{len(baseline)} kept; fast path == yolo_eval bit for bit and == loop: {same}), medians:"
        )
        print(f"  per-box Python/numpy loop (baseline):     {loop * 1e3:8.3f} ms/image")
        print(f"  postprocess (numpy, the main script's):   {ours * 1e3:8.3f} ms/image   {loop / ours:5.1f}x the loop")
        print(f"  yolo_eval (graded, eager TF, per class):  {course * 1e3:8.3f} ms/image   {loop / course:5.2f}x the loop")


def bench_end_to_end(batch_sizes) -> None:
    model = yolo_v2()
    anchors = np.array(
        [0.57273, 0.677385, 1.87446, 2.06253, 3.33843, 5.47434, 7.88282, 3.52778, 9.77052, 9.16828], np.float32
    ).reshape(5, 2)
    images = [generate_sample_image(seed, size=(608, 608)) for seed in range(max(batch_sizes))]
    print("end to end on 608x608 images (resize + YOLOv2 + decode + post-processing), untrained weights:")
    print("  batch   images/s   ms/image")
    for batch_size in batch_sizes:
        batch = images[:batch_size]
        seconds = median_time(lambda: detect(model, batch, anchors, 80, Settings(score_threshold=0.3)), 2)
        print(f"  {batch_size:5d}   {batch_size / seconds:8.2f}   {seconds / batch_size * 1e3:8.0f}")

    flops = forward_flops(model)
    batch = np.stack([np.asarray(image, np.float32) / 255 for image in images[:8]])
    forward = median_time(lambda: model(batch, training=False), 2) / len(batch)
    size = 4096
    a, b = tf.random.normal([size, size]), tf.random.normal([size, size])
    matmul = median_time(lambda: tf.matmul(a, b).numpy(), 3)
    network_rate, matmul_rate = flops / forward / 1e9, 2 * size**3 / matmul / 1e9
    print(
        f"network: {flops / 1e9:.1f} GFLOP per 608x608 image, {forward * 1e3:.0f} ms/image in a batch of 8 → {network_rate:.1f} GFLOP/s"
    )
    print(f"matmul {size}x{size} float32: {matmul_rate:.1f} GFLOP/s; the network reaches {network_rate / matmul_rate:.0%} of it")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--batch-sizes", default="1,8,32", help="batch sizes of the end-to-end table (default 1,8,32)")
    parser.add_argument("--repeats", type=int, default=30, help="timed repeats of the post-processing (default 30)")
    parser.add_argument("--skip-network", action="store_true", help="only the post-processing figures")
    arguments = parser.parse_args()
    print(
        f"TensorFlow {tf.__version__}, {len(tf.config.list_physical_devices('GPU'))} GPU(s), CPU threads: {tf.config.threading.get_inter_op_parallelism_threads() or 'default'}"
    )
    bench_postprocessing(arguments.repeats)
    if not arguments.skip_network:
        bench_end_to_end([int(value) for value in arguments.batch_sizes.split(",")])


if __name__ == "__main__":
    main()
