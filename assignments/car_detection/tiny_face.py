"""The one real trained YOLOv2-family detector that runs offline: face-api's Tiny Face Detector.

`python -m assignments.car_detection --model tiny-yolo-face --input PHOTOS` runs it through the same
pipeline as YOLOv2 (`inference.detect`: the course's `yolo_head`, `yolo_boxes_to_corners`,
`yolo_filter_boxes` and per-class non-max suppression) with one class, "face", and face-api's five anchors.
This module (numpy only, so that a bad file is refused before TensorFlow loads) knows the network's
published constants and finds, reads and checks its weights; `tiny_face_model.py` builds it in Keras.

Weights, in this order:
- `--weights face-api`: downloaded once from the npm package's versioned jsDelivr path into the Keras
  cache, sha256-checked (193,321 + 3,219 bytes);
- `--weights PATH`: a `tiny_face_detector_model-weights_manifest.json` with its `.bin` beside it;
- nothing: `$DLS_DATA_DIR/face_recognition/face-api-1.7.15/` (the shared course-data folder has them).
Reading the 193 KB of tfjs weights takes milliseconds, so nothing is converted or cached on disk.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assignments.common.data import find_course_file
from assignments.common.errors import UserError
from assignments.common.quiet import import_tensorflow_quietly
from assignments.common.tfjs import read_tfjs_weights
from assignments.common.weights import WeightsFile, download, resolve_weights

# From the package's `src/tinyFaceDetector/const.ts` (BOX_ANCHORS, MEAN_RGB, IOU_THRESHOLD).
FACE_ANCHORS = np.array(
    [
        [1.603231, 2.094468],
        [6.041143, 7.080126],
        [2.882459, 3.518061],
        [4.266906, 5.178857],
        [9.041765, 10.66308],
    ],
    dtype=np.float32,
)  # (5, 2) widths and heights in grid cells (one cell = 32 input pixels)
FACE_MEAN_RGB = (117.001, 114.697, 97.404)
FACE_IOU_THRESHOLD = 0.4
FACE_CLASSES = ["face"]
FIRST_FILTERS = 16  # conv0, a plain 3x3 convolution
SEPARABLE_FILTERS = (32, 64, 128, 256, 512)  # conv1..conv5, depthwise-separable
HEAD_VALUES = 5  # t_x, t_y, t_w, t_h, t_o per anchor in the tfjs head (no class logits)

PACKAGE = "@vladmandic/face-api@1.7.15"
CDN = f"https://cdn.jsdelivr.net/npm/{PACKAGE}/model"  # jsDelivr's versioned npm path: the files never change
MANIFEST_NAME = "tiny_face_detector_model-weights_manifest.json"
# The manifest is what `--weights` names; its shard (the .bin) is downloaded beside it.
FACE_API_MANIFEST = WeightsFile(
    key="face-api",
    url=f"{CDN}/{MANIFEST_NAME}",
    file_name=MANIFEST_NAME,
    file_hash="5d1af4849ac48d5b985f4a9b16010c512353ddd6fcc63d50fd0bc9e9e64296e5",
    description=f"Tiny Face Detector manifest ({PACKAGE}, 3,219 bytes)",
    cache_subdir="models/face-api-1.7.15",
)
FACE_API_SHARD = WeightsFile(
    key="face-api-shard",
    url=f"{CDN}/tiny_face_detector_model.bin",
    file_name="tiny_face_detector_model.bin",
    file_hash="b7503ce7df31039b1c43316a9b865cab6a70dd748cc602d3fa28b551503c3871",
    description=f"Tiny Face Detector weights ({PACKAGE}, 193,321 bytes)",
    cache_subdir="models/face-api-1.7.15",
)
# Where the shared course data keeps them (data/MANIFEST.md: face_recognition/face-api-1.7.15/).
COURSE_DATA_WEEK, COURSE_DATA_MANIFEST = "face_recognition", f"face-api-1.7.15/{MANIFEST_NAME}"


def expected_shapes() -> dict[str, tuple[int, ...]]:
    """Tensor name → shape of the Tiny Face Detector's tfjs weights (conv0, conv1..conv5, conv8)."""
    shapes = {"conv0/filters": (3, 3, 3, FIRST_FILTERS), "conv0/bias": (FIRST_FILTERS,)}
    channels = FIRST_FILTERS
    for index, filters in enumerate(SEPARABLE_FILTERS, start=1):
        shapes[f"conv{index}/depthwise_filter"] = (3, 3, channels, 1)
        shapes[f"conv{index}/pointwise_filter"] = (1, 1, channels, filters)
        shapes[f"conv{index}/bias"] = (filters,)
        channels = filters
    shapes["conv8/filters"] = (1, 1, channels, len(FACE_ANCHORS) * HEAD_VALUES)
    shapes["conv8/bias"] = (len(FACE_ANCHORS) * HEAD_VALUES,)
    return shapes


def find_face_weights(value: str | None) -> Path:
    """The manifest to read for a `--weights` value (see the module docstring for the order).

    Raises:
        UserError: the named file is missing, the download failed, or no value was given and the course
            data has no copy.
    """
    if value == FACE_API_MANIFEST.key:
        # The download goes through Keras: TensorFlow loads now, with its start-up lines silenced.
        import_tensorflow_quietly()
        download(FACE_API_SHARD)  # first, so that the manifest never sits in the cache without its shard
        return download(FACE_API_MANIFEST)
    if value:
        path = resolve_weights(value)
        if path.suffix.lower() != ".json":
            raise UserError(
                f"The Tiny Face Detector reads a TensorFlow.js manifest, not '{path.name}': pass the "
                f"{MANIFEST_NAME} that sits beside the .bin, or --weights face-api to download both."
            )
        return path
    found = find_course_file(COURSE_DATA_WEEK, COURSE_DATA_MANIFEST)
    if found is None:
        raise UserError(
            "The Tiny Face Detector needs its trained weights and has no untrained mode: pass --weights face-api "
            f"to download them (about 200 KB, hash-checked), --weights PATH/{MANIFEST_NAME}, or set $DLS_DATA_DIR "
            "to the course data."
        )
    return found


def read_face_weights(value: str | None) -> tuple[Path, dict[str, np.ndarray]]:
    """Finds, reads and checks the weights: (manifest path, tensor name → dequantized float32 array).

    Raises:
        UserError: no weights, a `.bin` that does not match its manifest, or another network's tensors.
    """
    manifest = find_face_weights(value)
    tensors = read_tfjs_weights(manifest)
    check_finite(manifest, tensors)
    shapes = expected_shapes()
    missing = [name for name in shapes if name not in tensors]
    unexpected = [name for name in tensors if name not in shapes]
    wrong = [
        f"{name} {tensors[name].shape} instead of {shape}"
        for name, shape in shapes.items()
        if name in tensors and tensors[name].shape != shape
    ]
    if missing or unexpected or wrong:
        problems = [
            f"{len(missing)} tensors missing ({', '.join(missing[:3])}{', ...' if len(missing) > 3 else ''})" if missing else "",
            f"{len(unexpected)} unexpected ({', '.join(unexpected[:3])}{', ...' if len(unexpected) > 3 else ''})"
            if unexpected
            else "",
            f"wrong shapes: {'; '.join(wrong[:3])}" if wrong else "",
        ]
        raise UserError(
            f"'{manifest}' holds other weights than face-api's Tiny Face Detector ({', '.join(problem for problem in problems if problem)}): "
            f"pass its {MANIFEST_NAME}, or --weights face-api."
        )
    return manifest, tensors


def check_finite(manifest: Path, tensors: dict[str, np.ndarray]) -> None:
    """Refuses tensors holding NaN or infinity, in numpy (the shared Keras check would load TensorFlow first).

    Raises:
        UserError: naming the first such tensor and how many values are not finite.
    """
    for name, array in tensors.items():
        finite = np.isfinite(array)
        if not finite.all():
            raise UserError(
                f"The weights in '{manifest}' are not all finite numbers ({int(finite.size - finite.sum()):,} NaN or infinite "
                f"values in {name}): pass face-api's own files, or --weights face-api."
            )


def widen_head(filters: np.ndarray, bias: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The tfjs head (1, 1, 512, 25) + (25,) → (1, 1, 512, 30) + (30,) with a zero class logit per anchor.

    face-api reshapes its head to (cells, cells, 5 anchors, 5 values), so channel a * 5 + k is anchor a,
    value k: the course's layout with C = 0. Adding one class logit that is always 0 makes it the course's
    layout with C = 1, and the softmax in `yolo_head` turns that logit into the class probability 1.
    """
    anchors = len(FACE_ANCHORS)
    filters = filters.reshape(1, 1, -1, anchors, HEAD_VALUES)
    filters = np.concatenate([filters, np.zeros_like(filters[..., :1])], axis=-1)  # (1, 1, 512, 5, 6)
    bias = np.concatenate([bias.reshape(anchors, HEAD_VALUES), np.zeros((anchors, 1), bias.dtype)], axis=-1)
    return filters.reshape(1, 1, -1, anchors * (HEAD_VALUES + 1)), bias.reshape(-1)
